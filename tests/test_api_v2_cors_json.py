"""API v2 over HTTP for browser code on another origin, and JSON as small as it can be.

A front end on another origin revalidates with ``If-None-Match``: its preflight must allow
the header and its script must be able to read ``ETag`` and ``Last-Modified``. Production
answers compact JSON (Wagtail pretty-prints with four spaces of indent).
"""

import pytest
from django.core.cache import caches

from tests.api_fixtures import API, POST_TYPE
from tests.factories import BlogPageFactory

pytestmark = pytest.mark.django_db

LISTING = f"{API}/pages/?type={POST_TYPE}&fields=date,tags,authors"
ORIGIN = "https://front.example.org"


@pytest.fixture
def posts(blog_index):
    return [
        BlogPageFactory(parent=blog_index, title=f"Post {n}", tag_names=["alpha", "beta"])
        for n in range(3)
    ]


def preflight(client, url, headers):
    return client.options(
        url,
        HTTP_ORIGIN=ORIGIN,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS=headers,
    )


def allowed_headers(response):
    return {h.strip().lower() for h in response["Access-Control-Allow-Headers"].split(",")}


def exposed_headers(response):
    return {h.strip().lower() for h in response["Access-Control-Expose-Headers"].split(",")}


def test_preflight_allows_if_none_match_and_if_modified_since(client, posts):
    response = preflight(client, LISTING, "if-none-match, if-modified-since")
    assert response.status_code == 200
    assert {"if-none-match", "if-modified-since"} <= allowed_headers(response)


def test_preflight_still_allows_the_usual_headers(client, posts):
    assert {"accept", "content-type"} <= allowed_headers(preflight(client, LISTING, "accept"))


def test_browser_code_may_read_etag_and_last_modified(client, posts):
    response = client.get(LISTING, HTTP_ORIGIN=ORIGIN)
    assert response["ETag"] and response["Last-Modified"]
    assert {"etag", "last-modified"} <= exposed_headers(response)


def test_a_cached_copy_exposes_the_validators_too(client, posts):
    client.get(LISTING, HTTP_ORIGIN=ORIGIN)
    hit = client.get(LISTING, HTTP_ORIGIN=ORIGIN)
    assert {"etag", "last-modified"} <= exposed_headers(hit)


def test_a_cross_origin_revalidation_gets_304_with_readable_validators(client, posts):
    etag = client.get(LISTING, HTTP_ORIGIN=ORIGIN)["ETag"]
    response = client.get(LISTING, HTTP_ORIGIN=ORIGIN, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "etag" in exposed_headers(response)


def fetch_fresh(client, url):
    """The answer built now (not a copy the page cache kept from another setting)."""
    for cache in caches.all():
        cache.clear()
    return client.get(url)


def test_production_json_is_compact(client, posts, settings):
    settings.DEBUG = False
    body = fetch_fresh(client, LISTING).content
    assert b"\n" not in body
    assert b'": ' not in body and b", " not in body.replace(b"Post ", b"")


def test_compact_json_is_smaller_than_the_debug_form_with_the_same_data(client, posts, settings):
    settings.DEBUG = True
    pretty = fetch_fresh(client, LISTING)
    settings.DEBUG = False
    compact = fetch_fresh(client, LISTING)
    assert b"\n    " in pretty.content
    assert compact.json() == pretty.json()
    assert len(compact.content) < 0.75 * len(pretty.content)


def test_errors_are_compact_too(client, settings):
    settings.DEBUG = False
    assert b"\n" not in client.get(f"{API}/pages/?limit=x").content
