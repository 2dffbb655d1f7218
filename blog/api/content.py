"""What one API request may show: its site's live, public pages, worked out once.

Wagtail's stock endpoint asks each ``PageViewRestriction`` whether *this* request may
pass (a logged-in editor, a password typed earlier in the session). Folio's API is read
by other sites and cached by CDNs, so its answer must be the same for everybody: a page
behind any restriction, or on another site, is never shown.
"""

from django.utils.functional import cached_property
from wagtail.models import Page, Site

from blog.models import BlogIndexPage, BlogPage, exclude_restricted


class PublicContent:
    def __init__(self, request):
        self.request = request

    @cached_property
    def site(self):
        return Site.find_for_request(self.request)

    def _public(self, model):
        if self.site is None:
            return model.objects.none()
        return exclude_restricted(model.objects.live().in_site(self.site))

    def shows_parent(self, page):
        """Whether the parent of a page this API shows is shown too (without a query).

        A restriction covers its page's descendants, so no ancestor of a public page is
        restricted: the parent is shown when it is live and inside the site.
        """
        return (
            page.live and self.site is not None and page.path.startswith(self.site.root_page.path)
        )

    @cached_property
    def pages(self):
        return self._public(Page)

    @cached_property
    def posts(self):
        return self._public(BlogPage)

    @cached_property
    def listed_posts(self):
        """Public posts that lists show (an unlisted one is read by id or slug only)."""
        return self.posts.listed()

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
