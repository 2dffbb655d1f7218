"""The API v2 endpoints Folio registers on its router (folio/api.py)."""

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
