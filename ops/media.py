"""Serve user media (MEDIA_ROOT) from the site's own origin without letting it script it.

Editors and the importer put files there; a browser that opened one as a page would run
it with the reader's session (an admin's included). So every answer says
``X-Content-Type-Options: nosniff`` (the type comes from the file name, never from
sniffing the content), and anything that is not a raster image comes with a
``Content-Security-Policy`` that allows nothing to run or load (``sandbox`` gives it an
origin of its own) and, unless it is an SVG shown as an image, as a download. Documents
(``documents/``) are downloads too, as Wagtail's own ``/documents/<id>/<name>`` view
serves all but PDFs and text; a document of a collection with a view restriction is not
served from here at all: only that view checks the restriction.

Why a view of our own rather than ``django.views.static.serve``: that one follows
symbolic links out of the folder, answers a ``..`` path with 400 rather than 404, sends
no ETag, and guesses ``Content-Encoding`` from ``.gz``/``.br`` names (a ``x.svg.gz``
would be unpacked and run as SVG). This is a ``FileResponse`` (gunicorn sends it with
``sendfile``) with Django's own conditional GET (``If-None-Match``/``If-Modified-Since``
answer 304). One byte range (``Range: bytes=…``) is answered with 206: Safari plays a
``<video>`` (an imported clip is a document) only from a server that does; several
ranges in one request get the whole file, as RFC 9110 allows. A site with large media
puts nginx or a CDN in front (``FOLIO_SERVE_MEDIA=0``).
"""

import mimetypes
import re
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.http import (
    FileResponse,
    HttpResponse,
    HttpResponseNotAllowed,
    StreamingHttpResponse,
)
from django.urls import re_path
from django.utils.cache import get_conditional_response
from django.utils.http import content_disposition_header, http_date, quote_etag
from wagtail.documents import get_document_model

# Shown inline with no policy: browsers decode these and run nothing in them.
RASTER_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".avif": "image/avif",
}
SVG_TYPE = "image/svg+xml"
# Nothing may run or load. Inline styles only, so an SVG's own fills and gradients show;
# data: images only, the only ones a sanitised SVG keeps (ops/image_safety.py).
SANDBOX_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox"

RENDITIONS_FOLDER = "images/"
DOCUMENTS_FOLDER = "documents/"
# A rendition's name changes whenever its image or filter does: cache it for good.
RENDITION_CACHE = "public, max-age=31536000, immutable"
# An original may be replaced or deleted (or its collection made private): an hour.
ORIGINAL_CACHE = "public, max-age=3600"

ALLOWED_METHODS = ("GET", "HEAD")
ONE_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
CHUNK = 64 * 1024


def media_urlpatterns():
    """The route of :func:`serve_media` at ``MEDIA_URL``, unless media is served elsewhere."""
    prefix = settings.MEDIA_URL
    if not getattr(settings, "FOLIO_SERVE_MEDIA", True) or urlsplit(prefix).netloc:
        return []
    return [re_path(rf"^{prefix.lstrip('/')}(?P<path>.*)\Z", serve_media, name="media")]


def serve_media(request, path):
    if request.method not in ALLOWED_METHODS:
        return with_safe_headers(HttpResponseNotAllowed(ALLOWED_METHODS))
    file_path = media_file(path)
    if file_path is None or is_private_document(path):
        return not_found()
    content_type = type_of(file_path.name)
    stat = file_path.stat()
    etag = quote_etag(f"{stat.st_mtime_ns:x}-{stat.st_size:x}")
    headers = {
        "ETag": etag,
        "Last-Modified": http_date(stat.st_mtime),
        "Cache-Control": RENDITION_CACHE if path.startswith(RENDITIONS_FOLDER) else ORIGINAL_CACHE,
    }
    response = get_conditional_response(request, etag=etag, last_modified=int(stat.st_mtime))
    if response is None and asks_for_part(request, headers):
        response = partial_response(request, file_path, stat.st_size, content_type)
    if response is None:
        download = content_type not in RASTER_TYPES.values() and content_type != SVG_TYPE
        response = FileResponse(
            file_path.open("rb"),
            content_type=content_type,
            as_attachment=download,
            filename=file_path.name,
        )
    for name, value in headers.items():
        response.headers[name] = value
    response.headers["Accept-Ranges"] = "bytes"
    return with_safe_headers(response, sandbox=content_type not in RASTER_TYPES.values())


def asks_for_part(request, headers) -> bool:
    """A ``Range`` to honour: on a GET, for the file as it is now (``If-Range``)."""
    if request.method != "GET" or "HTTP_RANGE" not in request.META:
        return False
    if_range = request.META.get("HTTP_IF_RANGE")
    return if_range is None or if_range in (headers["ETag"], headers["Last-Modified"])


def partial_response(request, file_path: Path, size: int, content_type: str):
    """206 with the one range asked for, 416 when it lies past the end, or None for a
    header this does not answer with a part (several ranges, another unit)."""
    match = ONE_RANGE.match(request.META["HTTP_RANGE"].strip())
    if not match or match.groups() == ("", ""):
        return None
    first, last = match.groups()
    if first:
        start, end = int(first), min(int(last), size - 1) if last else size - 1
        if last and int(last) < start:
            return None  # not a valid range: the whole file
    else:
        start, end = max(size - int(last), 0), size - 1
    if start >= size or end < start:
        response = HttpResponse(status=416)
        response.headers["Content-Range"] = f"bytes */{size}"
        return response
    length = end - start + 1
    response = StreamingHttpResponse(
        read_part(file_path, start, length), status=206, content_type=content_type
    )
    response.headers["Content-Range"] = f"bytes {start}-{end}/{size}"
    response.headers["Content-Length"] = str(length)
    if content_type not in RASTER_TYPES.values() and content_type != SVG_TYPE:
        response.headers["Content-Disposition"] = content_disposition_header(True, file_path.name)
    return response


def read_part(file_path: Path, start: int, length: int):
    with file_path.open("rb") as file:
        file.seek(start)
        while length > 0:
            chunk = file.read(min(CHUNK, length))
            if not chunk:
                return
            length -= len(chunk)
            yield chunk


def media_file(path: str) -> Path | None:
    """The file at ``path`` under MEDIA_ROOT, links resolved; ``None`` for anything else."""
    root = Path(settings.MEDIA_ROOT).resolve()
    try:
        candidate = (root / path).resolve()
        if candidate.is_relative_to(root) and candidate.is_file():
            return candidate
    except (OSError, ValueError):  # a NUL byte, a name too long…
        pass
    return None


def type_of(name: str) -> str:
    """The content type named by the file's extension: the last one only, and never an
    encoding (``.svg.gz`` is a gzip file to download, not an SVG to show)."""
    suffix = Path(name).suffix.lower()
    if suffix in RASTER_TYPES:
        return RASTER_TYPES[suffix]
    if suffix == ".svg":
        return SVG_TYPE
    content_type, encoding = mimetypes.guess_type(name, strict=False)
    if encoding or not content_type:
        return "application/octet-stream"
    return content_type


def is_private_document(path: str) -> bool:
    """Whether ``path`` is a document file that only Wagtail's serve view may hand out:
    one of a collection with a view restriction, or none the library knows."""
    if not path.startswith(DOCUMENTS_FOLDER):
        return False
    document = (
        get_document_model()
        .objects.filter(file=path)
        .select_related("collection")
        .only("collection")
        .first()
    )
    return document is None or document.collection.get_view_restrictions().exists()


def not_found():
    response = HttpResponse(b"Not found", status=404, content_type="text/plain")
    # A file may arrive at this name later: no cache (the page cache included) keeps the 404.
    response.headers["Cache-Control"] = "no-cache"
    return with_safe_headers(response, sandbox=True)


def with_safe_headers(response, *, sandbox=True):
    response.headers["X-Content-Type-Options"] = "nosniff"
    if sandbox:
        response.headers["Content-Security-Policy"] = SANDBOX_POLICY
    return response
