"""Beacons answered in front of Django (analytics/fast_path.py), through the real WSGI app.

Each case sends the same beacons twice, as gunicorn calls the application: once to
``folio.wsgi.application`` (the fast path) and once to Django's own handler behind it
(``folio.wsgi.django_application``, where ``BeaconMiddleware`` answers), each from its own
reader address; both must give the same statuses, headers and bodies, and add the same
counts once flushed.
"""

import io
import json

import pytest
from django.test.client import RequestFactory

from analytics.models import PageDay, SourceDay
from folio.wsgi import application, django_application
from tests.analytics_fixtures import (
    BROWSER,
    GOOGLEBOT,
    REDIS_URL,
    flushed,
    own_buffer_fixture,  # noqa: F401
)
from tests.factories import BlogPageFactory
from tests.wsgi_fixtures import (  # noqa: F401 (fixtures)
    connections_kept_fixture,
    django_requests_fixture,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["local", "redis"])
def buffer_kind(request, settings):
    """The machine-local buffer, then Redis (the run's REDIS_URL when it has one)."""
    if request.param == "redis":
        import redis

        url = settings.REDIS_URL or REDIS_URL
        try:
            redis.Redis.from_url(url).ping()
        except redis.RedisError:
            pytest.skip(f"Redis is not running at {url}")
        settings.FOLIO_ANALYTICS_REDIS_URL = url
        yield "redis"
        client = redis.Redis.from_url(url)
        keys = list(
            client.scan_iter(match=f"folio:analytics:{settings.FOLIO_ANALYTICS_NAMESPACE}:*")
        )
        if keys:
            client.delete(*keys)
        return
    yield "local"


@pytest.fixture
def post(blog_index):
    return BlogPageFactory(parent=blog_index, title="Fast beacons", slug="fast-beacons")


def send(app, body, *, address, user_agent=BROWSER, **headers):
    """POST ``body`` to the beacon URL through ``app``, as gunicorn calls it."""
    body = body if isinstance(body, bytes) else json.dumps(body).encode()
    environ = RequestFactory()._base_environ(
        PATH_INFO="/analytics/beacon",
        REQUEST_METHOD="POST",
        HTTP_HOST="testserver",
        REMOTE_ADDR=address,
        HTTP_USER_AGENT=user_agent,
        CONTENT_TYPE="text/plain;charset=UTF-8",
        CONTENT_LENGTH=str(len(body)),
        HTTP_ORIGIN="http://testserver",
        HTTP_SEC_FETCH_SITE="same-origin",
        **{"wsgi.input": io.BytesIO(body)},
    )
    environ.update(headers)
    sent = []
    result = app(environ, lambda status, headers, exc_info=None: sent.append((status, headers)))
    try:
        content = b"".join(result)
    finally:
        if hasattr(result, "close"):
            result.close()
    status, response_headers = sent[0]
    return status, sorted(response_headers), content


def counts():
    """Every count the reports read, after the worker's flush."""
    flushed()
    pages = {
        (row.page_id, field): getattr(row, field)
        for row in PageDay.objects.all()
        for field in ("views", "visitors", "read_25", "read_50", "read_75", "read_100")
    }
    sources = {
        (row.page_id, row.audience, row.device, row.channel, row.referrer): row.views
        for row in SourceDay.objects.all()
    }
    return {**pages, **sources}


def added(before, after):
    return {
        key: value - before.get(key, 0)
        for key, value in after.items()
        if value != before.get(key, 0)
    }


def both_ways(bodies, **headers):
    """Send ``bodies`` through the fast path, then through Django: (answers, counts added)
    of each."""
    results = []
    for n, app in enumerate((application, django_application)):
        before = counts()
        answers = [send(app, body, address=f"192.0.2.{n + 1}", **headers) for body in bodies]
        results.append((answers, added(before, counts())))
    return results


def a_view(post, **extra):
    return {"page": post.pk, "audience": "guest", "view": True, **extra}


def test_a_good_beacon_is_answered_and_counted_alike(post, buffer_kind):
    body = a_view(post, referrer="https://www.google.com/", read=[25, 50])
    (fast, fast_counts), (django, django_counts) = both_ways([body])
    assert fast == django
    assert fast[0][0] == "204 No Content"
    assert fast_counts == django_counts
    assert fast_counts[(post.pk, "views")] == 1
    assert fast_counts[(post.pk, "read_50")] == 1


def test_a_good_beacon_carries_the_security_headers(post):
    (fast, _), _ = both_ways([a_view(post)])
    headers = dict(fast[0][1])
    assert headers["Cache-Control"] == "no-store"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Content-Security-Policy"]


def test_an_oversized_beacon_is_refused_alike(post):
    (fast, fast_counts), (django, django_counts) = both_ways([a_view(post, padding="y" * 3000)])
    assert fast == django
    assert fast[0][0].startswith("413")
    assert fast_counts == django_counts == {}


@pytest.mark.parametrize("header", ["HTTP_DNT", "HTTP_SEC_GPC"])
def test_a_reader_who_asks_not_to_be_tracked_is_answered_alike(post, header):
    (fast, fast_counts), (django, django_counts) = both_ways([a_view(post)], **{header: "1"})
    assert fast == django
    assert fast[0][0] == "204 No Content"
    assert fast_counts == django_counts == {}


def test_a_bot_is_answered_alike(post):
    (fast, fast_counts), (django, django_counts) = both_ways(
        [a_view(post)], HTTP_USER_AGENT=GOOGLEBOT
    )
    assert fast == django
    assert fast_counts == django_counts == {}


def test_a_beacon_for_an_unknown_page_is_refused_alike(post):
    body = {"page": post.pk + 1000, "audience": "guest", "view": True}
    (fast, fast_counts), (django, django_counts) = both_ways([body])
    assert fast == django
    assert fast[0][0].startswith("422")
    assert fast_counts == django_counts == {}


def test_a_client_over_its_rate_limit_is_refused_alike(post, settings, buffer_kind):
    settings.FOLIO_ANALYTICS_RATE_LIMIT = 2
    (fast, fast_counts), (django, django_counts) = both_ways([a_view(post)] * 3)
    assert fast == django
    assert [status for status, _, _ in fast] == ["204 No Content"] * 2 + ["429 Too Many Requests"]
    assert ("Retry-After", "60") in fast[2][1]
    assert fast_counts == django_counts
    assert fast_counts[(post.pk, "views")] == 2


def test_the_rate_limit_follows_the_client_behind_the_trusted_proxy_alike(post, settings):
    settings.FOLIO_ANALYTICS_RATE_LIMIT = 1
    settings.FOLIO_TRUSTED_PROXY_COUNT = 1
    statuses = []
    for n, app in enumerate((application, django_application)):
        clients = (f"203.0.113.{n}", f"198.51.100.{n}", f"203.0.113.{n}")
        statuses.append(
            [
                send(app, a_view(post), address="10.0.0.1", HTTP_X_FORWARDED_FOR=client)[0]
                for client in clients
            ]
        )
    assert statuses[0] == statuses[1]
    assert statuses[0] == ["204 No Content", "204 No Content", "429 Too Many Requests"]


def test_a_beacon_is_answered_before_django(post, django_requests):
    send(application, a_view(post), address="192.0.2.1")
    status, _, _ = send(application, a_view(post), address="192.0.2.1")
    assert status == "204 No Content"
    assert django_requests == []


def test_with_analytics_off_django_answers_the_beacon(post, settings, django_requests):
    settings.FOLIO_ANALYTICS = False
    status, _, content = send(application, a_view(post), address="192.0.2.1")
    assert django_requests == [1]
    assert status.startswith("404")
    assert b"turned off" in content


def test_other_posts_still_go_to_django(post, django_requests):
    status, _, _ = send(application, a_view(post), address="192.0.2.1", PATH_INFO="/search/")
    assert django_requests == [1]
    assert not status.startswith("204")


def test_a_beacon_from_another_site_is_refused_alike(post):
    (fast, fast_counts), (django, django_counts) = both_ways(
        [a_view(post)], HTTP_ORIGIN="https://evil.example", HTTP_SEC_FETCH_SITE="cross-site"
    )
    assert fast == django
    assert fast[0][0].startswith("403")
    assert fast_counts == django_counts == {}


def test_a_beacon_to_a_host_the_site_does_not_serve_is_refused_alike(post, settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    (fast, fast_counts), (django, django_counts) = both_ways(
        [a_view(post)], HTTP_HOST="evil.example", HTTP_ORIGIN="http://evil.example"
    )
    assert fast == django
    assert fast[0][0].startswith("400")
    assert fast_counts == django_counts == {}
