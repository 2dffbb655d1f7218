"""Wagtail's API router, plus an index at its root so ``GET /api/v2/`` says what is there."""

from django.http import JsonResponse
from django.urls import path, reverse
from django.views.decorators.http import require_safe
from wagtail.api.utils import get_full_url
from wagtail.api.v2.router import WagtailAPIRouter


class FolioAPIRouter(WagtailAPIRouter):
    def get_urlpatterns(self):
        index = path("", require_safe(self.index_view), name="index")
        return [index, *super().get_urlpatterns()]

    def index_view(self, request):
        endpoints = {
            name: get_full_url(request, reverse(f"{self.url_namespace}:{name}:listing"))
            for name in self._endpoints
        }
        return JsonResponse({"endpoints": endpoints})
