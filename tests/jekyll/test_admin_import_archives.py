"""Uploads the admin import refuses, with a message the editor can act on, and how it unpacks.

A zip from outside may climb out of its folder, link elsewhere or inflate to gigabytes;
each is refused on upload (and again when unpacked), never with a server error.
"""

import io
import stat
import zipfile
from pathlib import Path

import pytest

from jekyll.models import JekyllImport
from jekyll.upload.archive import ArchiveError, ArchiveLimits, extract_site
from tests.jekyll.admin_import_helpers import (  # noqa: F401 - fixtures are used by name
    FIRST_POST,
    editor_client_fixture,
    fixture_site_zip,
    member_of,
    private_import_root_fixture,
    process_queued_imports,
    random_bytes,
    two_post_site,
    upload,
    zip_bytes,
)

pytestmark = pytest.mark.django_db


def assert_refused(response, message: str):
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not JekyllImport.objects.exists()


def test_a_file_that_is_not_a_zip_is_refused(editor_client, blog_index):
    response = upload(editor_client, blog_index, b"# Not a zip\n", name="post.md")
    assert_refused(response, "This file is not a .zip archive.")


def test_a_zip_without_posts_is_refused(editor_client, blog_index):
    response = upload(editor_client, blog_index, zip_bytes({"README.md": "Nothing here."}))
    assert_refused(response, "No Jekyll posts found")


def test_a_path_leaving_the_folder_is_refused(editor_client, blog_index):
    content = zip_bytes({"_posts/2021-01-01-first.md": FIRST_POST, "../../evil.sh": "rm -rf /"})
    response = upload(editor_client, blog_index, content)
    assert_refused(response, "a path that leaves its folder: ../../evil.sh")


def test_an_absolute_path_is_refused(editor_client, blog_index):
    content = zip_bytes({"_posts/2021-01-01-first.md": FIRST_POST, "/etc/cron.d/evil": "* * *"})
    response = upload(editor_client, blog_index, content)
    assert_refused(response, "an absolute or Windows path: /etc/cron.d/evil")


def test_a_symbolic_link_is_refused(editor_client, blog_index):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("_posts/2021-01-01-first.md", FIRST_POST)
        link = zipfile.ZipInfo("images/passwords")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(link, "/etc/passwd")
    response = upload(editor_client, blog_index, buffer.getvalue())
    assert_refused(response, "a symbolic link: images/passwords")


def test_a_password_protected_zip_is_refused(editor_client, blog_index):
    content = marked_encrypted(zip_bytes({"_posts/2021-01-01-first.md": FIRST_POST}))
    response = upload(editor_client, blog_index, content)
    assert_refused(response, "The archive is password-protected")


def marked_encrypted(content: bytes) -> bytes:
    """The zip with its members flagged as encrypted, as encrypting zip tools write them
    (Python's zipfile cannot write encrypted members)."""
    data = bytearray(content)
    for signature, flag_offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = data.find(signature)
        while start != -1:
            data[start + flag_offset] |= 0x1
            start = data.find(signature, start + 4)
    return bytes(data)


def test_an_upload_over_the_size_limit_is_refused(editor_client, blog_index, settings):
    settings.FOLIO_IMPORT_MAX_UPLOAD_MB = 1
    content = zip_bytes(
        {"_posts/2021-01-01-first.md": FIRST_POST, "images/noise.bin": random_bytes(1_100_000)}
    )
    response = upload(editor_client, blog_index, content)
    assert_refused(response, "at most 1 MB can be uploaded")


def test_a_zip_bomb_is_refused(editor_client, blog_index, settings):
    settings.FOLIO_IMPORT_MAX_UNCOMPRESSED_MB = 5
    content = zip_bytes(
        {"_posts/2021-01-01-first.md": FIRST_POST, "images/zeros.bin": bytes(6 * 1024 * 1024)}
    )
    assert len(content) < 100_000
    response = upload(editor_client, blog_index, content)
    assert_refused(response, "at most 5 MB are accepted")


def test_a_zip_with_too_many_files_is_refused(editor_client, blog_index, settings):
    settings.FOLIO_IMPORT_MAX_FILES = 10
    files = {f"_posts/2021-01-{day:02d}-post.md": FIRST_POST for day in range(1, 12)}
    response = upload(editor_client, blog_index, zip_bytes(files))
    assert_refused(response, "holds 11 files; at most 10 are accepted")


def test_a_damaged_zip_fails_its_dry_run_with_a_message(editor_client, blog_index):
    content = bytearray(stored_zip({"_posts/2021-01-01-first.md": FIRST_POST}))
    body = content.index(b"Hello from the first post.")
    content[body] ^= 0xFF  # the header is intact, the data no longer matches its CRC
    upload(editor_client, blog_index, bytes(content))
    process_queued_imports()
    job = JekyllImport.objects.get()
    assert job.state == JekyllImport.State.FAILED
    assert "The archive is damaged at _posts/2021-01-01-first.md" in job.error
    page = editor_client.get(f"/admin/jekyll-import/{job.pk}/").content.decode()
    assert "The archive is damaged" in page


def stored_zip(files: dict[str, str]) -> bytes:
    """A zip without compression, so a member's bytes can be found and damaged."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


# --- Unpacking ---------------------------------------------------------------------------


def unpack(content: bytes, destination: Path) -> Path:
    return extract_site(io.BytesIO(content), destination, ArchiveLimits.from_settings())


def test_a_site_zipped_inside_its_folder_unpacks_to_that_folder(tmp_path):
    root = unpack(fixture_site_zip("myblog"), tmp_path)
    assert root == tmp_path.resolve() / "myblog"
    assert (root / "_posts" / "2020-01-03-same-picture-twice.md").is_file()
    assert (root / "images" / "fixture" / "pixel.png").is_file()


def test_posts_at_the_top_of_the_zip_unpack_to_the_folder_itself(tmp_path):
    assert unpack(two_post_site(), tmp_path) == tmp_path.resolve()


def test_macos_resource_files_are_left_out(tmp_path):
    content = zip_bytes(
        {"_posts/2021-01-01-first.md": FIRST_POST, "__MACOSX/_posts/._2021-01-01-first.md": "x"}
    )
    unpack(content, tmp_path)
    assert not (tmp_path / "__MACOSX").exists()


def test_a_zip_with_two_sites_is_refused(tmp_path):
    content = zip_bytes(
        {"one/_posts/2021-01-01-first.md": FIRST_POST, "two/_posts/2021-01-01-first.md": FIRST_POST}
    )
    with pytest.raises(ArchiveError, match="several Jekyll sites"):
        unpack(content, tmp_path)


def test_unpacking_checks_the_archive_again(tmp_path):
    content = zip_bytes({"_posts/2021-01-01-first.md": FIRST_POST, "../escape.txt": "x"})
    with pytest.raises(ArchiveError, match="leaves its folder"):
        unpack(content, tmp_path / "site")
    assert not (tmp_path / "escape.txt").exists()
