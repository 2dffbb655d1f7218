"""A search cached before the worker indexed a new post finds it once the worker has.

Production updates Wagtail's search and reference indexes in the worker, after the
publish has retired the cached pages; each finished update retires them once more
(ops/index_followers.py).
"""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from blog.models import BlogPage
from tests.factories import BlogPageFactory
from tests.page_fixtures import publish

CACHE_HEADER = "X-Folio-Cache"


@pytest.fixture
def index_in_worker(settings):
    settings.TASKS = {**settings.TASKS, "default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_worker():
    call_command(
        "db_worker", "--backend", "default", "--batch", "--no-startup-delay", "--interval", "0.1",
        verbosity=0,
    )  # fmt: skip


# The worker checks its database connection as a real process does: the test commits.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_search_cached_before_the_index_update_finds_the_post_after_it(
    client, blog_index, index_in_worker
):
    client.get("/")  # the first view makes the blog's settings row (a change of its own)
    publish(BlogPageFactory(parent=blog_index, title="Zebra migration patterns"))
    client.get("/search/?q=zebra")
    stale = client.get("/search/?q=zebra")
    assert stale[CACHE_HEADER] == "hit"
    assert "Zebra migration patterns" not in stale.content.decode()

    run_worker()

    fresh = client.get("/search/?q=zebra")
    assert "Zebra migration patterns" in fresh.content.decode()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_indexing_a_draft_save_keeps_the_cached_pages(client, blog_index, index_in_worker):
    post = publish(BlogPageFactory(parent=blog_index, title="Settled post"))
    run_worker()
    client.get("/")
    client.get(post.url)
    assert client.get(post.url)[CACHE_HEADER] == "hit"
    post.title = "A title still in review"
    post.save_revision()  # a draft: indexed by the worker, seen by no reader
    BlogPage.objects.filter(pk=post.pk).update(
        last_published_at=timezone.now() - timedelta(hours=1)
    )

    run_worker()

    assert client.get(post.url)[CACHE_HEADER] == "hit"
