"""Wagtail's API v3 is mounted as it ships (folio/urls.py); this adds what it lacks.

A path under /api/v3/ that names no operation fell through to Wagtail's page serving and
got the site's HTML 404 page; a client expects the problem+json body every other v3 error
has.
"""

import json

from django.http import HttpResponse
from django.urls import re_path


def not_found(request):
    body = {"type": "about:blank", "title": "Not Found", "status": 404, "detail": "not found"}
    return HttpResponse(json.dumps(body), status=404, content_type="application/problem+json")


# Only paths ending in "/", so Django's APPEND_SLASH still redirects ``/api/v3/pages``.
unknown_path = re_path(r"^api/v3/[\s\S]*/$", not_found)
