"""The authors, categories and tags endpoints, each with its number of public posts."""

import pytest

from tests.api_fixtures import API, get_json
from tests.factories import AuthorFactory, BlogPageFactory, CategoryFactory, ImageFactory

pytestmark = pytest.mark.django_db


def names(listing):
    return [item["name"] for item in listing["items"]]


@pytest.fixture
def blog(blog_index):
    """Ann wrote three posts, Bob one, Cy none; tags and categories spread likewise."""
    ann = AuthorFactory(name="Ann", avatar=ImageFactory(title="Ann"))
    bob = AuthorFactory(name="Bob")
    AuthorFactory(name="Cy")
    remote = CategoryFactory(name="Remote", description='<p>See <a href="/blog/">all</a>.</p>')
    culture = CategoryFactory(name="Culture")
    for n in range(3):
        BlogPageFactory(
            parent=blog_index, authors=[ann], categories=[remote], tag_names=["remote", f"t{n}"]
        )
    BlogPageFactory(parent=blog_index, authors=[bob], categories=[culture], tag_names=["remote"])
    return {"ann": ann, "bob": bob, "remote": remote}


def test_authors_are_listed_by_name_with_their_post_counts(client, blog):
    listing = get_json(client, f"{API}/authors/")
    assert names(listing) == ["Ann", "Bob", "Cy"]
    assert [item["post_count"] for item in listing["items"]] == [3, 1, 0]
    assert listing["meta"]["total_count"] == 3


def test_author_item_shape(client, blog):
    ann = get_json(client, f"{API}/authors/{blog['ann'].pk}/")
    assert ann["meta"] == {
        "type": "blog.Author",
        "detail_url": f"http://testserver{API}/authors/{blog['ann'].pk}/",
        "html_url": "http://testserver/blog/author/ann/",
    }
    assert (ann["name"], ann["slug"], ann["link"]) == ("Ann", "ann", "https://example.com/author")
    assert ann["description"] == "Writes about teams and productivity."
    assert set(ann["avatar"]["renditions"]) == {"small", "large"}
    assert ann["post_count"] == 3


def test_categories_have_public_rich_text_descriptions(client, blog):
    (remote,) = get_json(client, f"{API}/categories/", slug="remote")["items"]
    assert remote["description"] == '<p>See <a href="http://testserver/blog/">all</a>.</p>'
    assert remote["meta"]["html_url"] == "http://testserver/blog/category/remote/"
    assert remote["post_count"] == 3


def test_tags_have_name_slug_and_count(client, blog):
    listing = get_json(client, f"{API}/tags/", order="-post_count")
    first = listing["items"][0]
    assert (first["name"], first["slug"], first["post_count"]) == ("remote", "remote", 4)
    assert first["meta"]["html_url"] == "http://testserver/blog/tag/remote/"
    assert names(listing) == ["remote", "t0", "t1", "t2"]


def test_tag_detail(client, blog):
    tag_id = get_json(client, f"{API}/tags/", slug="t1")["items"][0]["id"]
    assert get_json(client, f"{API}/tags/{tag_id}/")["post_count"] == 1


def test_tags_of_images_are_not_blog_tags(client, blog):
    image = ImageFactory()
    image.tags.add("photo")
    assert "photo" not in names(get_json(client, f"{API}/tags/", limit=100))


@pytest.mark.parametrize(
    "order, expected",
    [
        ("name", ["Ann", "Bob", "Cy"]),
        ("-name", ["Cy", "Bob", "Ann"]),
        ("post_count", ["Cy", "Bob", "Ann"]),
        ("-post_count", ["Ann", "Bob", "Cy"]),
    ],
)
def test_order(client, blog, order, expected):
    assert names(get_json(client, f"{API}/authors/", order=order)) == expected


def test_search_matches_part_of_the_name_in_any_case(client, blog):
    assert names(get_json(client, f"{API}/authors/", search="AN")) == ["Ann"]
    assert names(get_json(client, f"{API}/categories/", search="ult")) == ["Culture"]


def test_slug_filter(client, blog):
    assert names(get_json(client, f"{API}/authors/", slug="bob")) == ["Bob"]


def test_pagination(client, blog):
    listing = get_json(client, f"{API}/authors/", limit=1, offset=1)
    assert names(listing) == ["Bob"]
    assert listing["meta"]["next"] == f"http://testserver{API}/authors/?limit=1&offset=2"
    assert listing["meta"]["previous"] == f"http://testserver{API}/authors/?limit=1&offset=0"


def test_fields_parameter(client, blog):
    (item,) = get_json(client, f"{API}/authors/", slug="ann", fields="_,name")["items"]
    assert item == {"name": "Ann"}


@pytest.mark.parametrize(
    "params, message",
    [
        ({"order": "popularity"}, "order must be one of: name, -name, post_count, -post_count"),
        ({"name": "Ann"}, "not an operation or a recognised field: name"),
        ({"limit": "x"}, "limit must be a positive integer"),
        ({"fields": "email"}, "unknown fields: email"),
    ],
)
def test_bad_parameters_are_400(client, blog, params, message):
    assert message in get_json(client, f"{API}/authors/", status=400, **params)["message"]


def test_unknown_author_is_404(client, blog):
    assert get_json(client, f"{API}/authors/999999/", status=404) == {
        "message": "No Author matches the given query."
    }
