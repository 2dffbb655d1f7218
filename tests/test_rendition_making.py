"""The worker makes an image's renditions from one decoded original (ops/rendition_tasks.py):
the same files as Wagtail's own path, but for WebP's encoder effort."""

import io

import pytest
from django.core.files.images import ImageFile
from PIL import Image as PillowImage
from wagtail.images.models import Filter

from blog.renditions import specs_for
from ops.rendition_tasks import DecodedSourceFilter, decoded_once
from tests.factories import ImageFactory

pytestmark = pytest.mark.django_db


def picture(filename):
    """900x600, different everywhere: a crop or resize in the wrong place shows."""
    size = (900, 600)
    gradient = PillowImage.linear_gradient("L").resize(size)
    rgb = PillowImage.merge("RGB", (gradient, gradient.rotate(90).resize(size), gradient))
    buffer = io.BytesIO()
    rgb.save(buffer, "JPEG" if filename.endswith(".jpg") else "PNG")
    return ImageFile(buffer, name=filename)


def made(image, filter_):
    file = image.generate_rendition_file(filter_)
    file.seek(0)
    return file.read()


@pytest.mark.parametrize("filename", ["photo.jpg", "screen.png"])
def test_renditions_made_together_are_wagtails_files_but_for_the_webp_effort(filename):
    image = ImageFactory(file=picture(filename))
    image.focal_point_x, image.focal_point_y = 700, 150
    image.focal_point_width = image.focal_point_height = 100
    specs = specs_for(image, ["hero", "upload", "avatar"]) + ["fill-300x300-c50|format-webp"]
    filters = decoded_once(image, [Filter(spec=spec) for spec in specs])
    assert all(isinstance(f, DecodedSourceFilter) for f in filters)

    for shared in filters:
        wagtails, ours = made(image, Filter(spec=shared.spec)), made(image, shared)
        if "webp" in shared.spec:
            assert ours[:4] == b"RIFF" and ours[8:12] == b"WEBP", shared.spec
            size = PillowImage.open(io.BytesIO(ours)).size
            assert size == PillowImage.open(io.BytesIO(wagtails)).size, shared.spec
        else:
            assert ours == wagtails, shared.spec
