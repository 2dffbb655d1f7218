"""No cached answer made for one caller reaches another, with the page cache on.

Every way a request can be someone's (a bearer token, a session, a page unlocked with its
password, a headless preview token, the member cookie) is tried in both orders: the
someone first and a stranger after, and the stranger first and the someone after. The
requests go through the whole middleware stack, as in production.
"""

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from wagtail.models import APIToken, PageViewRestriction, Site

from blog.site_settings import BlogSettings
from tests.factories import BlogPageFactory
from tests.test_api_v3 import token_for
from tests.test_headless_preview import headless_preview_token

# The guests' call to action of the posts below (its button links through /go/).
GUEST_CTA = b'<section class="cta'

pytestmark = pytest.mark.django_db

CACHE_HEADER = "X-Folio-Cache"


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.FOLIO_PAGE_CACHE = True
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def blog_settings(home_page):
    """The blog's settings row, which the first page view would otherwise create (and so
    retire what was cached until then)."""
    return BlogSettings.for_site(Site.objects.get(is_default_site=True))


@pytest.fixture
def draft(blog_index):
    post = BlogPageFactory(parent=blog_index, title="Secret draft")
    post.unpublish()
    return post


@pytest.fixture
def editor():
    return User.objects.create_superuser("boss", "boss@example.com", "pw")


def titles(response):
    return [item["title"] for item in response.json()["items"]]


# --- bearer tokens (API v3) -------------------------------------------------------------


def test_token_holders_answer_is_not_served_to_anonymous_callers(client, draft):
    token = token_for("Marketing editors")
    as_holder = client.get(f"/api/v3/pages/{draft.pk}/", **token)
    assert as_holder.status_code == 200
    assert as_holder.json()["title"] == "Secret draft"

    anonymous = client.get(f"/api/v3/pages/{draft.pk}/")
    assert anonymous.status_code == 404
    assert anonymous.get(CACHE_HEADER) != "hit"


def test_whoami_is_never_served_from_the_cache(client):
    token = token_for("Marketing editors")
    assert client.get("/api/v3/whoami/", **token).status_code == 200
    anonymous = client.get("/api/v3/whoami/")
    assert b"api-marketing-editors" not in anonymous.content
    assert anonymous.get(CACHE_HEADER) != "hit"


def test_token_holder_never_gets_the_anonymous_copy(client, blog_index):
    BlogPageFactory(parent=blog_index, title="Public post")
    draft_post = BlogPageFactory(parent=blog_index, title="Secret draft")
    draft_post.unpublish()
    url = "/api/v3/pages/?limit=50"
    client.get(url)
    client.get(url)  # an anonymous copy, if any, is in the cache now
    as_holder = client.get(url, **token_for("Marketing editors"))
    assert as_holder.get(CACHE_HEADER) is None
    assert "Secret draft" in titles(as_holder)


def test_api_v2_copy_is_not_answered_to_a_token_holder(client, blog_index):
    BlogPageFactory(parent=blog_index, title="Public post")
    client.get("/api/v2/pages/")
    assert client.get("/api/v2/pages/")[CACHE_HEADER] == "hit"
    as_holder = client.get("/api/v2/pages/", **token_for("Marketing editors"))
    assert as_holder.get(CACHE_HEADER) is None


def test_answers_to_token_holders_are_private_and_not_stored(client, draft):
    response = client.get(f"/api/v3/pages/{draft.pk}/", **token_for("Marketing editors"))
    assert response["Cache-Control"] == "private, no-store"


def test_revoked_token_gets_no_copy_of_what_it_read(client, draft):
    user = User.objects.create_superuser("script", "script@example.com", "pw")
    api_token, plaintext = APIToken.create_token(user=user, name="ci")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {plaintext}"}
    assert client.get(f"/api/v3/pages/{draft.pk}/", **headers).status_code == 200
    api_token.revoke()
    assert client.get(f"/api/v3/pages/{draft.pk}/", **headers).status_code in (401, 404)


def test_anonymous_api_v3_reads_are_not_stored(client, blog_index):
    BlogPageFactory(parent=blog_index, title="Public post")
    client.get("/api/v3/pages/")
    assert client.get("/api/v3/pages/").get(CACHE_HEADER) is None


# --- sessions (logged-in editors) ---------------------------------------------------------


def test_editors_page_is_not_served_to_anonymous_readers(client, blog_index, editor):
    post = BlogPageFactory(
        parent=blog_index,
        body=[("call_to_action", {"url": "https://example.com/signup", "audience": "guests"})],
    )
    client.force_login(editor)
    assert GUEST_CTA not in client.get(post.url).content  # an editor is a member
    client.logout()
    client.cookies.clear()
    anonymous = client.get(post.url)
    assert GUEST_CTA in anonymous.content
    assert anonymous[CACHE_HEADER] == "miss"


def test_editor_never_gets_the_anonymous_copy(client, blog_index, editor, blog_settings):
    post = BlogPageFactory(
        parent=blog_index,
        body=[("call_to_action", {"url": "https://example.com/signup", "audience": "guests"})],
    )
    client.get(post.url)
    assert client.get(post.url)[CACHE_HEADER] == "hit"
    client.force_login(editor)
    as_editor = client.get(post.url)
    assert as_editor.get(CACHE_HEADER) is None
    assert GUEST_CTA not in as_editor.content


def test_any_unknown_cookie_keeps_a_request_away_from_the_cache(client, blog_index):
    BlogPageFactory(parent=blog_index)
    client.get("/blog/")
    client.cookies["product_session"] = "someone"
    assert client.get("/blog/").get(CACHE_HEADER) is None


def test_cookies_declared_inert_share_the_anonymous_copy(
    client, blog_index, settings, blog_settings
):
    settings.FOLIO_PAGE_CACHE_INERT_COOKIES = ["_ga"]
    BlogPageFactory(parent=blog_index)
    client.get("/blog/")
    client.cookies["_ga"] = "GA1.1.123"
    assert client.get("/blog/")[CACHE_HEADER] == "hit"


# --- password-protected pages ---------------------------------------------------------------


@pytest.fixture
def locked_post(blog_index):
    post = BlogPageFactory(parent=blog_index, title="Partners only", body=[
        ("paragraph", "<p>The partner price list.</p>"),
    ])  # fmt: skip
    PageViewRestriction.objects.create(
        page=post, restriction_type="password", password="opensesame"
    )
    return post


def unlock(client, post):
    form = client.get(post.url)
    assert b"partner price list" not in form.content
    restriction = PageViewRestriction.objects.get(page=post)
    return client.post(
        f"/_util/authenticate_with_password/{restriction.pk}/{post.pk}/",
        {"password": "opensesame", "return_url": post.url},
    )


def test_password_protected_page_can_be_unlocked(client, locked_post):
    response = unlock(client, locked_post)
    assert response.status_code == 302
    assert b"partner price list" in client.get(locked_post.url).content


def test_unlocked_page_is_not_served_to_other_readers(client, locked_post):
    unlock(client, locked_post)
    assert b"partner price list" in client.get(locked_post.url).content
    client.cookies.clear()
    stranger = client.get(locked_post.url)
    assert b"partner price list" not in stranger.content


def test_reader_who_unlocked_the_page_never_gets_the_locked_copy(client, locked_post):
    client.get(locked_post.url)
    client.get(locked_post.url)
    unlock(client, locked_post)
    unlocked = client.get(locked_post.url)
    assert unlocked.get(CACHE_HEADER) is None
    assert b"partner price list" in unlocked.content


# --- headless preview tokens ----------------------------------------------------------------


@pytest.fixture
def preview_url(client, blog_index, editor):
    post = BlogPageFactory(parent=blog_index, title="Published title")
    client.force_login(editor)
    token = headless_preview_token(client, post, "Unsaved draft title")
    client.logout()
    client.cookies.clear()
    return f"/api/v2/page_preview/?content_type=blog.blogpage&token={token}"


def test_preview_answers_are_never_stored(client, preview_url):
    assert client.get(preview_url).json()["title"] == "Unsaved draft title"
    second = client.get(preview_url)
    assert second.get(CACHE_HEADER) is None
    assert second["Cache-Control"] == "private, no-store"


def test_pages_asked_with_a_preview_token_bypass_the_cache(client, blog_index):
    BlogPageFactory(parent=blog_index)
    client.get("/blog/?token=abc")
    assert client.get("/blog/?token=abc").get(CACHE_HEADER) is None


# --- the member cookie ------------------------------------------------------------------------


@pytest.fixture
def post_with_guest_cta(blog_index):
    return BlogPageFactory(
        parent=blog_index,
        body=[("call_to_action", {"url": "https://example.com/signup", "audience": "guests"})],
    )


def test_members_copy_is_not_served_to_guests(client, post_with_guest_cta):
    client.cookies["folio_member"] = "1"
    client.get(post_with_guest_cta.url)
    del client.cookies["folio_member"]
    assert GUEST_CTA in client.get(post_with_guest_cta.url).content


def test_guests_copy_is_not_served_to_members(client, post_with_guest_cta):
    client.get(post_with_guest_cta.url)
    client.cookies["folio_member"] = "1"
    assert GUEST_CTA not in client.get(post_with_guest_cta.url).content


# --- content negotiation ------------------------------------------------------------------------


def test_api_answer_to_an_html_only_client_is_the_same_cached_or_not(client, blog_index):
    BlogPageFactory(parent=blog_index)
    first = client.get("/api/v2/pages/", HTTP_ACCEPT="text/html")
    client.get("/api/v2/pages/")
    client.get("/api/v2/pages/")  # a JSON copy is in the cache now
    second = client.get("/api/v2/pages/", HTTP_ACCEPT="text/html")
    assert first.status_code == second.status_code == 406


def test_json_clients_share_the_cached_api_copy(client, blog_index):
    BlogPageFactory(parent=blog_index)
    client.get("/api/v2/pages/", HTTP_ACCEPT="application/json")
    browser_accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    assert client.get("/api/v2/pages/", HTTP_ACCEPT=browser_accept)[CACHE_HEADER] == "hit"


# --- what a view did not declare public -------------------------------------------------------


def test_responses_setting_cookies_are_not_stored(client, locked_post):
    client.get(locked_post.url)  # the password form sets the CSRF cookie
    assert client.get(locked_post.url).get(CACHE_HEADER) != "hit"


def test_a_preview_is_never_answered_with_the_live_cached_page(client, blog_index, blog_settings):
    post = BlogPageFactory(parent=blog_index, title="Live title")
    client.get(post.url)
    assert client.get(post.url)[CACHE_HEADER] == "hit"
    post.title = "Draft title"
    preview = post.make_preview_request()  # Wagtail's made-up request, without cookies
    assert b"Draft title" in preview.content
