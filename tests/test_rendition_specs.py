"""The spec names and filters blog/renditions.py works out once per spec (issue #14) are
what Wagtail's own per-image calls give."""

import pytest
from wagtail.images.models import Filter, Image

from blog.renditions import NAMED_USES, PICTURE_USES, SINGLE_USES, clean_spec, filter_for

EVERY_SPEC = sorted(
    {
        *SINGLE_USES.values(),
        *(spec for named in NAMED_USES.values() for spec in named.values()),
        *(
            f"fill-{w}x{h}|format-webp"
            for use in PICTURE_USES.values()
            for w, h in use.get("fill", [])
        ),
        *(f"width-{w}|format-jpeg" for use in PICTURE_USES.values() for w in use.get("width", [])),
    }
)


@pytest.mark.parametrize("file_name", ["photo.jpg", "logo.svg", "screen.PNG", "icon.SVG"])
def test_clean_spec_is_what_wagtail_stores_for_the_image(file_name):
    image = Image(file=file_name, width=1600, height=1000, collection_id=1)
    for spec in EVERY_SPEC:
        wagtail = image.clean_filter_for_svg(Filter(spec=f"{spec}|preserve-svg")).spec
        assert clean_spec(image, spec) == wagtail, spec


def test_a_kept_filter_gives_the_cache_key_of_a_new_one():
    image = Image(
        file="photo.jpg", width=1600, height=1000, collection_id=1, focal_point_x=300, focal_point_y=200,
        focal_point_width=50, focal_point_height=40,
    )  # fmt: skip
    for spec in EVERY_SPEC:
        kept = filter_for(spec)
        assert kept is filter_for(spec)
        assert kept.get_cache_key(image) == Filter(spec=spec).get_cache_key(image), spec
