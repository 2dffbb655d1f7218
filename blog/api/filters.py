"""Filters of the pages endpoint, beside Wagtail's (child_of, descendant_of, search, …)."""

import datetime

from django.core.exceptions import ValidationError
from django.db.models import Count, Q, Value
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from rest_framework.filters import BaseFilterBackend
from taggit.managers import TaggableManager
from wagtail.api.v2.filters import OrderingFilter as WagtailOrderingFilter
from wagtail.api.v2.filters import SearchFilter as WagtailSearchFilter
from wagtail.api.v2.utils import BadRequestError
from wagtail.fields import StreamField

from blog.models import BlogPage, BlogPageAuthor, BlogPageCategory

from .http import MAX_ID

POST_FILTER_PARAMETERS = ("category", "author", "date_after", "date_before")


def filterable_fields(view, model):
    """API fields a listing can be filtered on with ``?<field>=<value>``."""
    names = []
    for name in view.get_available_fields(model, db_fields_only=True):
        field = model._meta.get_field(name)
        if name == "locale":  # Wagtail's LocaleFilter has it
            continue
        if isinstance(field, TaggableManager) or not (
            field.many_to_many or field.one_to_many or isinstance(field, StreamField)
        ):
            names.append(name)
    return names


def having_all_tags(queryset, values):
    """Objects tagged with every tag ``values`` name (see ``named_tags``).

    Wagtail's filter joins the tag tables once per tag, and a ``pk__in`` subquery per tag
    fared no better: PostgreSQL's planning time grew exponentially with the number of
    tags (20 tags 1.7 s, 300 tags over 11 minutes: issue #12). Here the query has one
    shape whatever the count: the tags are looked up once, then one subquery keeps the
    objects whose links to those tags number as many as the tags (GROUP BY/HAVING).
    An object never comes back twice, and full-text search, which filters on indexed
    fields only, accepts ``pk__in``.
    """
    tags = named_tags(queryset.model._meta.get_field("tags").related_model, values)
    if tags is None:
        return queryset.none()
    having_all = (
        queryset.model._default_manager.filter(tags__in=tags)
        .values("pk")
        .annotate(matched=Count("tags", distinct=True))
        .filter(matched=len(tags))
        .values("pk")
    )
    return queryset.filter(pk__in=having_all)


def named_tags(tag_model, values):
    """The ids of the tags ``values`` name, in one query; ``None`` if one names none.

    A value names the tag with that slug, else the tag with that name in any case (the
    oldest, should case variants exist: taggit is case-insensitive here, so they are
    made only outside it).
    """
    candidates = (
        tag_model.objects.annotate(folded_name=Lower("name"))
        .filter(Q(slug__in=values) | Q(folded_name__in=[Lower(Value(value)) for value in values]))
        .order_by("-pk")
        .values_list("pk", "slug", "name")
    )
    by_slug, by_name = {}, {}
    for pk, slug, name in candidates:
        by_slug[slug] = pk
        by_name[name.lower()] = pk  # newest first, so the oldest stays
    ids = set()
    for value in values:
        pk = by_slug.get(value, by_name.get(value.lower()))
        if pk is None:
            return None
        ids.add(pk)
    return ids


class FieldsFilter(BaseFilterBackend):
    """``?slug=…``, ``?tags=a,b``: match on a field of the model, as in Wagtail.

    Each value is converted by its own model field first, so a malformed one
    (``?date=yesterday``, ``?id=x``, an id too large to store) is a 400 rather than a
    database error; tags match by slug or name and combine with ``search``.
    """

    def filter_queryset(self, request, queryset, view):
        for name in filterable_fields(view, queryset.model):
            if name not in request.GET:
                continue
            if isinstance(queryset.model._meta.get_field(name), TaggableManager):
                queryset = having_all_tags(queryset, comma_list(request, name))
                continue
            raw = request.GET[name]
            try:
                value = queryset.model._meta.get_field(name).to_python(raw)
            except ValidationError:
                value = None
                valid = False
            else:
                valid = not (isinstance(value, int) and abs(value) > MAX_ID)
            if not valid:
                raise BadRequestError(
                    f"field filter error. '{raw}' is not a valid value for {name}"
                )
            if isinstance(value, datetime.datetime) and timezone.is_naive(value):
                value = timezone.make_aware(value)
            queryset = queryset.filter(**{name: value})
        return queryset


class OrderingFilter(WagtailOrderingFilter):
    """Wagtail's ``?order=``, plus ``id`` as the last key so pages never overlap.

    Without a unique last key, posts sharing a date may come back in another order on the
    next request, and an ``offset`` walk would then skip or repeat them.
    """

    def filter_queryset(self, request, queryset, view):
        queryset = super().filter_queryset(request, queryset, view)
        order = request.GET.get("order", "")
        keys = [key for key in order.split(",") if key]
        if keys and order != "random" and not any(key.lstrip("-") == "id" for key in keys):
            queryset = queryset.order_by(*keys, "-id" if keys[0].startswith("-") else "id")
        return queryset


class SearchFilter(WagtailSearchFilter):
    """Wagtail's ``?search=``; an unknown ``search_operator`` is a 400, not a crash.

    (Text the backends cannot take, such as double quotes, is dropped by Folio's
    search backend: search/backends.py.)
    """

    def filter_queryset(self, request, queryset, view):
        if request.GET.get("search_operator", "and") not in ("and", "or"):
            raise BadRequestError("search_operator must be 'and' or 'or'")
        if "search" not in request.GET:
            return queryset
        # The search backend reads the queryset's filters itself and knows plain lookups
        # only; the public-pages filter is a correlated EXISTS it fails on. The same
        # pages by id it can search.
        by_id = queryset.model.objects.filter(pk__in=queryset.values("pk"))
        return super().filter_queryset(request, by_id.order_by(*queryset.query.order_by), view)


def comma_list(request, name):
    values = [value.strip() for value in request.GET[name].split(",") if value.strip()]
    if not values:
        raise BadRequestError(f"{name} must not be empty")
    return values


def single_slug(request, name):
    value = request.GET[name].strip()
    if not value:
        raise BadRequestError(f"{name} must not be empty")
    return value


def moment(request, name):
    """An ISO 8601 date or date-time; a bare date means its first moment, site time."""
    raw = request.GET[name]
    try:
        value = parse_datetime(raw)
    except ValueError:
        value = None
    if value is None:
        raise BadRequestError(f"{name} must be an ISO 8601 date or date-time, e.g. 2021-01-31")
    return timezone.make_aware(value) if timezone.is_naive(value) else value


class PostFilter(BaseFilterBackend):
    """What only posts have: ``category``, ``author``, ``date_after``, ``date_before``.

    ``date_after`` is inclusive and ``date_before`` exclusive, so consecutive ranges
    (``2021-01-01``–``2021-02-01``, ``2021-02-01``–…) never share a post. Relations are
    matched through ``pk__in`` subqueries, as tags are (see ``having_all_tags``).
    """

    def filter_queryset(self, request, queryset, view):
        given = [name for name in POST_FILTER_PARAMETERS if name in request.GET]
        if not given:
            return queryset
        if not issubclass(queryset.model, BlogPage):
            raise BadRequestError(f"{given[0]} filters blog posts: add type=blog.BlogPage")

        if "category" in request.GET:
            slug = single_slug(request, "category")
            links = BlogPageCategory.objects.filter(category__slug=slug)
            queryset = queryset.filter(pk__in=links.values("page_id"))
        if "author" in request.GET:
            slug = single_slug(request, "author")
            links = BlogPageAuthor.objects.filter(author__slug=slug)
            queryset = queryset.filter(pk__in=links.values("page_id"))
        if "date_after" in request.GET:
            queryset = queryset.filter(date__gte=moment(request, "date_after"))
        if "date_before" in request.GET:
            queryset = queryset.filter(date__lt=moment(request, "date_before"))
        return queryset
