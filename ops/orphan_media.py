"""Remove image files that no image names: what a process killed mid-write leaves behind.

An image file is written to storage before its row commits (the importer writes a post's
images inside the post's transaction; the admin's form stores the upload while it
validates). A process killed in between (a deploy, the OOM killer, SIGKILL) leaves the
file in ``original_images/`` with no row, for good: nothing else ever deletes it. The
importer takes such a file up again when it imports the same image (its name comes from
its content hash, ``jekyll/mapping/images.py``); this removes the ones nobody takes up.

Only files older than ``FOLIO_ORPHAN_MEDIA_GRACE_HOURS`` go: a younger one may belong to
an upload or an import whose row is about to commit. Run by ``manage.py
clean_orphan_media`` (cron, daily) and by each import before it stores its first image.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from wagtail.images import get_image_model

logger = logging.getLogger("folio.media")

FOLDER = "original_images"
# Names looked up per query: under SQLite's limit of bound parameters.
CHUNK = 500


def grace_period() -> timedelta:
    return timedelta(hours=getattr(settings, "FOLIO_ORPHAN_MEDIA_GRACE_HOURS", 24))


def orphan_image_files(grace: timedelta | None = None) -> list[str]:
    """Names of files in ``original_images/`` older than ``grace`` that no image names."""
    Image = get_image_model()
    storage = Image._meta.get_field("file").storage
    try:
        _, file_names = storage.listdir(FOLDER)
    except FileNotFoundError:
        return []
    cutoff = timezone.now() - (grace if grace is not None else grace_period())
    old = []
    for file_name in file_names:
        name = f"{FOLDER}/{file_name}"
        try:
            if storage.get_modified_time(name) < cutoff:
                old.append(name)
        except FileNotFoundError:  # removed meanwhile
            continue
    named = set()
    for start in range(0, len(old), CHUNK):
        chunk = old[start : start + CHUNK]
        named.update(Image.objects.filter(file__in=chunk).values_list("file", flat=True))
    return [name for name in old if name not in named]


def remove_orphan_image_files(grace: timedelta | None = None) -> list[str]:
    """Delete :func:`orphan_image_files`; the names deleted."""
    storage = get_image_model()._meta.get_field("file").storage
    removed = []
    for name in orphan_image_files(grace):
        try:
            storage.delete(name)
        except OSError as error:
            logger.warning("Could not remove the orphan image file %s: %s", name, error)
            continue
        removed.append(name)
    if removed:
        logger.info("Removed %d image file(s) without an image: %s", len(removed), removed)
    return removed
