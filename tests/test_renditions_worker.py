"""The worker makes renditions: after an import, an upload (every way in) or a publish, and
what a reader's request found missing; the next request shows them (ops/rendition_tasks.py).

The worker is Folio's real one (``db_worker`` on the ``folio`` backend), run until the
queue is empty; the tests commit, as a real process needs.
"""

import io

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from PIL import Image as PillowImage
from wagtail.images import get_image_model
from wagtail.models import APIToken, Collection

from blog.models import BlogPage
from jekyll.runner import run_import
from ops.page_cache import current_generation
from ops.rendition_tasks import make_renditions
from tests.factories import AuthorFactory, BlogPageFactory, CallToActionFactory, ImageFactory
from tests.rendition_site import (
    API_LIST,
    get_counting_rendition_inserts,
    jekyll_site,
    rendition_tasks,
    renditions,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# What an uploaded 1200×800 PNG gets before any page shows it: the body picture's widths
# in WebP and PNG, and the API's named renditions.
UPLOAD_SPECS = {
    "width-400|format-webp", "width-800|format-webp", "width-1200|format-webp",
    "width-400|format-png", "width-800|format-png", "width-1200|format-png",
    "fill-400x225", "width-1200", "fill-1200x630",
}  # fmt: skip


def run_worker():
    call_command(
        "db_worker", "--backend", "folio", "--batch", "--no-startup-delay", "--interval", "0.1",
        verbosity=0,
    )  # fmt: skip


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def specs_of(image):
    return set(renditions().filter(image=image).values_list("filter_spec", flat=True))


def png(name="desk.png", size=(1200, 800)):
    buffer = io.BytesIO()
    PillowImage.new("RGB", size, (30, 120, 90)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), "image/png")


def test_after_an_import_readers_see_originals_until_the_worker_has_made_the_renditions(
    client, tmp_path, blog_index
):
    assert not run_import(jekyll_site(tmp_path / "site"), blog_index).failed
    post = BlogPage.objects.live().order_by("date").first()
    response, inserts = get_counting_rendition_inserts(client, post.url)
    assert inserts == [] and soup(response).select_one(".post__body picture source") is None

    run_worker()

    # The page cached with the originals was retired when the renditions were made.
    response, inserts = get_counting_rendition_inserts(client, post.url)
    page = soup(response)
    assert inserts == []
    assert page.select_one(".post__body picture source")["type"] == "image/webp"
    assert ".fill-1200x630" in page.find("meta", property="og:image")["content"]
    listing = client.get(API_LIST).json()["items"]
    assert all(".fill-400x225" in item["hero_image"]["renditions"]["thumbnail"]["url"]
               for item in listing)  # fmt: skip
    assert "/images/" in soup(client.get("/blog/")).select_one(".card picture source")["srcset"]


def upload_in_admin(admin_client):
    response = admin_client.post(reverse("wagtailimages:add"), {"title": "Desk", "file": png()})
    assert response.status_code == 302


def upload_many_in_admin(admin_client):
    response = admin_client.post(reverse("wagtailimages:add_multiple"), {"files[]": png()})
    assert response.json()["success"] is True


def upload_through_api_v3(admin_client):
    user = User.objects.create_user("api-uploader")
    user.groups.add(Group.objects.get(name="Marketing writers"))
    _, token = APIToken.create_token(user=user, name="tests")
    response = admin_client.post(
        "/api/v3/images/",
        {"file": png(), "title": "Desk", "collection_id": Collection.get_first_root_node().pk},
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 201, response.content


@pytest.mark.parametrize("upload", [upload_in_admin, upload_many_in_admin, upload_through_api_v3])
def test_an_uploaded_image_gets_its_renditions_from_the_worker(admin_client, upload):
    upload(admin_client)
    image = get_image_model().objects.get()
    assert specs_of(image) == set()  # not in the upload's request

    run_worker()

    assert specs_of(image) == UPLOAD_SPECS


def test_publishing_a_post_makes_every_rendition_it_shows_in_the_worker(client, blog_index):
    hero = ImageFactory(file__width=1600, file__height=900, file__filename="hero.jpg")
    desk = ImageFactory(file__width=1200, file__height=800, file__filename="desk.png")
    face = ImageFactory(file__width=256, file__height=256, file__filename="face.png")
    banner = ImageFactory(file__width=800, file__height=400, file__filename="banner.png")
    run_worker()  # the uploads' own renditions
    cta = CallToActionFactory(image=banner)
    post = BlogPageFactory(
        parent=blog_index,
        hero_image=hero,
        authors=[AuthorFactory(avatar=face)],
        body=[
            ("image", {"image": desk, "alt": "A desk"}),
            ("call_to_action", {"snippet": cta, "audience": "everyone"}),
        ],
    )
    renditions().all().delete()
    post.save_revision().publish()

    run_worker()

    assert {"fill-480x270|format-webp", "width-1440|format-jpeg", "fill-1200x630"} <= specs_of(hero)
    assert {"width-1200|format-png", "fill-400x225"} <= specs_of(desk)
    assert {"fill-64x64|format-webp", "fill-192x192|format-png", "fill-64x64"} <= specs_of(face)
    assert {"width-640|format-webp", "width-320|format-png"} <= specs_of(banner)
    response, inserts = get_counting_rendition_inserts(client, post.url)
    assert inserts == []
    assert soup(response).select_one(".post__hero picture source")["type"] == "image/webp"


def test_a_page_viewed_before_the_worker_ran_asks_it_for_what_was_missing(client, blog_index):
    hero = ImageFactory(file__width=1600, file__height=900, file__filename="hero.jpg")
    post = BlogPageFactory(parent=blog_index, hero_image=hero)
    run_worker()
    renditions().all().delete()  # e.g. purged by hand

    assert soup(client.get(post.url)).select_one(".post__hero picture source") is None
    assert rendition_tasks().filter(status="READY").count() == 1
    run_worker()

    picture = soup(client.get(post.url)).select_one(".post__hero picture")
    assert picture.find("source")["type"] == "image/webp"


def test_a_batch_of_rendition_tasks_retires_the_page_cache_once(blog_index):
    images = [ImageFactory(file__width=320, file__height=200) for _ in range(4)]
    assert rendition_tasks().filter(status="READY").count() == 4  # one per upload
    generation = current_generation()

    run_worker()

    assert all(specs_of(image) for image in images)
    # Each task made renditions; only the last retired every cached page (it was 4 bumps).
    assert current_generation() == generation + 1


def test_a_batch_ending_in_a_task_that_makes_nothing_still_retires_the_page_cache(
    client, blog_index
):
    hero = ImageFactory(file__width=1600, file__height=900, file__filename="hero.jpg")
    post = BlogPageFactory(parent=blog_index, hero_image=hero)
    run_worker()
    renditions().all().delete()
    assert soup(client.get(post.url)).select_one(".post__hero picture source") is None  # cached
    make_renditions.using(priority=10).enqueue(pages=[post.pk])
    make_renditions.enqueue(pages=[blog_index.pk])  # no image: makes nothing, after the other

    run_worker()

    picture = soup(client.get(post.url)).select_one(".post__hero picture")
    assert picture.find("source")["type"] == "image/webp"


def test_a_long_batch_retires_the_page_cache_on_the_way_too(settings, blog_index):
    settings.FOLIO_RENDITION_RETIRE_SECONDS = 0  # every task is "a while" after the last
    for _ in range(3):
        ImageFactory(file__width=320, file__height=200)
    generation = current_generation()

    run_worker()

    # The first task queued the batch's retiring, the next two retired on the way, the
    # last found the batch's retiring waiting, which then ran.
    assert current_generation() == generation + 3
