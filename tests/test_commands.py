"""Set-up commands that `make run` calls on a fresh machine."""

import io

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from wagtail.models import Site

from blog.models import BlogIndexPage
from home.models import HomePage

pytestmark = pytest.mark.django_db


def run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_setup_site_makes_home_the_default_site_root_with_a_blog():
    run("setup_site")
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    assert BlogIndexPage.objects.get().url == "/blog/"


def test_setup_site_twice_changes_nothing():
    run("setup_site")
    pages_before = HomePage.objects.count(), BlogIndexPage.objects.count(), Site.objects.count()
    assert "already in place" in run("setup_site")
    assert (
        HomePage.objects.count(),
        BlogIndexPage.objects.count(),
        Site.objects.count(),
    ) == pages_before


def test_ensure_admin_generates_and_prints_a_password(monkeypatch):
    monkeypatch.delenv("FOLIO_ADMIN_PASSWORD", raising=False)
    monkeypatch.delenv("FOLIO_ADMIN_USERNAME", raising=False)
    output = run("ensure_admin")
    password = output.split("generated: ")[1].split()[0]
    assert User.objects.get(username="admin").check_password(password)


def test_ensure_admin_takes_the_password_from_the_environment(monkeypatch):
    monkeypatch.setenv("FOLIO_ADMIN_USERNAME", "marketing")
    monkeypatch.setenv("FOLIO_ADMIN_PASSWORD", "a-long-secret-pw")
    assert "taken from FOLIO_ADMIN_PASSWORD" in run("ensure_admin")
    assert User.objects.get(username="marketing").check_password("a-long-secret-pw")


def test_ensure_admin_leaves_an_existing_admin_alone(monkeypatch):
    User.objects.create_superuser("someone", "s@example.com", "pw")
    assert "already exists" in run("ensure_admin")
    assert User.objects.filter(is_superuser=True).count() == 1


def test_setup_site_takes_the_public_address_from_the_base_url(settings):
    settings.WAGTAILADMIN_BASE_URL = "https://blog.example.com"
    run("setup_site")
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("blog.example.com", 443)
    assert BlogIndexPage.objects.get().full_url == "https://blog.example.com/blog/"
