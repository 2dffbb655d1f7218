"""Page-cache hits answered before Django (ops/cached_hits.py), through the real WSGI app.

The requests go to ``folio.wsgi.application`` as gunicorn sends them: a repeated anonymous
GET is answered without entering Django (no ``request_started``), with the bytes and
headers Django sent; every request that is someone's, or whose answer the key does not
hold, still reaches Django and gets what it got before.
"""

import gzip

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.test.client import RequestFactory
from wagtail.models import Site

from blog.site_settings import BlogSettings
from folio.wsgi import application
from tests.factories import BlogPageFactory
from tests.wsgi_fixtures import (  # noqa: F401 (fixtures)
    connections_kept_fixture,
    django_requests_fixture,
)

pytestmark = pytest.mark.django_db

API_LIST = "/api/v2/pages/?type=blog.BlogPage&fields=*&limit=20"


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.FOLIO_PAGE_CACHE = True


@pytest.fixture
def post(blog_index):
    # The blog's settings row, which the first page view would otherwise create (and so
    # retire what it cached).
    BlogSettings.for_site(Site.objects.get(is_default_site=True))
    return BlogPageFactory(parent=blog_index, title="Front door post")


class Answer:
    def __init__(self, status, headers, body):
        self.status_code = int(status.split()[0])
        self.headers = {name.lower(): value for name, value in headers}
        self.body = body

    def text(self):
        if self.headers.get("content-encoding") == "gzip":
            return gzip.decompress(self.body).decode()
        return self.body.decode()


def get(url, **headers):
    """GET ``url`` through the WSGI application, as gunicorn calls it."""
    path, _, query = url.partition("?")
    environ = RequestFactory()._base_environ(
        PATH_INFO=path, QUERY_STRING=query, REQUEST_METHOD="GET", HTTP_HOST="testserver"
    )
    environ.update(headers)
    sent = []
    result = application(
        environ, lambda status, headers, exc_info=None: sent.append((status, headers))
    )
    try:
        body = b"".join(result)
    finally:
        if hasattr(result, "close"):
            result.close()
    return Answer(*sent[0], body)


def test_repeated_anonymous_get_is_answered_before_django(post, django_requests):
    first = get(post.url)
    answered_by_django = len(django_requests)
    second = get(post.url)
    assert len(django_requests) == answered_by_django
    assert second.status_code == 200
    assert "Front door post" in second.text()
    assert second.body == first.body


def test_a_hit_carries_the_headers_django_sent(post):
    first = get(post.url, HTTP_ACCEPT_ENCODING="gzip")
    second = get(post.url, HTTP_ACCEPT_ENCODING="gzip")
    for name in ("content-security-policy", "x-content-type-options", "x-frame-options",
                 "referrer-policy", "content-encoding", "vary", "content-type"):  # fmt: skip
        assert second.headers.get(name) == first.headers.get(name), name
    assert second.headers["content-security-policy"]
    assert second.headers["x-folio-cache"] == "hit"


def test_gzip_and_plain_readers_each_get_their_own_body(post):
    get(post.url, HTTP_ACCEPT_ENCODING="gzip")
    plain = get(post.url)
    zipped = get(post.url, HTTP_ACCEPT_ENCODING="gzip")
    assert "content-encoding" not in plain.headers
    assert zipped.headers["content-encoding"] == "gzip"
    assert plain.text() == zipped.text()


def test_publishing_retires_the_copy_at_once(post, blog_index):
    get("/blog/")
    BlogPageFactory(parent=blog_index, title="Published just now")
    assert "Published just now" in get("/blog/").text()


def test_api_list_is_answered_before_django(post, django_requests):
    get(API_LIST)
    answered_by_django = len(django_requests)
    again = get(API_LIST)
    assert len(django_requests) == answered_by_django
    assert "Front door post" in again.text()


def test_logged_in_reader_is_answered_by_django(post, django_requests):
    get(post.url)
    client = Client()
    client.force_login(User.objects.create_superuser("boss", "boss@example.com", "pw"))
    session = client.cookies["sessionid"].value
    before = len(django_requests)
    answer = get(post.url, HTTP_COOKIE=f"sessionid={session}")
    assert len(django_requests) == before + 1
    assert answer.headers.get("x-folio-cache") != "hit"


def test_members_and_guests_get_their_own_copies(post, settings, django_requests):
    get(post.url)
    member = get(post.url, HTTP_COOKIE=f"{settings.FOLIO_MEMBER_COOKIE}=1")
    assert member.headers.get("x-folio-cache") != "hit"
    before = len(django_requests)
    get(post.url, HTTP_COOKIE=f"{settings.FOLIO_MEMBER_COOKIE}=1")
    assert len(django_requests) == before  # the members' own copy, from the front


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_AUTHORIZATION": "Bearer secret"},
        {"HTTP_COOKIE": "unknown_cookie=1"},
        {"HTTP_IF_NONE_MATCH": '"x"'},
    ],
    ids=["credential", "unknown cookie", "conditional"],
)
def test_requests_the_key_does_not_hold_go_to_django(post, headers, django_requests):
    get(post.url)
    get(post.url)
    before = len(django_requests)
    get(post.url, **headers)
    assert len(django_requests) == before + 1


def test_preview_token_goes_to_django(post, django_requests):
    get("/api/v2/pages/?token=abc")
    before = len(django_requests)
    get("/api/v2/pages/?token=abc")
    assert len(django_requests) == before + 1


def test_cross_origin_api_caller_gets_the_cors_headers(post):
    get(API_LIST)
    get(API_LIST)
    answer = get(API_LIST, HTTP_ORIGIN="https://front.example")
    assert answer.headers["access-control-allow-origin"] in ("*", "https://front.example")


def test_api_caller_accepting_only_html_gets_406_not_the_kept_json(post):
    get(API_LIST)
    get(API_LIST)
    assert get(API_LIST, HTTP_ACCEPT="text/html").status_code == 406


def test_answers_the_page_cache_does_not_keep_are_not_kept(home_page, django_requests):
    get("/api/v3/whoami/")
    before = len(django_requests)
    get("/api/v3/whoami/")
    assert len(django_requests) == before + 1


def test_nothing_is_answered_before_django_with_the_page_cache_off(post, settings, django_requests):
    settings.FOLIO_PAGE_CACHE = False
    get(post.url)
    before = len(django_requests)
    get(post.url)
    assert len(django_requests) == before + 1
