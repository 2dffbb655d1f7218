"""Query parameters of API v3 reads: each one known, each filter value of the right kind.

Wagtail's v3 ignores a parameter it does not know (``?colour=red``, a misspelt filter)
and a filter on a field that is not in the page type's ``api_fields`` (``?authors=1``),
so a client gets every page and thinks it matched; a filter on the body is passed to the
database as it comes (no results); a value of the wrong kind (``?date=yesterday``) is a
422 from the database's conversion. API v2 answers all of these with a 400 naming the
parameter; so does this, with the parameters the OpenAPI document declares
(``v3_schema``) as the known ones.
"""

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from taggit.managers import TaggableManager
from wagtail.api.v3.errors import problem_response
from wagtail.api.validators import bool_adapter
from wagtail.coreutils import resolve_model_string
from wagtail.models import Page

from .http import MAX_ID
from .v3_schema import (
    SNIPPET_LISTING,
    declared_query_parameters,
    filter_names,
    listing_filters,
    other_listings,
    snippet_filters,
    snippet_listing,
    stream_field_names,
)

LISTING = ("get", "/pages/")


def bad_request(detail):
    return problem_response(status=400, detail=detail)


def listing_model(request):
    """The page type a listing shows: the one ``type=`` names, else ``Page``."""
    types = request.GET.getlist("type")
    if len(types) == 1:
        try:
            return resolve_model_string(types[0])
        except (LookupError, ValueError):
            return None  # Wagtail's own validation answers it
    return Page


def filter_value_problem(model, name, value):
    """A text saying why ``value`` cannot filter ``model``'s ``name``, or ``None``."""
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    if isinstance(field, TaggableManager):
        return None
    try:
        if isinstance(field, models.BooleanField):
            bool_adapter.validate_python(value)
        elif isinstance(field, models.ForeignKey):
            number = int(value)
            if not 0 < number <= MAX_ID:
                raise ValueError
        else:
            field.to_python(value)
    except (ValidationError, ValueError, TypeError, OverflowError):
        return f"field filter error: {value!r} is not a valid value for {name}"
    return None


def query_problem(request, path, path_values=None):
    """A 400 for a parameter the read at ``path`` does not take, or a filter value of
    the wrong kind; else ``None``.

    A listing's filters are its model's fields (all declared in the document): a page
    listing's those of its ``type=``, an image, document or redirect listing's as
    Wagtail has them, a snippet listing's those of the snippet type in its path
    (``path_values``: the path's ``{type}``).
    """
    method = "get"
    declared = declared_query_parameters().get((method, path))
    if declared is None:
        return None
    model, filters = None, set()
    if (method, path) == LISTING:
        declared = declared - set(listing_filters())
        model = listing_model(request)
        if model is None:
            return None  # an unknown type= is Wagtail's to answer
        filters = set(filter_names(model))
    elif path in other_listings():
        model, base_fields = other_listings()[path]
        declared = declared - set(filter_names(model, base_fields))
        filters = set(filter_names(model, base_fields))
    elif path == SNIPPET_LISTING:
        listing = snippet_listing((path_values or {}).get("type"))
        if listing is None:
            return None  # a type API v3 does not serve is Wagtail's to answer
        declared = declared - set(snippet_filters())
        model, base_fields = listing
        filters = set(filter_names(model, base_fields))
    given = set(request.GET)
    if model is not None:
        for name in sorted(given & stream_field_names(model)):
            hint = " (search= finds words in it)" if name == "body" else ""
            return bad_request(f"{name} cannot be used as a filter{hint}")
    unknown = given - declared - filters
    if unknown:
        return bad_request(
            "query parameter is not an operation or a recognised field: "
            + ", ".join(sorted(unknown))
        )
    for name in sorted(given & filters):
        for value in request.GET.getlist(name):
            problem = filter_value_problem(model, name, value)
            if problem:
                return bad_request(problem)
    return None
