"""Body images as a reader's browser lays them out at 1280 px: column width by default,
wide ones out of the column, small ones at half of it, captions aligned with the image."""

import pytest

from tests.factories import BlogPageFactory, ImageFactory
from tests.page_fixtures import publish, renditions_made

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

REM = 16
COLUMN, WIDE, SMALL = 45 * REM, 64 * REM, 22.5 * REM


@pytest.fixture
def image_sizes_post(live_blog):
    image = ImageFactory(title="Team", file__width=1600, file__height=900, file__filename="t.jpg")
    body = [("paragraph", "<p>Text before the pictures.</p>")] + [
        (
            "image",
            {
                "image": image,
                "alt": f"A {size} picture",
                "caption": f"{size} caption",
                "size": size,
            },
        )
        for size in ("column", "wide", "small")
    ]
    post = publish(BlogPageFactory(parent=live_blog, title="Pictures", slug="pictures", body=body))
    renditions_made(post)
    return post


def layout(page, size):
    """The rendered boxes of the image and caption of the figure of ``size``."""
    figure = page.locator(f"figure.block-image--{size}")
    return {
        "image": figure.locator("img").bounding_box(),
        "caption": figure.locator("figcaption").bounding_box(),
    }


def open_post(page, live_server, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + "/blog/pictures/")


def test_images_fill_the_column_break_out_or_stay_small_at_1280px(
    page, live_server, image_sizes_post
):
    open_post(page, live_server, 1280)
    text = page.locator(".post__body p").first.bounding_box()

    column, wide, small = (layout(page, size) for size in ("column", "wide", "small"))

    assert column["image"]["width"] == pytest.approx(COLUMN, abs=1)
    assert column["image"]["x"] == pytest.approx(text["x"], abs=1)
    assert wide["image"]["width"] == pytest.approx(WIDE, abs=1)
    wide_centre = wide["image"]["x"] + wide["image"]["width"] / 2
    assert wide_centre == pytest.approx(text["x"] + text["width"] / 2, abs=1)
    assert small["image"]["width"] == pytest.approx(SMALL, abs=1)


def test_captions_start_where_their_image_starts(page, live_server, image_sizes_post):
    open_post(page, live_server, 1280)

    for size in ("column", "wide", "small"):
        boxes = layout(page, size)
        assert boxes["caption"]["x"] == pytest.approx(boxes["image"]["x"], abs=1), size
        assert boxes["caption"]["width"] == pytest.approx(boxes["image"]["width"], abs=1), size


def test_on_a_phone_every_image_fits_the_screen(page, live_server, image_sizes_post):
    open_post(page, live_server, 375)

    for size in ("column", "wide"):
        assert layout(page, size)["image"]["width"] == pytest.approx(375 - 2 * 20, abs=1), size
    assert page.evaluate("document.documentElement.scrollWidth") == 375


def test_the_browser_picks_a_rendition_sharp_enough_for_the_wide_image(
    page, live_server, image_sizes_post
):
    open_post(page, live_server, 1280)
    wide = page.locator("figure.block-image--wide img")
    wide.scroll_into_view_if_needed()
    page.wait_for_function("document.querySelector('figure.block-image--wide img').complete")

    assert wide.evaluate("img => img.naturalWidth") >= WIDE
