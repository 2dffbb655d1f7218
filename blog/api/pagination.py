"""``limit``/``offset`` pages with ``next`` and ``previous`` links, or ``page=N`` pages.

Wagtail's pagination gives only ``total_count``; a client walking a listing then has to
rebuild URLs itself. Folio adds absolute ``next``/``previous`` URLs (same parameters,
another offset) and does not ask the database for rows past the end.

The total is a ``COUNT`` over every matching post, the one part of a listing whose cost
grows with the archive. It only changes when content does, so it is kept in Django's
cache under the page cache's generation (bumped by every publish, unpublish, move,
delete and restriction change; see ``ops.page_cache``) and the query's own SQL.

``page=N`` (Ghost's and most headless CMSs' way) is ``offset=(N-1)*limit``; ``meta`` then
says ``page`` and ``pages`` and the links go by page number. A page past the last one is
an empty list, as in Ghost, like an offset past the end.
"""

import hashlib
import math
from collections import OrderedDict

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from wagtail.api.utils import get_full_url
from wagtail.api.v2.utils import BadRequestError

from blog.pagination import MAX_PAGE_NUMBER
from ops.page_cache import current_generation, page_cache

DEFAULT_LIMIT = 20


def non_negative_int(request, name, default):
    raw = request.GET.get(name, default)
    try:
        value = int(raw)
        if value < 0:
            raise ValueError
    except (TypeError, ValueError):
        raise BadRequestError(f"{name} must be a positive integer") from None
    return value


def page_number(request):
    """``page``: a whole number from 1, never with ``offset`` (which would win?)."""
    if "offset" in request.GET:
        raise BadRequestError("page and offset cannot be combined: use one of them")
    raw = request.GET["page"]
    if not (raw.isascii() and raw.isdigit() and 1 <= int(raw) <= MAX_PAGE_NUMBER):
        raise BadRequestError(f"page must be a whole number from 1 to {MAX_PAGE_NUMBER}")
    return int(raw)


def total_count(queryset):
    """``queryset.count()``, reused until the site's content changes."""
    query = getattr(queryset, "query", None)
    if query is None or not hasattr(query, "sql_with_params"):  # search results
        return queryset.count()
    try:
        sql, params = query.sql_with_params()
    except EmptyResultSet:  # a filter that can match nothing, e.g. ``pk__in=[]``
        return 0
    digest = hashlib.sha256(f"{sql}|{params!r}".encode()).hexdigest()[:32]
    key = f"folio:api-count:{current_generation()}:{queryset.db}:{digest}"
    cache = page_cache()
    count = cache.get(key)
    if count is None:
        count = queryset.count()
        cache.set(key, count, timeout=3600)
    return count


class FolioPagination(BasePagination):
    def paginate_queryset(self, queryset, request, view=None):
        limit_max = getattr(settings, "WAGTAILAPI_LIMIT_MAX", DEFAULT_LIMIT)
        self.request = request
        self.by_page = "page" in request.GET
        self.page = page_number(request) if self.by_page else None
        self.limit = non_negative_int(request, "limit", min(DEFAULT_LIMIT, limit_max))
        if self.limit > limit_max:
            raise BadRequestError(f"limit cannot be higher than {limit_max}")
        if self.by_page:
            self.offset = (self.page - 1) * self.limit
        else:
            self.offset = non_negative_int(request, "offset", 0)
            self.page = self.offset // self.limit + 1 if self.limit else None

        self.total_count = total_count(queryset)
        if self.offset >= self.total_count:
            return []
        return list(queryset[self.offset : self.offset + self.limit])

    def page_url(self, offset):
        query = self.request.GET.copy()
        if self.by_page:
            query["page"] = offset // self.limit + 1
        else:
            query["offset"] = offset
        return get_full_url(self.request, f"{self.request.path}?{query.urlencode()}")

    def page_count(self):
        """Pages of ``limit`` items; an empty listing is one (empty) page, as in Ghost."""
        if not self.limit:
            return None
        return max(1, math.ceil(self.total_count / self.limit))

    def get_next_url(self):
        # Random order has no stable "next" (and Wagtail refuses it with an offset).
        if self.limit == 0 or self.request.GET.get("order") == "random":
            return None
        if self.offset + self.limit >= self.total_count:
            return None
        return self.page_url(self.offset + self.limit)

    def get_previous_url(self):
        if self.offset == 0 or self.limit == 0 or self.request.GET.get("order") == "random":
            return None
        if self.by_page:  # past the end: the page before this one, as Ghost's ``prev``
            return self.page_url(self.offset - self.limit)
        return self.page_url(max(0, min(self.offset, self.total_count) - self.limit))

    def get_paginated_response(self, data):
        meta = OrderedDict(
            [
                ("total_count", self.total_count),
                ("limit", self.limit),
                ("offset", self.offset),
                ("page", self.page),
                ("pages", self.page_count()),
                ("next", self.get_next_url()),
                ("previous", self.get_previous_url()),
            ]
        )
        return Response(OrderedDict([("meta", meta), ("items", data)]))
