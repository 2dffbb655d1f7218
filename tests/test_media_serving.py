"""User media (MEDIA_ROOT) is served by Folio itself, and never so that it can script the site.

Images are shown inline; an SVG, a document or anything else that is not a raster image
comes in a sandbox with nothing allowed to load; documents are downloads. Run under the
test settings, which are production-like: DEBUG is off, as under ``make serve``.
"""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.http import http_date
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction

from tests.factories import ImageFactory

pytestmark = pytest.mark.django_db

REPO = Path(__file__).resolve().parents[1]
GUNICORN = Path(sys.executable).with_name("gunicorn")
SANDBOXED_TYPES = ("image/svg+xml", "application/pdf", "text/html")
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'


def media_url(name):
    return f"{settings.MEDIA_URL}{name}"


def place_in_media(name, content):
    path = Path(settings.MEDIA_ROOT, name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return path


def csp_directives(response):
    return {
        directive.strip().split(" ")[0]: directive.strip()
        for directive in response.get("Content-Security-Policy", "").split(";")
        if directive.strip()
    }


def assert_sandboxed(response):
    directives = csp_directives(response)
    assert directives.get("sandbox") == "sandbox"
    assert directives.get("default-src") == "default-src 'none'"


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def photo():
    return ImageFactory(title="Team photo")


@pytest.fixture
def pdf_document():
    return get_document_model().objects.create(
        title="Price list", file=ContentFile(PDF, name="price-list.pdf")
    )


def test_png_rendition_is_served_inline_cached_for_a_year(client, photo):
    rendition = photo.get_rendition("fill-40x30|format-png")
    response = client.get(rendition.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert "Content-Security-Policy" not in response
    assert not response.get("Content-Disposition", "").startswith("attachment")
    assert body(response) == Path(rendition.file.path).read_bytes()


def test_original_jpeg_is_served_inline_with_a_shorter_cache_lifetime(client, photo):
    response = client.get(photo.file.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "public, max-age=3600"
    assert "Content-Security-Policy" not in response
    assert int(response["Content-Length"]) == photo.file.size


def test_svg_is_served_in_a_sandbox(client):
    place_in_media("original_images/logo.svg", SVG)
    response = client.get(media_url("original_images/logo.svg"))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert_sandboxed(response)
    assert not response.get("Content-Disposition", "").startswith("attachment")


def test_pdf_document_is_a_sandboxed_download(client, pdf_document):
    response = client.get(pdf_document.file.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="price-list.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert_sandboxed(response)
    assert body(response) == PDF


def test_html_placed_in_media_is_a_sandboxed_download(client):
    place_in_media("uploaded_files/page.html", b"<script>alert(document.cookie)</script>")
    response = client.get(media_url("uploaded_files/page.html"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert_sandboxed(response)


def test_file_without_a_known_type_is_a_sandboxed_download(client):
    place_in_media("notes", b"<html><script>alert(1)</script></html>")
    response = client.get(media_url("notes"))
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")
    assert_sandboxed(response)


def test_media_is_sent_as_stored_even_to_clients_accepting_gzip(client, photo):
    rendition = photo.get_rendition("fill-40x30|format-png")
    response = client.get(rendition.url, HTTP_ACCEPT_ENCODING="gzip, deflate")
    assert "Content-Encoding" not in response
    assert int(response["Content-Length"]) == rendition.file.size
    assert body(response) == Path(rendition.file.path).read_bytes()


def test_head_answers_the_headers_without_the_body(client, photo):
    response = client.head(photo.file.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert int(response["Content-Length"]) == photo.file.size
    assert body(response) == b""


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_only_get_and_head_are_allowed(client, photo, method):
    response = getattr(client, method)(photo.file.url)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert Path(photo.file.path).exists()


def test_unchanged_file_answers_304_to_its_etag(client, photo):
    first = client.get(photo.file.url)
    again = client.get(photo.file.url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again["Cache-Control"] == "public, max-age=3600"
    assert again["X-Content-Type-Options"] == "nosniff"


def test_unchanged_file_answers_304_to_if_modified_since(client, photo):
    since = http_date(os.stat(photo.file.path).st_mtime + 1)
    assert client.get(photo.file.url, HTTP_IF_MODIFIED_SINCE=since).status_code == 304


def test_changed_file_is_sent_again(client, photo):
    first = client.get(photo.file.url)
    Path(photo.file.path).write_bytes(b"new content")
    again = client.get(photo.file.url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert body(again) == b"new content"


@pytest.fixture
def secret_outside_media(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("database password")
    return secret


@pytest.mark.parametrize(
    "path",
    [
        "../settings.py",
        "..%2f..%2fetc%2fpasswd",
        "%2e%2e/%2e%2e/etc/passwd",
        "original_images/../../etc/passwd",
        "/etc/passwd",
        "%2fetc%2fpasswd",
        "original_images/%00.png",
    ],
)
def test_paths_leaving_the_media_folder_are_not_found(client, path):
    response = client.get(media_url(path))
    assert response.status_code == 404
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"root:" not in body(response)


def test_symbolic_link_out_of_the_media_folder_is_not_followed(client, secret_outside_media):
    link = Path(settings.MEDIA_ROOT, "original_images", "leak.txt")
    link.parent.mkdir(parents=True, exist_ok=True)
    link.unlink(missing_ok=True)
    link.symlink_to(secret_outside_media)
    try:
        response = client.get(media_url("original_images/leak.txt"))
    finally:
        link.unlink()
    assert response.status_code == 404
    assert b"database password" not in body(response)


@pytest.mark.parametrize("path", ["", "original_images/", "original_images"])
def test_folders_are_not_found(client, photo, path):
    assert client.get(media_url(path)).status_code == 404


def test_missing_file_is_not_found_and_not_kept_in_the_page_cache(client, settings):
    settings.FOLIO_PAGE_CACHE = True
    missing = media_url("original_images/arrives-later.png")
    assert client.get(missing).status_code == 404
    place_in_media("original_images/arrives-later.png", b"\x89PNG\r\n\x1a\n")
    assert client.get(missing).status_code == 200


def test_document_of_a_private_collection_is_not_served_from_its_media_address(
    client, pdf_document
):
    private = Collection.get_first_root_node().add_child(name="Board papers")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )
    pdf_document.collection = private
    pdf_document.save()
    response = client.get(pdf_document.file.url)
    assert response.status_code == 404
    assert PDF not in body(response)


CLIP = bytes(range(256)) * 40  # 10,240 bytes standing in for an imported video clip


@pytest.fixture
def video_clip():
    return get_document_model().objects.create(
        title="Demo clip", file=ContentFile(CLIP, name="demo.mp4")
    )


def test_one_byte_range_of_a_video_is_answered_with_that_part(client, video_clip):
    # Safari plays a <video> only from a server that answers ranges.
    response = client.get(media_url(video_clip.file.name), HTTP_RANGE="bytes=100-199")
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 100-199/{len(CLIP)}"
    assert response["Content-Length"] == "100"
    assert body(response) == CLIP[100:200]
    assert response["Content-Type"] == "video/mp4"
    assert_sandboxed(response)


def test_open_and_suffix_ranges_reach_the_end_of_the_file(client, video_clip):
    url = media_url(video_clip.file.name)
    assert body(client.get(url, HTTP_RANGE="bytes=10000-")) == CLIP[10000:]
    assert body(client.get(url, HTTP_RANGE="bytes=-40")) == CLIP[-40:]
    assert body(client.get(url, HTTP_RANGE="bytes=10200-99999")) == CLIP[10200:]


def test_range_past_the_end_is_unsatisfiable(client, video_clip):
    response = client.get(media_url(video_clip.file.name), HTTP_RANGE="bytes=20000-")
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{len(CLIP)}"


def test_several_ranges_or_a_stale_if_range_get_the_whole_file(client, video_clip):
    url = media_url(video_clip.file.name)
    several = client.get(url, HTTP_RANGE="bytes=0-1,5-6")
    stale = client.get(url, HTTP_RANGE="bytes=0-1", HTTP_IF_RANGE='"an-old-etag"')
    for response in (several, stale):
        assert response.status_code == 200
        assert body(response) == CLIP
        assert response["Accept-Ranges"] == "bytes"


def test_if_range_with_the_current_etag_gets_the_part(client, video_clip):
    url = media_url(video_clip.file.name)
    etag = client.get(url)["ETag"]
    response = client.get(url, HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE=etag)
    assert response.status_code == 206
    assert body(response) == CLIP[:10]


def test_file_in_documents_without_a_document_is_not_served(client):
    place_in_media("documents/left-behind.pdf", PDF)
    assert client.get(media_url("documents/left-behind.pdf")).status_code == 404


# --- `make serve`: gunicorn with production settings ------------------------------------


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def production_media(tmp_path):
    media = tmp_path / "media"
    (media / "images").mkdir(parents=True)
    (media / "images" / "dot.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    (media / "original_images").mkdir()
    (media / "original_images" / "logo.svg").write_bytes(SVG)
    return media


def start_gunicorn(tmp_path, media, **environment):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))}
    env.update(
        DJANGO_SETTINGS_MODULE="folio.settings.production",
        SECRET_KEY="media-serving-test-secret-key-not-for-production-0123456789",
        SECURE_SSL_REDIRECT="0",
        DATABASE_URL=f"sqlite:///{tmp_path / 'unused.sqlite3'}",
        FOLIO_GENERATION_DIR=str(tmp_path / "generation"),
        MEDIA_ROOT=str(media),
        LOG_LEVEL="WARNING",
        **environment,
    )
    log = tmp_path / "gunicorn.log"
    with log.open("wb") as log_file:
        server = subprocess.Popen(
            [str(GUNICORN), "folio.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
            cwd=REPO,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            requests.get(f"http://127.0.0.1:{port}/robots.txt", timeout=10)
            return server, f"http://127.0.0.1:{port}"
        except requests.RequestException:
            if server.poll() is not None:
                pytest.fail(f"gunicorn did not start:\n{log.read_text()[-3000:]}")
            time.sleep(0.2)
    server.kill()
    pytest.fail("gunicorn did not answer within 60 s")


def stop(server):
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def test_gunicorn_with_production_settings_serves_media_with_safe_headers(
    tmp_path, production_media
):
    server, base = start_gunicorn(tmp_path, production_media)
    try:
        png = requests.get(f"{base}/media/images/dot.png", timeout=5)
        svg = requests.get(f"{base}/media/original_images/logo.svg", timeout=5)
    finally:
        stop(server)
    assert png.status_code == 200
    assert png.content == (production_media / "images" / "dot.png").read_bytes()
    assert png.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert png.headers["X-Content-Type-Options"] == "nosniff"
    assert svg.status_code == 200
    assert svg.headers["Content-Type"] == "image/svg+xml"
    assert "sandbox" in svg.headers["Content-Security-Policy"]


def test_folio_serve_media_off_leaves_media_to_the_web_server_in_front(tmp_path, production_media):
    server, base = start_gunicorn(tmp_path, production_media, FOLIO_SERVE_MEDIA="0")
    try:
        png = requests.get(f"{base}/media/images/dot.png", timeout=30)
    finally:
        stop(server)
    assert png.status_code != 200
    assert png.content != (production_media / "images" / "dot.png").read_bytes()
