"""Editors preview drafts on an external front end; the API shows a draft only for its token."""

import html
import re
import time
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.models import User
from django.core.signing import TimestampSigner, b62_encode

from tests.admin_forms import post_form_data
from tests.factories import BlogPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    client.force_login(User.objects.create_superuser("boss", "boss@example.com", "pw"))
    return client


def draft_form(post, title):
    return post_form_data(post, title=title, body_html="<p>Draft body only</p>")


def headless_preview_token(editor_client, post, title):
    preview_url = f"/admin/pages/{post.pk}/edit/preview/"
    assert editor_client.post(preview_url, draft_form(post, title)).json()["is_valid"]
    page = editor_client.get(preview_url, {"mode": "headless"}).content.decode()
    front_end_url = html.unescape(re.search(r'https?://127\.0\.0\.1:8020/\?[^"]+', page).group(0))
    query = parse_qs(urlsplit(front_end_url).query)
    assert query["content_type"] == ["blog.blogpage"]
    return query["token"][0]


def test_headless_preview_sends_the_editor_to_the_front_end(editor_client, blog_index):
    post = BlogPageFactory(parent=blog_index)
    assert headless_preview_token(editor_client, post, "Unsaved title")


def test_front_end_reads_the_draft_with_its_token(client, editor_client, blog_index):
    post = BlogPageFactory(parent=blog_index, title="Published title")
    token = headless_preview_token(editor_client, post, "Unsaved title")
    client.logout()
    response = client.get(
        "/api/v2/page_preview/", {"content_type": "blog.blogpage", "token": token}
    )
    assert response.status_code == 200
    data = response.json()
    assert data["title"] == "Unsaved title"
    assert data["id"] == post.pk
    assert "Draft body only" in str(data["body"])
    assert "no-store" in response["Cache-Control"]


def test_the_draft_stays_out_of_the_public_api(client, editor_client, blog_index):
    post = BlogPageFactory(parent=blog_index, title="Published title")
    headless_preview_token(editor_client, post, "Unsaved title")
    client.logout()
    assert client.get(f"/api/v2/pages/{post.pk}/").json()["title"] == "Published title"


@pytest.mark.parametrize(
    "params, status",
    [
        ({"content_type": "blog.blogpage", "token": "forged:token:value"}, 404),
        ({"content_type": "blog.blogpage"}, 400),
        ({"content_type": "nope.nothing", "token": "x"}, 400),
        ({"content_type": "home.homepage", "token": "x"}, 400),
    ],
)
def test_preview_needs_a_valid_token(client, blog_index, params, status):
    response = client.get("/api/v2/page_preview/", params)
    assert response.status_code == status
    assert "message" in response.json()


def test_the_site_preview_still_renders_the_page(editor_client, blog_index):
    post = BlogPageFactory(parent=blog_index)
    preview_url = f"/admin/pages/{post.pk}/edit/preview/"
    editor_client.post(preview_url, draft_form(post, "Preview on this site"))
    assert "Preview on this site" in editor_client.get(preview_url).content.decode()


def thirty_day_old_token(post):
    """A token signed as the preview signed it, thirty days ago."""

    class SignerOfTheMonthBefore(TimestampSigner):
        def timestamp(self):
            return b62_encode(int(time.time()) - 30 * 24 * 3600)

    token = SignerOfTheMonthBefore(salt="headlesspreview.token").sign(f"id={post.pk}")
    post.update_page_preview(token)
    return token


def test_a_preview_token_expires(client, blog_index):
    post = BlogPageFactory(parent=blog_index, title="Published title")
    token = thirty_day_old_token(post)
    response = client.get(
        "/api/v2/page_preview/", {"content_type": "blog.blogpage", "token": token}
    )
    assert response.status_code == 404


def test_a_fresh_preview_token_works_within_its_lifetime(
    client, editor_client, blog_index, settings
):
    settings.FOLIO_PREVIEW_TOKEN_MAX_AGE = 3600
    post = BlogPageFactory(parent=blog_index)
    token = headless_preview_token(editor_client, post, "Unsaved title")
    response = client.get(
        "/api/v2/page_preview/", {"content_type": "blog.blogpage", "token": token}
    )
    assert response.status_code == 200


def test_front_end_address_with_a_query_keeps_one_query_string(rf, blog_index, settings):
    settings.WAGTAIL_HEADLESS_PREVIEW = {
        **settings.WAGTAIL_HEADLESS_PREVIEW,
        "CLIENT_URLS": {"default": "http://127.0.0.1:8020/preview?site=blog"},
    }
    post = BlogPageFactory(parent=blog_index)
    url = post.get_preview_url(rf.get("/"), "abc:def")
    assert url.count("?") == 1
    assert parse_qs(urlsplit(url).query) == {
        "site": ["blog"],
        "content_type": ["blog.blogpage"],
        "token": ["abc:def"],
    }


def test_the_site_policy_lets_the_preview_frame_the_front_end(editor_client, blog_index):
    post = BlogPageFactory(parent=blog_index)
    preview_url = f"/admin/pages/{post.pk}/edit/preview/"
    assert editor_client.post(preview_url, draft_form(post, "Unsaved title")).json()["is_valid"]
    response = editor_client.get(preview_url, {"mode": "headless"})
    frame_src = next(
        directive
        for directive in response["Content-Security-Policy"].split(";")
        if directive.strip().startswith("frame-src")
    )
    assert "http://127.0.0.1:8020" in frame_src.split()
    assert b"<style" not in response.content  # inline styles are refused by style-src 'self'
    assert b'src="http://127.0.0.1:8020/?content_type=' in response.content
