"""Wagtail's API router, plus an index at its root so ``GET /api/v2/`` says what is there:
every endpoint, the site (``site/``) and the OpenAPI document (``openapi.json``).

Paths under the API that match no endpoint are a JSON 404 too: without the catch-all they
fell through to Wagtail's page serving, and a client got the site's HTML 404 page.
"""

from django.http import JsonResponse
from django.urls import path, re_path, reverse
from django.views.decorators.http import require_safe
from wagtail.api.utils import get_full_url
from wagtail.api.v2.router import WagtailAPIRouter

from .openapi_v2 import openapi_view
from .site import read_only, site_view


class FolioAPIRouter(WagtailAPIRouter):
    def get_urlpatterns(self):
        index = path("", require_safe(self.index_view), name="index")
        openapi = path("openapi.json", read_only(self.openapi_view), name="openapi")
        site = path("site/", site_view, name="site")
        # Only paths ending in "/", so Django's APPEND_SLASH still redirects ``/pages``;
        # ``[\s\S]`` as ``.`` misses newlines and Django cannot reverse a ``(?s)`` flag.
        unknown = re_path(r"^[\s\S]*/$", self.not_found_view)
        return [index, openapi, site, *super().get_urlpatterns(), unknown]

    def not_found_view(self, request):
        return JsonResponse({"message": "not found"}, status=404)

    def openapi_view(self, request):
        return openapi_view(request, self)

    def index_view(self, request):
        endpoints = {
            name: get_full_url(request, reverse(f"{self.url_namespace}:{name}:listing"))
            for name in self._endpoints
        }
        # Beside Wagtail's endpoints (each a listing with details), Folio's two documents:
        # the site itself and the OpenAPI description of everything here.
        return JsonResponse(
            {
                "endpoints": endpoints,
                "site": get_full_url(request, reverse(f"{self.url_namespace}:site")),
                "openapi": get_full_url(request, reverse(f"{self.url_namespace}:openapi")),
            }
        )
