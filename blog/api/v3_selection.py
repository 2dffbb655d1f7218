"""``fields=`` on API v3's page listings and details, as API v2 (and Wagtail's v2) has it.

Wagtail's v3 has no field selection: a listing shows id, title and meta; a detail every
field. docs/api.md promised ``fields=`` "as in Wagtail", and it was ignored. Here, with
the syntax of API v2 (Wagtail's own parser): ``date,tags`` adds to the defaults, ``*``
gives every field, ``-body`` leaves one out, ``_,date`` shows only those named (``id``
and ``meta`` always stay). A name the page type does not have is a 400.

A detail answer is narrowed as Wagtail built it. A listing asked for more than its
defaults reads the pages shown (one query per page type, a post's card data prefetched)
and serialises each with the same schema as its detail (so its fields are the same
shapes), then keeps the fields asked for.
"""

import functools
import json

from ninja import Schema
from wagtail.api.v2.utils import FieldsParameterParseError, parse_fields_parameter
from wagtail.api.v3.errors import problem_response
from wagtail.api.v3.registry import registry
from wagtail.models import Page

from blog.models import BlogPage, card_prefetches

from .v3_answers import rewritten
from .v3_query import listing_model

ALWAYS = ("id", "meta")
LISTING_DEFAULTS = ("id", "meta", "title")


def bad_request(detail):
    return problem_response(status=400, detail=detail)


def parse(request):
    """(names added, names removed, whether ``_``, whether ``*``) or a 400."""
    try:
        parsed = parse_fields_parameter(request.GET["fields"])
    except FieldsParameterParseError as error:
        return bad_request(f"fields: {error}")
    if any(nested for _, _, nested in parsed):
        return bad_request("fields: API v3 does not choose fields of nested objects")
    names = {name for name, negated, _ in parsed if not negated}
    removed = {name for name, negated, _ in parsed if negated}
    return names - {"_", "*"}, removed, "_" in names, "*" in names


def chosen(available, defaults, parsed):
    """The field names to show, or the unknown ones (as a 400)."""
    added, removed, underscore, star = parsed
    unknown = (added | removed) - set(available)
    if unknown:
        return bad_request(
            f"fields: unknown field(s) {', '.join(sorted(unknown))}; fields here: "
            f"{', '.join(available)}"
        )
    shown = set() if underscore else set(available if star else defaults)
    return (shown | added | set(ALWAYS)) - (removed - set(ALWAYS))


def narrow_detail(request, response):
    parsed = parse(request)
    if not isinstance(parsed, tuple):
        return parsed
    data = json.loads(response.content)
    names = chosen(list(data), list(data), parsed)
    if not isinstance(names, set):
        return names
    return rewritten(response, {key: value for key, value in data.items() if key in names})


def read_schema(model):
    registration = registry.get(model._meta.label)
    return registration.read_schema if registration else None


@functools.cache
def narrowed_schema(model, names):
    """``model``'s detail schema with only the fields ``names``: each field is
    resolved only when asked for (a post's related posts cost queries of their own)."""
    schema = read_schema(model)
    namespace = {"__annotations__": {}}
    for name in names:
        field = schema.model_fields[name]
        namespace["__annotations__"][name] = field.annotation
        namespace[name] = field
        resolver = getattr(schema, f"resolve_{name}", None)
        if resolver is not None:
            namespace[f"resolve_{name}"] = staticmethod(resolver)
    return type(Schema)(f"{schema.__name__}Fields", (Schema,), namespace)


def serialised(request, model, ids, names):
    """{id: the fields ``names`` of the page's detail} for the pages ``ids`` of ``model``."""
    if model is Page:
        pages = Page.objects.filter(pk__in=ids).specific()
    else:
        pages = model._default_manager.filter(pk__in=ids)
        if issubclass(model, BlogPage):
            # What a card shows in one query each (``seo`` reads the social image).
            pages = pages.select_related("hero_image", "social_image")
            pages = pages.prefetch_related(*card_prefetches())
    context = {"request": request}
    serialised = {}
    for page in pages:
        available = set(read_schema(type(page)).model_fields)
        schema = narrowed_schema(type(page), tuple(sorted(names & available)))
        serialised[page.pk] = schema.from_orm(page, context=context).model_dump(by_alias=True)
    return serialised


def narrow_listing(request, response):
    parsed = parse(request)
    if not isinstance(parsed, tuple):
        return parsed
    model = listing_model(request) or Page
    schema = read_schema(model)
    available = list(schema.model_fields) if schema else list(LISTING_DEFAULTS)
    names = chosen(available, LISTING_DEFAULTS, parsed)
    if not isinstance(names, set):
        return names
    data = json.loads(response.content)
    extra = names - set(LISTING_DEFAULTS)
    ids = [item["id"] for item in data["items"]]
    full = serialised(request, model, ids, extra) if extra else {}
    items = []
    for item in data["items"]:
        item = {**item, **full.get(item["id"], {})}
        items.append({key: value for key, value in item.items() if key in names})
    return rewritten(response, {**data, "items": items})


def select_fields(request, method, path, response):
    """``response`` to a page read with only the fields ``fields=`` asks for."""
    if "fields" not in request.GET or response.status_code != 200 or method != "get":
        return response
    if path == "/pages/":
        return narrow_listing(request, response)
    if path == "/pages/{page_id}/":
        return narrow_detail(request, response)
    return response
