"""A failed import's upload is removed ``FOLIO_IMPORT_UPLOAD_DAYS`` after it failed.

A failed job keeps its archive so that the editor can retry it (``jobs.retry``); left
alone, every abandoned upload would stay on the disk for good, drafts and all. When a job
fails, a removal is queued in the worker for the day its upload expires
(``schedule_removal``); it removes the uploads of every failed job past that age, so
jobs that failed before this existed go too. ``manage.py remove_expired_import_uploads``
does the same without a worker. The job itself stays, with its error and reports; its
page says the upload is gone and it can no longer be retried. Successful jobs lost their
upload when they finished.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, transaction
from django.utils import timezone
from django_tasks import task

from jekyll.models import JekyllImport

logger = logging.getLogger("folio.imports")
State = JekyllImport.State

DEFAULT_UPLOAD_DAYS = 14
TASK_BACKEND = "folio"


def upload_days() -> int:
    """Days a failed job's upload is kept (``FOLIO_IMPORT_UPLOAD_DAYS``, folio/settings)."""
    return int(getattr(settings, "FOLIO_IMPORT_UPLOAD_DAYS", DEFAULT_UPLOAD_DAYS))


def expired_failed_jobs(now=None):
    cutoff = (now or timezone.now()) - timedelta(days=upload_days())
    return (
        JekyllImport.objects.filter(state=State.FAILED, finished_at__lt=cutoff)
        .exclude(archive="")
        .order_by("pk")
    )


def remove_expired_uploads(now=None) -> list[JekyllImport]:
    """Remove the uploads of the jobs that failed more than the kept days ago; those jobs."""
    removed = []
    for job in expired_failed_jobs(now):
        name = job.archive.name
        # Only if it is still failed with this upload: a retry queued meanwhile keeps it.
        forgotten = JekyllImport.objects.filter(
            pk=job.pk, state=State.FAILED, finished_at=job.finished_at, archive=name
        ).update(archive="")
        if not forgotten:
            continue
        job.archive.storage.delete(name)
        logger.info("Jekyll import %s: removed the upload of the failed import", job.pk)
        job.refresh_from_db()
        removed.append(job)
    return removed


@task(backend=TASK_BACKEND)
def remove_expired_import_uploads():
    return len(remove_expired_uploads())


def schedule_removal(job: JekyllImport):
    """Queue the removal for when ``job``'s upload expires (it just failed). A database
    that cannot take the task must not hide why the job failed: the next failure's
    removal, or the management command, removes this upload too."""
    run_after = job.finished_at + timedelta(days=upload_days(), minutes=1)
    try:
        with transaction.atomic():  # a failed insert must not spoil an outer transaction
            remove_expired_import_uploads.using(run_after=run_after).enqueue()
    except DatabaseError:
        logger.warning("Jekyll import %s: could not queue its upload's removal", job.pk)
