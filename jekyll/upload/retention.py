"""An admin import's upload is not kept for good: ``FOLIO_IMPORT_UPLOAD_DAYS`` after a
failure, or after its check if nobody chooses "Import now", it is removed.

A failed job keeps its archive so that the editor can retry it (``jobs.retry``); a checked
one keeps it until it is confirmed. Left alone, every abandoned upload would stay on the
disk for good, drafts and all. When a job fails or its check ends, a removal is queued in
the worker for the day its upload expires (``schedule_removal``); it removes the uploads
of every job past that age, so jobs from before this existed go too.
``manage.py remove_expired_import_uploads`` does the same without a worker. The job itself
stays, with its error and reports (one never confirmed becomes a failed one, saying why);
its page says the upload is gone and it can no longer be retried or confirmed. Successful
jobs lost their upload when they finished.
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


def expired_unconfirmed_jobs(now=None):
    """Checked jobs nobody confirmed within the kept days (counted from the check's start,
    a few minutes before the editor could first confirm)."""
    cutoff = (now or timezone.now()) - timedelta(days=upload_days())
    return (
        JekyllImport.objects.filter(state=State.AWAITING_CONFIRMATION, step_started_at__lt=cutoff)
        .exclude(archive="")
        .order_by("pk")
    )


def not_confirmed_in_time() -> str:
    return (
        f"Not imported: nobody chose “Import now” within {upload_days()} days of the check, "
        "so its uploaded file was removed. Upload the file again to import it."
    )


def remove_expired_uploads(now=None) -> list[JekyllImport]:
    """Remove the uploads of the jobs failed, or checked and not confirmed, more than the
    kept days ago; those jobs."""
    removed = []
    for job in expired_failed_jobs(now):
        # Only if it is still failed with this upload: a retry queued meanwhile keeps it.
        forgotten = JekyllImport.objects.filter(
            pk=job.pk, state=State.FAILED, finished_at=job.finished_at, archive=job.archive.name
        ).update(archive="")
        if forgotten:
            removed.append(removal_done(job, "the failed import"))
    for job in expired_unconfirmed_jobs(now):
        # Only if it is still waiting: a confirmation that came first keeps the upload.
        forgotten = JekyllImport.objects.filter(
            pk=job.pk, state=State.AWAITING_CONFIRMATION, archive=job.archive.name
        ).update(
            archive="",
            state=State.FAILED,
            error=not_confirmed_in_time(),
            finished_at=now or timezone.now(),
        )
        if forgotten:
            removed.append(removal_done(job, "the import nobody confirmed"))
    return removed


def removal_done(job, what):
    job.archive.storage.delete(job.archive.name)
    logger.info("Jekyll import %s: removed the upload of %s", job.pk, what)
    job.refresh_from_db()
    return job


@task(backend=TASK_BACKEND)
def remove_expired_import_uploads():
    return len(remove_expired_uploads())


def schedule_removal(job: JekyllImport, since=None):
    """Queue the removal for when ``job``'s upload expires: ``since`` (it just failed, or
    its check ended: when the check started) plus the kept days. A database that cannot
    take the task must not hide why the job failed: the next job's removal, or the
    management command, removes this upload too."""
    run_after = (since or job.finished_at) + timedelta(days=upload_days(), minutes=1)
    try:
        with transaction.atomic():  # a failed insert must not spoil an outer transaction
            remove_expired_import_uploads.using(run_after=run_after).enqueue()
    except DatabaseError:
        logger.warning("Jekyll import %s: could not queue its upload's removal", job.pk)
