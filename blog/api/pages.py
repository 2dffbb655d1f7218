"""The pages endpoint: Wagtail's, scoped to public content, with posts shown in full.

Differences from Wagtail's ``PagesAPIViewSet``, each for a reason given where it is made:
pages are the site's live pages behind no restriction, for everybody alike (``content``);
posts carry authors, categories, tags, related posts, renditions and SEO fields
(``POST_FIELDS``) loaded in a fixed number of queries (``prefetch``); listings of posts
filter by tag, category, author and date, default to newest first and leave unlisted
posts out (``listed_only``); a post can be read by slug in one request; ``?audience=``
drops body blocks not meant for a reader.
"""

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path
from rest_framework.response import Response
from wagtail.api import APIField
from wagtail.api.v2 import serializers as wagtail_serializers
from wagtail.api.v2 import views as wagtail_views
from wagtail.api.v2.filters import (
    AncestorOfFilter,
    ChildOfFilter,
    DescendantOfFilter,
    LocaleFilter,
    TranslationOfFilter,
)
from wagtail.api.v2.utils import BadRequestError, get_object_detail_url

from blog.audience import VISITOR_AUDIENCES
from blog.mixins import SocialMetaMixin
from blog.models import BlogPage

from .content import PublicContent
from .fields import (
    PUBLIC_FIELD_MAPPING,
    RENDERED_POST_FIELDS,
    AuthorsField,
    CategoriesField,
    CategoryField,
    HeroImageField,
    PrimaryAuthorField,
    RelatedPostsField,
    SeoField,
    TagsField,
)
from .filters import (
    POST_FILTER_PARAMETERS,
    ExcludeFilter,
    FieldsFilter,
    OrderingFilter,
    PostFilter,
    SearchFilter,
)
from .find import find_by_path
from .http import FolioEndpointMixin, check_id
from .pagination import FolioPagination
from .prefetch import BODY_FIELDS, prefetch_posts

# (field, the model field it follows in the output or None to replace it)
POST_FIELDS = [
    (APIField("hero_image", serializer=HeroImageField()), None),
    (APIField("authors", serializer=AuthorsField()), None),
    (APIField("primary_author", serializer=PrimaryAuthorField(source="authors")), "authors"),
    (APIField("categories", serializer=CategoriesField()), None),
    (APIField("primary_category", serializer=CategoryField()), "categories"),
    (APIField("tags", serializer=TagsField(source="*")), None),
    (APIField("related_posts", serializer=RelatedPostsField(source="*")), None),
    *RENDERED_POST_FIELDS,
]
SEO_FIELD = APIField("seo", serializer=SeoField(source="*"))
# Parameters of a lookup by slug, beside those of any detail view.
SLUG_LOOKUP_PARAMETERS = {"type", "child_of", "descendant_of"}


def folio_fields(model):
    """Folio's fields of ``model``: (replacements by name, (after, field) additions)."""
    replacements, additions = {}, []
    if issubclass(model, BlogPage):
        for field, after in POST_FIELDS:
            if after is None:
                replacements[field.name] = field
            else:
                additions.append((after, field))
    if issubclass(model, SocialMetaMixin):
        additions.append((None, SEO_FIELD))
    return replacements, additions


def listed_only(queryset):
    """``queryset`` without unlisted posts: listings leave them out, a detail view by id
    or slug shows them (as their page does to anyone with the link)."""
    if issubclass(queryset.model, BlogPage):
        return queryset.filter(unlisted=False)
    if issubclass(BlogPage, queryset.model):
        return queryset.exclude(pk__in=BlogPage.objects.filter(unlisted=True).values("pk"))
    return queryset


class PublicParentField(wagtail_serializers.PageParentField):
    """Wagtail's ``parent``, shown when public; checked in memory instead of a query."""

    def get_attribute(self, instance):
        parent = instance.get_parent()
        return parent if self.context["view"].content.shows_parent(parent) else None


class PageSerializer(wagtail_serializers.PageSerializer):
    serializer_field_mapping = {
        **wagtail_serializers.PageSerializer.serializer_field_mapping,
        **PUBLIC_FIELD_MAPPING,
    }
    parent = PublicParentField(read_only=True)


def load_specific(page):
    """``page.specific``, with a post's hero and social images in the same query."""
    model = page.specific_class
    if model is None:  # its page type's code is gone; Wagtail shows such pages as they are
        return page
    queryset = model._default_manager.filter(pk=page.pk)
    if issubclass(model, BlogPage):
        queryset = queryset.select_related("hero_image", "social_image")
    return queryset.first() or page


class PagesAPIViewSet(FolioEndpointMixin, wagtail_views.PagesAPIViewSet):
    base_serializer_class = PageSerializer
    pagination_class = FolioPagination
    filter_backends = [
        FieldsFilter,
        PostFilter,
        ExcludeFilter,
        ChildOfFilter,
        AncestorOfFilter,
        DescendantOfFilter,
        OrderingFilter,
        TranslationOfFilter,
        LocaleFilter,
        SearchFilter,  # last: search results cannot be filtered further
    ]
    # No ``site``: a site's API shows that site's pages only.
    known_query_parameters = (wagtail_views.PagesAPIViewSet.known_query_parameters - {"site"}) | {
        "audience",
        "exclude",
        "page",
        *POST_FILTER_PARAMETERS,
    }
    detail_query_parameters = FolioEndpointMixin.detail_query_parameters | {"audience"}
    find_query_parameters = frozenset(["id", "html_path", "type"])

    @classmethod
    def get_body_fields(cls, model):
        replacements, additions = folio_fields(model)
        added = {extra.name for _, extra in additions}
        fields = []
        for field in super().get_body_fields(model):
            if field.name in added:  # API v3's serializer of a field v2 adds itself
                continue
            fields.append(replacements.get(field.name, field))
            fields += [extra for after, extra in additions if after == field.name]
        return fields + [extra for after, extra in additions if after is None]

    @classmethod
    def get_urlpatterns(cls):
        return super().get_urlpatterns() + [
            path("slug/<str:slug>/", cls.as_view({"get": "slug_view"}), name="slug"),
        ]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.content = PublicContent(request)
        self.audience = request.GET.get("audience")
        if self.audience is not None and self.audience not in VISITOR_AUDIENCES:
            raise BadRequestError("audience must be one of: " + ", ".join(VISITOR_AUDIENCES))

    def get_base_queryset(self):
        return self.content.pages

    def get_root_page(self):
        if self.content.site is None:
            raise BadRequestError("no site answers for this host")
        return self.content.site.root_page

    def get_queryset(self):
        # Built once per request: Wagtail's ``get_serializer_class`` builds it again only
        # to read its model (a list answer paid for the type and site filters twice). The
        # queryset is never evaluated here, so every caller still chains its own.
        if getattr(self, "_base_queryset", None) is None:
            queryset = super().get_queryset()
            if issubclass(queryset.model, BlogPage) and not {"order", "search"} & set(
                self.request.GET
            ):
                # Newest first, as on the blog index.
                queryset = queryset.order_by("-date", "-id")
            self._base_queryset = queryset
        return self._base_queryset

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["audience"] = self.audience
        return context

    def listing_view(self, request):
        queryset = listed_only(self.get_queryset())
        self.check_query_parameters(queryset)
        serializer_class = self.get_serializer_class()
        fields = serializer_class.Meta.fields
        # Wagtail reads each page's locale with its own query (``?fields=*``).
        queryset = queryset.select_related("locale")
        if issubclass(queryset.model, BlogPage):
            queryset = queryset.select_related("hero_image", "social_image")
            if not BODY_FIELDS & set(fields):
                queryset = queryset.defer_streamfields()
        pages = self.paginate_queryset(self.filter_queryset(queryset))
        prefetch_posts(pages, fields, self.content)
        published = [page.last_published_at for page in pages if page.last_published_at]
        self.last_modified = max(published, default=None)
        serializer = serializer_class(pages, many=True, context=self.get_serializer_context())
        return self.get_paginated_response(serializer.data)

    def get_object(self):
        # Wagtail loads the page, then ``page.specific`` with another query; Folio loads
        # the specific page itself, joining the images a post shows (one query, not two).
        # Posts, the pages asked for most, are tried first as posts: one query for them.
        check_id(self.kwargs.get("pk"))
        if not hasattr(self, "_specific_object"):
            post = (
                self.content.posts.filter(pk=self.kwargs["pk"])
                .select_related("hero_image", "social_image")
                .first()
            )
            if post is None:
                post = load_specific(wagtail_views.BaseAPIViewSet.get_object(self))
            self._specific_object = post
        return self._specific_object

    def detail_response(self, page):
        self._specific_object = page
        serializer_class = self.get_serializer_class()
        prefetch_posts([page], serializer_class.Meta.fields, self.content)
        self.last_modified = page.last_published_at
        return Response(serializer_class(page, context=self.get_serializer_context()).data)

    def detail_view(self, request, pk):
        self.check_detail_query_parameters()
        return self.detail_response(self.get_object())

    def slug_view(self, request, slug):
        """One page by slug, with every detail field: a front end's route is its slug.

        Slugs are unique among siblings only; when several pages share one, the client
        narrows with ``type``, ``child_of`` or ``descendant_of``.
        """
        self.check_detail_query_parameters(allowed=SLUG_LOOKUP_PARAMETERS)
        queryset = self.get_queryset().filter(slug=slug)
        for backend in (ChildOfFilter, DescendantOfFilter):
            queryset = backend().filter_queryset(request, queryset, self)
        matches = list(queryset[:2])
        if not matches:
            raise Http404("not found")
        if len(matches) > 1:
            raise BadRequestError(
                f"several pages have the slug '{slug}': add type=, child_of= or descendant_of="
            )
        return self.detail_response(load_specific(matches[0]))

    def find_object(self, queryset, request):
        if "html_path" in request.GET:
            page = find_by_path(request, self.content.site, request.GET["html_path"])
            return page if page is not None and queryset.filter(pk=page.pk).exists() else None
        try:
            return super().find_object(queryset, request)
        except ObjectDoesNotExist:
            return None

    def find_view(self, request):
        """Wagtail's redirect to the detail URL, keeping only what a detail view reads."""
        self.check_detail_query_parameters(allowed=self.find_query_parameters)
        page = self.find_object(self.get_queryset(), request)
        if page is None:
            raise Http404("not found")
        url = get_object_detail_url(request.wagtailapi_router, request, type(page), page.pk)
        query = request.GET.copy()
        for name in self.find_query_parameters:
            query.pop(name, None)
        return redirect(f"{url}?{query.urlencode()}" if query else url)
