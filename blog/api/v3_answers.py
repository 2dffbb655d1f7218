"""API v3 answers completed where Wagtail's leave out what a client needs.

* ``pages/find/`` redirected to a relative URL ending in ``?`` (an empty query): its
  ``Location`` is now the detail's absolute URL on the request's Site, as ``detail_url``
  is, with the query only when there is one.
* Images' and documents' ``download_url`` was the file's path alone: now the absolute
  URL on the request's Site, as every other URL the API gives.
* A create or update with ``meta.action: "publish"`` answers the page Wagtail's form
  built, from before the publish set ``first_published_at`` (and ``last_published_at``):
  the answer said ``null`` for a page just published. The dates are read back.
* A 401 to a request that carried a token says why a token may be refused: tokens are
  tied to the server's SECRET_KEY (nothing secret is shown).
* A post's detail gives the blog-wide call to action for guests that the post page shows
  them after the post (``guest_call_to_action``, as ``/api/v2/site/`` has it, or
  ``null``): v3 has no ``html`` and no audience, so its client shows it to its guests.
"""

import json
from urllib.parse import urlsplit

from ninja.responses import NinjaJSONEncoder
from wagtail.api.v2.utils import get_full_url
from wagtail.models import Page

from .site import guest_call_to_action

TOKEN_REFUSED = (
    "This API token is not accepted by this server: it is unknown here, revoked, or its "
    "user is inactive. Tokens are tied to the server's SECRET_KEY: a token made on "
    "another server, or before SECRET_KEY was changed, is unknown here "
    "(SECRET_KEY_FALLBACKS keeps the old key's tokens working while a key is rotated). "
    "Make a new token on this server: manage.py api_tokens create, or Account → API tokens."
)
MEDIA_PATHS = ("/images/", "/documents/")
PUBLISHING_WRITES = (("post", "/pages/"), ("patch", "/pages/{page_id}/"))
POST_DETAIL = ("get", "/pages/{page_id}/")
POST_TYPE = "blog.BlogPage"


def rewritten(response, data):
    """``response`` with ``data`` as its body, its headers kept."""
    response.content = json.dumps(data, cls=NinjaJSONEncoder)
    if response.has_header("Content-Length"):
        response["Content-Length"] = str(len(response.content))
    return response


def absolute_location(request, response):
    parts = urlsplit(response["Location"])
    url = get_full_url(request, parts.path)
    response["Location"] = f"{url}?{parts.query}" if parts.query else url
    return response


def absolute_download_urls(request, value):
    """``value`` (parsed JSON) with each relative ``download_url`` made absolute."""
    if isinstance(value, list):
        return [absolute_download_urls(request, item) for item in value]
    if isinstance(value, dict):
        return {
            key: get_full_url(request, item)
            if key == "download_url" and isinstance(item, str) and item.startswith("/")
            else absolute_download_urls(request, item)
            for key, item in value.items()
        }
    return value


def is_publish(request):
    try:
        data = json.loads(request.body)
    except ValueError:
        return False
    meta = data.get("meta") if isinstance(data, dict) else None
    return isinstance(meta, dict) and meta.get("action") == "publish"


def published_dates(response):
    data = json.loads(response.content)
    meta = data.get("meta")
    if not isinstance(meta, dict) or "id" not in data:
        return response
    dates = Page.objects.filter(pk=data["id"]).values("first_published_at", "last_published_at")
    for name, value in (dates.first() or {}).items():
        if name in meta:
            meta[name] = value
    return rewritten(response, data)


def carried_token(request):
    return request.headers.get("Authorization", "").lower().startswith("bearer ")


def token_refused(response):
    data = json.loads(response.content)
    data["detail"] = TOKEN_REFUSED
    return rewritten(response, data)


def complete_answer(request, method, path, response):
    """``response`` to the operation at ``path`` (no prefix), completed."""
    status = response.status_code
    if status == 401 and carried_token(request):
        return token_refused(response)
    if path == "/pages/find/" and status == 302:
        return absolute_location(request, response)
    if method == "get" and status == 200 and path.startswith(MEDIA_PATHS):
        return rewritten(response, absolute_download_urls(request, json.loads(response.content)))
    if (method, path) in PUBLISHING_WRITES and status in (200, 201) and is_publish(request):
        return published_dates(response)
    return response


def with_post_extras(request, method, path, response):
    """``response`` to a read, with a post detail's ``guest_call_to_action`` added (before
    ``fields=`` narrows it, which may then leave it out)."""
    if (method, path) != POST_DETAIL or response.status_code != 200:
        return response
    data = json.loads(response.content)
    meta = data.get("meta") if isinstance(data, dict) else None
    if not isinstance(meta, dict) or meta.get("type") != POST_TYPE:
        return response
    data["guest_call_to_action"] = guest_call_to_action(request, {"request": request})
    return rewritten(response, data)
