"""Asking the worker for renditions: batched, after the change commits, readers deduplicated.

Pages, images and the roles they play are collected as they come (a publish, an upload, a
reader's request that found a rendition missing) and go to the worker as one task
(``ops.rendition_tasks.make_renditions``):

- inside a transaction, when it commits (an import commits each post: one task per post,
  and nothing for a post that was rolled back);
- in a request, once its view is done (one task for every image of a listing);
- elsewhere, at once.

A reader's request asks for a missing rendition once per image and use for
``WANTED_SECONDS``, not once per request: until the worker has made it, every reader of the
page would otherwise queue the same work again.
"""

import logging
from collections import defaultdict

from django.core.cache import caches
from django.db import DatabaseError, transaction

from blog.renditions import image_digest

from .request_scope import after_view, current_request

logger = logging.getLogger("folio.renditions")

# Long enough for a busy worker to get to it; a rendition still missing after that
# (the worker was down, the task failed) is asked for again.
WANTED_SECONDS = 600
# Readers are waiting for these; publishes and uploads before an import's backlog.
READER_PRIORITY = 20
PUBLISH_PRIORITY = 10
UPLOAD_PRIORITY = 0


class Batch:
    """What one transaction or request asks the worker for; calling it queues the task."""

    def __init__(self):
        self.pages = set()
        self.images = defaultdict(set)
        self.wanted = {}

    def __call__(self):
        """Queue what was collected; a database that cannot take the task loses nothing a
        later request would not ask for again."""
        try:
            send(sorted(self.pages), self.images, PUBLISH_PRIORITY, UPLOAD_PRIORITY)
            send_wanted(self.wanted)
        except DatabaseError:
            logger.warning("Could not queue renditions for the worker", exc_info=True)


def batch_for(add):
    """Call ``add(batch)`` on the batch of the current request or transaction (queued when
    its view is done or it commits; dropped with a rolled-back transaction), else queue
    at once."""
    request = current_request()
    if request is not None and after_view(request_batch(request)):
        add(request._folio_renditions)
        return
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        # The batch of this very savepoint: what a rolled-back savepoint asked for goes too.
        savepoints = set(connection.savepoint_ids)
        batch = next(
            (
                f
                for ids, f, _ in connection.run_on_commit
                if isinstance(f, Batch) and ids == savepoints
            ),
            None,
        )
        if batch is None:
            batch = Batch()
            transaction.on_commit(batch)
        add(batch)
        return
    batch = Batch()
    add(batch)
    batch()


def request_batch(request):
    if not hasattr(request, "_folio_renditions"):
        request._folio_renditions = Batch()
    return request._folio_renditions


def queue_page(page_id):
    """Make the renditions everything on this (live) page shows."""
    batch_for(lambda batch: batch.pages.add(page_id))


def queue_image(image_id, names):
    """Make the renditions of these uses or roles of an image (``blog.renditions``)."""
    batch_for(lambda batch: batch.images[image_id].update(names))


def want(image, use):
    """A reader's request showed the original for ``use`` of ``image``: ask for it once."""
    key = f"folio:rendition-wanted:{image.pk}:{image_digest(image)}:{use}"
    batch_for(lambda batch: batch.wanted.setdefault(key, (image.pk, use)))


def send(pages, images, page_priority, image_priority):
    from .rendition_tasks import make_renditions

    images = [[pk, sorted(names)] for pk, names in sorted(images.items())]
    if not pages and not images:
        return
    priority = page_priority if pages else image_priority
    make_renditions.using(priority=priority).enqueue(pages=pages, images=images)


def send_wanted(wanted):
    if not wanted:
        return
    cache = caches["default"]
    asked = cache.get_many(list(wanted))
    fresh = {key: value for key, value in wanted.items() if key not in asked}
    if not fresh:
        return
    images = defaultdict(set)
    for image_id, use in fresh.values():
        images[image_id].add(use)
    send([], images, READER_PRIORITY, READER_PRIORITY)
    cache.set_many(dict.fromkeys(fresh, True), WANTED_SECONDS)
