"""``authors``, ``categories`` and ``tags`` endpoints: what a front end needs for its
tag clouds, author pages and category menus, each with its number of public posts.

Wagtail has no endpoint for snippets or tags; these follow its shape (``id``,
``meta``, fields, ``?fields=``, ``limit``/``offset``) so a client reads them like pages.
"""

from django.db.models import Count, Q
from django.http import Http404
from django.urls import path
from rest_framework import serializers
from rest_framework.fields import Field
from rest_framework.filters import BaseFilterBackend
from rest_framework.response import Response
from taggit.models import Tag
from wagtail.api import APIField
from wagtail.api.v2 import serializers as wagtail_serializers
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import BaseAPIViewSet

from blog.representation import image_representation
from blog.snippets import Author, Category

from .content import PublicContent
from .fields import PUBLIC_FIELD_MAPPING
from .http import FolioEndpointMixin
from .pagination import FolioPagination
from .prefetch import prefetch_renditions

ORDERINGS = {
    "name": ("name", "id"),
    "-name": ("-name", "-id"),
    "post_count": ("post_count", "name", "id"),
    "-post_count": ("-post_count", "name", "id"),
}


class TaxonomyFilter(BaseFilterBackend):
    """``slug`` (exact), ``search`` (part of the name, any case), ``order``."""

    def filter_queryset(self, request, queryset, view):
        if "slug" in request.GET:
            queryset = queryset.filter(slug=request.GET["slug"])
        if "search" in request.GET:
            queryset = queryset.filter(name__icontains=request.GET["search"])
        order = request.GET.get("order")
        if order is not None:
            if order not in ORDERINGS:
                raise BadRequestError("order must be one of: " + ", ".join(ORDERINGS))
            queryset = queryset.order_by(*ORDERINGS[order])
        return queryset


class BlogRouteUrlField(Field):
    """The blog's own page for this author, category or tag, e.g. ``/blog/tag/remote/``."""

    def get_attribute(self, instance):
        return instance

    def to_representation(self, instance):
        view = self.context["view"]
        return view.content.blog_route_url(view.blog_route, instance.slug)


class AvatarField(Field):
    def to_representation(self, image):
        return image_representation(image, use="api_avatar", context=self.context)


class TaxonomySerializer(wagtail_serializers.BaseSerializer):
    serializer_field_mapping = {
        **wagtail_serializers.BaseSerializer.serializer_field_mapping,
        **PUBLIC_FIELD_MAPPING,
    }
    html_url = BlogRouteUrlField(read_only=True)


class TaxonomyAPIViewSet(FolioEndpointMixin, BaseAPIViewSet):
    base_serializer_class = TaxonomySerializer
    pagination_class = FolioPagination
    filter_backends = [TaxonomyFilter]
    known_query_parameters = frozenset(
        [
            "limit",
            "offset",
            "page",
            "fields",
            "order",
            "search",
            "slug",
            "rich_text_format",
            "format",
            "_",
        ]
    )
    meta_fields = ["type", "detail_url", "html_url"]
    extra_fields = [APIField("post_count", serializer=serializers.IntegerField())]
    # Set on subclasses: the relation from the model to its posts, the blog route name.
    posts_lookup = None
    blog_route = None

    @classmethod
    def get_body_fields(cls, model):
        return super().get_body_fields(model) + cls._convert_api_fields(cls.extra_fields)

    @classmethod
    def get_urlpatterns(cls):
        return super().get_urlpatterns() + [
            path("slug/<str:slug>/", cls.as_view({"get": "slug_view"}), name="slug"),
        ]

    @classmethod
    def get_listing_default_fields(cls, model):
        # Small objects: a listing shows them whole, as a tag cloud or author list needs.
        return cls.get_available_fields(model)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.content = PublicContent(request)

    def check_query_parameters(self, queryset):
        # Only the filters below; Wagtail would also accept (and ignore) any model field.
        self.reject_unknown_parameters(self.known_query_parameters)

    def get_queryset(self):
        lookup = self.posts_lookup
        public = Q(**{f"{lookup}__in": self.content.listed_posts})
        post_count = Count(lookup, filter=public, distinct=True)
        return self.model.objects.annotate(post_count=post_count).order_by("name", "id")

    def listing_view(self, request):
        queryset = self.get_queryset()
        self.check_query_parameters(queryset)
        items = self.paginate_queryset(self.filter_queryset(queryset))
        self.prefetch(items)
        serializer = self.get_serializer(items, many=True)
        return self.get_paginated_response(serializer.data)

    def detail_view(self, request, pk):
        self.check_detail_query_parameters()
        instance = self.get_object()
        self.prefetch([instance])
        return Response(self.get_serializer(instance).data)

    def slug_view(self, request, slug):
        """One by slug, as its detail view shows it: a front end's route is the slug."""
        self.check_detail_query_parameters()
        instance = self.get_queryset().filter(slug=slug).first()
        if instance is None:
            raise Http404("not found")
        self._cached_object = instance  # Wagtail's serializer choice reads get_object()
        self.prefetch([instance])
        return Response(self.get_serializer(instance).data)

    def prefetch(self, items):
        pass


class AuthorsAPIViewSet(TaxonomyAPIViewSet):
    name = "authors"
    model = Author
    posts_lookup = "post_links__page"
    blog_route = "author"
    extra_fields = TaxonomyAPIViewSet.extra_fields + [
        APIField("avatar", serializer=AvatarField()),
    ]

    def get_queryset(self):
        return super().get_queryset().filter(live=True).select_related("avatar")

    def prefetch(self, items):
        prefetch_renditions([author.avatar for author in items])


class CategoriesAPIViewSet(TaxonomyAPIViewSet):
    name = "categories"
    model = Category
    posts_lookup = "post_links__page"
    blog_route = "category"

    def get_queryset(self):
        return super().get_queryset().filter(live=True)


class TagsAPIViewSet(TaxonomyAPIViewSet):
    """Tags of public posts only: taggit's table also holds image and document tags."""

    name = "tags"
    model = Tag
    posts_lookup = "blog_blogpagetag_items__content_object"
    blog_route = "tag"
    extra_fields = [APIField("name"), APIField("slug")] + TaxonomyAPIViewSet.extra_fields

    def get_queryset(self):
        return super().get_queryset().filter(post_count__gt=0)
