"""Reading settings never writes them (blog/settings_reads.py).

A reader's page view on a site whose Settings → Blog or Settings → Brand were never saved
reads their defaults: no row is created, so the content generation stays put and nothing
cached is retired. The Settings admin still opens for such a site, and saving its form
creates the row.
"""

import pytest
from django.contrib.auth.models import User
from wagtail.models import Site
from wagtail.test.utils.form_data import nested_form_data, streamfield

from blog.site_settings import BlogSettings
from brand.models import DEFAULT_ACCENT, BrandSettings
from ops.page_cache import current_generation
from tests.factories import BlogPageFactory

pytestmark = pytest.mark.django_db


def settings_rows():
    return BlogSettings.objects.count(), BrandSettings.objects.count()


@pytest.fixture(name="post")
def post_fixture(blog_index):
    return BlogPageFactory(parent=blog_index, title="Unsettled")


@pytest.fixture(name="admin_client")
def admin_client_fixture(client):
    client.force_login(User.objects.create_superuser("boss", "boss@example.com", "pw"))
    return client


def test_a_readers_view_of_the_blog_index_creates_no_settings(client, post):
    generation = current_generation()

    assert client.get(post.get_parent().url).status_code == 200

    assert settings_rows() == (0, 0)
    assert current_generation() == generation


def test_a_readers_view_of_a_post_creates_no_settings(client, post):
    generation = current_generation()

    assert client.get(post.url).status_code == 200

    assert settings_rows() == (0, 0)
    assert current_generation() == generation


def test_settings_never_saved_read_as_their_defaults(home_page):
    site = Site.objects.get(is_default_site=True)

    blog, brand = BlogSettings.for_site(site), BrandSettings.for_site(site)

    assert (blog.pk, blog.posts_per_page, blog.default_guest_call_to_action) == (None, 15, None)
    assert (brand.pk, brand.accent_colour, brand.site) == (None, DEFAULT_ACCENT, site)
    assert settings_rows() == (0, 0)


def test_saved_settings_are_read_as_saved(home_page):
    site = Site.objects.get(is_default_site=True)
    BlogSettings.objects.create(site=site, posts_per_page=7)

    assert BlogSettings.for_site(site).posts_per_page == 7


def test_the_admin_saves_blog_settings_for_a_site_that_has_none(admin_client, home_page):
    site = Site.objects.get(is_default_site=True)
    url = f"/admin/settings/blog/blogsettings/{site.pk}/"

    assert admin_client.get(url).status_code == 200
    assert settings_rows() == (0, 0)
    response = admin_client.post(
        url,
        {"posts_per_page": "4", "organisation_name": "Acme", "twitter_handle": "acme"},
    )

    assert response.status_code == 302
    saved = BlogSettings.objects.get(site=site)
    assert (saved.posts_per_page, saved.organisation_name) == (4, "Acme")


def test_the_admin_saves_brand_settings_for_a_site_that_has_none(admin_client, home_page):
    site = Site.objects.get(is_default_site=True)
    url = f"/admin/settings/brand/brandsettings/{site.pk}/"
    form = {
        "site_name": "Acme Journal",
        "accent_colour": DEFAULT_ACCENT,
        "footer_text": "",
        "header_links": streamfield([]),
        "footer_links": streamfield([]),
        "social_profiles": streamfield([]),
    }

    assert admin_client.get(url).status_code == 200
    assert settings_rows() == (0, 0)
    response = admin_client.post(url, nested_form_data(form))

    assert response.status_code == 302
    assert BrandSettings.objects.get(site=site).site_name == "Acme Journal"
