"""Page-number pagination, slug routes for authors, categories and tags, and ``find``
for old permalinks and tag pages (issue #16)."""

import pytest
from wagtail.contrib.redirects.models import Redirect

from tests.api_fixtures import API, get_json, list_posts, titles
from tests.factories import AuthorFactory, BlogPageFactory, CategoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def five_posts(blog_index):
    """Posts "Post 1" (oldest) to "Post 5" (newest)."""
    return [BlogPageFactory(parent=blog_index, title=f"Post {n}") for n in range(1, 6)]


# --- page=N ---------------------------------------------------------------------------


def test_page_two_of_two_per_page_holds_the_third_and_fourth_newest(client, five_posts):
    listing = list_posts(client, page=2, limit=2)
    assert titles(listing) == ["Post 3", "Post 2"]
    assert listing["meta"]["page"] == 2
    assert listing["meta"]["pages"] == 3
    assert listing["meta"]["total_count"] == 5


def test_page_links_go_by_page_number(client, five_posts):
    meta = list_posts(client, page=2, limit=2)["meta"]
    assert meta["next"] == "http://testserver/api/v2/pages/?type=blog.BlogPage&page=3&limit=2"
    assert meta["previous"] == "http://testserver/api/v2/pages/?type=blog.BlogPage&page=1&limit=2"


def test_the_last_page_has_no_next(client, five_posts):
    listing = list_posts(client, page=3, limit=2)
    assert titles(listing) == ["Post 1"]
    assert listing["meta"]["next"] is None


def test_a_page_past_the_last_is_empty_as_in_ghost(client, five_posts):
    listing = list_posts(client, page=9, limit=2)
    assert listing["items"] == []
    assert listing["meta"]["pages"] == 3
    assert "page=8" in listing["meta"]["previous"]


def test_offset_listings_say_their_page_too(client, five_posts):
    meta = list_posts(client, offset=4, limit=2)["meta"]
    assert (meta["page"], meta["pages"]) == (3, 3)


def test_an_empty_listing_is_one_page(client, blog_index):
    meta = list_posts(client)["meta"]
    assert (meta["page"], meta["pages"], meta["total_count"]) == (1, 1, 0)


@pytest.mark.parametrize("value", ["0", "-1", "x", "1.5", "", "²", "1000001"])
def test_a_page_that_is_not_a_whole_number_from_one_is_a_400(client, five_posts, value):
    body = get_json(client, f"{API}/pages/", status=400, page=value)
    assert body["message"] == "page must be a whole number from 1 to 1000000"


def test_page_with_offset_is_a_400(client, five_posts):
    body = get_json(client, f"{API}/pages/", status=400, page=2, offset=2)
    assert body["message"] == "page and offset cannot be combined: use one of them"


def test_random_order_past_the_first_page_is_a_400(client, five_posts):
    body = get_json(client, f"{API}/pages/", status=400, page=2, order="random")
    assert body["message"] == "random ordering with page is not supported"


def test_taxonomy_listings_take_page_numbers(client, blog_index):
    for name in ("Ann", "Bob", "Cy"):
        BlogPageFactory(parent=blog_index, authors=[AuthorFactory(name=name)])
    listing = get_json(client, f"{API}/authors/", page=2, limit=2)
    assert [item["name"] for item in listing["items"]] == ["Cy"]
    assert (listing["meta"]["page"], listing["meta"]["pages"]) == (2, 2)


@pytest.mark.parametrize("endpoint", ["images", "documents"])
def test_image_and_document_listings_take_page_numbers(client, blog_index, endpoint):
    meta = get_json(client, f"{API}/{endpoint}/", page=1)["meta"]
    assert (meta["page"], meta["pages"]) == (1, 1)


# --- slug routes ----------------------------------------------------------------------


@pytest.fixture
def described_post(blog_index):
    return BlogPageFactory(
        parent=blog_index,
        authors=[AuthorFactory(name="Ann Writer", slug="ann-writer")],
        categories=[CategoryFactory(name="Remote work", slug="remote-work")],
        tag_names=["Work Life"],
    )


@pytest.mark.parametrize(
    "endpoint, slug, name",
    [
        ("authors", "ann-writer", "Ann Writer"),
        ("categories", "remote-work", "Remote work"),
        ("tags", "work-life", "Work Life"),
    ],
)
def test_a_slug_route_answers_as_the_detail_view(client, described_post, endpoint, slug, name):
    by_slug = get_json(client, f"{API}/{endpoint}/slug/{slug}/")
    assert by_slug["name"] == name
    assert by_slug == get_json(client, f"{API}/{endpoint}/{by_slug['id']}/")


@pytest.mark.parametrize("endpoint", ["authors", "categories", "tags"])
def test_an_unknown_slug_is_a_json_404(client, described_post, endpoint):
    body = get_json(client, f"{API}/{endpoint}/slug/nobody/", status=404)
    assert body == {"message": "not found"}


def test_a_slug_route_is_kept_by_the_page_cache(client, described_post):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(f"{API}/authors/slug/ann-writer/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"{API}/authors/slug/ann-writer/")
    assert response.status_code == 200
    assert len(queries) == 0


def test_a_slug_route_refuses_listing_parameters(client, described_post):
    body = get_json(client, f"{API}/tags/slug/work-life/", status=400, limit=2)
    assert "limit" in body["message"]


# --- find?html_path= ------------------------------------------------------------------


def find(client, path):
    return client.get(f"{API}/pages/find/", {"html_path": path})


def test_find_follows_an_old_permalink_redirect_to_its_post(client, blog_index):
    post = BlogPageFactory(parent=blog_index, slug="new-slug")
    Redirect.objects.create(old_path="/2021/08/10/old-slug.html", redirect_page=post)
    response = find(client, "/2021/08/10/old-slug.html")
    assert response.status_code == 302
    assert response["Location"].endswith(f"/api/v2/pages/{post.pk}/")


def test_find_follows_an_old_blog_permalink_to_its_post(client, blog_index):
    post = BlogPageFactory(parent=blog_index, slug="new-slug")
    Redirect.objects.create(old_path="/blog/p/old-slug.html", redirect_page=post)
    response = find(client, "/blog/p/old-slug.html")
    assert response["Location"].endswith(f"/api/v2/pages/{post.pk}/")


def test_find_gives_the_post_of_a_legacy_address_with_its_own_slug(client, blog_index):
    post = BlogPageFactory(parent=blog_index, slug="same-slug")
    response = find(client, "/blog/p/same-slug.html")
    assert response["Location"].endswith(f"/api/v2/pages/{post.pk}/")


def test_find_of_an_unknown_tag_page_is_a_404(client, blog_index):
    BlogPageFactory(parent=blog_index, tag_names=["remote"])
    assert find(client, "/blog/tag/nobody/").status_code == 404
    assert find(client, "/blog/category/nobody/").status_code == 404


def test_find_of_a_known_tag_page_is_the_blog_index(client, blog_index):
    BlogPageFactory(parent=blog_index, tag_names=["remote"])
    response = find(client, "/blog/tag/remote/")
    assert response["Location"].endswith(f"/api/v2/pages/{blog_index.pk}/")


def test_find_does_not_follow_a_redirect_to_a_draft(client, blog_index):
    post = BlogPageFactory(parent=blog_index, slug="gone")
    post.unpublish()
    Redirect.objects.create(old_path="/old-gone.html", redirect_page=post)
    assert find(client, "/old-gone.html").status_code == 404
