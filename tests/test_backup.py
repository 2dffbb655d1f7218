"""`backup_site` and `restore_site`: a backup restored into an empty database and media
folder serves the same pages. Runs on the suite's database (SQLite, or PostgreSQL when
DATABASE_URL is set), so CI covers both."""

import json
import os
import re
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from tests.factories import BlogPageFactory, ImageFactory

REPO = Path(__file__).resolve().parents[1]

# Backups read committed data (pg_dump is another session), so these tests commit.
commits = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# Run in a fresh process whose settings point at the empty database and media folder:
# restores the backup there, then prints what the restored site serves for each path,
# and the status of every media file (original or rendition) those pages show.
RESTORE_AND_SERVE_SCRIPT = """
import json
import re
import sys

import django

django.setup()
from django.core.management import call_command
from django.test import Client

call_command("restore_site", sys.argv[1])
client = Client()
pages = {}
for path in sys.argv[2:]:
    response = client.get(path)
    body = response.content.decode()
    media = {url: client.get(url).status_code for url in re.findall(r"/media/[^\\"' ,]+", body)}
    pages[path] = {"status": response.status_code, "body": body, "media": media}
print(json.dumps(pages))
"""


def media_urls(html):
    return set(re.findall(r"/media/[^\"' ,]+", html))


@pytest.fixture
def blog_with_an_image(client, blog_index, settings, tmp_path):
    """A post with a hero image, already rendered once so its renditions exist."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    post = BlogPageFactory(
        parent=blog_index, title="Backed up and restored", hero_image=ImageFactory()
    )
    pages = {path: client.get(path).content.decode() for path in (post.url, blog_index.url)}
    assert media_urls(pages[post.url])
    return pages


@pytest.fixture
def empty_database_url(tmp_path):
    """A URL for a new, empty database of the suite's kind, dropped afterwards."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    import psycopg
    from psycopg import sql

    params = connection.settings_dict
    name = f"folio_restore_{uuid.uuid4().hex[:12]}"
    server = {
        "host": params["HOST"] or None,
        "port": params["PORT"] or None,
        "user": params["USER"] or None,
        "password": params["PASSWORD"] or None,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    credentials = quote(params["USER"] or "", safe="")
    if params["PASSWORD"]:
        credentials += ":" + quote(params["PASSWORD"], safe="")
    yield (
        f"postgres://{credentials}@{params['HOST'] or '127.0.0.1'}:{params['PORT'] or 5432}/{name}"
    )
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def restore_and_serve(backup, database_url, media_root, paths):
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in {"REDIS_URL", "SECRET_KEY", "FOLIO_PAGE_CACHE", "MEDIA_URL"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="folio.settings.dev",
        DATABASE_URL=database_url,
        MEDIA_ROOT=str(media_root),
        # DEBUG serves media files, so rendition URLs can be fetched like a browser would.
        DEBUG="1",
        ALLOWED_HOSTS="testserver",
    )
    result = subprocess.run(
        [sys.executable, "-c", RESTORE_AND_SERVE_SCRIPT, str(backup), *paths],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.splitlines()[-1])


@commits
def test_restored_backup_serves_the_same_pages(blog_with_an_image, empty_database_url, tmp_path):
    call_command("backup_site", str(tmp_path / "backup"))
    restored = restore_and_serve(
        tmp_path / "backup", empty_database_url, tmp_path / "restored-media", blog_with_an_image
    )
    for path, source_html in blog_with_an_image.items():
        page = restored[path]
        assert page["status"] == 200
        assert "Backed up and restored" in page["body"]
        assert media_urls(page["body"]) == media_urls(source_html)
        assert set(page["media"].values()) == {200}


@commits
def test_backup_manifest_describes_the_database_and_media(blog_with_an_image, tmp_path):
    call_command("backup_site", str(tmp_path / "backup"))
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    assert manifest["database"]["vendor"] == connection.vendor
    assert (tmp_path / "backup" / manifest["database"]["file"]).stat().st_size > 0
    # The original image and the renditions the pages used.
    assert manifest["media"]["files"] == len(list((tmp_path / "media").rglob("*.*")))
    assert "0001_initial" in manifest["migrations"]["blog"]


@commits
def test_restore_refuses_a_database_that_is_not_empty(blog_with_an_image, tmp_path):
    call_command("backup_site", str(tmp_path / "backup"))
    with pytest.raises(CommandError, match="is not empty"):
        call_command("restore_site", str(tmp_path / "backup"))


def test_backup_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "backup").mkdir()
    (tmp_path / "backup" / "notes.txt").write_text("keep me")
    with pytest.raises(CommandError, match="not empty"):
        call_command("backup_site", str(tmp_path / "backup"))
