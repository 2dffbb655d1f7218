"""``pages/find/?html_path=``: the page a reader following that path ends up on.

Wagtail routes the path and answers the page that routed it. Folio's blog index answers
many paths itself (tag, category and author listings and their feeds, the old
``/blog/p/<slug>.html`` permalinks), so Wagtail answered the blog index for all of them:
for a tag nobody has, and for an old permalink instead of its post. Here, as on the site,
a listing's subject must exist, an old permalink gives its post, and a path no page
answers gives the page a Wagtail redirect (made by the importer or an editor) leads to.
"""

from django.http import Http404
from wagtail.contrib.redirects.middleware import get_redirect
from wagtail.contrib.redirects.models import Redirect

# The blog index's routes about one tag, category or author, by the first word of their
# name (``tag``, ``tag_feed``, …), and the method that finds it or raises Http404.
SUBJECT_FILTERS = {"tag": "tag_filter", "category": "category_filter", "author": "author_filter"}
LEGACY_POST_ROUTE = "legacy_post"


def find_by_path(request, site, path):
    """The page ``path`` shows on ``site``, or ``None``; the caller checks it is public."""
    if site is None:
        return None
    page = routed_page(request, site, path)
    if page is None:
        page = redirected_page(request, path)
    return page


def routed_page(request, site, path):
    components = [component for component in path.split("/") if component]
    request.routable_resolver_match = None
    try:
        page = site.root_page.specific.route(request, components)[0]
    except Http404:
        return None
    match = getattr(request, "routable_resolver_match", None)
    if match is None:
        return page
    try:
        return sub_route_page(page, match.url_name or "", match.kwargs)
    except Http404:
        return None


def sub_route_page(page, route_name, kwargs):
    """What one of the blog index's own routes shows: a post for an old permalink, the
    index itself for a listing whose subject exists (Http404 otherwise, as the site)."""
    if route_name == LEGACY_POST_ROUTE:
        post = page.reachable_posts().filter(slug=kwargs.get("slug")).first()
        if post is None:
            raise Http404("no post with this legacy address")
        return post
    subject_filter = SUBJECT_FILTERS.get(route_name.split("_")[0])
    if subject_filter is not None and hasattr(page, subject_filter):
        getattr(page, subject_filter)(kwargs.get("slug"))
    return page


def redirected_page(request, path):
    """The page a Wagtail redirect of ``path`` leads to (one hop, as the site's 404 does)."""
    redirect = get_redirect(request, Redirect.normalise_path(path))
    if redirect is None or redirect.redirect_page is None:
        return None
    return redirect.redirect_page.specific
