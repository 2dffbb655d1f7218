"""Page-cache hits answered in front of Django, at the speed of a static file.

A hit inside Django still paid for what no hit needs: the request object, the
request_started/finished signals (closing old database connections), the security, CSP,
gzip, WhiteNoise and CORS middleware, and rebuilding the response from the cached entry.
``CachedHits`` wraps the WSGI application (folio/wsgi.py): for an anonymous GET it looks
up the exact bytes the whole stack sent last time (status, final headers, body) and sends
them; anything else goes to Django, where the page cache (``ops.page_cache``) decides as
before.

It only ever answers with what the page cache itself chose to keep for the same request:
an entry is written here only when Django's answer carries the page cache's header (a
stored or served public copy), and a request is looked up here only when the page cache
would have served it too (``eligible``: no credential, no session or other unknown cookie,
no preview token, JSON for the API). Everything the outer middleware's headers depend on
is in the key: scheme and its proxy header (HSTS, HTTPS redirect), host, audience (from
the member cookie directly: a request with a session never gets here), gzip or not, path
and query, and the content generation that retires every copy on each publish. Requests
with an ``Origin`` (CORS headers), conditional or range headers, and HEADs go to Django,
which answers them from the page cache as before.
"""

import hashlib
from urllib.parse import parse_qsl

from django.conf import settings
from django.http.cookie import parse_cookie
from django.middleware.gzip import re_accepts_gzip

from blog.audience import GUEST, MEMBER

from . import page_cache
from .hit_lookup import kept_entry

KEY_PREFIX = "folio:hits1"
# Headers whose answer differs per request in a way the key does not hold: Django answers.
PASSED_THROUGH = (
    "HTTP_AUTHORIZATION",
    "HTTP_ORIGIN",
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
    "HTTP_IF_MATCH",
    "HTTP_IF_UNMODIFIED_SINCE",
    "HTTP_RANGE",
)
STORED_STATUSES = ("200", "301", "404")


class CachedHits:
    """WSGI middleware: answer page-cache hits before Django; keep what Django sends."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        key_for = hit_key_for(environ)
        if key_for is None:
            return self.application(environ, start_response)
        cache = page_cache.page_cache()
        key, entry = kept_entry(key_for)
        if entry is not None:
            status, headers, body = entry
            start_response(status, list(headers))
            return [body]
        return self.answer_and_keep(environ, start_response, key, cache)

    def answer_and_keep(self, environ, start_response, key, cache):
        sent = {}

        def keep_start_response(status, headers, exc_info=None):
            sent["status"], sent["headers"] = status, headers
            return start_response(status, headers, exc_info)

        result = self.application(environ, keep_start_response)
        if not is_kept(sent.get("status", ""), sent.get("headers", ())):
            return result
        try:
            body = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        headers = tuple(
            (name, "hit" if name == page_cache.CACHE_HEADER else value)
            for name, value in sent["headers"]
        )
        timeout = getattr(settings, "FOLIO_PAGE_CACHE_SECONDS", 3600)
        if sent["status"].startswith("404"):
            timeout = min(timeout, 60)  # as the page cache: random URLs do not stay long
        cache.set(key, (sent["status"], headers, body), timeout)
        return [body]


def is_kept(status, headers):
    """Whether Django's answer is a copy the page cache kept or served (and nothing else)."""
    if not status.startswith(STORED_STATUSES):
        return False
    names = {name.lower(): value for name, value in headers}
    if page_cache.CACHE_HEADER.lower() not in names or "set-cookie" in names:
        return False
    cache_control = names.get("cache-control", "")
    return not any(word in cache_control for word in ("private", "no-cache", "no-store"))


def hit_key_for(environ):
    """What makes the key of this request's kept answer from a content generation, or
    ``None`` when Django must answer it."""
    if environ.get("REQUEST_METHOD") != "GET" or not getattr(settings, "FOLIO_PAGE_CACHE", True):
        return None
    path = environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", "")
    if path.startswith(page_cache.BYPASS_PREFIXES) or path.startswith(
        (settings.MEDIA_URL, settings.STATIC_URL)
    ):
        return None
    if any(name in environ for name in PASSED_THROUGH):
        return None
    cookies = parse_cookie(environ["HTTP_COOKIE"]) if environ.get("HTTP_COOKIE") else {}
    inert = page_cache.inert_cookies()
    if any(name not in inert for name in cookies):
        return None  # maybe a session, an unlocked page, a message: someone's request
    query = environ.get("QUERY_STRING", "")
    if query and any(
        name in page_cache.PREVIEW_TOKEN_PARAMETERS
        for name, _ in parse_qsl(query, keep_blank_values=True)
    ):
        return None
    is_api = path.startswith("/api/")
    if is_api and not page_cache.accept_negotiates_json(environ.get("HTTP_ACCEPT", "")):
        return None
    if is_api:
        audience = "any"
    else:
        audience = MEMBER if cookies.get(settings.FOLIO_MEMBER_COOKIE) else GUEST
    gzip = "gzip" if re_accepts_gzip.search(environ.get("HTTP_ACCEPT_ENCODING", "")) else "plain"
    # Raw values, finer than Django's reading of them: two requests share a key only when
    # every layer sees them alike.
    scheme = environ.get("wsgi.url_scheme", "") + "|" + proxy_scheme(environ)
    host = (
        "|".join(
            environ.get(name, "")
            for name in ("HTTP_X_FORWARDED_HOST", "HTTP_X_FORWARDED_PORT", "HTTP_HOST")
        )
        + f"|{environ.get('SERVER_NAME', '')}:{environ.get('SERVER_PORT', '')}"
    )
    where = hashlib.sha256(f"{scheme} {host} {path}?{query}".encode()).hexdigest()[:32]
    return lambda generation: f"{KEY_PREFIX}:{generation}:{audience}:{gzip}:{where}"


def proxy_scheme(environ):
    header = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
    return environ.get(header[0], "") if header else ""
