"""gzip for what readers and API clients fetch, never for the admin.

Compressing responses that carry secrets (CSRF tokens, session-bound forms) next to
attacker-influenced text opens them to BREACH; Folio's public pages and API carry no
such secrets, the admin does.

The page cache keeps a gzipped copy of each response beside the plain one
(``gzipped``/``mark_gzipped``), so a cache hit is not compressed again on every request;
the result is the one this middleware would have sent.
"""

from django.conf import settings
from django.middleware.gzip import GZipMiddleware, re_accepts_gzip
from django.utils.cache import patch_vary_headers
from django.utils.text import compress_string

# GZipMiddleware leaves shorter bodies alone: not worth compressing.
MIN_LENGTH = 200


class PublicGZipMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        if request.path.startswith("/admin/"):
            return response
        if request.path.startswith(settings.MEDIA_URL):
            # User media goes out as stored (ops/media.py): images and documents are
            # compressed already, and gunicorn can only sendfile() a file left whole.
            return response
        return super().process_response(request, response)


def accepts_gzip(request):
    return bool(re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", "")))


def gzipped(body):
    """``body`` compressed as the middleware would, or ``None`` when it would not be."""
    if len(body) < MIN_LENGTH:
        return None
    compressed = compress_string(body, max_random_bytes=PublicGZipMiddleware.max_random_bytes)
    return compressed if len(compressed) < len(body) else None


def mark_gzipped(response):
    """The headers the middleware sets on a body it compressed (the body already is)."""
    patch_vary_headers(response, ("Accept-Encoding",))
    etag = response.get("ETag")
    if etag and etag.startswith('"'):
        # RFC 9110 8.8.1: a strong ETag names one representation; the gzipped one is not it.
        response.headers["ETag"] = "W/" + etag
    response.headers["Content-Encoding"] = "gzip"
