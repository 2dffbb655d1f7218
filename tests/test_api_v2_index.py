"""``GET /api/v2/`` lists everything under it: Wagtail's endpoints, the site and the
OpenAPI document, each as an absolute URL a client can follow."""

import pytest

from tests.api_fixtures import API, get_json

pytestmark = pytest.mark.django_db


def test_the_index_lists_the_site(client, home_page):
    assert get_json(client, f"{API}/")["site"] == f"http://testserver{API}/site/"


def test_the_index_lists_the_openapi_document(client, home_page):
    assert get_json(client, f"{API}/")["openapi"] == f"http://testserver{API}/openapi.json"


def test_every_url_the_index_lists_is_an_api_address(client, home_page):
    index = get_json(client, f"{API}/")
    urls = [*index["endpoints"].values(), index["site"], index["openapi"]]

    for url in urls:
        response = client.get(url)
        # page_preview answers 400 without its content type and token: it is there.
        assert response.status_code != 404, url
        assert response["Content-Type"] == "application/json", url
