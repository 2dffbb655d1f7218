"""The Jekyll importer takes in images by the same rules as an editor's upload, and leaves
no image file behind in MEDIA_ROOT without its image, even when it is killed.

An SVG loses its active content, an SVG that cannot be read and an image with more pixels
than FOLIO_MAX_IMAGE_PIXELS are left out with a warning in the post's report (the post is
still imported). A file written for an image whose row never committed (the process was
killed) is taken up by the next import, and one no import takes up is removed once older
than FOLIO_ORPHAN_MEDIA_GRACE_HOURS.
"""

import io
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from PIL import Image as PillowImage
from wagtail.images import get_image_model

from blog.models import BlogPage
from jekyll.mapping.images import ImageLocator
from jekyll.runner import run_import
from tests.factories import ImageFactory
from tests.test_image_uploads import ACTIVE_CONTENT, HOSTILE_SVG

REPO = Path(__file__).resolve().parents[2]
DAY = 24 * 3600


def make_site(root: Path, body: str, images: dict[str, bytes], front_matter: str = "") -> Path:
    (root / "_posts").mkdir(parents=True)
    (root / "images").mkdir()
    (root / "_config.yml").write_text('title: Images\nbaseurl: ""\n', encoding="utf-8")
    (root / "_posts" / "2021-05-01-pictures.md").write_text(
        f"---\ntitle: Pictures\n{front_matter}---\n\n{body}\n", encoding="utf-8"
    )
    for name, content in images.items():
        (root / "images" / name).write_bytes(content)
    return root


def png(width=8, height=8, colour=(5, 132, 62), mode="RGB") -> bytes:
    buffer = io.BytesIO()
    PillowImage.new(mode, (width, height), colour if mode == "RGB" else 0).save(buffer, "PNG")
    return buffer.getvalue()


def bomb_png() -> bytes:
    """11000 × 11000 pixels (121 million) in a few kilobytes."""
    buffer = io.BytesIO()
    PillowImage.new("1", (11_000, 11_000)).save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def import_site(site, blog_index):
    report = run_import(site, blog_index)
    (post,) = report.posts
    assert post.status in ("created", "updated", "unchanged"), post.error
    return post


def original_files(media_root=None) -> set[str]:
    folder = Path(media_root or settings.MEDIA_ROOT, "original_images")
    return {f"original_images/{p.name}" for p in folder.iterdir()} if folder.is_dir() else set()


# --- SVG ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_imported_svg_is_stored_without_active_content(tmp_path, blog_index, client):
    site = make_site(tmp_path / "site", "![Logo](/images/logo.svg)", {"logo.svg": HOSTILE_SVG})
    post = import_site(site, blog_index)
    image = get_image_model().objects.get()
    response = client.get(image.file.url)
    stored = b"".join(response.streaming_content).decode().lower()
    for fragment in ACTIVE_CONTENT:
        assert fragment not in stored, fragment
    assert "<rect" in stored
    assert not [w for w in post.warnings if "logo.svg" in w]


@pytest.mark.django_db
def test_svg_imported_again_is_the_same_library_image(tmp_path, blog_index):
    site = make_site(tmp_path / "site", "![Logo](/images/logo.svg)", {"logo.svg": HOSTILE_SVG})
    import_site(site, blog_index)
    post = site / "_posts" / "2021-05-01-pictures.md"
    post.write_text(post.read_text() + "\nA new paragraph.\n", encoding="utf-8")
    assert import_site(site, blog_index).status == "updated"
    assert get_image_model().objects.count() == 1


@pytest.mark.django_db
def test_svg_that_cannot_be_read_is_left_out_with_a_warning_and_the_post_imports(
    tmp_path, blog_index
):
    broken = b"<svg><script>alert(1)</script></svg>"
    site = make_site(tmp_path / "site", "Text.\n\n![Logo](/images/logo.svg)", {"logo.svg": broken})
    post = import_site(site, blog_index)
    assert post.status == "created"
    assert any("logo.svg" in w and "could not be read as an SVG image" in w for w in post.warnings)
    assert not get_image_model().objects.exists()
    assert "Text." in BlogPage.objects.get().body.render_as_block()


# --- Decompression bombs --------------------------------------------------------------


@pytest.mark.django_db
def test_bomb_png_is_left_out_with_a_warning_naming_the_limit(tmp_path, blog_index):
    site = make_site(
        tmp_path / "site",
        "Text.\n\n![Bomb](/images/bomb.png)\n\n![Fine](/images/fine.png)",
        {"bomb.png": bomb_png(), "fine.png": png()},
    )
    post = import_site(site, blog_index)
    assert post.status == "created"
    (warning,) = [w for w in post.warnings if "bomb.png" in w]
    assert "11000×11000" in warning and "40,000,000" in warning
    assert list(get_image_model().objects.values_list("title", flat=True)) == ["Fine"]


@pytest.mark.django_db
def test_hero_image_over_the_pixel_limit_is_left_out(tmp_path, blog_index, settings):
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 100
    site = make_site(
        tmp_path / "site", "Text.", {"hero.png": png(20, 20)}, front_matter="image: hero.png\n"
    )
    post = import_site(site, blog_index)
    assert any("hero.png" in w and "pixels" in w for w in post.warnings)
    assert BlogPage.objects.get().hero_image is None


# --- Files without their row --------------------------------------------------------------


@pytest.mark.django_db
def test_file_half_written_by_a_killed_import_is_replaced_by_the_next(tmp_path, blog_index):
    from jekyll.mapping.images import library_file_name

    picture = png(colour=(1, 2, 3))
    site = make_site(tmp_path / "site", "![Picture](/images/picture.png)", {"picture.png": picture})
    source = ImageLocator(site).locate("/images/picture.png").source
    half_written = Path(settings.MEDIA_ROOT, library_file_name(source))
    half_written.parent.mkdir(parents=True, exist_ok=True)
    half_written.write_bytes(picture[:20])
    before = original_files()

    import_site(site, blog_index)

    image = get_image_model().objects.get()
    assert Path(image.file.path).read_bytes() == picture
    assert original_files() - before == set()
    assert image.file.name in original_files()


@pytest.fixture
def own_media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return Path(settings.MEDIA_ROOT)


def age(path: Path, seconds: float):
    when = time.time() - seconds
    os.utime(path, (when, when))


def orphan(media: Path, name: str, seconds_old: float) -> Path:
    path = media / "original_images" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(png())
    age(path, seconds_old)
    return path


@pytest.mark.django_db
def test_clean_orphan_media_removes_old_files_without_an_image(own_media):
    old = orphan(own_media, "old.png", 2 * DAY)
    young = orphan(own_media, "young.png", 60)
    image = ImageFactory()
    age(Path(image.file.path), 2 * DAY)
    out = io.StringIO()

    call_command("clean_orphan_media", stdout=out)

    assert not old.exists()
    assert young.exists()
    assert Path(image.file.path).exists()
    assert "1 file" in out.getvalue()


@pytest.mark.django_db
def test_clean_orphan_media_grace_period_is_an_option(own_media):
    young = orphan(own_media, "young.png", 2 * 3600)
    call_command("clean_orphan_media", "--grace-hours", "1", stdout=io.StringIO())
    assert not young.exists()


@pytest.mark.django_db
def test_import_removes_old_files_without_an_image(own_media, tmp_path, blog_index):
    old = orphan(own_media, "left-by-a-crash.png", 2 * DAY)
    young = orphan(own_media, "being-uploaded.png", 60)
    site = make_site(tmp_path / "site", "![Picture](/images/picture.png)", {"picture.png": png()})

    import_site(site, blog_index)

    assert not old.exists()
    assert young.exists()


# --- A real import process killed with SIGKILL, then run again -------------------------

IMAGES_IN_FIRST_POST = 120


def killable_site(root: Path) -> Path:
    """Two posts; the first has so many images that a kill lands while it is written."""
    (root / "_posts").mkdir(parents=True)
    (root / "images").mkdir()
    (root / "_config.yml").write_text('title: Kill\nbaseurl: ""\n', encoding="utf-8")
    lines = []
    for number in range(IMAGES_IN_FIRST_POST):
        (root / "images" / f"picture-{number:02}.png").write_bytes(png(colour=(number, 9, 9)))
        lines.append(f"![Picture {number}](/images/picture-{number:02}.png)\n")
    (root / "_posts" / "2021-06-01-many-pictures.md").write_text(
        "---\ntitle: Many pictures\n---\n\n" + "\n".join(lines), encoding="utf-8"
    )
    (root / "images" / "second.png").write_bytes(png(colour=(200, 9, 9)))
    (root / "_posts" / "2021-06-02-second.md").write_text(
        "---\ntitle: Second\n---\n\n![Second](/images/second.png)\n", encoding="utf-8"
    )
    return root


class ChildDatabase:
    """The database an import process works on: a file copy of the SQLite test database
    (it lives in memory), or the PostgreSQL test database itself."""

    def __init__(self, tmp_path):
        self.sqlite_path = None
        if connection.vendor == "sqlite":
            self.sqlite_path = tmp_path / "import.sqlite3"
            target = sqlite3.connect(self.sqlite_path)
            connection.ensure_connection()
            connection.connection.backup(target)
            target.close()
            self.url = f"sqlite:///{self.sqlite_path}"
        else:
            db = connection.settings_dict
            self.url = (
                f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
                f"/{db['NAME']}"
            )

    def image_files(self) -> list[str]:
        if self.sqlite_path is None:
            return list(get_image_model().objects.values_list("file", flat=True))
        with sqlite3.connect(self.sqlite_path) as db:
            return [row[0] for row in db.execute("SELECT file FROM wagtailimages_image")]

    def image_hashes(self) -> list[str]:
        if self.sqlite_path is None:
            return list(get_image_model().objects.values_list("file_hash", flat=True))
        with sqlite3.connect(self.sqlite_path) as db:
            return [row[0] for row in db.execute("SELECT file_hash FROM wagtailimages_image")]


def import_command(site: Path, database: ChildDatabase, media: Path, tmp_path: Path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))}
    env.update(
        DJANGO_SETTINGS_MODULE="folio.settings.dev",
        DEBUG="0",
        DATABASE_URL=database.url,
        MEDIA_ROOT=str(media),
        FOLIO_GENERATION_DIR=str(tmp_path / "generation"),
        LOG_LEVEL="WARNING",
    )
    command = [sys.executable, "manage.py", "import_jekyll", str(site), "--workers", "0"]
    return command, env


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_import_killed_while_writing_leaves_no_file_without_its_image_once_run_again(
    tmp_path, blog_index
):
    site = killable_site(tmp_path / "site")
    media = tmp_path / "media"
    database = ChildDatabase(tmp_path)
    command, env = import_command(site, database, media, tmp_path)
    log = tmp_path / "import.log"

    with log.open("wb") as output:
        child = subprocess.Popen(command, cwd=REPO, env=env, stdout=output, stderr=output)
        deadline = time.monotonic() + 120
        while not original_files(media) and child.poll() is None:
            assert time.monotonic() < deadline, "the import wrote no image in 120 s"
            time.sleep(0.002)
        child.send_signal(signal.SIGKILL)
        child.wait()
    assert child.returncode == -signal.SIGKILL, log.read_text()[-3000:]
    # What makes this test: the kill left files whose rows never committed.
    assert original_files(media) and not database.image_files()

    done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True)

    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    rows = database.image_files()
    assert sorted(original_files(media)) == sorted(rows)
    hashes = database.image_hashes()
    assert len(hashes) == len(set(hashes)) == IMAGES_IN_FIRST_POST + 1
