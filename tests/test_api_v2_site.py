"""``GET /api/v2/site/``: the site as JSON (issue #16 item 3), from Settings → Brand and
Settings → Blog, public and cached like pages, and in the OpenAPI document."""

import pytest

from tests.brand_fixtures import brand_settings, link
from tests.factories import CallToActionFactory, ImageFactory
from tests.page_fixtures import guest_cta_fixture, site_settings  # noqa: F401

pytestmark = pytest.mark.django_db

SITE_URL = "/api/v2/site/"


def get_site(client):
    response = client.get(SITE_URL)
    assert response.status_code == 200
    return response.json()


def test_a_site_without_brand_settings_gives_the_defaults(client, blog_index):
    site = get_site(client)
    assert site["title"] == "Folio"
    assert site["url"] == "http://testserver/"
    assert site["accent_colour"] == "#05843e"
    assert site["logo"] is None
    assert site["navigation"] == [
        {"label": "Blog", "url": "http://testserver/blog/"},
        {"label": "Search", "url": "http://testserver/search/"},
    ]
    assert site["guest_call_to_action"] is None


def test_the_brand_names_colours_and_links_the_site(client, blog_index):
    brand_settings(
        site_name="Acme",
        accent_colour="#1d4ed8",
        header_links=[link("Product", "https://acme.example/"), link("Blog", page=blog_index)],
        footer_text="Acme makes calendars.",
        footer_links=[link("Careers", "https://acme.example/jobs")],
        social_profiles=[
            ("profile", {"network": "linkedin", "url": "https://linkedin.com/company/acme"})
        ],
    )
    site = get_site(client)
    assert site["title"] == "Acme"
    assert site["accent_colour"] == "#1d4ed8"
    assert site["navigation"] == [
        {"label": "Product", "url": "https://acme.example/"},
        {"label": "Blog", "url": "http://testserver/blog/"},
        {"label": "Search", "url": "http://testserver/search/"},
    ]
    assert site["footer"] == {
        "text": "Acme makes calendars.",
        "links": [{"label": "Careers", "url": "https://acme.example/jobs"}],
    }
    assert site["social_profiles"] == [
        {"network": "linkedin", "label": "LinkedIn", "url": "https://linkedin.com/company/acme"}
    ]


def test_the_logo_has_an_absolute_url(client, blog_index):
    brand_settings(logo=ImageFactory(title="Acme logo"))
    logo = get_site(client)["logo"]
    assert logo["url"].startswith("http://testserver/media/")
    assert logo["width"] > 0


def test_guests_get_the_blogs_call_to_action(client, blog_index, guest_cta):
    cta = get_site(client)["guest_call_to_action"]
    assert cta["heading"] == "Join the site-wide club"
    assert cta["button_label"] == "Sign up today"
    assert cta["url"] == "https://example.com/sitewide"


def test_an_unpublished_call_to_action_is_not_shown(client, blog_index):
    settings = site_settings()
    settings.default_guest_call_to_action = CallToActionFactory(live=False)
    settings.save()
    assert get_site(client)["guest_call_to_action"] is None


def test_the_site_is_public_and_a_brand_change_shows_at_once(client, blog_index):
    first = client.get(SITE_URL)
    assert "public" in first["Cache-Control"]
    assert client.get(SITE_URL, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304

    brand_settings(site_name="Renamed")
    assert get_site(client)["title"] == "Renamed"


def test_the_site_is_in_the_openapi_document(client, blog_index):
    document = client.get("/api/v2/openapi.json").json()
    assert document["paths"]["/site/"]["get"]["operationId"] == "site"
    assert "guest_call_to_action" in document["components"]["schemas"]["Site"]["properties"]


@pytest.mark.parametrize("url", [SITE_URL, "/api/v2/openapi.json"])
def test_a_write_is_refused_in_json(client, blog_index, url):
    response = client.post(url)
    assert response.status_code == 405
    assert response.json() == {"message": 'Method "POST" not allowed.'}
