"""The beacon endpoint: what it counts, what it refuses, and what it costs.

Counts are read after the worker's flush, from the aggregate tables the reports show.
"""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.analytics_fixtures import (
    BROWSER,
    GOOGLEBOT,
    PHONE,
    beacon,
    buffer_kind_fixture,  # noqa: F401
    buffered,
    cta_counts,
    cta_post_fixture,  # noqa: F401
    flushed,
    inline_key,
    own_buffer_fixture,  # noqa: F401
    page_day,
    snippet_key,
    sources_of,
    view,
    views_of,
)
from tests.factories import BlogPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def post(blog_index):
    return BlogPageFactory(parent=blog_index, title="Deep work", slug="deep-work")


# --- counted ---------------------------------------------------------------------------------


def test_a_view_is_counted_after_the_flush(client, post, buffer_kind):
    assert view(client, post).status_code == 204
    assert views_of(post) == 0  # nothing in the database until the flush
    flushed()
    assert views_of(post) == 1


def test_views_of_one_reader_on_one_day_are_one_visitor(client, post, buffer_kind):
    for _ in range(3):
        view(client, post)
    view(client, post, REMOTE_ADDR="203.0.113.9")
    flushed()
    assert (page_day(post).views, page_day(post).visitors) == (4, 2)


def test_views_are_split_by_audience_device_and_source(client, post):
    view(client, post, referrer="https://www.google.com/search?q=deep+work")
    view(client, post, audience="member", user_agent=PHONE, referrer="https://t.co/x1")
    view(client, post, utm={"source": "Newsletter", "medium": "email", "campaign": "May"})
    view(client, post, referrer="https://example.org/list")
    view(client, post, referrer=f"http://testserver{post.url}")
    view(client, post)
    flushed()
    assert sources_of(post) == {
        ("search", "google.com", "", "", ""): 1,
        ("social", "t.co", "", "", ""): 1,
        ("email", "", "newsletter", "email", "may"): 1,
        ("referral", "example.org", "", "", ""): 1,
        ("internal", "", "", "", ""): 1,
        ("direct", "", "", "", ""): 1,
    }
    from analytics.models import SourceDay

    member = SourceDay.objects.get(page=post, audience="member")
    assert (member.device, member.channel) == ("mobile", "social")


def test_referrers_keep_only_the_domain(client, post):
    view(client, post, referrer="https://news.example.com/private/path?token=secret#x")
    flushed()
    assert sources_of(post) == {("referral", "news.example.com", "", "", ""): 1}


def test_read_depths_and_seen_calls_to_action_are_counted(client, cta_post, buffer_kind):
    seen = [snippet_key(cta_post.snippet_cta), inline_key(cta_post)]
    response = beacon(
        client, {"page": cta_post.pk, "audience": "guest", "seen": seen, "read": [25, 50, 75, 100]}
    )
    assert response.status_code == 204
    flushed()
    row = page_day(cta_post)
    assert (row.read_25, row.read_50, row.read_75, row.read_100, row.views) == (1, 1, 1, 1, 0)
    assert cta_counts(cta_post, seen[0], "guest") == (1, 0)
    assert cta_counts(cta_post, seen[1], "guest") == (1, 0)


def test_a_call_to_action_the_page_does_not_show_is_dropped(client, cta_post, blog_index):
    elsewhere = BlogPageFactory(parent=blog_index)
    payload = {
        "page": elsewhere.pk,
        "audience": "guest",
        "seen": [snippet_key(cta_post.snippet_cta)],
        "read": [25],
    }
    assert beacon(client, payload).status_code == 204
    flushed()
    assert cta_counts(elsewhere, snippet_key(cta_post.snippet_cta)) == (0, 0)
    assert page_day(elsewhere).read_25 == 1  # the rest of the beacon still counts


# --- not counted: privacy ------------------------------------------------------------------


@pytest.mark.parametrize(
    "header", [{"HTTP_DNT": "1"}, {"HTTP_SEC_GPC": "1"}], ids=["DNT", "Sec-GPC"]
)
def test_readers_who_ask_not_to_be_tracked_are_not_counted(client, post, header):
    assert view(client, post, **header).status_code == 204
    flushed()
    assert page_day(post) is None


@pytest.mark.parametrize(
    "user_agent",
    [
        GOOGLEBOT,
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/124.0 Safari/537.36",
        "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
        "curl/8.5.0",
        "python-requests/2.32",
        "",
    ],
    ids=["googlebot", "headless-chrome", "facebook-preview", "curl", "python", "none"],
)
def test_bots_are_not_counted(client, post, user_agent):
    assert view(client, post, user_agent=user_agent).status_code == 204
    flushed()
    assert page_day(post) is None


def test_the_beacon_sets_no_cookie_and_is_never_cached(client, post):
    response = view(client, post)
    assert response.cookies == {}
    assert response["Cache-Control"] == "no-store"


# --- refused --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body, message",
    [
        ("not json", "not JSON"),
        ("[1, 2]", "JSON object"),
        ('{"page": "12", "audience": "guest", "view": true}', "'page'"),
        ('{"page": 12, "audience": "robot", "view": true}', "'audience'"),
        ('{"page": 12, "audience": "guest"}', "counts nothing"),
        ('{"page": 12, "audience": "guest", "read": [33]}', "'read'"),
        ('{"page": 12, "audience": "guest", "seen": ["javascript:alert(1)"]}', "'seen'"),
        ('{"page": 12, "audience": "guest", "view": true, "utm": "x"}', "'utm'"),
        ('{"page": 12, "audience": "guest", "view": true, "referrer": 5}', "'referrer'"),
    ],
    ids=["text", "array", "page-string", "audience", "empty", "depth", "cta-id", "utm", "referrer"],
)
def test_a_malformed_beacon_is_a_400_saying_why(client, post, body, message):
    response = beacon(client, body)
    assert response.status_code == 400
    assert message in response.json()["error"]


def test_an_oversized_beacon_is_refused_unread(client, post):
    payload = {
        "page": post.pk,
        "audience": "guest",
        "view": True,
        "referrer": "x" * 1990,
        "padding": "y" * 500,
    }
    response = beacon(client, payload)
    assert response.status_code == 413
    flushed()
    assert page_day(post) is None


def test_a_beacon_for_an_unknown_page_is_refused(client, post):
    response = beacon(client, {"page": post.pk + 1000, "audience": "guest", "view": True})
    assert response.status_code == 422
    assert response.json()["error"] == "No live page has this id."
    flushed()
    assert page_day(post) is None


def test_a_beacon_for_an_unpublished_page_is_refused(client, post):
    post.unpublish()
    assert view(client, post).status_code == 422


def test_a_beacon_from_another_site_is_refused(client, post):
    response = view(
        client, post, HTTP_ORIGIN="https://evil.example", HTTP_SEC_FETCH_SITE="cross-site"
    )
    assert response.status_code == 403
    flushed()
    assert page_day(post) is None


def test_the_beacon_only_takes_posts(client, post):
    assert client.get("/analytics/beacon").status_code == 405


# --- floods ---------------------------------------------------------------------------------


def test_a_client_over_its_rate_limit_gets_429s_and_is_not_counted(
    client, post, settings, buffer_kind
):
    settings.FOLIO_ANALYTICS_RATE_LIMIT = 3
    statuses = [view(client, post).status_code for _ in range(5)]
    other_reader = view(client, post, REMOTE_ADDR="198.51.100.7").status_code
    assert statuses == [204, 204, 204, 429, 429]
    assert other_reader == 204
    flushed()
    assert views_of(post) == 4


def test_the_rate_limit_follows_the_client_behind_the_trusted_proxy(client, post, settings):
    settings.FOLIO_ANALYTICS_RATE_LIMIT = 1
    settings.FOLIO_TRUSTED_PROXY_COUNT = 1
    first = view(client, post, HTTP_X_FORWARDED_FOR="203.0.113.1").status_code
    second = view(client, post, HTTP_X_FORWARDED_FOR="203.0.113.2").status_code
    again = view(client, post, HTTP_X_FORWARDED_FOR="203.0.113.1").status_code
    assert (first, second, again) == (204, 204, 429)


def test_sources_beyond_the_days_limit_count_as_other(client, post, settings, buffer_kind):
    settings.FOLIO_ANALYTICS_MAX_SOURCES = 3
    for n in range(6):
        view(client, post, referrer=f"https://site{n}.example/")
    view(client, post, referrer="https://site0.example/again")  # a source already kept
    flushed()
    assert sources_of(post) == {
        ("referral", "site0.example", "", "", ""): 2,
        ("referral", "site1.example", "", "", ""): 1,
        ("referral", "site2.example", "", "", ""): 1,
        ("other", "", "", "", ""): 3,
    }


def test_the_buffer_keeps_no_more_sources_than_the_days_limit(client, post, settings, buffer_kind):
    settings.FOLIO_ANALYTICS_MAX_SOURCES = 3
    for n in range(10):
        view(client, post, referrer=f"https://site{n}.example/")
    views = {key.split("|", 5)[5]: n for key, n in buffered().items() if key.startswith("v|")}
    assert views == {
        "referral|site0.example|||": 1,
        "referral|site1.example|||": 1,
        "referral|site2.example|||": 1,
        "other||||": 7,
    }


def test_storage_grows_with_pages_and_days_not_with_visits(client, post, settings):
    from analytics.models import CtaDay, PageDay, SourceDay

    settings.FOLIO_ANALYTICS_RATE_LIMIT = 0
    for n in range(60):
        view(client, post, REMOTE_ADDR=f"198.51.100.{n}", read=[25])
    flushed()
    rows = (PageDay.objects.count(), SourceDay.objects.count(), CtaDay.objects.count())
    assert rows == (1, 1, 0)
    assert (page_day(post).views, page_day(post).visitors) == (60, 60)


# --- cost -----------------------------------------------------------------------------------


def test_a_beacon_writes_nothing_to_the_database(client, cta_post, buffer_kind):
    payload = {
        "page": cta_post.pk,
        "audience": "guest",
        "view": True,
        "seen": [inline_key(cta_post)],
        "read": [25],
    }
    with CaptureQueriesContext(connection) as queries:
        assert beacon(client, payload).status_code == 204
    writes = [q["sql"] for q in queries if not q["sql"].lstrip().upper().startswith("SELECT")]
    assert writes == []


def test_a_beacon_makes_no_query_once_the_page_is_known(
    client, cta_post, django_assert_num_queries
):
    payload = {
        "page": cta_post.pk,
        "audience": "guest",
        "view": True,
        "seen": [inline_key(cta_post)],
    }
    beacon(client, payload)
    with django_assert_num_queries(0):
        assert beacon(client, payload).status_code == 204


def test_made_up_page_ids_cost_no_query(client, post, django_assert_num_queries):
    view(client, post)
    with django_assert_num_queries(0):
        for page_id in range(post.pk + 1, post.pk + 20):
            payload = json.dumps({"page": page_id, "audience": "guest", "view": True})
            assert beacon(client, payload, user_agent=BROWSER).status_code == 422
