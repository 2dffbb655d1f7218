"""Faults degrade gracefully: a lost database gives a 503 and comes back, a lost Redis
gives no cache, and a full or read-only media folder gives a form error."""

import errno
import json
import os
import pwd
import runpy
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection

from tests.factories import BlogPageFactory

REPO = Path(__file__).resolve().parents[1]
POSTGRES_BIN = Path(os.environ.get("FOLIO_POSTGRES_BIN", "/usr/lib/postgresql/15/bin"))


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- Database outage: a real server on a throwaway PostgreSQL cluster ------------------


class ThrowawayCluster:
    """A PostgreSQL cluster of its own, so the test can stop and start "the database".

    initdb refuses to run as root, so as root the cluster belongs to the postgres user.
    """

    def __init__(self, directory):
        self.directory = directory
        self.data = directory / "data"
        self.port = free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/folio"

    def run(self, *command, check=True):
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        result = subprocess.run(prefix + list(command), capture_output=True, text=True, timeout=60)
        if check and result.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed: {result.stderr or result.stdout}")

    def create(self):
        if os.geteuid() == 0:
            postgres = pwd.getpwnam("postgres")
            os.chown(self.directory, postgres.pw_uid, postgres.pw_gid)
        self.run(
            str(POSTGRES_BIN / "initdb"),
            f"--pgdata={self.data}",
            "--auth=trust",
            "--username=postgres",
            "--encoding=UTF8",
            "--no-sync",
        )
        self.start()
        self.run(str(POSTGRES_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "folio")

    def start(self):
        options = (
            f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c full_page_writes=off"
        )
        self.run(
            str(POSTGRES_BIN / "pg_ctl"),
            f"--pgdata={self.data}",
            f"--log={self.directory / 'postgres.log'}",
            "-o",
            options,
            "--wait",
            "start",
        )

    def stop(self, check=True):
        # "immediate" is a crash as far as open connections can tell.
        self.run(
            str(POSTGRES_BIN / "pg_ctl"),
            f"--pgdata={self.data}",
            "-m",
            "immediate",
            "stop",
            check=check,
        )


# Migrates, creates the site and a post, then serves it single-threaded, so every request
# goes through the same persistent database connection (CONN_MAX_AGE) as in gunicorn.
SERVER_SCRIPT = """
import sys
import django
from wsgiref.simple_server import WSGIRequestHandler, make_server

django.setup()
from django.core.management import call_command
from django.core.wsgi import get_wsgi_application
from django.db import connections
from django.utils import timezone

from blog.models import BlogPage
from home.site_tree import ensure_site_tree

call_command("migrate", interactive=False, verbosity=0)
home, blog_index, created = ensure_site_tree()
blog_index.add_child(
    instance=BlogPage(title="Still standing", slug="still-standing", date=timezone.now())
)
connections.close_all()


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


make_server("127.0.0.1", int(sys.argv[1]), get_wsgi_application(), handler_class=QuietHandler).serve_forever()
"""


def fetch(url):
    """(status, headers, body) of a GET, whatever the status."""
    try:
        with urllib.request.urlopen(url, timeout=15) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


class OutageSite:
    def __init__(self, cluster, server, log_path):
        self.cluster = cluster
        self.server = server
        self.log_path = log_path
        self.base_url = None

    def get(self, path):
        return fetch(self.base_url + path)

    def wait_until_serving(self, port, timeout=240):
        self.base_url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.server.poll() is not None:
                break
            try:
                if self.get("/healthz")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.5)
        pytest.fail("the test server did not start:\n" + self.log_path.read_text()[-3000:])


@pytest.fixture(scope="module")
def outage_site():
    if not (POSTGRES_BIN / "initdb").exists():
        pytest.skip(f"PostgreSQL server binaries not found in {POSTGRES_BIN} (FOLIO_POSTGRES_BIN)")
    directory = Path(tempfile.mkdtemp(prefix="folio-outage-"))
    cluster = ThrowawayCluster(directory)
    server = None
    try:
        cluster.create()
        env = {
            name: value
            for name, value in os.environ.items()
            if name not in {"REDIS_URL", "DATABASE_URL", "FOLIO_PAGE_CACHE"}
        }
        env.update(
            DJANGO_SETTINGS_MODULE="folio.settings.test",
            DATABASE_URL=cluster.url,
            CONN_MAX_AGE="600",
            # What the views answer while the database is down: copies cached before the
            # outage would still be served (as they are in production), hiding the views.
            FOLIO_PAGE_CACHE="0",
        )
        port = free_port()
        log_path = directory / "server.log"
        with open(log_path, "w") as log:
            server = subprocess.Popen(
                [sys.executable, "-c", SERVER_SCRIPT, str(port)],
                cwd=REPO,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        site = OutageSite(cluster, server, log_path)
        site.wait_until_serving(port)
        yield site
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=10)
        cluster.stop(check=False)
        shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture
def database_down(outage_site):
    outage_site.cluster.stop()
    yield outage_site
    outage_site.cluster.start()


POST = "/blog/still-standing/"
API = "/api/v2/pages/?type=blog.BlogPage&fields=title"


def test_pages_answer_a_friendly_503_while_the_database_is_down(database_down):
    status, headers, body = database_down.get(POST)
    assert status == 503
    assert headers["Content-Type"].startswith("text/html")
    assert headers["Retry-After"] == "30"
    assert "We’ll be back in a moment" in body


def test_api_answers_a_json_503_while_the_database_is_down(database_down):
    status, headers, body = database_down.get(API)
    assert status == 503
    assert headers["Retry-After"] == "30"
    assert json.loads(body) == {
        "message": "The service is temporarily unavailable. Please try again in a minute."
    }


def test_a_missing_file_is_still_a_404_while_the_database_is_down(database_down):
    # No page route matches: Django's 404, then Wagtail's redirects lookup (a query).
    status, headers, body = database_down.get("/no-such-file.png")
    assert status == 404


def test_healthz_answers_503_while_the_database_is_down(database_down):
    status, headers, body = database_down.get("/healthz")
    assert status == 503
    assert json.loads(body)["status"] == "error"


def test_site_recovers_when_the_database_comes_back(outage_site):
    assert outage_site.get(POST)[0] == 200
    assert outage_site.get(API)[0] == 200
    outage_site.cluster.stop()
    try:
        assert outage_site.get(POST)[0] == 503
        assert outage_site.get(API)[0] == 503
    finally:
        outage_site.cluster.start()
    status, headers, body = outage_site.get(POST)
    assert status == 200
    assert "Still standing" in body
    status, headers, body = outage_site.get(API)
    assert status == 200
    assert "Still standing" in body


# --- Redis outage: the cache disappears, readers and editors do not notice -------------


@pytest.fixture
def redis_down(settings, monkeypatch):
    """The production cache settings, pointed at a port where no Redis listens."""
    monkeypatch.setenv("REDIS_URL", f"redis://127.0.0.1:{free_port()}/0")
    production = runpy.run_path(str(REPO / "folio" / "settings" / "base.py"))
    settings.CACHES = production["CACHES"]
    settings.FOLIO_GENERATION_CACHE_ALIAS = production["FOLIO_GENERATION_CACHE_ALIAS"]
    settings.FOLIO_PAGE_CACHE = True
    assert settings.CACHES["default"]["BACKEND"] == "django_redis.cache.RedisCache"


def test_pages_and_api_answer_while_redis_is_down(client, blog_index, redis_down):
    post = BlogPageFactory(parent=blog_index, title="Cacheless")
    assert client.get(post.url).status_code == 200
    response = client.get("/api/v2/pages/?type=blog.BlogPage&fields=title")
    assert response.status_code == 200
    assert response.json()["items"][0]["title"] == "Cacheless"


def test_page_cache_degrades_to_no_cache_while_redis_is_down(client, blog_index, redis_down):
    post = BlogPageFactory(parent=blog_index)
    client.get(post.url)
    assert client.get(post.url)["X-Folio-Cache"] == "miss"


def test_publishing_succeeds_while_redis_is_down(client, blog_index, redis_down):
    post = BlogPageFactory(parent=blog_index, title="Before")
    post.title = "After"
    post.save_revision().publish()
    assert "After" in client.get(post.url).content.decode()


# --- Media folder full or read-only: a form error, nothing half-saved -------------------
# Tests run as root, which ignores a 0555 folder, and there is no tmpfs to fill, so these
# storages fail the way the kernel does: ENOSPC after part of the file is written, EROFS
# before anything is. Only the test swaps them in (STORAGES), through Django's own API.


class FullDiskStorage(FileSystemStorage):
    def _save(self, name, content):
        path = Path(self.path(name))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.read(64))
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))


class ReadOnlyStorage(FileSystemStorage):
    def _save(self, name, content):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), self.path(name))


def use_storage(settings, tmp_path, storage_class):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": f"{__name__}.{storage_class.__name__}",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }


def stored_files(folder):
    return [path for path in Path(folder).rglob("*") if path.is_file()]


def png_upload():
    return SimpleUploadedFile("team.png", get_test_image_file().file.getvalue(), "image/png")


def upload_image(admin_client):
    return admin_client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Team photo",
            "file": png_upload(),
            "collection": Collection.get_first_root_node().pk,
        },
    )


@pytest.mark.django_db
def test_image_upload_to_a_full_media_folder_is_a_form_error(admin_client, settings, tmp_path):
    use_storage(settings, tmp_path, FullDiskStorage)
    response = upload_image(admin_client)
    assert response.status_code == 200
    assert "the media storage is full" in response.content.decode()
    assert not get_image_model().objects.exists()
    assert stored_files(tmp_path) == []


@pytest.mark.django_db
def test_multiple_image_upload_to_a_read_only_media_folder_is_an_error(
    admin_client, settings, tmp_path
):
    use_storage(settings, tmp_path, ReadOnlyStorage)
    response = admin_client.post(
        reverse("wagtailimages:add_multiple"),
        {"files[]": png_upload()},
    )
    assert response.status_code == 200
    assert response.json()["success"] is False
    assert "the media storage is read-only" in response.json()["error_message"]
    assert not get_image_model().objects.exists()
    assert stored_files(tmp_path) == []


@pytest.mark.django_db
def test_image_upload_stores_the_file_once(admin_client, settings, tmp_path):
    use_storage(settings, tmp_path, FileSystemStorage)
    response = upload_image(admin_client)
    assert response.status_code == 302
    image = get_image_model().objects.get()
    assert [path.relative_to(tmp_path).as_posix() for path in stored_files(tmp_path)] == [
        image.file.name
    ]
    assert (image.width, image.height) == (640, 480)
    assert image.file_size == (tmp_path / image.file.name).stat().st_size
