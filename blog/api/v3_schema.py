"""API v3's OpenAPI document, completed with what Folio's layer adds to Wagtail's API.

Wagtail's document is generated from its operations, so it shows only their 200s and
their own parameters. Folio's layer (``blog.api.v3``) answers more, and says so here:

* every operation's 4xx (and 503) answers, with the ``application/problem+json`` shape
  every v3 error has (``ProblemDetail``);
* ``fields`` on page listings and details (``v3_fields``), and the field filters of
  every listing (``pages/?slug=…``, ``images/?title=…``, ``snippets/blog.Author/?slug=…``),
  which Wagtail takes but does not declare;
* ``authors`` and ``categories`` of a post written by id or slug (``v3_write``);
* a post's ``guest_call_to_action`` (``v3_answers``).

The parameters declared here are also the ones a read may have: any other is a 400
(``v3_query``).
"""

import functools

from wagtail.api import APIField
from wagtail.api.v3.schemas.pages import BASE_PAGE_READ_FIELDS
from wagtail.api.v3.urls import api
from wagtail.fields import StreamField
from wagtail.models import Page, get_page_models

from .v3_write import LINK_FIELDS

PROBLEM = "#/components/schemas/ProblemDetail"
PROBLEM_DETAIL = {
    "title": "ProblemDetail",
    "description": "An error (RFC 9457): ``detail`` says what to change.",
    "type": "object",
    "required": ["type", "title", "status"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {"type": "array", "items": {"type": "object"}},
    },
}
# Why each status may answer; which operations it applies to is decided in ``answers``.
STATUS_REASONS = {
    "400": "Bad request: an unknown parameter, field or filter, a value of the wrong "
    "kind, a field that cannot be written, an invalid block",
    "401": "No API token, or one this server does not accept (tokens depend on SECRET_KEY)",
    "403": "The token's user lacks the permission, or the page is locked",
    "404": "No such object (or not public)",
    "422": "Validation failed (``errors`` lists where)",
    "503": "The database is unreachable: nothing was changed, or (a write) it is not "
    "known whether it was; ``Retry-After`` says when to try again",
}
FIELDS_PARAMETER = {
    "in": "query",
    "name": "fields",
    "required": False,
    "schema": {"type": "string"},
    "description": "Fields to show, as in API v2: ``date,tags`` adds to the defaults "
    "(a listing shows id, meta and title; a detail every field), ``*`` every field, "
    "``-body`` all but one, ``_,date`` only those named. A listing takes the fields of "
    "its ``type`` (``type=blog.BlogPage`` for a post's).",
}
SNIPPET_LISTING = "/snippets/{type}/"
NULLABLE_STRING = {"anyOf": [{"type": "string"}, {"type": "null"}]}
GUEST_CALL_TO_ACTION = {
    "title": "Guest Call To Action",
    "description": "Settings → Blog's call to action for guests, which the post page shows "
    "them after the post (as ``/api/v2/site/`` gives it); ``null`` when none is set or its "
    "snippet is not published. Show it to readers not signed in to the product.",
    "anyOf": [
        {
            "type": "object",
            "properties": {
                "heading": {"type": "string"},
                "text": {**NULLABLE_STRING, "description": "HTML"},
                "image": {"anyOf": [{"type": "object"}, {"type": "null"}]},
                "external_image_url": NULLABLE_STRING,
                "button_label": {"type": "string"},
                "url": {"type": "string"},
                "audience": {"type": "string"},
                "snippet_id": {"anyOf": [{"type": "integer"}, {"type": "null"}]},
                "style": {"type": "string", "enum": ["banner", "image"]},
            },
            "required": ["heading", "button_label", "url", "audience", "style"],
        },
        {"type": "null"},
    ],
}
# Paths Folio's layer serves itself, or Wagtail's own documentation pages.
DOCUMENT_PATHS = ("openapi.json", "/docs/")


def filter_names(model, base_fields=BASE_PAGE_READ_FIELDS):
    """The field filters of a listing of ``model``: Wagtail's (its ``base_fields`` and
    the model's ``api_fields`` in the database), minus ``pk`` and StreamFields (a body
    is searched, not compared)."""
    names = [name for name in base_fields if name not in ("pk", "locale")]
    for field in APIField.get_fields_for_model(model, db_fields_only=True):
        if field.name not in names and field.name not in stream_field_names(model):
            names.append(field.name)
    return names


def stream_field_names(model):
    return {field.name for field in model._meta.get_fields() if isinstance(field, StreamField)}


@functools.cache
def listing_filters():
    """Each field filter of the page listing, with the page types that have it."""
    types = {}
    for model in get_page_models():
        for name in filter_names(model):
            types.setdefault(name, []).append(model._meta.label)
    return types


def other_listings():
    """Listings Wagtail filters on their model's fields, by path: (model, Wagtail's base
    fields). Snippet listings are ``snippet_listing``'s: their model is in the path."""
    from wagtail.contrib.redirects.api.v3.router import BASE_REDIRECT_READ_FIELDS
    from wagtail.contrib.redirects.models import Redirect
    from wagtail.documents import get_document_model
    from wagtail.documents.api.v3.router import BASE_DOCUMENT_READ_FIELDS
    from wagtail.images import get_image_model
    from wagtail.images.api.v3.router import BASE_IMAGE_READ_FIELDS

    return {
        "/images/": (get_image_model(), BASE_IMAGE_READ_FIELDS),
        "/documents/": (get_document_model(), BASE_DOCUMENT_READ_FIELDS),
        "/redirects/": (Redirect, BASE_REDIRECT_READ_FIELDS),
    }


def snippet_models():
    """The snippet types API v3 serves (``/snippets/<type>/``)."""
    from wagtail.snippets.api.v3.router import enabled_models

    return enabled_models


def snippet_listing(snippet_type):
    """(model, Wagtail's base fields) of the listing of the snippet type ``snippet_type``
    (``blog.Author``), or ``None`` for a type API v3 does not serve."""
    for model in snippet_models():
        if model._meta.label == snippet_type:
            return model, [model._meta.pk.name]
    return None


@functools.cache
def snippet_filters():
    """Each field filter of the snippet listing, with the snippet types that have it."""
    types = {}
    for model in snippet_models():
        for name in filter_names(model, [model._meta.pk.name]):
            types.setdefault(name, []).append(model._meta.label)
    return types


def filter_parameter(name, types, things="Pages", where=None):
    if where is None:
        everywhere = Page._meta.label in types
        where = "" if everywhere else f" (with ``type=`` {', '.join(sorted(types))})"
    return {
        "in": "query",
        "name": name,
        "required": False,
        "schema": {"type": "string"},
        "description": f"{things} whose {name} is this value{where}.",
    }


def added_query_parameters(method, path):
    """Query parameters Folio's layer takes on the operation at ``path`` (no prefix)."""
    if method != "get":
        return []
    if path == "/pages/":
        filters = [filter_parameter(name, types) for name, types in listing_filters().items()]
        return [FIELDS_PARAMETER, *filters]
    if path in ("/pages/{page_id}/", "/pages/find/"):
        return [FIELDS_PARAMETER]
    if path in other_listings():
        model, base_fields = other_listings()[path]
        things = model._meta.verbose_name_plural.capitalize()
        return [filter_parameter(name, [], things, "") for name in filter_names(model, base_fields)]
    if path == SNIPPET_LISTING:
        return [
            filter_parameter(name, types, "Snippets", f" (of the types {', '.join(types)})")
            for name, types in snippet_filters().items()
        ]
    return []


def answers(method, operation):
    """The error statuses ``operation`` may answer."""
    statuses = ["400", "404", "422", "503"]
    if method != "get" or operation.get("security"):
        statuses += ["401", "403"]
    return sorted(statuses)


def problem_response(status):
    return {
        "description": STATUS_REASONS[status],
        "content": {"application/problem+json": {"schema": {"$ref": PROBLEM}}},
    }


def link_property(field):
    return {
        "type": "array",
        "items": {"anyOf": [{"type": "integer"}, {"type": "string"}]},
        "description": f"The post's {field}, in order, each by id or slug (replaces the "
        "whole list).",
    }


def complete(document, prefix):
    """``document`` (Wagtail's, paths under ``prefix``) with Folio's additions."""
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    schemas["ProblemDetail"] = PROBLEM_DETAIL
    if "BlogPageSchema" in schemas:
        properties = schemas["BlogPageSchema"].setdefault("properties", {})
        properties["guest_call_to_action"] = GUEST_CALL_TO_ACTION
    for name in ("BlogPageCreateSchema", "BlogPagePatchSchema"):
        if name in schemas:
            properties = schemas[name].setdefault("properties", {})
            for field in LINK_FIELDS:
                properties[field] = link_property(field)
    for full_path, operations in document.get("paths", {}).items():
        if full_path.endswith(DOCUMENT_PATHS):
            continue
        path = full_path.removeprefix(prefix.rstrip("/"))
        for method, operation in operations.items():
            declared = {parameter["name"] for parameter in operation.get("parameters", [])}
            for parameter in added_query_parameters(method, path):
                if parameter["name"] not in declared:
                    operation.setdefault("parameters", []).append(parameter)
            responses = operation.setdefault("responses", {})
            for status in answers(method, operation):
                responses.setdefault(status, problem_response(status))
    return document


@functools.cache
def declared_query_parameters():
    """{(method, path without prefix): query parameter names} of every operation."""
    document = complete(api.get_openapi_schema(path_prefix=""), "")
    return {
        (method, path): frozenset(
            parameter["name"]
            for parameter in operation.get("parameters", [])
            if parameter["in"] == "query"
        )
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
    }
