"""Filters of the pages endpoint, beside Wagtail's (child_of, descendant_of, search, …)."""

import datetime

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import BooleanField, Count, Q, Value
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

from .http import MAX_ID, MAX_VALUES

# ``tags!``, ``category!``, ``author!``: what ``?tags!=a`` is to Django (key ``tags!``).
POST_FILTER_PARAMETERS = (
    "category",
    "author",
    "date_after",
    "date_before",
    "tags!",
    "category!",
    "author!",
)
BOOLEANS = {"true": True, "1": True, "false": False, "0": False}


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


def value_list(request, name):
    """The values of a list parameter and whether any of them will do.

    ``a,b`` means all of them, ``a|b`` any of them; one request says one or the other.
    Each value is one more term for the database, so at most ``MAX_VALUES``.
    """
    raw = request.GET[name]
    any_of = "|" in raw
    if any_of and "," in raw:
        raise BadRequestError(
            f"{name} takes a,b (all of them) or a|b (any of them), not both in one list"
        )
    values = [value.strip() for value in raw.split("|" if any_of else ",") if value.strip()]
    if not values:
        raise BadRequestError(f"{name} must not be empty")
    if len(values) > MAX_VALUES:
        raise BadRequestError(f"{name} accepts at most {MAX_VALUES} values")
    return values, any_of


def negated_list(request, name):
    """The values of ``name!=a,b``: what matches none of them."""
    values, _ = value_list(request, f"{name}!")
    return values


def tag_filter(queryset, values, any_of):
    if any_of:
        return queryset.filter(pk__in=tagged_with(queryset, named_tag_ids(queryset, values)))
    return having_all_tags(queryset, values)


def tagged_with(queryset, tag_ids):
    """Ids of the objects having any of ``tag_ids``: one subquery, whatever their number."""
    return queryset.model._default_manager.filter(tags__in=tag_ids).values("pk")


def named_tag_ids(queryset, values):
    """The ids of the tags ``values`` name; values naming no tag are left out."""
    tag_model = queryset.model._meta.get_field("tags").related_model
    return set(tag_ids_by_value(tag_model, values).values())


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
    by_value = tag_ids_by_value(tag_model, values)
    if len(by_value) < len(set(values)):
        return None
    return set(by_value.values())


def tag_ids_by_value(tag_model, values):
    """{value: id of the tag it names} for the ``values`` naming a tag (see ``named_tags``)."""
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
    found = {}
    for value in values:
        pk = by_slug.get(value, by_name.get(value.lower()))
        if pk is not None:
            found[value] = pk
    return found


class FieldsFilter(BaseFilterBackend):
    """``?slug=…``, ``?tags=a,b``: match on a field of the model, as in Wagtail.

    Each value is converted by its own model field first, so a malformed one
    (``?date=yesterday``, ``?id=x``, an id too large to store) is a 400 rather than a
    database error; tags match by slug or name and combine with ``search``.
    """

    def filter_queryset(self, request, queryset, view):
        filterable = filterable_fields(view, queryset.model)
        refuse_unfilterable(request, view, queryset.model, filterable)
        for name in filterable:
            if name not in request.GET:
                continue
            field = queryset.model._meta.get_field(name)
            if isinstance(field, TaggableManager):
                queryset = tag_filter(queryset, *value_list(request, name))
                continue
            raw = request.GET[name]
            if isinstance(field, BooleanField):
                # Django's own reading takes ``True`` and ``1`` but refuses ``true``.
                if raw.strip().lower() not in BOOLEANS:
                    raise BadRequestError(
                        f"field filter error. '{raw}' is not a valid value for {name}: "
                        "use true or false"
                    )
                queryset = queryset.filter(**{name: BOOLEANS[raw.strip().lower()]})
                continue
            try:
                value = field.to_python(raw)
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


def refuse_unfilterable(request, view, model, filterable):
    """A 400 for a field Wagtail lets through as a parameter but nothing filters on
    (``?body=``): a client would otherwise get every page and think it matched."""
    fields = set(view.get_available_fields(model, db_fields_only=True))
    for name in sorted(fields - set(filterable) - set(view.known_query_parameters)):
        if name in request.GET:
            hint = " (search= finds words in it)" if name == "body" else ""
            raise BadRequestError(f"{name} cannot be used as a filter{hint}")


def multi_valued(model, name):
    """Whether ``name`` is a relation giving an object several values (tags, authors…)."""
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return isinstance(field, TaggableManager) or field.many_to_many or field.one_to_many


class OrderingFilter(WagtailOrderingFilter):
    """Wagtail's ``?order=``, plus ``id`` as the last key so pages never overlap.

    Without a unique last key, posts sharing a date may come back in another order on the
    next request, and an ``offset`` walk would then skip or repeat them.
    """

    def filter_queryset(self, request, queryset, view):
        order = request.GET.get("order", "")
        keys = [key for key in order.split(",") if key]
        for key in keys:
            # Ordering by a relation repeats an object once per related row (``order=tags``
            # gave 100 items of 28 posts); no single value of it can place the object.
            if multi_valued(queryset.model, key.lstrip("-")):
                raise BadRequestError(
                    f"cannot order by '{key}': each item has several {key.lstrip('-')}"
                )
        if order == "random" and "page" in request.GET and request.GET["page"] != "1":
            raise BadRequestError("random ordering with page is not supported")
        queryset = super().filter_queryset(request, queryset, view)
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


def linked_pages(links, slug_lookup, slugs, any_of):
    """Ids of the posts linked to any (or all) of ``slugs``: one subquery, one shape
    whatever their number (all of them: links counted per post, as for tags)."""
    links = links.objects.filter(**{f"{slug_lookup}__in": slugs})
    if not any_of and len(set(slugs)) > 1:
        links = (
            links.values("page_id")
            .annotate(matched=Count(slug_lookup, distinct=True))
            .filter(matched=len(set(slugs)))
        )
    return links.values("page_id")


def page_ids(request, name):
    """``exclude=5,7``: page ids, each one a page could have."""
    values, any_of = value_list(request, name)
    if any_of or not all(value.isascii() and value.isdigit() for value in values):
        raise BadRequestError(f"{name} takes page ids separated by commas, e.g. {name}=5,7")
    ids = {int(value) for value in values}
    return {pk for pk in ids if pk <= MAX_ID}


class ExcludeFilter(BaseFilterBackend):
    """``exclude=<id>,<id>``: leave these pages out ("more posts like this" without the
    post being read)."""

    def filter_queryset(self, request, queryset, view):
        if "exclude" not in request.GET:
            return queryset
        return queryset.exclude(pk__in=page_ids(request, "exclude"))


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

        for name, links in (("category", BlogPageCategory), ("author", BlogPageAuthor)):
            slug_lookup = f"{name}__slug"
            if name in request.GET:
                values, any_of = value_list(request, name)
                pages = linked_pages(links, slug_lookup, values, any_of)
                queryset = queryset.filter(pk__in=pages)
            if f"{name}!" in request.GET:
                pages = linked_pages(links, slug_lookup, negated_list(request, name), True)
                queryset = queryset.exclude(pk__in=pages)
        if "tags!" in request.GET:
            tag_ids = named_tag_ids(queryset, negated_list(request, "tags"))
            queryset = queryset.exclude(pk__in=tagged_with(queryset, tag_ids))
        if "date_after" in request.GET:
            queryset = queryset.filter(date__gte=moment(request, "date_after"))
        if "date_before" in request.GET:
            queryset = queryset.filter(date__lt=moment(request, "date_before"))
        return queryset
