"""Wagtail 8's API v3 (preview) at /api/v3/: public schema and reads, token-only writes."""

import pytest
from django.contrib.auth.models import Group, User
from wagtail.models import APIToken, PageViewRestriction

from blog.models import BlogPage
from tests.api_fixtures import document_fixture, rich_post_fixture  # noqa: F401
from tests.factories import BlogPageFactory

pytestmark = pytest.mark.django_db


def token_for(group_name):
    user = User.objects.create_user(f"api-{group_name}".replace(" ", "-").lower())
    if group_name:
        user.groups.add(Group.objects.get(name=group_name))
    _, plaintext = APIToken.create_token(user=user, name="tests")
    return {"HTTP_AUTHORIZATION": f"Bearer {plaintext}"}


def new_post_payload(blog_index, **meta):
    return {
        "meta": {"type": "blog.BlogPage", "parent_id": blog_index.pk, **meta},
        "title": "Written through the API",
        "slug": "written-through-the-api",
        "date": "2021-08-10T11:58:07Z",
        "index_intro": "Made by a script.",
    }


def test_openapi_schema_is_public(client):
    response = client.get("/api/v3/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.1")
    blog_post = schema["components"]["schemas"]["BlogPageSchema"]
    assert {"date", "index_intro", "body"} <= set(blog_post["properties"])


def test_schema_describes_blog_post_fields(client, blog_index):
    headers = token_for("Marketing editors")
    schema = client.get("/api/v3/schema/blog.BlogPage/", **headers).json()
    properties = schema["read"]["properties"]
    assert {"date", "index_intro", "category_intro", "body"} <= set(properties)


def test_docs_page_uses_no_cdn(client):
    response = client.get("/api/v3/docs/")
    assert response.status_code == 200
    assert b"cdn.jsdelivr" not in response.content


def test_anonymous_reads_list_only_live_public_pages(client, blog_index):
    BlogPageFactory(parent=blog_index, title="Public post")
    draft = BlogPageFactory(parent=blog_index, title="Draft post")
    draft.unpublish()
    private = BlogPageFactory(parent=blog_index, title="Private post")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    titles = [item["title"] for item in client.get("/api/v3/pages/?limit=50").json()["items"]]
    assert "Public post" in titles
    assert "Draft post" not in titles
    assert "Private post" not in titles
    assert client.get(f"/api/v3/pages/{draft.pk}/").status_code == 404


def test_anonymous_writes_are_refused(client, blog_index):
    response = client.post(
        "/api/v3/pages/", new_post_payload(blog_index), content_type="application/json"
    )
    assert response.status_code == 401
    assert not BlogPage.objects.filter(slug="written-through-the-api").exists()


def test_token_without_permissions_cannot_write(client, blog_index):
    response = client.post(
        "/api/v3/pages/",
        new_post_payload(blog_index),
        content_type="application/json",
        **token_for(""),
    )
    assert response.status_code == 403


def test_writer_token_creates_a_draft(client, blog_index):
    response = client.post(
        "/api/v3/pages/",
        new_post_payload(blog_index),
        content_type="application/json",
        **token_for("Marketing writers"),
    )
    assert response.status_code == 201, response.content
    post = BlogPage.objects.get(slug="written-through-the-api")
    assert not post.live


def test_writer_token_cannot_publish(client, blog_index):
    post = BlogPageFactory(parent=blog_index)
    post.unpublish()
    response = client.post(
        f"/api/v3/pages/{post.pk}/actions/publish/",
        content_type="application/json",
        **token_for("Marketing writers"),
    )
    assert response.status_code == 403
    post.refresh_from_db()
    assert not post.live


def test_editor_token_publishes(client, blog_index):
    post = BlogPageFactory(parent=blog_index)
    post.unpublish()
    response = client.post(
        f"/api/v3/pages/{post.pk}/actions/publish/",
        content_type="application/json",
        **token_for("Marketing editors"),
    )
    assert response.status_code == 200, response.content
    post.refresh_from_db()
    assert post.live


def test_unknown_path_is_a_json_404(client):
    response = client.get("/api/v3/no-such-endpoint/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 404


def test_post_detail_carries_authors_categories_and_related_posts(client, rich_post):
    response = client.get(f"/api/v3/pages/{rich_post.pk}/")
    assert response.status_code == 200, response.content[:300]
    post = response.json()
    assert [author["name"] for author in post["authors"]] == ["Ann Writer", "Bob Second"]
    assert post["authors"][0]["avatar"]["renditions"]["small"]["url"].startswith("http")
    assert [category["slug"] for category in post["categories"]] == ["remote-work", "culture"]
    assert [related["title"] for related in post["related_posts"]] == ["Older post"]
    assert post["related_posts"][0]["url"] == "http://testserver/blog/older-post/"


def test_post_detail_body_has_every_block_type(client, rich_post):
    body = client.get(f"/api/v3/pages/{rich_post.pk}/").json()["body"]
    assert {block["type"] for block in body} >= {
        "paragraph", "heading", "image", "quote", "code", "table", "embed", "notice",
        "call_to_action", "raw_html",
    }  # fmt: skip
    assert "<script" not in str(body)
