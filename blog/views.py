"""Plain Django views the page tree cannot serve itself."""

from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from wagtail import views as wagtail_views


def serve_dotted_path(request, path):
    """Hand paths whose last segment has a dot (``p/<slug>.html``, ``feed.xml``) to Wagtail.

    Wagtail's catch-all URL only matches ``[\\w-]+/`` segments, so the source blog's
    permalinks would never reach the blog index's routes. Serving them as if they had
    a trailing slash keeps those routes (``BlogIndexRoutes``) the one place they live.
    """
    return wagtail_views.serve(request, path + "/")


@never_cache
def healthz(request):
    """Liveness and database check for load balancers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # noqa: BLE001 - any database failure means "unhealthy"
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})
