"""The beacon collector (analytics/collector.py) answers and counts beacons as Django does.

Each case sends the same beacons twice, each from its own reader address: once to Django's
own handler (``folio.wsgi.django_application``, where ``BeaconMiddleware`` answers) and once
to ``Collector.answer`` called directly, as the collector's server calls it (an answer that
needs the database comes back as a function: it is called here, as the server's database
thread would). Both must give the same status, JSON body and the headers a client acts on,
and, once the collector has written what it holds and the worker has flushed, add the same
counts. The HTTP side is in tests/test_analytics_collector_server.py.
"""

import json

import pytest

from analytics import collector as collector_module
from analytics.collector import Collector
from folio.wsgi import django_application
from tests.analytics_fixtures import (  # noqa: F401 (fixtures)
    BROWSER,
    GOOGLEBOT,
    buffer_kind_fixture,
    own_buffer_fixture,
)
from tests.factories import BlogPageFactory
from tests.test_analytics_fast_path import added, counts, send
from tests.wsgi_fixtures import connections_kept_fixture  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

COMPARED_HEADERS = (
    "Cache-Control",
    "X-Content-Type-Options",
    "Content-Security-Policy",
    "Retry-After",
    "Allow",
)
# The headers every beacon gets in these tests, as the page script's browser sends them.
BASE_HEADERS = {
    "HTTP_HOST": "testserver",
    "HTTP_USER_AGENT": BROWSER,
    "CONTENT_TYPE": "text/plain;charset=UTF-8",
    "HTTP_ORIGIN": "http://testserver",
    "HTTP_SEC_FETCH_SITE": "same-origin",
}


@pytest.fixture(name="post")
def post_fixture(blog_index):
    return BlogPageFactory(parent=blog_index, title="Collected beacons", slug="collected")


@pytest.fixture(name="collector")
def collector_fixture(request):
    """A started collector, counting into the test's buffer (``buffer_kind`` first, when the
    test asks for one)."""
    if "buffer_kind" in request.fixturenames:
        request.getfixturevalue("buffer_kind")
    collector = Collector()
    collector.start()
    return collector


def a_view(post, **extra):
    return {"page": post.pk, "audience": "guest", "view": True, **extra}


def encoded(body):
    return body if isinstance(body, bytes) else json.dumps(body).encode()


def wire_headers(environ_headers):
    """WSGI-style names (``HTTP_X_FORWARDED_FOR``) as httptools gives them: (name, value)
    byte pairs."""
    pairs = []
    for key, value in environ_headers.items():
        name = key[5:] if key.startswith("HTTP_") else key
        pairs.append((name.replace("_", "-").title().encode(), value.encode()))
    return pairs


def collect(collector, body, *, address, method="POST", path="/analytics/beacon", **headers):
    """``body`` answered by ``collector`` (the database path run when it asks for it):
    (status, the compared headers, JSON body or None)."""
    body = encoded(body)
    environ_headers = {**BASE_HEADERS, "CONTENT_LENGTH": str(len(body)), **headers}
    answer = collector.answer(
        method,
        path,
        wire_headers(environ_headers),
        body,
        client=(address, 40000),
        server=("127.0.0.1", 8001),
    )
    if callable(answer):
        answer = answer()
    response_headers, content = collector.response_headers(answer)
    found = {name.decode().lower(): value.decode() for name, value in response_headers}
    return (
        answer.status,
        {name: found.get(name.lower()) for name in COMPARED_HEADERS},
        json.loads(content) if content else None,
    )


def django(body, *, address, **headers):
    """``body`` answered by Django's own handler, in the same terms as ``collect``."""
    status, response_headers, content = send(
        django_application, encoded(body), address=address, **headers
    )
    found = {name.lower(): value for name, value in response_headers}
    is_json = found.get("content-type") == "application/json"
    return (
        int(status.split()[0]),
        {name: found.get(name.lower()) for name in COMPARED_HEADERS},
        json.loads(content) if is_json else (content or None),
    )


def both_ways(collector, bodies, **headers):
    """``bodies`` sent to Django, then to the collector (whose pending counts are then
    written): (answers, counts added) of each."""
    before = counts()
    from_django = [django(body, address="192.0.2.1", **headers) for body in bodies]
    django_counts = added(before, counts())
    before = counts()
    from_collector = [collect(collector, body, address="192.0.2.2", **headers) for body in bodies]
    collector.stop()
    return (from_django, django_counts), (from_collector, added(before, counts()))


def test_a_good_view_is_answered_and_counted_as_django_does(collector, post, buffer_kind):
    body = a_view(post, referrer="https://www.google.com/", read=[25, 50])
    (django_answers, django_counts), (answers, counted) = both_ways(collector, [body])
    assert answers == django_answers
    status, headers, content = answers[0]
    assert status == 204
    assert content is None
    assert headers["Cache-Control"] == "no-store"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Content-Security-Policy"]
    assert counted == django_counts
    assert counted[(post.pk, "views")] == 1
    assert counted[(post.pk, "read_25")] == counted[(post.pk, "read_50")] == 1
    assert (post.pk, "read_75") not in counted


def test_an_oversized_beacon_is_refused_as_django_does(collector, post):
    (django_answers, django_counts), (answers, counted) = both_ways(
        collector, [a_view(post, padding="y" * 3000)]
    )
    assert answers == django_answers
    assert answers[0][0] == 413
    assert answers[0][2] == {"error": "A beacon is at most 2048 bytes."}
    assert counted == django_counts == {}


@pytest.mark.parametrize("header", ["HTTP_DNT", "HTTP_SEC_GPC"])
def test_a_reader_who_asks_not_to_be_tracked_is_answered_but_not_counted(collector, post, header):
    (django_answers, django_counts), (answers, counted) = both_ways(
        collector, [a_view(post)], **{header: "1"}
    )
    assert answers == django_answers
    assert answers[0][0] == 204
    assert counted == django_counts == {}


def test_a_bot_is_answered_but_not_counted(collector, post):
    (django_answers, django_counts), (answers, counted) = both_ways(
        collector, [a_view(post)], HTTP_USER_AGENT=GOOGLEBOT
    )
    assert answers == django_answers
    assert answers[0][0] == 204
    assert counted == django_counts == {}


def test_a_beacon_for_an_unknown_page_is_refused_as_django_does(collector, post):
    body = {"page": post.pk + 1000, "audience": "guest", "view": True}
    (django_answers, django_counts), (answers, counted) = both_ways(collector, [body])
    assert answers == django_answers
    assert answers[0][0] == 422
    assert answers[0][2] == {"error": "No live page has this id."}
    assert counted == django_counts == {}


def test_a_beacon_from_another_site_is_refused_as_django_does(collector, post):
    (django_answers, django_counts), (answers, counted) = both_ways(
        collector,
        [a_view(post)],
        HTTP_ORIGIN="https://evil.example",
        HTTP_SEC_FETCH_SITE="cross-site",
    )
    assert answers == django_answers
    assert answers[0][0] == 403
    assert counted == django_counts == {}


def test_a_body_that_is_not_json_is_refused_as_django_does(collector, post):
    (django_answers, django_counts), (answers, counted) = both_ways(collector, [b"page=1"])
    assert answers == django_answers
    assert answers[0][0] == 400
    assert answers[0][2] == {"error": "The beacon is not JSON."}
    assert counted == django_counts == {}


def test_a_client_over_its_rate_limit_is_refused_as_django_does(
    collector, post, settings, buffer_kind
):
    settings.FOLIO_ANALYTICS_RATE_LIMIT = 2
    (django_answers, django_counts), (answers, counted) = both_ways(collector, [a_view(post)] * 3)
    assert answers == django_answers
    assert [status for status, _, _ in answers] == [204, 204, 429]
    assert answers[2][1]["Retry-After"] == "60"
    assert counted == django_counts
    assert counted[(post.pk, "views")] == 2


def test_the_rate_limit_follows_the_client_behind_the_trusted_proxy(collector, post, settings):
    settings.FOLIO_ANALYTICS_RATE_LIMIT = 1
    settings.FOLIO_TRUSTED_PROXY_COUNT = 1
    readers = ("203.0.113.7", "198.51.100.7", "203.0.113.7")
    from_django = [
        django(a_view(post), address="10.0.0.1", HTTP_X_FORWARDED_FOR=reader)[0]
        for reader in readers
    ]
    # Other readers for the collector: the rate limit of Django's are spent.
    from_collector = [
        collect(collector, a_view(post), address="10.0.0.1", HTTP_X_FORWARDED_FOR=f"{reader}1")[0]
        for reader in readers
    ]
    assert from_collector == from_django == [204, 204, 429]


def test_a_host_the_site_does_not_serve_is_refused(collector, post, settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    evil = {"HTTP_HOST": "evil.example", "HTTP_ORIGIN": "http://evil.example"}
    (django_answers, django_counts), (answers, counted) = both_ways(
        collector, [a_view(post)], **evil
    )
    # Django answers a disallowed host with its own 400 page, not the view's JSON.
    assert answers[0][0] == django_answers[0][0] == 400
    assert counted == django_counts == {}


def test_a_get_is_refused_as_django_does(collector, post):
    status, headers, content = collect(collector, b"", address="192.0.2.2", method="GET")
    django_status, django_headers, _ = django(b"", address="192.0.2.1", REQUEST_METHOD="GET")
    assert status == django_status == 405
    assert headers == django_headers
    assert headers["Allow"] == "POST"
    assert content is None  # as Django's: no body


def test_another_path_is_not_found(collector, post):
    status, _, content = collect(collector, a_view(post), address="192.0.2.2", path="/search/")
    assert status == 404
    assert content == {"error": "Not found."}


def test_a_refusal_carries_no_content_security_policy_as_in_django(collector, post):
    body = {"page": post.pk + 1000, "audience": "guest", "view": True}
    (django_answers, _), (answers, _) = both_ways(collector, [body])
    assert django_answers[0][1]["Content-Security-Policy"] is None
    assert answers == django_answers


# --- the database, only when needed ---------------------------------------------------------


def test_the_first_beacon_for_a_page_needs_the_database(collector, post):
    answer = collector.answer(
        "POST", "/analytics/beacon", wire_headers(BASE_HEADERS), encoded(a_view(post))
    )
    assert callable(answer)
    assert answer().status == 204


def test_a_page_looked_up_once_is_answered_without_any_query(
    collector, post, django_assert_num_queries
):
    collect(collector, a_view(post), address="192.0.2.2")
    with django_assert_num_queries(0):
        answer = collector.answer(
            "POST",
            "/analytics/beacon",
            wire_headers(BASE_HEADERS),
            encoded(a_view(post)),
            client=("192.0.2.3", 40000),
        )
    assert not callable(answer)
    assert answer.status == 204


def test_an_unknown_page_is_refused_without_any_query_once_the_live_pages_are_known(
    collector, post, django_assert_num_queries
):
    collect(collector, a_view(post), address="192.0.2.2")
    body = encoded({"page": post.pk + 1000, "audience": "guest", "view": True})
    with django_assert_num_queries(0):
        answer = collector.answer("POST", "/analytics/beacon", wire_headers(BASE_HEADERS), body)
    assert not callable(answer)
    assert answer.status == 422


def test_after_a_publish_the_page_is_looked_up_again(collector, post, monkeypatch):
    monkeypatch.setattr(collector_module, "GENERATION_SECONDS", 0)
    collect(collector, a_view(post), address="192.0.2.2")
    post.title = "Collected beacons, edited"
    post.save_revision().publish()
    answer = collector.answer(
        "POST", "/analytics/beacon", wire_headers(BASE_HEADERS), encoded(a_view(post))
    )
    assert callable(answer)
    assert answer().status == 204


def test_an_unpublished_page_is_refused_once_the_collector_notices(collector, post, monkeypatch):
    monkeypatch.setattr(collector_module, "GENERATION_SECONDS", 0)
    assert collect(collector, a_view(post), address="192.0.2.2")[0] == 204
    post.unpublish()
    assert collect(collector, a_view(post), address="192.0.2.2")[0] == 422
