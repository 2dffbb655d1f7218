"""Plain Django views the page tree cannot serve itself."""

from django.db import DatabaseError, connection
from django.http import Http404, HttpResponseNotFound, JsonResponse
from django.template import loader
from django.utils.cache import add_never_cache_headers
from django.views import defaults
from django.views.decorators.cache import never_cache
from wagtail import views as wagtail_views

from ops.db_outage import is_database_outage
from ops.page_cache import declare_public

from .site_lookup import find_site_with_settings


def serve(request, path):
    """Wagtail's page view, routed from the site's root page without loading its fields.

    Wagtail routes from ``site.root_page.specific``: a query for the home page's own
    fields, which a request for a page below it never reads. Routing from
    ``specific_deferred`` (built from the site's query, fields loaded on first use)
    saves that query; Wagtail's view then finds the route made, as
    ``Page.route_for_request`` caches it on the request. The site comes with its blog
    settings (``site_lookup``).
    """
    components = [component for component in path.split("/") if component]
    site = find_site_with_settings(request)
    if components and site is not None and not hasattr(request, "_wagtail_route_for_request"):
        try:
            root = site.root_page.localized.specific_deferred
            request._wagtail_route_for_request = root.route(request, components)
        except Http404:
            request._wagtail_route_for_request = None
    response = wagtail_views.serve(request, path)
    if getattr(request, "folio_page_serves", False):
        # The page answered, not a password form or a login redirect: the same for every
        # anonymous reader of this URL and audience (ops/wagtail_hooks.py).
        declare_public(response)
    return response


def serve_dotted_path(request, path):
    """Hand paths whose last segment has a dot (``p/<slug>.html``, ``feed.xml``) to Wagtail.

    Wagtail's catch-all URL only matches ``[\\w-]+/`` segments, so the source blog's
    permalinks would never reach the blog index's routes. Serving them as if they had
    a trailing slash keeps those routes (``BlogIndexRoutes``) the one place they live.
    """
    return serve(request, path + "/")


@never_cache
def healthz(request):
    """Liveness and database check for load balancers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # noqa: BLE001 - any database failure means "unhealthy"
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


def page_not_found(request, exception):
    """Django's 404 page; a plain one while the database is down (the site's reads it).

    The usual page is the same for everyone: kept briefly by the page cache, so that a
    flood of random URLs does not render it every time (blog/page_cache.py).
    """
    try:
        return declare_public(defaults.page_not_found(request, exception))
    except DatabaseError as error:
        if not is_database_outage(error):
            raise
        response = HttpResponseNotFound(loader.render_to_string("404_offline.html"))
        add_never_cache_headers(response)
        return response
