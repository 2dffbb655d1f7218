"""Wagtail's API v3, mounted at /api/v3/ behind a thin layer of Folio's (folio/urls.py).

Wagtail's v3 code is used as it ships. Each of its views is wrapped (``guarded``) so that
what it gets wrong for a public site is answered before or after it runs, always as the
``application/problem+json`` every v3 error is:

* input it would hand the database as it comes (NUL characters, integers past 64 bits,
  more than 20 values of a parameter, a snippet key of the wrong kind, a move beside the
  root page): a 400, 404 or 422 rather than a 500 (``v3_input``);
* reads that are not public content (the redirect table, the whole image and document
  libraries): a token whose user has a permission on them (``v3_access``);
* writes in one transaction, and a lost database connection answered with what
  happened to the write (``v3_outcomes``);
* a path under /api/v3/ naming no operation: a 404 (``unknown_path``), where it fell
  through to the site's HTML 404 page;
* what docs/api.md says v3 does and Wagtail's does not (issue #16): ``fields=``
  (``v3_selection``), a 400 for an unknown parameter or filter (``v3_query``), writes
  of every field a post's editor has, checked (``v3_write``), absolute URLs, dates
  after a publish, a 401 that says why a token was refused, a post's guest call to
  action (``v3_answers``), and an OpenAPI document that lists all of it with the 4xx
  answers (``v3_schema``).
"""

import json
import re
from functools import wraps

from django.http import Http404, HttpResponse
from django.urls import URLPattern, re_path
from wagtail.api.v3.urls import api

from .v3_access import access_problem
from .v3_answers import complete_answer, with_post_extras
from .v3_input import input_problem, key_problem, move_problem
from .v3_listing import mark_listing
from .v3_outcomes import answer_read, answer_write
from .v3_query import query_problem
from .v3_schema import complete
from .v3_selection import select_fields
from .v3_write import write_problem

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
# Per operation (its URL name), a check of the request body Wagtail's code needs first.
BODY_CHECKS = {"pages_actions_move": move_problem}
# Writes whose body Folio checks and completes first (method, path as in the schema).
WRITE_CHECKS = {("post", "/pages/"), ("patch", "/pages/{page_id}/")}
OPENAPI_DOCUMENT = "openapi-json"


def schema_path(pattern):
    """``pages/<page_id>/`` as the OpenAPI document names it: ``/pages/{page_id}/``."""
    return "/" + re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", str(pattern.pattern))


def guarded(pattern):
    """``pattern`` with its view behind Folio's checks; same route, name and view flags."""
    view = pattern.callback
    body_problem = BODY_CHECKS.get(pattern.name, lambda request: None)
    path = schema_path(pattern)
    if pattern.name == OPENAPI_DOCUMENT:
        return URLPattern(pattern.pattern, documented(view), pattern.default_args, pattern.name)

    @wraps(view)
    def guarded_view(request, *args, **kwargs):
        method = request.method.lower()
        mark_listing(request, pattern.name)
        problem = (
            input_problem(request)
            or key_problem(request, kwargs)
            or access_problem(request, pattern.name)
            or body_problem(request)
            or (query_problem(request, path, kwargs) if request.method in SAFE_METHODS else None)
            or (write_problem(request, kwargs) if (method, path) in WRITE_CHECKS else None)
        )
        if problem is not None:
            return complete_answer(request, method, path, problem)
        try:
            if request.method in SAFE_METHODS:
                response = answer_read(view, request, *args, **kwargs)
                response = with_post_extras(request, method, path, response)
                response = select_fields(request, method, path, response)
            else:
                response = answer_write(view, request, *args, **kwargs)
        except Http404:  # from a view outside Wagtail's operations, e.g. the API's root
            return not_found(request)
        return complete_answer(request, method, path, response)

    return URLPattern(pattern.pattern, guarded_view, pattern.default_args, pattern.name)


def documented(view):
    """Wagtail's OpenAPI view, its document completed with Folio's additions."""

    @wraps(view)
    def document_view(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code != 200:
            return response
        prefix = request.path.removesuffix("openapi.json")
        document = complete(json.loads(response.content), prefix)
        response.content = json.dumps(document)
        return response

    return document_view


def urls():
    """Wagtail's ``api.urls`` (patterns, app name, namespace), every view guarded."""
    patterns, app_name, namespace = api.urls
    return [guarded(pattern) for pattern in patterns], app_name, namespace


def not_found(request):
    body = {"type": "about:blank", "title": "Not Found", "status": 404, "detail": "not found"}
    return HttpResponse(json.dumps(body), status=404, content_type="application/problem+json")


# Only paths ending in "/", so Django's APPEND_SLASH still redirects ``/api/v3/pages``.
unknown_path = re_path(r"^api/v3/[\s\S]*/$", not_found)
