"""Create the page tree a fresh Folio needs: a home page as the site root, a blog under it."""

from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from wagtail.models import Page, Site

from blog.models import BlogIndexPage

from .models import HomePage

# Addresses a server listens on, not ones a reader can visit.
WILDCARD_HOSTS = {"0.0.0.0", "::", "[::]"}


def public_host_and_port(base_url=None):
    """The site's host and port, from ``base_url`` (WAGTAILADMIN_BASE_URL by default), so
    absolute URLs are right; a wildcard listening address becomes ``localhost``."""
    parts = urlsplit(base_url or settings.WAGTAILADMIN_BASE_URL)
    hostname = parts.hostname or "localhost"
    if hostname in WILDCARD_HOSTS:
        hostname = "localhost"
    return hostname, parts.port or (443 if parts.scheme == "https" else 80)


@transaction.atomic
def ensure_site_tree(*, site_name="Folio", blog_title="Blog", base_url=None):
    """Return ``(home, blog_index, created)``; running it again changes nothing. A site
    made here takes its address from ``base_url``; an existing one keeps its own."""
    created = False
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        # Wagtail's install leaves a placeholder "Welcome" page on the default site;
        # it would take the "home" slug, so it goes before the real home page comes in.
        for placeholder in root.get_children().exact_type(Page):
            if placeholder.slug == "home":
                placeholder.delete()
        home = root.add_child(
            instance=HomePage(
                title=site_name,
                slug="home",
                intro="<p>News, guides and ideas from our team.</p>",
            )
        )
        created = True

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        hostname, port = public_host_and_port(base_url)
        site = Site.objects.create(
            hostname=hostname, port=port, root_page=home, is_default_site=True, site_name=site_name
        )
        created = True
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.site_name = site.site_name or site_name
        site.save()
        created = True

    blog_index = BlogIndexPage.objects.descendant_of(home).first()
    if blog_index is None:
        blog_index = home.add_child(instance=BlogIndexPage(title=blog_title, slug="blog"))
        created = True
    return home, blog_index, created
