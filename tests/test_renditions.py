"""No rendition is made in a reader's request: the ones that exist are shown, a missing one
is the original file meanwhile, and the worker is asked for it once (blog/renditions.py).

What the worker then does is in tests/test_renditions_worker.py.
"""

import io

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command

from blog.models import BlogPage
from jekyll.runner import run_import
from tests.factories import BlogPageFactory, ImageFactory
from tests.page_fixtures import make_post, wide_image_fixture  # noqa: F401 - a fixture
from tests.rendition_site import (
    API_LIST,
    asked_images,
    get_counting_rendition_inserts,
    jekyll_site,
    rendition_tasks,
    renditions,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(name="imported")
def imported_fixture(tmp_path, blog_index):
    report = run_import(jekyll_site(tmp_path / "site"), blog_index)
    assert not report.failed
    return list(BlogPage.objects.live().order_by("date"))


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


@pytest.mark.parametrize("url", ["/blog/", "{post.url}", API_LIST, "/api/v3/pages/{post.pk}/"])
def test_first_request_after_an_import_makes_no_rendition(client, imported, url):
    url = url.format(post=imported[0])

    response, inserts = get_counting_rendition_inserts(client, url)

    assert response.status_code == 200
    assert inserts == []
    assert not renditions().exists()


def test_a_missing_picture_shows_the_original_at_its_own_size(client, blog_index, wide_image):
    post = make_post(blog_index, hero_image=wide_image)

    picture = soup(client.get(post.url)).select_one(".post__hero picture")

    assert picture.find("source") is None
    img = picture.find("img")
    assert img["src"] == wide_image.file.url
    assert (img["width"], img["height"]) == ("1600", "900")
    # One file at its own size: no srcset (or sizes) describing widths it does not have.
    assert not img.has_attr("srcset") and not img.has_attr("sizes")
    assert img["fetchpriority"] == "high"


def test_a_missing_link_preview_crop_is_the_original_with_its_size(client, blog_index, wide_image):
    post = make_post(blog_index, hero_image=wide_image)

    head = soup(client.get(post.url))

    def meta(name):
        return head.find("meta", property=name)["content"]

    assert meta("og:image") == f"http://testserver{wide_image.file.url}"
    assert (meta("og:image:width"), meta("og:image:height")) == ("1600", "900")


def test_api_gives_the_original_for_each_rendition_not_made_yet(client, imported):
    post = client.get(API_LIST).json()["items"][0]

    hero = post["hero_image"]
    assert set(hero["renditions"]) == {"thumbnail", "large", "og"}
    for rendition in hero["renditions"].values():
        assert rendition["url"].startswith("http://testserver/media/original_images/hero-")
        assert (rendition["width"], rendition["height"]) == (1600, 900)
    avatar = post["authors"][0]["avatar"]["renditions"]["small"]
    assert "/media/original_images/ann" in avatar["url"]
    assert (avatar["width"], avatar["height"]) == (256, 256)


def test_pages_showing_an_original_ask_the_worker_once(client, blog_index, wide_image, settings):
    settings.FOLIO_PAGE_CACHE = False  # every request is built by the view
    post = make_post(blog_index, hero_image=wide_image)

    for _ in range(3):
        assert client.get(post.url).status_code == 200

    [task] = rendition_tasks()
    # The hero picture, its link-preview crop: what the page showed the original for.
    assert {"hero", "social"} <= asked_images(task)[wide_image.pk]


def test_one_task_asks_for_every_image_a_listing_shows(client, imported):
    client.get(API_LIST)

    [task] = rendition_tasks()
    heroes = {post.hero_image_id for post in imported}
    assert heroes <= set(asked_images(task))


def test_a_rendition_that_exists_is_shown_without_making_the_others(client, blog_index, wide_image):
    post = make_post(blog_index, hero_image=wide_image)
    made = wide_image.get_rendition("fill-1200x630")

    response, inserts = get_counting_rendition_inserts(client, post.url)

    head = soup(response)
    assert head.find("meta", property="og:image")["content"].endswith(made.url)
    assert inserts == []


def test_make_renditions_command_makes_what_live_pages_show(blog_index, wide_image):
    make_post(blog_index, hero_image=wide_image)
    draft_hero = ImageFactory()
    BlogPageFactory(parent=blog_index, live=False, hero_image=draft_hero)

    call_command("make_renditions", stdout=io.StringIO())

    made = set(renditions().filter(image=wide_image).values_list("filter_spec", flat=True))
    assert {"width-1440|format-webp", "fill-800x450|format-jpeg", "fill-1200x630"} <= made
    assert not renditions().filter(image=draft_hero).exists()


def test_make_renditions_command_can_leave_the_work_to_the_worker(
    blog_index, wide_image, django_capture_on_commit_callbacks
):
    post = make_post(blog_index, hero_image=wide_image)

    with django_capture_on_commit_callbacks(execute=True):
        call_command("make_renditions", "--queue", stdout=io.StringIO())

    [task] = rendition_tasks()
    assert post.pk in task.args_kwargs["kwargs"]["pages"]
    assert not renditions().exists()
