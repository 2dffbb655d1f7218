"""An unlisted post (Jekyll's ``hidden: true``) is out of API v3's public listings, as it
is out of the blog index, feeds and API v2's listings, and still read by id or path."""

import pytest
from django.contrib.auth.models import User
from wagtail.models import APIToken

from tests.factories import BlogPageFactory

pytestmark = pytest.mark.django_db

PAGES = "/api/v3/pages/"


@pytest.fixture
def posts(blog_index):
    listed = BlogPageFactory(parent=blog_index, title="Listed", slug="listed")
    unlisted = BlogPageFactory(parent=blog_index, title="Unlisted", slug="unlisted", unlisted=True)
    return listed, unlisted


def listed_ids(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200, response.content[:500]
    return {item["id"] for item in response.json()["items"]}


def test_public_listing_of_posts_leaves_unlisted_posts_out(client, posts):
    listed, unlisted = posts
    ids = listed_ids(client, f"{PAGES}?type=blog.BlogPage")
    assert listed.pk in ids and unlisted.pk not in ids


def test_public_listing_of_all_pages_leaves_unlisted_posts_out(client, posts):
    listed, unlisted = posts
    ids = listed_ids(client, PAGES)
    assert listed.pk in ids and unlisted.pk not in ids


def test_unlisted_post_is_read_by_id_and_by_path(client, posts):
    _, unlisted = posts
    assert client.get(f"{PAGES}{unlisted.pk}/").status_code == 200
    found = client.get(f"{PAGES}find/?html_path={unlisted.url}")
    assert found.status_code == 302
    assert found["Location"].endswith(f"{PAGES}{unlisted.pk}/")


def test_token_holders_listing_keeps_unlisted_posts(client, posts):
    _, unlisted = posts
    user = User.objects.create_superuser("v3-unlisted-admin", "admin@example.com", "x")
    _, token = APIToken.create_token(user=user, name="unlisted")
    ids = listed_ids(client, f"{PAGES}?type=blog.BlogPage", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert unlisted.pk in ids
