"""Folio's content API: Wagtail API v2 endpoints, mounted at /api/v2/ by folio/api.py.

Modules, one job each: ``content`` (what a request may see), ``http`` (errors, caching,
304s), ``pagination``, ``filters``, ``fields`` and ``stream`` (JSON shapes), ``prefetch``
(constant query count), then the endpoints: ``pages``, ``taxonomy`` (authors, categories,
tags) and ``media`` (images, documents). See docs/api.md.
"""

from .media import DocumentsAPIViewSet, ImagesAPIViewSet
from .pages import PagesAPIViewSet
from .preview import PagePreviewAPIViewSet
from .taxonomy import AuthorsAPIViewSet, CategoriesAPIViewSet, TagsAPIViewSet


def register_endpoints(router):
    router.register_endpoint("pages", PagesAPIViewSet)
    router.register_endpoint("images", ImagesAPIViewSet)
    router.register_endpoint("documents", DocumentsAPIViewSet)
    router.register_endpoint("authors", AuthorsAPIViewSet)
    router.register_endpoint("categories", CategoriesAPIViewSet)
    router.register_endpoint("tags", TagsAPIViewSet)
    router.register_endpoint("page_preview", PagePreviewAPIViewSet)
