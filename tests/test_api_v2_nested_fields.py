"""API v2: lean nested objects (issue #16). A client chooses the keys of a post's authors,
categories, tags and related posts with Wagtail's syntax (``fields=authors(name,slug)``),
and tags are small by default: a listing of 20 posts does not repeat each tag's API URL.
"""

import json

import pytest

from tests.api_fixtures import (
    API,
    document_fixture,  # noqa: F401 - a fixture, used by name
    get_json,
    list_posts,
    post_detail,
    rich_post_fixture,  # noqa: F401 - a fixture, used by name
)
from tests.factories import BlogPageFactory

pytestmark = pytest.mark.django_db

# Tags as an imported blog has them: a dozen per post, real words.
TAG_NAMES = [
    "productivity", "remote-work", "work-life-balance", "project-management", "teamwork",
    "time-management", "collaboration", "startups", "management", "task-management",
    "leadership", "communication",
]  # fmt: skip


def compact(value):
    return json.dumps(value, separators=(",", ":"))


def test_tags_are_id_name_and_slug_by_default(client, rich_post):
    tags = post_detail(client, rich_post)["tags"]
    assert tags == [
        {"id": tags[0]["id"], "name": "remote", "slug": "remote"},
        {"id": tags[1]["id"], "name": "work-life-balance", "slug": "work-life-balance"},
    ]


def test_tags_of_20_posts_cost_about_half_the_bytes_they_did(client, blog_index):
    for n in range(20):
        BlogPageFactory(parent=blog_index, title=f"Post {n}", tag_names=TAG_NAMES)
    lean = [item["tags"] for item in list_posts(client, fields="tags", limit=20)["items"]]
    whole = [item["tags"] for item in list_posts(client, fields="tags(*)", limit=20)["items"]]
    assert sum(len(post_tags) for post_tags in lean) == 240
    # 55 bytes a tag here (ids, names and slugs of 5 to 18 characters), 101 with each
    # tag's API URL as before: 13 KB instead of 24 KB for this page.
    assert len(compact(lean)) <= 240 * 60
    assert len(compact(lean)) < 0.6 * len(compact(whole))


def test_a_tags_detail_url_is_there_when_asked_for(client, rich_post):
    tag = post_detail(client, rich_post, fields="tags(*)")["tags"][0]
    assert tag["detail_url"] == f"http://testserver{API}/tags/{tag['id']}/"
    assert get_json(client, tag["detail_url"])["slug"] == tag["slug"]


def test_authors_with_only_the_keys_named(client, rich_post):
    authors = post_detail(client, rich_post, fields="authors(name,slug)")["authors"]
    assert [set(author) for author in authors] == [{"id", "name", "slug"}] * 2
    assert [author["name"] for author in authors] == ["Ann Writer", "Bob Second"]


def test_underscore_leaves_out_the_id_too(client, rich_post):
    data = list_posts(client, fields="_,title,primary_author(_,name)")
    assert data["items"][0]["primary_author"] == {"name": "Ann Writer"}


def test_negated_keys_leave_those_out(client, rich_post):
    author = post_detail(client, rich_post, fields="authors(-avatar,-description)")["authors"][0]
    assert set(author) == {"id", "name", "slug", "link", "detail_url"}


def test_categories_and_related_posts_choose_their_keys_too(client, rich_post):
    data = post_detail(
        client, rich_post, fields="categories(name),primary_category(slug),related_posts(title,url)"
    )
    assert data["categories"] == [
        {"id": data["categories"][0]["id"], "name": "Remote work"},
        {"id": data["categories"][1]["id"], "name": "Culture"},
    ]
    assert set(data["primary_category"]) == {"id", "slug"}
    assert data["related_posts"][0]["title"] == "Older post"
    assert set(data["related_posts"][0]) == {"id", "title", "url"}


def test_without_sub_fields_nested_objects_are_whole(client, rich_post):
    author = post_detail(client, rich_post)["authors"][0]
    assert set(author) == {"id", "name", "slug", "description", "link", "avatar", "detail_url"}


def test_an_unknown_nested_key_is_a_400_naming_it(client, rich_post):
    response = client.get(f"{API}/pages/{rich_post.pk}/", {"fields": "authors(name,colour)"})
    assert response.status_code == 400
    assert response.json() == {"message": "unknown fields in authors: colour"}


def test_nesting_inside_a_nested_object_is_a_400(client, rich_post):
    response = client.get(f"{API}/pages/{rich_post.pk}/", {"fields": "authors(avatar(url))"})
    assert response.status_code == 400
    assert "does not support nested fields" in response.json()["message"]


def test_sub_fields_of_a_plain_field_are_still_refused(client, rich_post):
    response = client.get(f"{API}/pages/{rich_post.pk}/", {"fields": "title(x)"})
    assert response.status_code == 400
