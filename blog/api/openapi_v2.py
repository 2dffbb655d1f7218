"""The OpenAPI 3.1 document of API v2, built from the endpoints as they are registered.

Wagtail's v2 API has no schema (only v3 does), so Folio builds one: paths from each
endpoint's URL patterns, query parameters from the names the endpoint accepts
(``known_query_parameters``, ``detail_query_parameters``, the model fields it filters on),
fields from the serializers Wagtail builds for each model, the listing's ``meta`` from
the paginator's own answer. A field, parameter or endpoint added to the code appears
here without an edit; only what code cannot tell (the shapes of hand-built dicts, the
words of a description) is written out in ``openapi_v2_schemas`` and below.

Served at ``/api/v2/openapi.json``, public and cached like the rest of API v2.
"""

import functools
import json
import re

from django.conf import settings
from django.test import RequestFactory
from django.urls import reverse
from wagtail.api.utils import get_full_url
from wagtail.models import Page, get_page_models

from blog.audience import VISITOR_AUDIENCES
from blog.models import BlogPage

from . import openapi_v2_schemas as schemas
from .filters import filterable_fields
from .pages import SLUG_LOOKUP_PARAMETERS, PagesAPIViewSet
from .pagination import FolioPagination
from .preview import PagePreviewAPIViewSet
from .site import SITE_SCHEMA, public_json

TITLE = "Folio content API (v2)"
DESCRIPTION = (
    "Live, public content of the site you ask, read-only and anonymous. "
    "Every field is optional in the schemas because `fields=` chooses them. "
    "Guide and examples: docs/api.md."
)
INTEGER = {"type": "integer", "minimum": 0}
STRING = {"type": "string"}

# What each query parameter means, by name; a parameter an endpoint accepts that is not
# named here is still listed, as a string (see docs/api.md).
PARAMETERS = {
    "limit": (INTEGER, "How many items (default 20, at most WAGTAILAPI_LIMIT_MAX)."),
    "offset": (INTEGER, "How many items to skip."),
    "page": ({"type": "integer", "minimum": 1}, "Page number (with limit), from 1."),
    "fields": (
        STRING,
        "Fields to show: `date,tags` adds to the defaults, `*` all, `_,title` only those, "
        "`*,-body` all but one.",
    ),
    "order": (STRING, "Field names, `-` for descending, comma-separated; or `random`."),
    "search": (STRING, "Full-text search (pages), or part of the name (authors, tags …)."),
    "search_operator": ({"type": "string", "enum": ["and", "or"]}, "How search words combine."),
    "type": (STRING, "Page types, e.g. `blog.BlogPage` for posts."),
    "tags": (STRING, "Tag slugs or names: `a,b` posts having all of them, `a|b` any."),
    "category": (STRING, "Category slugs (posts): `a|b` in any of them, `a,b` in all."),
    "author": (STRING, "Author slugs (posts): `a|b` by any of them, `a,b` by all."),
    "exclude": (STRING, "Ids of pages to leave out, comma-separated, e.g. the post shown."),
    "date_after": (STRING, "ISO 8601 date or date-time: posts dated on or after."),
    "date_before": (STRING, "ISO 8601 date or date-time: posts dated strictly before."),
    "child_of": (STRING, "A page id, or `root`: its children."),
    "descendant_of": (STRING, "A page id, or `root`: pages under it."),
    "ancestor_of": (INTEGER, "A page id: pages above it."),
    "translation_of": (INTEGER, "A page id: its translations."),
    "locale": (STRING, "A language code."),
    "audience": (
        {"type": "string", "enum": list(VISITOR_AUDIENCES)},
        "Leave out body blocks not meant for this reader.",
    ),
    "format": ({"type": "string", "enum": ["json"]}, "Only JSON."),
    "slug": (STRING, "Exact slug."),
    "id": (INTEGER, "An object's id."),
    "html_path": (STRING, "A path on the site, e.g. `/blog/<slug>/`."),
    "content_type": (STRING, "The draft's page type, e.g. `blog.blogpage`."),
    "token": (STRING, "The preview token the editor's preview gave."),
    "_": (STRING, "Ignored (a cache buster)."),
}
REQUIRED_PARAMETERS = {"page_preview": {"content_type", "token"}, "find": set()}
ERRORS = {
    "400": "Bad request: an unknown parameter or a malformed value.",
    "404": "Not found (or not public).",
    "406": "The Accept header admits no JSON.",
}
ROUTE_PARAMETER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")


def parameter(name, where="query", required=False):
    schema, description = PARAMETERS.get(name, (STRING, "See docs/api.md."))
    if name.endswith("!") and name[:-1] in PARAMETERS:  # ``tags!=c``: the filter negated
        description = f"Leave out what `{name[:-1]}=` with these values would keep."
    if name == "rich_text_format":
        schema = {"type": "string", "enum": schemas.rich_text_formats()}
        description = "Rich text as html (default), db_html, markdown or db_markdown."
    if name == "limit":
        schema = {**schema, "maximum": getattr(settings, "WAGTAILAPI_LIMIT_MAX", 20)}
    return {
        "name": name,
        "in": where,
        "required": required or where == "path",
        "schema": schema,
        "description": description,
    }


def filter_parameter(model, name):
    """``?<field>=<value>``: an exact match on a model field."""
    field = model._meta.get_field(name)
    if field.get_internal_type() == "BooleanField":
        schema = {"type": "boolean"}
    elif field.get_internal_type().endswith("IntegerField") or name == "id":
        schema = {"type": "integer"}
    else:
        schema = STRING
    description = f"Exact match on {name}."
    if model is BlogPage:
        description += " Needs type=blog.BlogPage."
    return {
        "name": name,
        "in": "query",
        "required": False,
        "schema": schema,
        "description": description,
    }


def is_pages(endpoint):
    return issubclass(endpoint, PagesAPIViewSet)


def endpoint_models(endpoint):
    if is_pages(endpoint):
        return [Page, *[model for model in get_page_models() if model is not Page]]
    return [endpoint.model]


def model_schema(router, endpoint, model):
    """One object of ``model`` with every field it can show, its meta fields under ``meta``."""
    serializer_class = endpoint._get_serializer_class(
        router, model, [("*", False, None)], show_details=True
    )
    serializer = serializer_class(context={})
    meta_names = set(serializer_class.meta_fields)
    body, meta = {}, {}
    for name, field in serializer.fields.items():
        schema = schemas.field_schema(name, field)
        if schema is None:
            schema = {"description": f"Not described ({type(field).__name__})."}
        (meta if name in meta_names else body)[name] = schema
    if "type" in meta:
        meta["type"] = {**meta["type"], "const": model._meta.label}
    return {
        "type": "object",
        "properties": {
            "id": body.pop("id"),
            "meta": {"type": "object", "properties": meta},
            **body,
        },
    }


def schema_name(model):
    return model.__name__


def pagination_meta():
    """``meta`` of a listing, as the paginator answers an empty one."""
    paginator = FolioPagination()
    request = RequestFactory().get("/api/v2/pages/")
    paginator.paginate_queryset(Page.objects.none(), request)
    properties = {}
    for name, value in paginator.get_paginated_response([]).data["meta"].items():
        if isinstance(value, int):
            properties[name] = {"type": "integer"}
        elif name in ("next", "previous"):
            properties[name] = schemas.nullable({"type": "string", "format": "uri"})
        else:
            properties[name] = {}
    return {"type": "object", "properties": properties, "required": list(properties)}


def json_content(schema):
    return {"application/json": {"schema": schema}}


def responses(kind, item_schema):
    answers = {}
    if kind == "find":
        answers["302"] = {
            "description": "Redirect to the object's detail URL.",
            "headers": {"Location": {"schema": {"type": "string", "format": "uri"}}},
        }
    elif kind == "listing":
        listing = {
            "type": "object",
            "properties": {
                "meta": schemas.ref("ListingMeta"),
                "items": {"type": "array", "items": item_schema},
            },
            "required": ["meta", "items"],
        }
        answers["200"] = {"description": "A page of results.", "content": json_content(listing)}
    else:
        answers["200"] = {"description": "One object.", "content": json_content(item_schema)}
    if kind != "find":
        answers["304"] = {"description": "Not modified (If-None-Match matched the ETag)."}
    for status in ERRORS:
        if status == "404" and kind == "listing":
            continue
        answers[status] = {"$ref": f"#/components/responses/Error{status}"}
    return answers


def route_kind(pattern_name):
    return pattern_name if pattern_name in ("listing", "find") else "detail"


def query_names(endpoint, kind, route):
    if kind == "listing":
        return set(endpoint.known_query_parameters)
    names = set(getattr(endpoint, "detail_query_parameters", ()))
    if kind == "find":
        names |= set(getattr(endpoint, "find_query_parameters", {"id"}))
    if route.startswith("slug/") and is_pages(endpoint):
        names |= SLUG_LOOKUP_PARAMETERS
    return names


def operations(router, name, endpoint, item_schema):
    """``(path, operation)`` for each of the endpoint's URL patterns."""
    if issubclass(endpoint, PagePreviewAPIViewSet):
        # One page by token at the endpoint's root; its other routes show nothing.
        names = endpoint.detail_query_parameters
        params = [parameter(n, required=n in REQUIRED_PARAMETERS[name]) for n in sorted(names)]
        yield (
            f"/{name}/",
            {
                "operationId": f"{name}_detail",
                "summary": "A draft, by the token of a headless preview.",
                "parameters": params,
                "responses": responses("detail", item_schema),
            },
        )
        return
    for pattern in endpoint.get_urlpatterns():
        route = str(pattern.pattern)
        kind = route_kind(pattern.name)
        path_params = []

        def to_template(match, path_params=path_params):
            converter, var = match["converter"], match["name"]
            var = "id" if var == "pk" else var
            spec = parameter(var, where="path")
            if converter == "int":
                spec["schema"] = {"type": "integer", "minimum": 0}
            else:
                spec["schema"] = STRING
            path_params.append(spec)
            return "{" + var + "}"

        template = ROUTE_PARAMETER.sub(to_template, route)
        query = [parameter(n) for n in sorted(query_names(endpoint, kind, route))]
        if kind == "listing":
            query += list(filter_parameters(endpoint, {p["name"] for p in query}))
        yield (
            f"/{name}/{template}",
            {
                "operationId": f"{name}_{pattern.name or kind}",
                "summary": f"{name}: {pattern.name or kind}",
                "parameters": path_params + query,
                "responses": responses(kind, item_schema),
            },
        )


def filter_parameters(endpoint, taken):
    """``?<field>=`` filters the endpoint's listing accepts (pages and media; authors,
    categories and tags take ``slug`` only)."""
    if not hasattr(endpoint, "check_query_parameters") or endpoint.__module__.endswith("taxonomy"):
        return
    for model in endpoint_models(endpoint) if not is_pages(endpoint) else [Page, BlogPage]:
        for name in filterable_fields(endpoint, model):
            if name not in taken:
                taken.add(name)
                yield filter_parameter(model, name)


def openapi_document(router, server_url):
    components = schemas.nested_schemas(BlogPage.body.field.stream_block.child_blocks)
    components["ListingMeta"] = pagination_meta()
    paths = {
        "/": {
            "get": {
                "operationId": "index",
                "summary": "The endpoints, the site and this document.",
                "responses": {
                    "200": {
                        "description": "Each endpoint's URL, the site's and this document's.",
                        "content": json_content(
                            {
                                "type": "object",
                                "properties": {
                                    "endpoints": {
                                        "type": "object",
                                        "additionalProperties": {"type": "string", "format": "uri"},
                                    },
                                    "site": {"type": "string", "format": "uri"},
                                    "openapi": {"type": "string", "format": "uri"},
                                },
                                "required": ["endpoints", "site", "openapi"],
                            }
                        ),
                    }
                },
            }
        }
    }
    components["Site"] = SITE_SCHEMA
    paths["/site/"] = {
        "get": {
            "operationId": "site",
            "summary": "The site: title, logo, accent colour, navigation, guest call to action.",
            "tags": ["site"],
            "responses": {
                "200": {"description": "The site.", "content": json_content(schemas.ref("Site"))},
                "304": {"description": "Not modified (If-None-Match matched the ETag)."},
                "404": {"$ref": "#/components/responses/Error404"},
            },
        }
    }
    for name, endpoint in router._endpoints.items():
        refs = []
        for model in endpoint_models(endpoint):
            components.setdefault(schema_name(model), model_schema(router, endpoint, model))
            refs.append(schemas.ref(schema_name(model)))
        item_schema = refs[0] if len(refs) == 1 else {"anyOf": refs}
        for path, operation in operations(router, name, endpoint, item_schema):
            operation["tags"] = [name]
            paths[path] = {"get": operation}
    return {
        "openapi": "3.1.0",
        "info": {"title": TITLE, "version": "2", "description": DESCRIPTION},
        "servers": [{"url": server_url}],
        "paths": paths,
        "components": {
            "schemas": components,
            "responses": {
                f"Error{status}": {
                    "description": description,
                    "content": json_content(schemas.ref("Error")),
                }
                for status, description in ERRORS.items()
            },
        },
    }


def document_json(router, server_url):
    return json.dumps(openapi_document(router, server_url), indent=2) + "\n"


@functools.lru_cache(maxsize=16)
def compact_document(router, server_url):
    """The document as served. It depends on the code alone (and the host), and takes a
    sixth of a second to build, so each process builds it once per host; the bound keeps
    made-up Host headers from filling memory."""
    return json.dumps(openapi_document(router, server_url), separators=(",", ":"))


def openapi_view(request, router):
    """``GET /api/v2/openapi.json``: public, cacheable, with an ETag."""
    server_url = get_full_url(request, reverse(f"{router.url_namespace}:index")).rstrip("/")
    return public_json(request, compact_document(router, server_url))
