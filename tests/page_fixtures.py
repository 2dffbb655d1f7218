"""Fixtures and helpers for tests of what readers see: pages, feeds, head metadata.

Fixtures are named ``*_fixture`` in Python and by their short name in pytest, so a test
module imports e.g. ``guest_cta_fixture`` and its tests ask for ``guest_cta``.
"""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from wagtail.models import PageViewRestriction, Site

from blog.models import BlogPageRelatedPost
from blog.site_settings import BlogSettings
from ops.rendition_tasks import make_renditions
from tests.factories import BlogPageFactory, CallToActionFactory, ImageFactory


def publish(page):
    """Publish the page as an editor would, so it has a revision and ``last_published_at``."""
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def make_post(parent, **kwargs):
    """A published post under ``parent`` (factory arguments as for BlogPageFactory)."""
    return publish(BlogPageFactory(parent=parent, **kwargs))


def renditions_made(*pages):
    """What the worker does after these pages are published (ops/rendition_tasks.py), done
    here: the renditions they show exist. A reader's request never makes them."""
    make_renditions.call(pages=[page.pk for page in pages])


def make_draft(parent, **kwargs):
    return BlogPageFactory(parent=parent, live=False, **kwargs)


def make_private(post, password="secret"):
    """Put a post behind a password: it stays live but is not public."""
    PageViewRestriction.objects.create(
        page=post, restriction_type=PageViewRestriction.PASSWORD, password=password
    )
    return post


def relate(post, *related):
    for order, other in enumerate(related):
        BlogPageRelatedPost.objects.create(page=post, related_post=other, sort_order=order)


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def main_text(response):
    """The visible text of the page's <main>, whitespace collapsed."""
    return " ".join(soup(response).find("main").get_text(" ").split())


def meta_content(page_soup, key):
    """Content of ``<meta property=key>`` or ``<meta name=key>``; ``None`` when absent."""
    tag = page_soup.find("meta", attrs={"property": key}) or page_soup.find(
        "meta", attrs={"name": key}
    )
    return tag["content"] if tag else None


def site_settings():
    """The default site's BlogSettings (created on first use)."""
    return BlogSettings.for_site(Site.objects.get(is_default_site=True))


@pytest.fixture(name="guest_cta")
def guest_cta_fixture(home_page):
    """The site-wide call to action appended to every post for guests."""
    cta = CallToActionFactory(
        heading="Join the site-wide club",
        button_label="Sign up today",
        url="https://example.com/sitewide",
    )
    settings = site_settings()
    settings.default_guest_call_to_action = cta
    settings.save()
    return cta


@pytest.fixture(name="member_user")
def member_user_fixture(db):
    return get_user_model().objects.create_user(username="reader", password="pw-12345678")


@pytest.fixture(name="wide_image")
def wide_image_fixture(db):
    """A 1600×900 JPEG, large enough for every rendition size the templates ask for."""
    return ImageFactory(
        title="Team at work", file__width=1600, file__height=900, file__filename="team.jpg"
    )
