"""``images`` and ``documents``: Wagtail's endpoints with Folio's HTTP behaviour.

Changes, each small: only what the site's public content shows is listed or found
(``public_media``; Wagtail lists the whole library, drafts' files included), an absolute
image ``download_url`` (Wagtail gives ``/media/…``), tags read from one prefetch instead
of one query per item, robust field filters and pagination, and collections behind any
view restriction hidden from everybody alike.
"""

from django.db.models import Q
from django.utils.functional import cached_property
from rest_framework.fields import Field
from wagtail.documents.api.v2 import views as document_views
from wagtail.documents.api.v2.serializers import DocumentSerializer
from wagtail.images.api.v2 import views as image_views
from wagtail.images.api.v2.serializers import ImageSerializer
from wagtail.models import Collection, CollectionViewRestriction

from blog.links import media_url

from .content import PublicContent
from .filters import FieldsFilter, OrderingFilter, SearchFilter
from .http import FolioEndpointMixin
from .pagination import FolioPagination
from .public_media import public_media


def restricted_collections():
    """Collections behind a view restriction, with everything nested in them."""
    paths = CollectionViewRestriction.objects.values_list("collection__path", flat=True)
    within = Q(pk__in=[])
    for path in paths:
        within |= Q(path__startswith=path)
    return Collection.objects.filter(within)


class NameListTagsField(Field):
    """Wagtail's ``["tag", …]``, read from prefetched tags (Wagtail queries per item)."""

    def to_representation(self, manager):
        return sorted(tag.name for tag in manager.all())


class AbsoluteImageUrlField(Field):
    def get_attribute(self, instance):
        return instance

    def to_representation(self, image):
        return media_url(image.file.url)


class FolioImageSerializer(ImageSerializer):
    download_url = AbsoluteImageUrlField(read_only=True)
    tags = NameListTagsField(read_only=True)


class FolioDocumentSerializer(DocumentSerializer):
    tags = NameListTagsField(read_only=True)


class MediaEndpointMixin(FolioEndpointMixin):
    pagination_class = FolioPagination
    filter_backends = [FieldsFilter, OrderingFilter, SearchFilter]

    # Whether a file is public follows Wagtail's reference index, which the worker may
    # update a little after the publish that retired the page cache's copies: a copy
    # made in between would keep the old answer until the next content change.
    page_cacheable = False

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.content = PublicContent(request)

    @cached_property
    def public_files(self):
        """Built once per request: it reads the restricted collections and pages."""
        files = self.model.objects.exclude(collection__in=restricted_collections())
        return public_media(files, self.content).prefetch_related("tags").order_by("id")

    def get_queryset(self):
        return self.public_files.all()


class ImagesAPIViewSet(MediaEndpointMixin, image_views.ImagesAPIViewSet):
    base_serializer_class = FolioImageSerializer
    known_query_parameters = image_views.ImagesAPIViewSet.known_query_parameters | {"page"}


class DocumentsAPIViewSet(MediaEndpointMixin, document_views.DocumentsAPIViewSet):
    base_serializer_class = FolioDocumentSerializer
    known_query_parameters = document_views.DocumentsAPIViewSet.known_query_parameters | {"page"}
