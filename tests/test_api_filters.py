"""Listing posts: filters, search, ordering, pagination, lookups, and bad parameters."""

import datetime

import pytest
from django.utils import timezone

from tests.api_fixtures import API, get_json, list_posts, titles
from tests.factories import AuthorFactory, BlogPageFactory, CategoryFactory

pytestmark = pytest.mark.django_db


def at(day, hour=9):
    return timezone.make_aware(datetime.datetime(2021, 3, day, hour, 0))


@pytest.fixture
def posts(blog_index):
    """Four posts on 1, 2, 3 and 4 March 2021, with overlapping tags, authors, categories."""
    ann, bob = AuthorFactory(name="Ann"), AuthorFactory(name="Bob")
    remote, culture = CategoryFactory(name="Remote"), CategoryFactory(name="Culture")
    return {
        "alpha": BlogPageFactory(
            parent=blog_index, title="Alpha", date=at(1), tag_names=["remote", "tools"],
            authors=[ann], categories=[remote],
        ),
        "bravo": BlogPageFactory(
            parent=blog_index, title="Bravo", date=at(2), tag_names=["remote"],
            authors=[bob], categories=[culture],
        ),
        "charlie": BlogPageFactory(
            parent=blog_index, title="Charlie", date=at(3), tag_names=["tools"],
            authors=[ann, bob], categories=[remote, culture],
        ),
        "delta": BlogPageFactory(
            parent=blog_index, title="Delta integration", date=at(4),
            authors=[bob], categories=[remote],
        ),
    }  # fmt: skip


def test_type_lists_posts_newest_first_by_default(client, posts):
    assert titles(list_posts(client)) == ["Delta integration", "Charlie", "Bravo", "Alpha"]


def test_untyped_listing_includes_every_public_page(client, posts, home_page):
    listing = get_json(client, f"{API}/pages/")
    assert listing["meta"]["total_count"] == 6  # home, blog and four posts


def test_tags_keep_posts_having_all_of_them(client, posts):
    assert titles(list_posts(client, tags="remote")) == ["Bravo", "Alpha"]
    assert titles(list_posts(client, tags="remote,tools")) == ["Alpha"]
    assert titles(list_posts(client, tags="remote,nothing")) == []


def test_tags_match_names_in_any_case(client, posts):
    assert titles(list_posts(client, tags="TOOLS")) == ["Charlie", "Alpha"]


def test_category_filter(client, posts):
    assert titles(list_posts(client, category="culture")) == ["Charlie", "Bravo"]
    assert titles(list_posts(client, category="no-such-category")) == []


def test_author_filter(client, posts):
    assert titles(list_posts(client, author="ann")) == ["Charlie", "Alpha"]


def test_date_after_is_inclusive_and_date_before_exclusive(client, posts):
    assert titles(list_posts(client, date_after="2021-03-03")) == ["Delta integration", "Charlie"]
    assert titles(list_posts(client, date_before="2021-03-02")) == ["Alpha"]
    assert titles(list_posts(client, date_after="2021-03-02", date_before="2021-03-04")) == [
        "Charlie",
        "Bravo",
    ]


def test_dates_accept_iso_date_times(client, posts):
    listing = list_posts(client, date_after="2021-03-03T10:00:00Z")
    assert titles(listing) == ["Delta integration"]


def test_filters_combine(client, posts):
    listing = list_posts(client, tags="remote", author="ann", category="remote")
    assert titles(listing) == ["Alpha"]


def test_search(client, posts):
    assert titles(list_posts(client, search="integration")) == ["Delta integration"]


def test_search_combines_with_tags_category_and_dates(client, posts, blog_index):
    BlogPageFactory(parent=blog_index, title="Charlie integration", tag_names=["tools"], date=at(5))
    listing = list_posts(
        client, search="integration", tags="tools", author="ann", date_after="2021-03-01"
    )
    assert titles(listing) == []
    listing = list_posts(client, search="charlie", tags="tools", order="-date")
    assert titles(listing) == ["Charlie integration", "Charlie"]


@pytest.mark.parametrize(
    "order, expected",
    [
        ("date", ["Alpha", "Bravo", "Charlie", "Delta integration"]),
        ("-date", ["Delta integration", "Charlie", "Bravo", "Alpha"]),
        ("title", ["Alpha", "Bravo", "Charlie", "Delta integration"]),
        ("-title", ["Delta integration", "Charlie", "Bravo", "Alpha"]),
    ],
)
def test_order(client, posts, order, expected):
    assert titles(list_posts(client, order=order)) == expected


def test_order_by_first_published_at(client, posts):
    for day, name in enumerate(["charlie", "alpha", "delta", "bravo"], start=10):
        BlogPageFactory._meta.model.objects.filter(pk=posts[name].pk).update(
            first_published_at=at(day)
        )
    listing = list_posts(client, order="-first_published_at")
    assert titles(listing) == ["Bravo", "Delta integration", "Alpha", "Charlie"]


def test_random_order_returns_every_post(client, posts):
    listing = list_posts(client, order="random")
    assert sorted(titles(listing)) == ["Alpha", "Bravo", "Charlie", "Delta integration"]
    assert listing["meta"]["next"] is None


def test_posts_with_the_same_date_keep_a_stable_order_across_pages(client, blog_index):
    for n in range(6):
        BlogPageFactory(parent=blog_index, title=f"Same day {n}", date=at(1))
    seen = []
    for offset in (0, 2, 4):
        seen += titles(list_posts(client, limit=2, offset=offset, order="-date"))
    assert sorted(seen) == [f"Same day {n}" for n in range(6)]


def test_pagination_meta_has_total_and_next_and_previous_urls(client, posts):
    first = list_posts(client, limit=2)
    assert first["meta"]["total_count"] == 4
    assert titles(first) == ["Delta integration", "Charlie"]
    assert first["meta"]["previous"] is None
    assert first["meta"]["next"].startswith("http://testserver/api/v2/pages/?")

    second = client.get(first["meta"]["next"]).json()
    assert titles(second) == ["Bravo", "Alpha"]
    assert second["meta"]["next"] is None
    assert client.get(second["meta"]["previous"]).json() == first


def test_offset_past_the_end_gives_an_empty_page(client, posts):
    listing = list_posts(client, offset=10)
    assert listing["items"] == [] and listing["meta"]["total_count"] == 4


def test_limit_up_to_100(client, posts):
    assert list_posts(client, limit=100)["meta"]["limit"] == 100


def test_fields_star_and_negated_fields(client, posts):
    (item,) = list_posts(client, fields="*,-body", slug="alpha")["items"]
    assert "authors" in item and "body" not in item
    (item,) = list_posts(client, fields="date,tags", slug="alpha")["items"]
    assert item["date"] == "2021-03-01T09:00:00Z"
    assert [tag["slug"] for tag in item["tags"]] == ["remote", "tools"]


def test_child_of_and_descendant_of(client, posts, blog_index, home_page):
    assert get_json(client, f"{API}/pages/", child_of=blog_index.pk)["meta"]["total_count"] == 4
    assert get_json(client, f"{API}/pages/", child_of=home_page.pk)["meta"]["total_count"] == 1
    listing = get_json(client, f"{API}/pages/", descendant_of=home_page.pk)
    assert listing["meta"]["total_count"] == 5


def test_html_path_finds_a_page_by_its_url(client, posts):
    response = client.get(f"{API}/pages/find/", {"html_path": "/blog/alpha/", "fields": "tags"})
    assert response.status_code == 302
    assert response["Location"] == f"http://testserver{API}/pages/{posts['alpha'].pk}/?fields=tags"
    assert client.get(response["Location"]).json()["title"] == "Alpha"


def test_html_path_of_no_page_is_404(client, posts):
    response = client.get(f"{API}/pages/find/", {"html_path": "/blog/nothing-here/"})
    assert response.status_code == 404
    assert response.json() == {"message": "not found"}


def test_slug_lookup_returns_the_full_post_in_one_request(client, posts):
    data = get_json(client, f"{API}/pages/slug/charlie/")
    assert data["title"] == "Charlie"
    assert data["meta"]["parent"]["title"] == "Blog"
    assert {"body", "authors", "related_posts", "seo"} <= set(data)


def test_slug_lookup_asks_to_narrow_when_several_pages_share_the_slug(
    client, posts, home_page, blog_index
):
    from tests.factories import BlogIndexPageFactory

    BlogIndexPageFactory(parent=home_page, slug="news", title="News")
    other_index = home_page.get_children().get(slug="news").specific
    BlogPageFactory(parent=other_index, title="Charlie again", slug="charlie")

    ambiguous = get_json(client, f"{API}/pages/slug/charlie/", status=400)
    assert "several pages" in ambiguous["message"]
    narrowed = get_json(client, f"{API}/pages/slug/charlie/", child_of=blog_index.pk)
    assert narrowed["title"] == "Charlie"


def test_slug_lookup_of_an_unknown_slug_is_404(client, posts):
    assert get_json(client, f"{API}/pages/slug/nothing/", status=404) == {"message": "not found"}


def test_slug_filter_on_the_listing(client, posts):
    assert titles(list_posts(client, slug="bravo")) == ["Bravo"]


@pytest.mark.parametrize(
    "params, message",
    [
        ({"id": "abc"}, "not a valid value for id"),
        ({"id": "99999999999999999999999"}, "not a valid value for id"),
        ({"date": "yesterday"}, "not a valid value for date"),
        ({"show_in_menus": "maybe"}, "not a valid value for show_in_menus"),
        ({"date_after": "2021-13-01"}, "date_after must be an ISO 8601 date"),
        ({"date_after": "2021-02-30"}, "date_after must be an ISO 8601 date"),
        ({"date_before": "last week"}, "date_before must be an ISO 8601 date"),
        ({"limit": "abc"}, "limit must be a positive integer"),
        ({"limit": "1000"}, "limit cannot be higher than 100"),
        ({"limit": "-1"}, "limit must be a positive integer"),
        ({"offset": "-1"}, "offset must be a positive integer"),
        ({"offset": "1.5"}, "offset must be a positive integer"),
        ({"order": "nope"}, "cannot order by 'nope'"),
        ({"order": "date,nope"}, "cannot order by 'nope'"),
        ({"order": "random", "offset": "2"}, "random ordering with offset"),
        ({"tags": ""}, "tags must not be empty"),
        ({"category": " "}, "category must not be empty"),
        ({"audience": "robots"}, "audience must be one of: guest, member"),
        ({"rich_text_format": "pdf"}, "rich_text_format must be one of"),
        ({"fields": "nope"}, "unknown fields: nope"),
        ({"fields": "title,("}, "fields error"),
        ({"child_of": "abc"}, "child_of must be a positive integer"),
        ({"child_of": "999999"}, "parent page doesn't exist"),
        ({"descendant_of": "-3"}, "descendant_of must be a positive integer"),
        ({"search": "x", "search_operator": "xor"}, "search_operator must be"),
        ({"search": "a\x00b"}, "null characters are not allowed"),
        ({"site": "other.example"}, "not an operation or a recognised field: site"),
        ({"colour": "red"}, "not an operation or a recognised field: colour"),
        ({"format": "xml"}, "format must be one of: json"),
    ],
)
def test_bad_post_listing_parameters_are_400_with_a_message(client, posts, params, message):
    data = list_posts(client, status=400, **params)
    assert message in data["message"]


@pytest.mark.parametrize(
    "params, message",
    [
        ({"type": "blog.Nope"}, "type doesn't exist"),
        ({"type": "blog.Author"}, "type doesn't exist"),
        ({"type": "nonsense"}, "type doesn't exist"),
        ({"category": "remote"}, "category filters blog posts: add type=blog.BlogPage"),
        ({"date_after": "2021-01-01"}, "add type=blog.BlogPage"),
        ({"tags": "remote"}, "not an operation or a recognised field: tags"),
    ],
)
def test_bad_page_listing_parameters_are_400(client, posts, params, message):
    assert message in get_json(client, f"{API}/pages/", status=400, **params)["message"]


@pytest.mark.parametrize(
    "url, status, message",
    [
        (f"{API}/pages/99999999999999999999999/", 404, "not found"),
        (f"{API}/pages/0/", 404, "No Page matches"),
        (f"{API}/pages/find/?id=abc", 400, "id must be a positive integer"),
        (f"{API}/pages/find/?id=123456", 404, "not found"),
        (f"{API}/pages/find/?html_path=/blog/&colour=red", 400, "colour"),
        (f"{API}/pages/slug/alpha/?limit=3", 400, "limit"),
        (f"{API}/authors/99999999999999999999999/", 404, "not found"),
    ],
)
def test_bad_detail_requests_are_json_errors(client, posts, url, status, message):
    response = client.get(url)
    assert response.status_code == status
    assert message in response.json()["message"]


def test_detail_rejects_listing_parameters(client, posts):
    data = get_json(client, f"{API}/pages/{posts['alpha'].pk}/", status=400, offset=3)
    assert "offset" in data["message"]
