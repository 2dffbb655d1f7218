"""HTTP behaviour shared by every Folio endpoint: JSON errors, validators, caching.

Wagtail's endpoints answer each request from scratch and leave caching to the site.
Folio's API is read by other sites and CDNs, so every successful response says how long
it may be kept (``Cache-Control`` with ``stale-while-revalidate``), carries validators
(``ETag`` from the body, ``Last-Modified`` where the content has a publish time) and
answers a conditional GET that still matches with ``304 Not Modified``.
"""

import hashlib

from django.conf import settings
from django.http import Http404
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.functional import classproperty
from django.utils.http import http_date
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.permissions import AllowAny
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response
from wagtail.api.v2.utils import BadRequestError

from blog.links import base_url
from ops.page_cache import declare_public

from .nested import split_nested_keys
from .rich_text_batch import RichTextBatch

# Larger ids cannot be stored (64-bit keys); SQLite raises on them instead of finding nothing.
MAX_ID = 2**63 - 1
# Values a comma-separated parameter may list: each is one more term for the database to
# match or sort by, so a request's cost is bounded by this, not by its URL's length.
MAX_VALUES = 20
MULTI_VALUE_PARAMETERS = ("tags", "type", "order")
# Fields shown only when asked for by name (or ``fields=*``), in detail views too.
OPT_IN_FIELDS = frozenset({"html", "plaintext"})
# Levels of ``fields=a(b(c))``: Wagtail parses them recursively, and a few thousand
# levels exhausted Python's stack (a 500).
MAX_FIELDS_DEPTH = 5


def nesting_depth(text):
    depth = deepest = 0
    for character in text:
        if character == "(":
            depth += 1
            deepest = max(deepest, depth)
        elif character == ")":
            depth -= 1
    return deepest


def repeated_parameter_message(key):
    if key.rstrip("!") in ("tags", "category", "author"):
        return (
            f"{key} is given more than once: give it once, {key}=a|b for any of the values "
            f"or {key}=a,b for all of them"
        )
    return f"{key} is given more than once: give it once"


def check_id(pk):
    """A 404 for ids no row can have, before the database is asked."""
    if pk is not None and int(pk) > MAX_ID:
        raise Http404("not found")


class FolioEndpointMixin:
    """Mix into a Wagtail ``BaseAPIViewSet`` subclass, before it."""

    # Anonymous and read-only: everybody gets the same answer, so caches may share it.
    authentication_classes = []
    permission_classes = [AllowAny]
    # Query parameters a detail view understands; anything else is a mistake worth a 400.
    detail_query_parameters = frozenset(["fields", "rich_text_format", "format", "_"])
    # Newest publish time of what a response shows, when the endpoint knows one.
    last_modified = None
    # Whether Folio's page cache may keep the answers (until the next content change).
    page_cacheable = True

    @classproperty
    def renderer_classes(cls):
        if settings.DEBUG:
            return [JSONRenderer, BrowsableAPIRenderer]
        return [JSONRenderer]

    @classmethod
    def _get_serializer_class(cls, router, model, fields_config, show_details=False, nested=False):
        # Wagtail's own builder (private, the one hook that sees ``fields=``) refuses
        # sub-fields of anything but its relations; Folio's nested objects take theirs.
        fields_config, chosen = split_nested_keys(
            cls.get_field_serializer_overrides(model), fields_config
        )
        serializer_class = super()._get_serializer_class(
            router, model, fields_config, show_details=show_details, nested=nested
        )
        if chosen:
            serializer_class = type(serializer_class.__name__, (serializer_class,), chosen)
        return serializer_class

    @classmethod
    def get_detail_default_fields(cls, model):
        # A detail view shows every field by default, but not these: each is the whole
        # body once more, and rendering it is a client's choice (``fields=html``).
        return [
            name for name in super().get_detail_default_fields(model) if name not in OPT_IN_FIELDS
        ]

    def get_renderer_context(self):
        # Wagtail pretty-prints (indent=4): a third more bytes for every client, before
        # gzip. Developers (DEBUG) keep the readable form; production answers compact
        # JSON (DRF's COMPACT_JSON separators).
        context = super().get_renderer_context()
        if not settings.DEBUG:
            context.pop("indent", None)
        return context

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.rich_text_batch = RichTextBatch()
        for key, values in request.GET.lists():
            if len(values) > 1:
                # Django keeps the last one: ``tags=a&tags=b`` silently meant ``tags=b``.
                raise BadRequestError(repeated_parameter_message(key))
            if "\x00" in key or any("\x00" in value for value in values):
                # PostgreSQL refuses NUL in text; say so before a query fails on it.
                raise BadRequestError(f"null characters are not allowed in {key!r}")
        for name, value in kwargs.items():
            if isinstance(value, str) and "\x00" in value:  # ``slug/<slug>/``
                raise BadRequestError(f"null characters are not allowed in {name!r}")
        if nesting_depth(request.GET.get("fields", "")) > MAX_FIELDS_DEPTH:
            raise BadRequestError(f"fields may nest at most {MAX_FIELDS_DEPTH} levels")
        for name in MULTI_VALUE_PARAMETERS:
            values = [value for value in request.GET.get(name, "").split(",") if value.strip()]
            if len(values) > MAX_VALUES:
                raise BadRequestError(f"{name} accepts at most {MAX_VALUES} values")

    def perform_content_negotiation(self, request, force=False):
        try:
            return super().perform_content_negotiation(request, force)
        except Http404:  # DRF's answer to an unknown ``?format=``
            formats = ", ".join(renderer.format for renderer in self.get_renderers())
            raise BadRequestError(f"format must be one of: {formats}") from None

    def reject_unknown_parameters(self, allowed):
        """A 400 naming the query parameters outside ``allowed`` (Wagtail's wording)."""
        unknown = set(self.request.GET) - set(allowed)
        if unknown:
            raise BadRequestError(
                "query parameter is not an operation or a recognised field: "
                + ", ".join(sorted(unknown))
            )

    def check_detail_query_parameters(self, allowed=()):
        # Wagtail checks listings only; a detail view silently ignored typos.
        self.reject_unknown_parameters(self.detail_query_parameters | set(allowed))

    def get_object(self):
        check_id(self.kwargs.get("pk"))
        return super().get_object()

    def find_object(self, queryset, request):
        # Wagtail hands ``?id=`` to the database as it comes: ``abc``, ``²`` or an id
        # past 64 bits was a 500 on ``find/``.
        raw_id = request.GET.get("id")
        if raw_id is not None and not (
            raw_id.isascii() and raw_id.isdigit() and int(raw_id) <= MAX_ID
        ):
            raise BadRequestError("id must be a positive integer")
        return super().find_object(queryset, request)

    def detail_view(self, request, pk):
        self.check_detail_query_parameters()
        instance = self.get_object()
        serializer = self.get_serializer(instance)
        return Response(serializer.data)

    def handle_exception(self, exc):
        # DRF's own errors (405, 406, …) speak in ``detail``; Wagtail's in ``message``.
        if isinstance(exc, APIException):
            return Response({"message": str(exc.detail)}, status=exc.status_code)
        return super().handle_exception(exc)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "rich_text_batch": self.rich_text_batch}

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method not in ("GET", "HEAD"):
            return response
        # v2 reads no credentials: every caller of a URL gets the same answer.
        if self.page_cacheable:
            declare_public(response)
        if response.status_code != status.HTTP_200_OK:
            return response
        self.rich_text_batch.resolve(response.data, base_url({"request": request}))
        response.render()
        response["ETag"] = f'"{hashlib.sha256(response.content).hexdigest()[:40]}"'
        if self.last_modified is not None:
            response["Last-Modified"] = http_date(self.last_modified.timestamp())
        patch_cache_control(
            response,
            public=True,
            max_age=settings.FOLIO_API_CACHE_MAX_AGE,
            stale_while_revalidate=settings.FOLIO_API_STALE_WHILE_REVALIDATE,
        )
        return get_conditional_response(
            request,
            etag=response["ETag"],
            last_modified=int(self.last_modified.timestamp()) if self.last_modified else None,
            response=response,
        )
