"""An image shown several times in one API answer (a post's hero, its thumbnail among
other posts' related posts, its social image, an author's avatar) is made once per
answer (blog/representation.py) and reads the same wherever it is shown, each use with
its own renditions."""

import pytest

from tests.api_fixtures import API, POST_TYPE, get_json
from tests.factories import AuthorFactory, BlogPageFactory, ImageFactory
from tests.page_fixtures import relate, renditions_made

pytestmark = pytest.mark.django_db

LEAN_LISTING = f"{API}/pages/?type={POST_TYPE}&fields=*,-html,-plaintext"


@pytest.fixture(name="picture")
def picture_fixture():
    return ImageFactory(title="Shared picture")


@pytest.fixture(name="posts")
def posts_fixture(blog_index, picture):
    """Two posts relating to each other; the first shows ``picture`` as its hero and its
    author's avatar."""
    first = BlogPageFactory(
        parent=blog_index,
        title="First",
        hero_image=picture,
        authors=[AuthorFactory(avatar=picture)],
    )
    second = BlogPageFactory(parent=blog_index, title="Second", hero_image=ImageFactory())
    relate(first, second)
    relate(second, first)
    renditions_made(first, second)
    return first, second


def listed(client, post):
    (item,) = [item for item in get_json(client, LEAN_LISTING)["items"] if item["id"] == post.pk]
    return item


def test_a_heros_thumbnail_among_related_posts_is_its_heros_thumbnail(client, posts):
    first, second = posts
    hero = listed(client, first)["hero_image"]

    (related,) = listed(client, second)["related_posts"]

    assert related["thumbnail"] == {**hero["renditions"]["thumbnail"], "alt": hero["alt"]}


def test_a_heros_social_image_is_its_heros_og_rendition(client, posts):
    first, _ = posts
    item = listed(client, first)

    og_image = item["seo"]["og_image"]

    assert og_image == {**item["hero_image"]["renditions"]["og"], "alt": "Shared picture"}


def test_the_same_image_as_avatar_and_hero_keeps_each_uses_renditions(client, posts):
    first, _ = posts
    item = listed(client, first)

    avatar, hero = item["authors"][0]["avatar"], item["hero_image"]

    assert avatar["id"] == hero["id"]
    assert set(avatar["renditions"]) == {"small", "large"}
    assert set(hero["renditions"]) == {"thumbnail", "large", "og"}


def test_a_listing_shows_each_image_as_a_detail_view_does(client, posts):
    first, _ = posts

    detail = get_json(client, f"{API}/pages/{first.pk}/")

    assert listed(client, first)["hero_image"] == detail["hero_image"]
