"""``find_site_with_settings`` picks the site Wagtail would, and brings its settings."""

import pytest
from django.test import RequestFactory
from wagtail.models import Page, Site

from blog.site_lookup import find_site_with_settings
from blog.site_settings import BlogSettings
from tests.factories import CallToActionFactory, HomePageFactory

pytestmark = pytest.mark.django_db

HOSTS = [
    ("testserver", 80),
    ("blog.example", 80),
    ("blog.example", 8080),
    ("other.example", 80),
    ("other.example", 8000),
    ("unknown.example", 80),
]


@pytest.fixture
def sites(home_page):
    root = Page.get_first_root_node()
    second = HomePageFactory(parent=root, title="Second", slug="second")
    third = HomePageFactory(parent=root, title="Third", slug="third")
    Site.objects.create(hostname="blog.example", port=80, root_page=second)
    Site.objects.create(hostname="other.example", port=8000, root_page=third)
    Site.objects.create(hostname="other.example", port=8001, root_page=third)


def request_for(host, port):
    return RequestFactory().get("/", HTTP_HOST=f"{host}:{port}")


@pytest.mark.parametrize("host, port", HOSTS)
def test_finds_the_site_wagtail_finds(sites, host, port):
    ours = find_site_with_settings(request_for(host, port))
    wagtails = Site.find_for_request(request_for(host, port))
    assert ours == wagtails


def test_no_site_without_any_site(db):
    Site.objects.all().delete()
    assert find_site_with_settings(request_for("testserver", 80)) is None


def test_settings_come_with_the_site_in_one_query(home_page, django_assert_num_queries):
    cta = CallToActionFactory()
    BlogSettings.objects.create(
        site=Site.objects.get(), posts_per_page=7, default_guest_call_to_action=cta
    )
    request = request_for("testserver", 80)
    with django_assert_num_queries(1):
        site = find_site_with_settings(request)
        assert Site.find_for_request(request) == site
        settings = BlogSettings.for_request(request)
        assert settings.posts_per_page == 7
        assert settings.default_guest_call_to_action.heading == cta.heading


def test_a_site_without_settings_gets_them_created_as_wagtail_does(home_page):
    request = request_for("testserver", 80)
    find_site_with_settings(request)
    assert BlogSettings.for_request(request).posts_per_page == 15
