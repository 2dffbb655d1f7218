"""What one API request may show: its site's live, public pages, worked out once.

Wagtail's stock endpoint asks each ``PageViewRestriction`` whether *this* request may
pass (a logged-in editor, a password typed earlier in the session). Folio's API is read
by other sites and cached by CDNs, so its answer must be the same for everybody: a page
behind any restriction, or on another site, is never shown.
"""

from django.db.models import Q
from django.utils.functional import cached_property
from wagtail.models import Page, PageViewRestriction, Site

from blog.models import BlogIndexPage, BlogPage


class PublicContent:
    def __init__(self, request):
        self.request = request

    @cached_property
    def site(self):
        return Site.find_for_request(self.request)

    @cached_property
    def restricted_paths(self):
        """Tree paths of the pages with a view restriction (each covers its descendants)."""
        return list(PageViewRestriction.objects.values_list("page__path", flat=True))

    def _public(self, model):
        if self.site is None:
            return model.objects.none()
        private = Q(pk__in=[])
        for path in self.restricted_paths:
            private |= Q(path__startswith=path)
        return model.objects.live().in_site(self.site).exclude(private)

    def shows(self, page):
        """Whether ``page`` (already loaded) is one of ``pages``, without asking the database."""
        return (
            page.live
            and self.site is not None
            and page.path.startswith(self.site.root_page.path)
            and not page.path.startswith(tuple(self.restricted_paths))
        )

    @cached_property
    def pages(self):
        return self._public(Page)

    @cached_property
    def posts(self):
        return self._public(BlogPage)

    @cached_property
    def blog_index(self):
        """The site's (first) blog index, for links to tag, category and author pages."""
        return self._public(BlogIndexPage).order_by("path").first()

    def blog_route_url(self, route_name, slug):
        """Absolute URL of a blog index sub-route such as ``author/<slug>/``, or ``None``."""
        index = self.blog_index
        if index is None or index.full_url is None:
            return None
        return index.full_url + index.reverse_subpage(route_name, args=[slug])
