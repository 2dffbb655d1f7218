"""Body images fill the column, or break out of it (wide), or sit small, as the editor
chose on the Image block; their srcset comes from renditions the worker made."""

import pytest

from tests.page_fixtures import make_post, renditions_made, soup, wide_image_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


def image_post(blog_index, image, **choice):
    body = [("image", {"image": image, "alt": "The team", "caption": "Our team", **choice})]
    post = make_post(blog_index, body=body)
    renditions_made(post)
    return post


def body_figure(client, post):
    return soup(client.get(post.url)).select_one(".post__body figure.block-image")


def srcset_widths(figure):
    srcset = figure.find("img")["srcset"]
    return sorted(int(part.split()[1].rstrip("w")) for part in srcset.split(","))


def test_an_image_is_column_width_by_default(client, blog_index, wide_image):
    figure = body_figure(client, image_post(blog_index, wide_image))

    assert "block-image--column" in figure["class"]
    assert figure.find("img")["sizes"] == "(min-width: 48em) 45rem, 100vw"
    assert srcset_widths(figure) == [400, 800, 1200]


def test_an_image_stored_before_sizes_existed_is_column_width(client, blog_index, wide_image):
    post = image_post(blog_index, wide_image)
    post.body.raw_data[0]["value"].pop("size", None)
    post.save_revision().publish()

    assert "block-image--column" in body_figure(client, post)["class"]


def test_a_wide_image_offers_renditions_for_its_width(client, blog_index, wide_image):
    figure = body_figure(client, image_post(blog_index, wide_image, size="wide"))

    assert "block-image--wide" in figure["class"]
    assert figure.find("img")["sizes"] == "(min-width: 68em) 64rem, 100vw"
    assert srcset_widths(figure) == [800, 1200, 1600]


def test_a_small_image_offers_small_renditions(client, blog_index, wide_image):
    figure = body_figure(client, image_post(blog_index, wide_image, size="small"))

    assert "block-image--small" in figure["class"]
    assert figure.find("img")["sizes"] == "(min-width: 48em) 22.5rem, 100vw"
    assert srcset_widths(figure) == [400, 800]


def test_the_caption_is_inside_the_figure_after_the_image(client, blog_index, wide_image):
    figure = body_figure(client, image_post(blog_index, wide_image, size="wide"))

    assert figure.find("figcaption").get_text() == "Our team"
    assert figure.find("picture").find_next_sibling("figcaption") is not None


def test_the_api_says_how_wide_an_image_is_shown(client, blog_index, wide_image):
    post = image_post(blog_index, wide_image, size="wide")

    body = client.get(f"/api/v2/pages/{post.pk}/").json()["body"]

    assert body[0]["value"]["size"] == "wide"
