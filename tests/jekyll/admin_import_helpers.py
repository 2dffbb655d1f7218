"""Zips and requests for the admin import's tests: small posts, real zip files, the upload."""

import io
import random
import zipfile
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

FIXTURE_SITE = Path(__file__).resolve().parent / "fixtures" / "tiny_site"
UPLOAD_URL = "/admin/jekyll-import/upload/"
INDEX_URL = "/admin/jekyll-import/"

FIRST_POST = """---
title: "First imported post"
date: 2021-01-01 09:00
categories: News
---

Hello from the first post.
"""
POST_WITH_MISSING_IMAGE = """---
title: "A post missing its picture"
date: 2021-01-02 09:00
categories: News
---

![Gone](/images/not-in-the-zip.png)

The picture above was never uploaded.
"""
BROKEN_POST = """---
title: [unclosed
---

The front matter above is not YAML.
"""


def zip_bytes(files: dict[str, str | bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def upload_file(content: bytes, name: str = "blog.zip") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/zip")


def two_post_site(prefix: str = "") -> bytes:
    return zip_bytes(
        {
            f"{prefix}_config.yml": 'title: Old blog\nbaseurl: ""\n',
            f"{prefix}_posts/2021-01-01-first.md": FIRST_POST,
            f"{prefix}_posts/2021-01-02-missing-picture.md": POST_WITH_MISSING_IMAGE,
        }
    )


def fixture_site_zip(folder: str) -> bytes:
    """The fixture Jekyll site (posts, images, _config.yml) zipped inside ``folder``/."""
    files = {}
    for path in sorted(FIXTURE_SITE.rglob("*")):
        if path.is_file():
            files[f"{folder}/{path.relative_to(FIXTURE_SITE).as_posix()}"] = path.read_bytes()
    return zip_bytes(files)


def random_bytes(count: int) -> bytes:
    """Bytes that do not compress, so the zip itself is about ``count`` bytes."""
    return random.Random(0).randbytes(count)


def member_of(group_name: str, username: str) -> User:
    user = User.objects.create_user(username=username, password="pw-for-tests")
    user.groups.add(Group.objects.get(name=group_name))
    return user


def upload(client, blog_index, content: bytes, name: str = "blog.zip", **options):
    return client.post(
        UPLOAD_URL, {"archive": upload_file(content, name), "blog_index": blog_index.pk, **options}
    )


def process_queued_imports():
    call_command("process_jekyll_imports", stdout=io.StringIO(), stderr=io.StringIO())


# Imported by the test modules: every test keeps uploads in its own folder.
@pytest.fixture(autouse=True, name="private_import_root")
def private_import_root_fixture(settings, tmp_path):
    settings.FOLIO_IMPORT_ROOT = tmp_path / "private-imports"
    return settings.FOLIO_IMPORT_ROOT


@pytest.fixture(name="editor_client")
def editor_client_fixture(client):
    client.force_login(member_of("Marketing editors", "editor"))
    return client
