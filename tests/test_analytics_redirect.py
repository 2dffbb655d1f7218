"""CTA links go through /go/: a 302 to the URL the call to action holds, counting the click.

Only to a URL a call to action on that live page holds: nothing in the link names a
destination, so it cannot be turned into an open redirect.
"""

import pytest
from django.test import Client
from wagtail.models import Site

from blog.site_settings import BlogSettings
from tests.analytics_fixtures import (
    BROWSER,
    GOOGLEBOT,
    INLINE,
    SIGNUP,
    click_links,
    cta_counts,
    cta_post_fixture,  # noqa: F401
    flushed,
    go_links,
    inline_key,
    own_buffer_fixture,  # noqa: F401
    snippet_key,
)
from tests.factories import BlogPageFactory, CallToActionFactory

pytestmark = pytest.mark.django_db


def guest_page(client, post):
    response = client.get(post.url, HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 200
    return response


def test_the_buttons_of_a_post_link_through_go(client, cta_post):
    links = go_links(guest_page(client, cta_post))
    assert links == [
        f"/go/{snippet_key(cta_post.snippet_cta)}/{cta_post.pk}/",
        f"/go/{inline_key(cta_post)}/{cta_post.pk}/",
    ]


def test_go_sends_the_reader_where_the_call_to_action_leads(client, cta_post):
    responses = click_links(client, guest_page(client, cta_post))
    assert [(r.status_code, r["Location"]) for r in responses] == [(302, SIGNUP), (302, INLINE)]


def test_a_click_is_counted_for_the_readers_audience(client, cta_post):
    click_links(client, guest_page(client, cta_post))
    member = Client()
    member.cookies["folio_member"] = "1"
    click_links(member, guest_page(member, cta_post))  # members see only the inline one
    flushed()
    assert cta_counts(cta_post, snippet_key(cta_post.snippet_cta), "guest") == (0, 1)
    assert cta_counts(cta_post, inline_key(cta_post), "guest") == (0, 1)
    assert cta_counts(cta_post, inline_key(cta_post), "member") == (0, 1)


def test_the_site_wide_guest_call_to_action_links_through_go(client, blog_index):
    sitewide = CallToActionFactory(heading="Join the club", url="https://example.com/club")
    settings = BlogSettings.for_site(Site.objects.get(is_default_site=True))
    settings.default_guest_call_to_action = sitewide
    settings.save()
    post = BlogPageFactory(parent=blog_index)
    (response,) = click_links(client, guest_page(client, post))
    assert response["Location"] == "https://example.com/club"
    flushed()
    assert cta_counts(post, snippet_key(sitewide), "guest") == (0, 1)


def test_every_click_reaches_folio(client, cta_post):
    path = go_links(guest_page(client, cta_post))[0]
    first = client.get(path, HTTP_USER_AGENT=BROWSER)
    second = client.get(path, HTTP_USER_AGENT=BROWSER)
    assert first["Cache-Control"] == "no-store"
    assert "X-Folio-Cache" not in second  # never answered by the page cache
    flushed()
    assert cta_counts(cta_post, snippet_key(cta_post.snippet_cta)) == (0, 2)


# --- not an open redirect ------------------------------------------------------------------


def test_a_destination_in_the_link_is_ignored(client, cta_post):
    path = f"/go/{snippet_key(cta_post.snippet_cta)}/{cta_post.pk}/"
    response = client.get(path + "?next=https://evil.example/&url=https://evil.example/")
    assert response["Location"] == SIGNUP


@pytest.mark.parametrize(
    "path",
    [
        "/go/https:%2F%2Fevil.example/1/",
        "/go/evil.example/1/",
        "/go//evil.example/",
        "/go/s1/",
        "/go/b-../1/",
    ],
)
def test_a_link_that_names_no_call_to_action_is_a_404(client, cta_post, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "Location" not in response


def test_a_call_to_action_of_another_page_leads_back_to_the_page_named(
    client, cta_post, blog_index
):
    other = BlogPageFactory(parent=blog_index, slug="other")
    response = client.get(f"/go/{snippet_key(cta_post.snippet_cta)}/{other.pk}/")
    assert (response.status_code, response["Location"]) == (302, other.url)
    flushed()
    assert cta_counts(other, snippet_key(cta_post.snippet_cta)) == (0, 0)


def test_an_unpublished_snippets_url_is_never_a_destination(client, blog_index):
    draft = CallToActionFactory(url="https://phish.example/login", live=False)
    post = BlogPageFactory(
        parent=blog_index, body=[("call_to_action", {"snippet": draft, "audience": "guests"})]
    )
    assert go_links(guest_page(client, post)) == []  # not shown, so no link
    response = client.get(f"/go/{snippet_key(draft)}/{post.pk}/")
    assert response["Location"] == post.url


def test_a_page_not_live_has_no_redirects(client, cta_post):
    path = f"/go/{inline_key(cta_post)}/{cta_post.pk}/"
    cta_post.unpublish()
    response = client.get(path)
    assert response.status_code == 404
    assert "Location" not in response


def test_the_redirect_follows_the_published_url_only(client, cta_post):
    path = f"/go/{snippet_key(cta_post.snippet_cta)}/{cta_post.pk}/"
    snippet = cta_post.snippet_cta
    snippet.url = "https://phish.example/draft"
    snippet.save_revision()  # a draft: readers keep the published URL
    assert client.get(path)["Location"] == SIGNUP
    snippet.get_latest_revision().publish()
    assert client.get(path)["Location"] == "https://phish.example/draft"


def test_a_script_url_is_never_redirected_to(client, blog_index):
    post = BlogPageFactory(
        parent=blog_index,
        body=[
            (
                "call_to_action",
                {"heading": "x", "url": "https://ok.example/", "audience": "everyone"},
            )
        ],
    )
    # Written past the form's validation (as an API or a script could).
    raw = list(post.body.raw_data)
    raw[0]["value"]["url"] = "javascript:alert(1)"
    post.body = raw
    post.save_revision().publish()
    post.refresh_from_db()
    response = client.get(f"/go/b-{post.body[0].id}/{post.pk}/")
    assert response["Location"] == post.url


# --- clicks not counted ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "headers",
    [{"HTTP_DNT": "1"}, {"HTTP_SEC_GPC": "1"}, {"HTTP_SEC_PURPOSE": "prefetch"}],
    ids=["DNT", "Sec-GPC", "prefetch"],
)
def test_a_click_that_asks_not_to_be_tracked_still_leads_on_uncounted(client, cta_post, headers):
    responses = click_links(client, guest_page(client, cta_post), **headers)
    assert [r["Location"] for r in responses] == [SIGNUP, INLINE]
    flushed()
    assert cta_counts(cta_post, snippet_key(cta_post.snippet_cta)) == (0, 0)


def test_link_previews_of_bots_are_not_counted(client, cta_post):
    responses = click_links(client, guest_page(client, cta_post), user_agent=GOOGLEBOT)
    assert [r.status_code for r in responses] == [302, 302]
    flushed()
    assert cta_counts(cta_post, inline_key(cta_post)) == (0, 0)


def test_an_editors_click_is_not_counted(admin_client, client, cta_post):
    path = go_links(guest_page(client, cta_post))[1]
    assert admin_client.get(path, HTTP_USER_AGENT=BROWSER)["Location"] == INLINE
    flushed()
    assert cta_counts(cta_post, inline_key(cta_post)) == (0, 0)


def test_a_head_request_is_not_a_click(client, cta_post):
    path = go_links(guest_page(client, cta_post))[1]
    assert client.head(path, HTTP_USER_AGENT=BROWSER).status_code == 302
    flushed()
    assert cta_counts(cta_post, inline_key(cta_post)) == (0, 0)


def test_over_the_rate_limit_the_reader_still_gets_there(client, cta_post, settings):
    settings.FOLIO_ANALYTICS_RATE_LIMIT = 1
    path = go_links(guest_page(client, cta_post))[1]
    locations = [client.get(path, HTTP_USER_AGENT=BROWSER)["Location"] for _ in range(3)]
    assert locations == [INLINE] * 3
    flushed()
    assert cta_counts(cta_post, inline_key(cta_post)) == (0, 1)


def test_a_click_writes_nothing_to_the_database(client, cta_post, django_assert_num_queries):
    path = go_links(guest_page(client, cta_post))[0]
    client.get(path, HTTP_USER_AGENT=BROWSER)
    with django_assert_num_queries(0):
        assert client.get(path, HTTP_USER_AGENT=BROWSER).status_code == 302


@pytest.mark.parametrize("page_id", ["99999999999999999999", "0"])
def test_a_page_id_no_page_can_have_is_a_404(client, cta_post, page_id):
    assert client.get(f"/go/{snippet_key(cta_post.snippet_cta)}/{page_id}/").status_code == 404
