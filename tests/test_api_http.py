"""HTTP behaviour of the API: caching headers, conditional GETs, CORS, JSON only."""

import pytest
from django.utils.http import http_date
from wagtail.models import Collection, CollectionViewRestriction

from tests.api_fixtures import (
    API,
    POST_TYPE,
    document_fixture,  # noqa: F401 - a fixture, used by name
    get_json,
)
from tests.factories import BlogPageFactory, ImageFactory

pytestmark = pytest.mark.django_db

LISTING = f"{API}/pages/?type={POST_TYPE}"


@pytest.fixture
def post(blog_index):
    return BlogPageFactory(parent=blog_index, title="Cached post", tag_names=["a"])


def test_success_can_be_cached_by_shared_caches(client, post):
    cache_control = client.get(LISTING)["Cache-Control"]
    assert {"public", "max-age=60", "stale-while-revalidate=300"} <= {
        part.strip() for part in cache_control.split(",")
    }


def test_cache_lifetimes_come_from_settings(client, post, settings):
    settings.FOLIO_API_CACHE_MAX_AGE = 5
    settings.FOLIO_API_STALE_WHILE_REVALIDATE = 50
    cache_control = client.get(f"{API}/pages/{post.pk}/")["Cache-Control"]
    assert "max-age=5" in cache_control and "stale-while-revalidate=50" in cache_control


def test_errors_are_not_marked_cacheable(client, post):
    assert "Cache-Control" not in client.get(f"{API}/pages/?limit=x")


def test_etag_changes_with_the_content(client, post):
    before = client.get(f"{API}/pages/{post.pk}/")["ETag"]
    assert before == client.get(f"{API}/pages/{post.pk}/")["ETag"]
    post.title = "Retitled"
    post.save_revision().publish()
    assert client.get(f"{API}/pages/{post.pk}/")["ETag"] != before


def test_matching_if_none_match_is_answered_with_304(client, post):
    first = client.get(LISTING)
    second = client.get(LISTING, HTTP_IF_NONE_MATCH=first["ETag"])
    assert second.status_code == 304
    assert second.content == b""
    assert second["ETag"] == first["ETag"]
    assert "max-age=60" in second["Cache-Control"]


def test_stale_etag_gets_the_full_response(client, post):
    response = client.get(LISTING, HTTP_IF_NONE_MATCH='"something-else"')
    assert response.status_code == 200


def test_last_modified_is_the_newest_publish_time_shown(client, post):
    post.refresh_from_db()
    response = client.get(f"{API}/pages/{post.pk}/")
    assert response["Last-Modified"] == http_date(post.last_published_at.timestamp())


def test_if_modified_since_the_last_publish_is_answered_with_304(client, post):
    last_modified = client.get(LISTING)["Last-Modified"]
    assert client.get(LISTING, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    assert (
        client.get(LISTING, HTTP_IF_MODIFIED_SINCE="Mon, 01 Jan 2001 00:00:00 GMT").status_code
        == 200
    )


def test_conditional_get_works_on_every_endpoint(client, post):
    for url in (
        f"{API}/authors/",
        f"{API}/tags/",
        f"{API}/images/",
        f"{API}/pages/slug/{post.slug}/",
    ):
        etag = client.get(url)["ETag"]
        assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304, url


def test_cors_allows_any_origin_to_read(client, post):
    response = client.get(LISTING, HTTP_ORIGIN="https://front.example.org")
    assert response["Access-Control-Allow-Origin"] == "*"


def test_cors_preflight(client):
    response = client.options(
        f"{API}/pages/",
        HTTP_ORIGIN="https://front.example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response["Access-Control-Allow-Methods"]


def test_cors_headers_on_errors_too(client):
    response = client.get(f"{API}/pages/?limit=x", HTTP_ORIGIN="https://front.example.org")
    assert response["Access-Control-Allow-Origin"] == "*"


def test_json_even_when_a_browser_asks_for_html(client, post):
    response = client.get(LISTING, HTTP_ACCEPT="text/html,application/xhtml+xml,*/*;q=0.8")
    assert response["Content-Type"] == "application/json"


def test_browsable_api_is_not_offered(client, post):
    assert client.get(f"{API}/pages/", {"format": "api"}).status_code == 400


def test_writes_are_refused_with_a_json_message(client, post):
    response = client.post(f"{API}/pages/", {"title": "x"})
    assert response.status_code == 405
    assert response.json() == {"message": 'Method "POST" not allowed.'}


def test_head_is_answered_like_get(client, post):
    response = client.head(LISTING)
    assert response.status_code == 200 and response["ETag"]


def test_api_root_lists_the_endpoints(client, home_page):
    endpoints = get_json(client, f"{API}/")["endpoints"]
    assert endpoints == {
        name: f"http://testserver{API}/{name}/"
        for name in (
            "pages",
            "images",
            "documents",
            "authors",
            "categories",
            "tags",
            "page_preview",
        )
    }


def shown_by_a_post(blog_index, *images, documents=()):
    """A published post showing these images (as body blocks) and linking these documents."""
    body = [("image", {"image": image, "alt": image.title}) for image in images]
    links = "".join(f'<a linktype="document" id="{each.pk}">x</a>' for each in documents)
    return BlogPageFactory(parent=blog_index, body=[*body, ("paragraph", f"<p>{links}</p>")])


def test_images_have_absolute_download_urls_and_tags(client, blog_index):
    image = ImageFactory(title="Desk")
    image.tags.add("office")
    shown_by_a_post(blog_index, image)
    (item,) = get_json(client, f"{API}/images/")["items"]
    assert item["meta"]["download_url"].startswith("http://testserver/media/")
    assert item["meta"]["tags"] == ["office"]


def test_images_in_restricted_collections_are_hidden(client, blog_index):
    secret = Collection.get_first_root_node().add_child(name="Secret")
    CollectionViewRestriction.objects.create(collection=secret, restriction_type="login")
    shown_by_a_post(
        blog_index, ImageFactory(title="Shown"), ImageFactory(title="Hidden", collection=secret)
    )
    titles = [item["title"] for item in get_json(client, f"{API}/images/")["items"]]
    assert titles == ["Shown"]


def test_documents_have_absolute_download_urls(client, blog_index, document):
    shown_by_a_post(blog_index, documents=[document])
    (item,) = get_json(client, f"{API}/documents/")["items"]
    assert item["meta"]["download_url"] == f"http://testserver/documents/{document.pk}/slides.pdf"


@pytest.mark.django_db
def test_api_responses_are_gzipped_for_clients_that_accept_it(client, blog_index):
    response = client.get("/api/v2/pages/?fields=*", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]


@pytest.mark.django_db
def test_admin_is_not_gzipped(client):
    response = client.get("/admin/login/", HTTP_ACCEPT_ENCODING="gzip")
    assert "Content-Encoding" not in response
