"""What an editor's image upload may bring in: SVGs lose their active content, and an image
with more pixels than FOLIO_MAX_IMAGE_PIXELS (a decompression bomb) is refused.

The same rule holds for every way in: the single upload, the multiple uploader (and the
file it keeps back when another field fails), the edit form and API v3's image upload.
"""

import hashlib
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from PIL import Image as PillowImage
from wagtail.images import get_image_model
from wagtail.models import APIToken, Collection, UploadedFile

from ops.image_safety import sanitised_svg
from tests.factories import ImageFactory

pytestmark = pytest.mark.django_db

REPO = Path(__file__).resolve().parents[1]

HOSTILE_SVG = b"""<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
     width="120" height="60" viewBox="0 0 120 60" onload="alert('onload')">
  <script>alert(document.cookie)</script>
  <rect width="120" height="60" fill="#05843e" onclick="alert('click')"/>
  <a xlink:href="javascript:alert('link')"><text x="10" y="30">Folio</text></a>
  <a href="javascript:alert('href')"><circle r="5"/></a>
  <foreignObject width="100" height="50">
    <iframe xmlns="http://www.w3.org/1999/xhtml" src="https://evil.example/frame"></iframe>
  </foreignObject>
  <image href="https://evil.example/tracker.png" width="1" height="1"/>
  <use xlink:href="https://evil.example/sprite.svg#icon"/>
</svg>
"""

# What must not survive in a stored SVG, in any case or spelling.
ACTIVE_CONTENT = ("<script", "onload", "onclick", "javascript:", "foreignobject", "evil.example")


def svg_upload(content=HOSTILE_SVG, name="logo.svg"):
    return SimpleUploadedFile(name, content, "image/svg+xml")


def bomb_png(name="bomb.png"):
    """11000 × 11000 pixels (121 million) in a few kilobytes: cheap to send, dear to open."""
    buffer = io.BytesIO()
    PillowImage.new("1", (11_000, 11_000)).save(buffer, "PNG", optimize=True)
    return SimpleUploadedFile(name, buffer.getvalue(), "image/png")


def small_png(name="team.png"):
    buffer = io.BytesIO()
    PillowImage.new("RGB", (64, 48), "#05843e").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), "image/png")


def root_collection():
    return Collection.get_first_root_node()


def assert_without_active_content(content: bytes):
    text = content.decode().lower()
    for fragment in ACTIVE_CONTENT:
        assert fragment not in text, fragment


def served(client, image) -> bytes:
    response = client.get(image.file.url)
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def upload(admin_client, file, title="Logo"):
    return admin_client.post(
        reverse("wagtailimages:add"),
        {"title": title, "file": file, "collection": root_collection().pk},
    )


def test_svg_uploaded_with_script_is_stored_and_served_without_it(admin_client, client):
    response = upload(admin_client, svg_upload())
    assert response.status_code == 302
    image = get_image_model().objects.get()
    assert_without_active_content(served(client, image))
    # Still the same picture: the shapes and the text are kept.
    assert b"<rect" in served(client, image) and b"Folio" in served(client, image)
    assert (image.width, image.height) == (120, 60)


def test_svg_file_hash_and_size_are_those_of_the_stored_file(admin_client):
    upload(admin_client, svg_upload())
    image = get_image_model().objects.get()
    stored = Path(image.file.path).read_bytes()
    assert image.file_size == len(stored)
    assert image.get_file_hash() == hashlib.sha1(stored).hexdigest()


def test_svg_that_cannot_be_read_as_svg_is_refused_with_a_message(admin_client):
    response = upload(admin_client, svg_upload(b"<svg><script>alert(1)</script></svg>"))
    assert response.status_code == 200
    assert "could not be read as an SVG image" in response.content.decode()
    assert not get_image_model().objects.exists()


def test_multiple_upload_stores_svg_without_active_content(admin_client, client):
    response = admin_client.post(reverse("wagtailimages:add_multiple"), {"files[]": svg_upload()})
    assert response.json()["success"] is True
    assert_without_active_content(served(client, get_image_model().objects.get()))


def test_svg_kept_back_by_the_multiple_uploader_becomes_an_image_without_active_content(
    admin_client, client
):
    # A collection the form refuses makes Wagtail keep the file aside as an UploadedFile,
    # and make the image from it once the rest of the form is filled in. (With a single
    # collection the form has no collection field.)
    root_collection().add_child(name="Campaigns")
    response = admin_client.post(
        reverse("wagtailimages:add_multiple"), {"files[]": svg_upload(), "collection": "999999"}
    )
    assert response.json()["success"] is True
    upload_id = UploadedFile.objects.get().pk
    prefix = f"uploaded-image-{upload_id}"
    response = admin_client.post(
        reverse("wagtailimages:create_multiple_from_uploaded_image", args=[upload_id]),
        {f"{prefix}-title": "Logo", f"{prefix}-collection": root_collection().pk},
    )
    assert response.json()["success"] is True, response.json()
    image = get_image_model().objects.get()
    assert_without_active_content(served(client, image))
    assert image.file_size == Path(image.file.path).stat().st_size


def test_edit_form_replacing_the_file_with_an_svg_stores_it_without_active_content(
    admin_client, client
):
    image = ImageFactory(title="Logo")
    response = admin_client.post(
        reverse("wagtailimages:edit", args=[image.pk]),
        {"title": "Logo", "file": svg_upload(), "collection": root_collection().pk},
    )
    assert response.status_code == 302
    image.refresh_from_db()
    assert image.file.name.endswith(".svg")
    assert_without_active_content(served(client, image))


def api_token(group_name="Marketing writers"):
    user = User.objects.create_user("api-uploader")
    user.groups.add(Group.objects.get(name=group_name))
    _, plaintext = APIToken.create_token(user=user, name="tests")
    return {"HTTP_AUTHORIZATION": f"Bearer {plaintext}"}


def test_api_v3_image_upload_stores_svg_without_active_content(client):
    response = client.post(
        "/api/v3/images/",
        {"file": svg_upload(), "title": "Logo", "collection_id": root_collection().pk},
        **api_token(),
    )
    assert response.status_code == 201, response.content
    assert_without_active_content(served(client, get_image_model().objects.get()))


# --- Decompression bombs --------------------------------------------------------------


def test_default_pixel_limit_is_forty_million(settings):
    assert settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS == 40_000_000


def test_pixel_limit_comes_from_folio_max_image_pixels():
    env = {
        **os.environ,
        "FOLIO_MAX_IMAGE_PIXELS": "1000",
        "DJANGO_SETTINGS_MODULE": "folio.settings.test",
    }
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "from django.conf import settings; print(settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS)",
        ],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == "1000"


def test_bomb_png_upload_is_refused_before_it_is_decoded(admin_client):
    response = upload(admin_client, bomb_png(), title="Bomb")
    assert response.status_code == 200
    assert "too many pixels" in response.content.decode()
    assert not get_image_model().objects.exists()


def test_bomb_png_is_refused_by_the_multiple_uploader(admin_client):
    response = admin_client.post(reverse("wagtailimages:add_multiple"), {"files[]": bomb_png()})
    assert response.json()["success"] is False
    assert "too many pixels" in response.json()["error_message"]
    assert not get_image_model().objects.exists()
    assert not UploadedFile.objects.exists()


def test_bomb_png_is_refused_by_api_v3(client):
    response = client.post(
        "/api/v3/images/",
        {"file": bomb_png(), "title": "Bomb", "collection_id": root_collection().pk},
        **api_token(),
    )
    assert 400 <= response.status_code < 500
    assert "too many pixels" in response.content.decode()
    assert not get_image_model().objects.exists()


def test_image_within_the_pixel_limit_uploads(admin_client, settings):
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 64 * 48
    assert upload(admin_client, small_png(), title="Team").status_code == 302
    assert get_image_model().objects.get().width == 64


# --- SVGs stored before sanitising ------------------------------------------------------


def test_sanitise_svg_images_cleans_svgs_already_in_the_library_and_their_renditions(
    client, django_capture_on_commit_callbacks
):
    image = ImageFactory(file=ContentFile(HOSTILE_SVG, name="old-logo.svg"))
    old_rendition = image.get_rendition("width-60|preserve-svg")
    assert b"<script" in Path(old_rendition.file.path).read_bytes()
    out = io.StringIO()

    # Wagtail deletes a rendition's file once the deletion commits.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("sanitise_svg_images", stdout=out)

    image = get_image_model().objects.get(pk=image.pk)
    assert_without_active_content(served(client, image))
    assert_without_active_content(served(client, image.get_rendition("width-60|preserve-svg")))
    assert client.get(old_rendition.url).status_code == 404
    assert "Sanitised 1 SVG image(s)" in out.getvalue()


def test_sanitise_svg_images_leaves_clean_svgs_and_raster_images_alone():
    svg = ImageFactory(file=ContentFile(sanitised_svg(HOSTILE_SVG), name="clean.svg"))
    photo = ImageFactory()
    names = {svg.pk: svg.file.name, photo.pk: photo.file.name}
    call_command("sanitise_svg_images", stdout=io.StringIO())
    assert {i.pk: i.file.name for i in get_image_model().objects.all()} == names
