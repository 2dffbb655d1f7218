"""Folio's page cache: whole responses for anonymous readers, in Django's cache.

wagtail-cache does not support Wagtail 8, and Django's per-site cache middleware keys
on cookies, so a member/guest split is not possible. This middleware keys on what the
page really depends on: site, audience (guest/member) and full path.

Two rules keep one caller's answer from reaching another (docs/security.md):

- Only *anonymous* requests use the cache, to read or to write: no ``Authorization``
  header, no cookie but the audience cookie (and those the operator declares inert in
  ``FOLIO_PAGE_CACHE_INERT_COOKIES``), no preview token. A session, a page unlocked with
  its password, an API token: each makes the request someone's, and it goes to the view.
- Only responses whose view *declared them public* (``declare_public``) are stored: the
  view vouches that any anonymous reader of that URL and audience gets the same bytes.
  Everything else (API v3, previews, forms, anything new) is never stored by default.

Answers to requests with an ``Authorization`` header say ``Cache-Control: private,
no-store`` so that no shared cache downstream keeps them either.

Every key carries a *generation* number; publishing,
unpublishing, moving or deleting a page, or editing a snippet or setting, bumps the
generation (see ``signal_handlers``), which retires every cached copy at once: a blog
is small enough that rebuilding on demand is cheaper than tracking which page showed
which post.
"""

import contextlib
import functools
import hashlib
import logging
import threading
import time

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import parse_http_date_safe

from blog.audience import visitor_audience

from .compression import accepts_gzip, gzipped, mark_gzipped

logger = logging.getLogger("folio.page_cache")

GENERATION_KEY = "folio:page-cache:generation"
CACHE_HEADER = "X-Folio-Cache"
BYPASS_PREFIXES = ("/admin/", "/django-admin/", "/documents/", "/healthz")
# Set on a response by the view that produced it (``declare_public``).
PUBLIC_ATTRIBUTE = "folio_declared_public"
# A headless preview's signed token (``/api/v2/page_preview/?token=…``) names a draft.
PREVIEW_TOKEN_PARAMETERS = ("token",)
# The media types under which the API answers JSON (Django REST framework's negotiation:
# the API's only renderer in production is JSON).
JSON_MEDIA_RANGES = ("*/*", "application/*", "application/json")


def declare_public(response):
    """Mark ``response`` as the same for every anonymous reader of its URL and audience.

    Views call this (or use ``public_view``) for what they know to be public; the page
    cache stores nothing else.
    """
    setattr(response, PUBLIC_ATTRIBUTE, True)
    return response


def public_view(view):
    """Decorate a view whose responses to anonymous readers are public (``declare_public``)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        return declare_public(view(request, *args, **kwargs))

    return wrapper


def page_cache():
    return caches[getattr(settings, "FOLIO_PAGE_CACHE_ALIAS", "default")]


def generation_cache():
    """Where the generation number lives: shared by every worker (see settings.CACHES)."""
    return caches[getattr(settings, "FOLIO_GENERATION_CACHE_ALIAS", "default")]


def current_generation():
    cache = generation_cache()
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        # add() so that concurrent first requests agree on one starting value.
        start = fresh_generation()
        cache.add(GENERATION_KEY, start, timeout=None)
        generation = cache.get(GENERATION_KEY) or start
    return generation


def fresh_generation():
    """Where a generation number starts: the time in microseconds. A number lost (the
    generation's file or Redis key deleted, evicted or cleared) while cached copies stay
    must not start again at 1: copies kept under the old 1, 2, 3… would be served again,
    drafts since unpublished among them. Each change adds one, so no later start comes
    back to a number already used unless changes came faster than one a microsecond."""
    return time.time_ns() // 1000


_batch = threading.local()


@contextlib.contextmanager
def one_invalidation_after(reason):
    """Changes made inside the block retire cached copies once, when it ends.

    For batch work that commits inside the block (each imported post is its own
    transaction): readers cannot see the changes before the commit, so one bump after it
    retires whatever they cached meanwhile. Each save's own bump was a file written and
    renamed without Redis, three times per imported post.
    """
    if getattr(_batch, "pending", None) is not None:  # nested: the outer block bumps
        yield
        return
    _batch.pending = False
    try:
        yield
    finally:
        changed, _batch.pending = _batch.pending, None
        if changed:
            invalidate_page_cache(reason)


def invalidate_page_cache(reason=""):
    """Retire every cached response (of every site), now and again at commit.

    The second bump matters: between the change and its commit, a reader's request
    still sees the old data and could cache it under the new generation, where it
    would stay until the next change (a page made private would stay public).
    """
    if getattr(_batch, "pending", None) is not None:
        _batch.pending = True
        return
    _bump_generation()
    connection = transaction.get_connection()
    if connection.in_atomic_block and not any(
        func is _bump_generation for _, func, _ in connection.run_on_commit
    ):
        transaction.on_commit(_bump_generation)
    logger.debug("page cache invalidated: %s", reason)


_followed = threading.local()


def follow_generation(generation):
    """Drop what Wagtail keeps per process when the content generation has moved on.

    Wagtail keeps the sites' root paths (hostname, port, root page) in Django's default
    cache, which without Redis is each worker's own memory: a Site changed through one
    worker stayed old in the others (share links, feeds and API URLs with the old port)
    for up to an hour. Every Site change bumps the generation, so each worker forgets
    them on its first request after one.
    """
    seen = getattr(_followed, "generation", None)
    if seen == generation:
        return
    if seen is not None:
        from wagtail.models import Site  # the models are not loaded when this is imported

        Site.clear_site_root_paths_cache()
    _followed.generation = generation


def forget_followed_generation():
    """Start this process over as a new worker does, following no generation yet (tests:
    each starts with empty caches, which hold nothing Wagtail must drop)."""
    _followed.generation = None


def _bump_generation():
    cache = generation_cache()
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # no number yet, or it was lost: a fresh one is past every old one
        cache.set(GENERATION_KEY, fresh_generation(), timeout=None)


def is_cacheable_request(request):
    """Whether the cache may answer this request, or keep the answer the view gives it."""
    if not getattr(settings, "FOLIO_PAGE_CACHE", True):
        return False
    if request.method not in ("GET", "HEAD"):
        return False
    if request.path.startswith(BYPASS_PREFIXES) or request.path.startswith(settings.MEDIA_URL):
        return False  # media files have cache headers of their own (ops/media.py)
    if carries_identity(request):
        return False
    return not is_api_request(request) or negotiates_json(request)


def carries_identity(request):
    """Whether the request says who is asking: a credential, a session or a preview token.

    Decided from the headers alone (the page cache runs before the session and
    authentication middleware): any cookie the cache does not know to be inert may be
    a session, an unlocked password page, a message or the product's own login.
    """
    if "HTTP_AUTHORIZATION" in request.META:
        return True
    if getattr(request, "is_dummy", False):
        # Wagtail's preview renders a draft through a made-up request for the page's URL.
        return True
    inert = inert_cookies()
    if any(name not in inert for name in request.COOKIES):
        return True
    return any(name in request.GET for name in PREVIEW_TOKEN_PARAMETERS)


def inert_cookies():
    """Cookies that change nothing a view answers, beyond the audience the key holds."""
    return {settings.FOLIO_MEMBER_COOKIE, *getattr(settings, "FOLIO_PAGE_CACHE_INERT_COOKIES", ())}


def negotiates_json(request):
    """Whether the API would answer this request's ``Accept`` with its JSON (or 406).

    A cached copy must be what the view would say: a client that accepts only
    ``text/html`` gets the API's 406 from the view, never a stored 200. Media type
    parameters other than ``q`` change the JSON (``indent=4``), so those go to the view too.
    """
    return accept_negotiates_json(request.META.get("HTTP_ACCEPT", ""))


def accept_negotiates_json(accept):
    """``negotiates_json`` of an ``Accept`` header's value."""
    accept = accept.strip()
    if not accept:
        return True
    for media_range in accept.split(","):
        media_type, *parameters = (part.strip() for part in media_range.split(";"))
        if media_type.lower() in JSON_MEDIA_RANGES and all(
            parameter.lower().startswith("q=") for parameter in parameters
        ):
            return True
    return False


def is_cacheable_response(response):
    if not getattr(response, PUBLIC_ATTRIBUTE, False):
        return False
    if response.status_code not in (200, 301, 404):
        return False
    if response.streaming or response.cookies:
        return False
    cache_control = response.get("Cache-Control", "")
    if any(word in cache_control for word in ("private", "no-cache", "no-store")):
        return False
    vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
    # Only what the key already covers may vary.
    return vary <= {"cookie", "accept-encoding", "origin"}


def keep_private(request, response):
    """An answer for a token holder is theirs alone: no shared cache may keep it."""
    if "HTTP_AUTHORIZATION" in request.META:
        response["Cache-Control"] = "private, no-store"
    return response


def is_api_request(request):
    return request.path.startswith("/api/")


def cache_key(request, generation):
    # API responses never depend on who asks (``?audience=`` is part of the URL).
    audience = "any" if is_api_request(request) else visitor_audience(request)
    digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    # "page3": copies kept by earlier code (under "page" and "page2") are never read
    # again: that code stored answers to token holders too, and they may still sit in a
    # shared Redis after an upgrade. They expire on their own.
    return f"folio:page3:{generation}:{request.get_host()}:{audience}:{request.method}:{digest}"


class PageCacheMiddleware:
    """Serve anonymous GETs from the page cache; fill it on a miss.

    Placed before the session, authentication, CSRF and messages middleware: a hit needs
    none of them, and the request is known anonymous from its headers alone.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Read once per request: the cached parts of a miss use it too (fragment_cache).
        request._folio_generation = current_generation()
        follow_generation(request._folio_generation)
        if not is_cacheable_request(request):
            return keep_private(request, self.get_response(request))
        cache = page_cache()
        key = cache_key(request, request._folio_generation)
        entry = cache.get(key)
        if entry is not None:
            response = response_from_entry(entry, request)
            # A cached copy keeps its ETag/Last-Modified; revalidating clients get a 304.
            response = get_conditional_response(
                request,
                etag=response.get("ETag"),
                last_modified=parse_http_date_safe(response.get("Last-Modified", "")),
                response=response,
            )
            response[CACHE_HEADER] = "hit"
            return response

        response = self.get_response(request)
        if is_cacheable_response(response):
            if not is_api_request(request):
                patch_vary_headers(response, ["Cookie"])
            timeout = getattr(settings, "FOLIO_PAGE_CACHE_SECONDS", 3600)
            if response.status_code == 404:
                # Random missing URLs must not crowd out real pages for long.
                timeout = min(timeout, 60)
            cache.set(key, entry_for(response), timeout)
            response[CACHE_HEADER] = "miss"
        return response


def entry_for(response):
    """What the cache keeps of a response: status, headers, body and the body gzipped.

    Plain bytes and strings, not the response object: unpickling a whole response
    (an API response drags its serialised data along) cost more than serving it, and
    the gzipped body spares compressing the same bytes again on every hit.
    """
    body = response.content
    # The length depends on which body a hit sends (``response_from_entry``).
    headers = tuple((name, value) for name, value in response.items() if name != "Content-Length")
    return (response.status_code, headers, body, gzipped(body))


def response_from_entry(entry, request):
    status, headers, body, gzipped_body = entry
    use_gzip = gzipped_body is not None and accepts_gzip(request)
    response = HttpResponse(gzipped_body if use_gzip else body, status=status)
    for name, value in headers:
        response[name] = value
    if use_gzip:
        mark_gzipped(response)
    response["Content-Length"] = str(len(response.content))
    return response
