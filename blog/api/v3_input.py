"""Input Wagtail's API v3 would hand the database as it comes: refused first, as a 4xx.

Each was a 500 with the site's HTML error page (issue #12):

* NUL characters in a parameter or the path: PostgreSQL refuses them in text
  (``locale``, ``site``, ``html_path``, ``search``, …);
* an integer past 64 bits (``offset``, ``user_id``, a field filter such as
  ``?collection=``): "bigint out of range" on PostgreSQL, an ``OverflowError`` on SQLite.
  Wagtail checks ``limit`` against ``WAGTAILAPI_LIMIT_MAX`` but ``offset`` only against
  0, and Django guards plain integer lookups but not foreign keys. Only the parameters
  the v3 schema declares as text (``search``, ``html_path``, …) may be long numbers;
* a snippet key its model cannot have (``/snippets/blog.Author/abc/``), a revision
  filter's ``user_id`` no user can have (``user_id=``, ``user_id=abc``): Django's "Field
  'id' expected a number" from Wagtail's lookup;
* a parameter repeated more than ``MAX_VALUES`` times (``tags`` more than
  ``MAX_TAG_VALUES``): a request's cost must not grow with its length. Wagtail's v3
  filters tags with one join of the tag tables per ``tags=`` value, and PostgreSQL's
  planning time grows steeply with the joins (on 2,000 posts: 1 tag 6 ms, 3 tags 46 ms,
  10 tags 0.4 s, 20 tags 2.5 s). Folio's API v2 filters tags in one query shape, up to 20;
* a move beside the root page (``position`` ``left``, ``right``, …, or none, with the root
  as ``destination_id``): Wagtail asks the root for a parent it does not have.
"""

import functools
import json

from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError as DjangoValidationError
from pydantic import TypeAdapter, ValidationError
from wagtail.api.v3.auth import BearerTokenAuth
from wagtail.api.v3.errors import problem_response
from wagtail.api.v3.urls import api
from wagtail.coreutils import resolve_model_string
from wagtail.models import Page

from .http import MAX_ID, MAX_VALUES

INTEGER = TypeAdapter(int)
# Wagtail's v3 joins the tag tables once per value (see above): few stay cheap.
MAX_TAG_VALUES = 3
# Positions that make the destination the page's new parent (Wagtail's move action).
CHILD_POSITIONS = ("first-child", "last-child", "sorted-child")


def bad_request(detail):
    return problem_response(status=400, detail=detail)


def integer(value):
    """``value`` as Wagtail's v3 (Pydantic) reads an integer, or ``None``."""
    try:
        return INTEGER.validate_python(value)
    except ValidationError:
        return None


def schema_types(schema):
    """The JSON types a parameter's schema allows (through ``anyOf`` too)."""
    types = {schema["type"]} if isinstance(schema.get("type"), str) else set()
    for option in schema.get("anyOf", []) + schema.get("oneOf", []):
        types |= schema_types(option)
    return types


@functools.cache
def text_parameters():
    """Query parameters the v3 schema declares as text only, in every operation."""
    declared = {}
    for operations in api.get_openapi_schema()["paths"].values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "query":
                    types = schema_types(parameter["schema"])
                    declared[parameter["name"]] = declared.get(parameter["name"], set()) | types
    return frozenset(name for name, types in declared.items() if "integer" not in types)


def input_problem(request):
    """A 400 for query parameters or a path the database cannot take; else ``None``."""
    if "\x00" in request.path:
        return bad_request("null characters are not allowed in the path")
    for name, values in request.GET.lists():
        if "\x00" in name or any("\x00" in value for value in values):
            return bad_request(f"null characters are not allowed in {name!r}")
        most = MAX_TAG_VALUES if name == "tags" else MAX_VALUES
        if len(values) > most:
            return bad_request(f"{name} accepts at most {most} values")
        if name == "user_id" and not all(is_user_key(value) for value in values):
            return bad_request("user_id must be a user's id")
        if name not in text_parameters():
            numbers = [integer(value) for value in values]
            if any(number is not None and abs(number) > MAX_ID for number in numbers):
                return bad_request(f"{name} is out of range: integers go up to {MAX_ID}")
    return None


def is_user_key(value):
    try:
        get_user_model()._meta.pk.to_python(value)
    except DjangoValidationError:
        return False
    return value != ""


def key_problem(request, kwargs):
    """A 404 for a snippet key its model cannot have (``/snippets/<type>/<pk>/…``), to a
    caller with a valid token (Wagtail answers the others 401 first); else ``None``."""
    if "type" not in kwargs or "pk" not in kwargs:
        return None
    try:
        model = resolve_model_string(kwargs["type"])
    except (LookupError, ValueError):
        return None  # Wagtail's own validation answers an unknown type
    try:
        model._meta.pk.to_python(unquote(kwargs["pk"]))
    except DjangoValidationError:
        if BearerTokenAuth()(request) is not None:
            return problem_response(
                status=404, detail=f"No {model._meta.object_name} matches the given query."
            )
    return None


def move_problem(request):
    """A 422 for a move that would put a page beside the root page, to a caller with a
    valid token; else ``None``.

    Anything else about the body (malformed JSON, a missing destination) is left to
    Wagtail's own validation.
    """
    try:
        data = json.loads(request.body)
    except ValueError:
        return None
    if not isinstance(data, dict) or data.get("position") in CHILD_POSITIONS:
        return None
    destination = data.get("destination_id")
    destination = None if isinstance(destination, bool) else integer(destination)
    if destination is None or not 0 < destination <= MAX_ID:
        return None
    if not Page.objects.filter(pk=destination, depth=1).exists():
        return None
    if BearerTokenAuth()(request) is None:
        return None  # Wagtail answers 401 first
    message = (
        "a page cannot be moved beside the root page: use position first-child or "
        "last-child to move it under the root"
    )
    return problem_response(
        status=422,
        detail=message,
        errors=[{"type": "value_error", "loc": ["body", "data", "position"], "msg": message}],
    )
