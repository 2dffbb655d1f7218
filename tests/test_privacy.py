"""View restrictions hold however a page is reached (Folio routes and checks them itself)."""

import pytest
from wagtail.models import PageViewRestriction

from tests.factories import BlogPageFactory

pytestmark = pytest.mark.django_db


def test_restricting_the_blog_hides_every_post(client, blog_index):
    post = BlogPageFactory(parent=blog_index, title="Inside a private blog")
    PageViewRestriction.objects.create(page=blog_index, restriction_type="password", password="pw")
    response = client.get(post.url)
    assert response.status_code == 200  # Wagtail's password form, not the post
    assert b"Inside a private blog" not in response.content
    assert b'name="password"' in response.content


def test_login_restricted_post_redirects_anonymous_readers_to_log_in(client, blog_index):
    post = BlogPageFactory(parent=blog_index, title="Members only")
    PageViewRestriction.objects.create(page=post, restriction_type="login")
    response = client.get(post.url)
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_unknown_post_slug_is_404(client, blog_index):
    assert client.get("/blog/no-such-post/").status_code == 404


def test_draft_post_is_404(client, blog_index):
    post = BlogPageFactory(parent=blog_index)
    post.unpublish()
    assert client.get(post.url).status_code == 404
