"""A small Jekyll blog with real photos, and ways to see what a request did to renditions."""

import io
from pathlib import Path

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult
from PIL import Image as PillowImage
from wagtail.images import get_image_model

API_LIST = "/api/v2/pages/?type=blog.BlogPage&fields=*&limit=20"
TASK_PATH = "ops.rendition_tasks.make_renditions"


def photo(width, height, colour, kind="JPEG") -> bytes:
    buffer = io.BytesIO()
    PillowImage.new("RGB", (width, height), colour).save(buffer, kind)
    return buffer.getvalue()


def jekyll_site(root: Path, posts: int = 2) -> Path:
    """``posts`` posts, each with its own hero photo and body picture, by one author with a
    picture: every kind of image a post page, its card and the API show."""
    (root / "_posts").mkdir(parents=True)
    (root / "images" / "posts").mkdir(parents=True)
    (root / "images" / "author").mkdir()
    (root / "_config.yml").write_text('title: Photos\nbaseurl: ""\n', encoding="utf-8")
    (root / "images" / "author" / "ann.png").write_bytes(photo(256, 256, (200, 80, 40), "PNG"))
    for number in range(1, posts + 1):
        images = root / "images" / "posts"
        (images / f"hero-{number}.jpg").write_bytes(photo(1600, 900, (number * 40, 90, 60)))
        (images / f"desk-{number}.png").write_bytes(photo(1200, 800, (30, number * 50, 90), "PNG"))
        (root / "_posts" / f"2021-05-{number:02d}-post-{number}.md").write_text(
            f"---\ntitle: Post {number}\ncategories: news\nimage: posts/hero-{number}.jpg\n"
            'author: Ann Writer\nauthorImg: "/images/author/ann.png"\n---\n\n'
            f"Words of post {number}.\n\n![A desk](/images/posts/desk-{number}.png)\n",
            encoding="utf-8",
        )
    return root


def renditions():
    return get_image_model().get_rendition_model().objects


def rendition_inserts(queries):
    table = renditions().model._meta.db_table
    return [
        query["sql"]
        for query in queries
        if query["sql"].lstrip().upper().startswith("INSERT") and table in query["sql"]
    ]


def get_counting_rendition_inserts(client, url, **extra):
    """``(response, INSERTs into the rendition table while it was answered)``."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    return response, rendition_inserts(queries)


def rendition_tasks():
    return DBTaskResult.objects.filter(task_path=TASK_PATH)


def asked_images(task):
    """``{image id: uses or roles}`` a queued ``make_renditions`` task asks for."""
    return {pk: set(names) for pk, names in task.args_kwargs["kwargs"]["images"]}
