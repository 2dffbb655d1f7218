"""Input Wagtail's API v3 would hand the database as it comes: refused first, as a 4xx.

Each was a 500 with the site's HTML error page (issue #12):

* NUL characters in a parameter or the path: PostgreSQL refuses them in text
  (``locale``, ``site``, ``html_path``, ``search``, …);
* an ``offset`` past 64 bits: PostgreSQL's "bigint out of range" (Wagtail checks the
  ``limit`` against ``WAGTAILAPI_LIMIT_MAX`` but the offset only against 0);
* a parameter repeated more than ``MAX_VALUES`` times (``tags`` more than
  ``MAX_TAG_VALUES``): a request's cost must not grow with its length. Wagtail's v3
  filters tags with one join of the tag tables per ``tags=`` value, and PostgreSQL's
  planning time grows steeply with the joins (on 2,000 posts: 1 tag 6 ms, 3 tags 46 ms,
  10 tags 0.4 s, 20 tags 2.5 s). Folio's API v2 filters tags in one query shape, up to 20;
* a move beside the root page (``position`` ``left``, ``right``, …, or none, with the root
  as ``destination_id``): Wagtail asks the root for a parent it does not have.
"""

import json

from pydantic import TypeAdapter, ValidationError
from wagtail.api.v3.errors import problem_response
from wagtail.models import Page

from .http import MAX_ID, MAX_VALUES

INTEGER = TypeAdapter(int)
# Wagtail's v3 joins the tag tables once per value (see above): few stay cheap.
MAX_TAG_VALUES = 3
# Numbers Wagtail's pagination passes to the database without an upper bound.
UNBOUNDED_NUMBERS = ("offset",)
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
        if name in UNBOUNDED_NUMBERS:
            numbers = [integer(value) for value in values]
            if any(number is not None and number > MAX_ID for number in numbers):
                return bad_request(f"{name} cannot be higher than {MAX_ID}")
    return None


def move_problem(request):
    """A 422 for a move that would put a page beside the root page; else ``None``.

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
    message = (
        "a page cannot be moved beside the root page: use position first-child or "
        "last-child to move it under the root"
    )
    return problem_response(
        status=422,
        detail=message,
        errors=[{"type": "value_error", "loc": ["body", "data", "position"], "msg": message}],
    )
