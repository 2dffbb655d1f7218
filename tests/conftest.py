import pytest
from django.core.cache import caches
from wagtail.models import Page, Site

from ops.page_cache import forget_followed_generation
from tests.factories import BlogIndexPageFactory, HomePageFactory


@pytest.fixture
def home_page(db):
    """A home page as the default site's root, as ``manage.py setup_site`` makes it."""
    root = Page.get_first_root_node()
    Site.objects.all().delete()
    root.get_children().delete()
    home = HomePageFactory(parent=root)
    Site.objects.create(hostname="testserver", port=80, root_page=home, is_default_site=True)
    return home


@pytest.fixture
def blog_index(home_page):
    return BlogIndexPageFactory(parent=home_page)


@pytest.fixture(autouse=True)
def fresh_caches(settings):
    """Each test starts with empty caches: a copy cached by another test's data (rolled
    back since) must not answer this one."""
    for alias in settings.CACHES:
        caches[alias].clear()
    # As in a new worker: what the last test's generation left is not this test's.
    forget_followed_generation()
