"""The work behind an admin import: a dry run, then (once confirmed) the real import.

Each step first claims the job by moving it to its running state in one UPDATE, so the
worker and ``manage.py process_jekyll_imports`` never run the same step twice. The
archive is unpacked into a temporary folder (under ``FOLIO_IMPORT_ROOT``) that is removed
when the step ends; once the job is done, the uploaded archive is deleted too. A failed
job keeps its archive, so that the editor can retry the failed step (``retry``) or
delete the job with its file (``delete_job``), for ``FOLIO_IMPORT_UPLOAD_DAYS``: then it
is removed (``retention``) and the job can no longer be retried.

A worker killed in the middle of a step (a deploy, the machine running out of memory)
leaves its job "running" for good. ``reset_lost_steps`` finds steps running for longer
than ``FOLIO_IMPORT_STEP_TIMEOUT_MINUTES`` and queues them once more: both steps are safe
to repeat (the dry run writes nothing, the import is idempotent post by post). A step
lost a second time fails the job, so an archive that kills its worker does not do it
forever.
"""

import logging
import tempfile
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone

from jekyll.measuring import JekyllNeeded
from jekyll.models import JekyllImport
from jekyll.reading.source import SourceError
from jekyll.report import server_folders, without_server_paths
from jekyll.runner import run_import

from .archive import ArchiveError, extract_site
from .retention import schedule_removal
from .storage import private_import_root

logger = logging.getLogger("folio.imports")
State = JekyllImport.State


def run_dry_run(import_id: int) -> bool:
    """Validate the upload and store what an import would do; ``False`` if not due."""
    job = claim(import_id, State.UPLOADED, State.DRY_RUN_RUNNING)
    if job is None:
        return False
    try:
        job.dry_run_report = import_archive(job, dry_run=True)
    except Exception as error:  # noqa: BLE001 (the editor sees why, the worker goes on)
        fail(job, error)
        return True
    job.state = State.AWAITING_CONFIRMATION
    job.save(update_fields=["dry_run_report", "state"])
    schedule_removal(job, since=job.step_started_at)  # unless it is confirmed by then
    return True


def run_confirmed_import(import_id: int) -> bool:
    """Import the confirmed upload for real and store the final report."""
    job = claim(import_id, State.CONFIRMED, State.IMPORTING)
    if job is None:
        return False
    try:
        job.final_report = import_archive(job, dry_run=False)
    except Exception as error:  # noqa: BLE001
        fail(job, error)
        return True
    job.state = State.DONE
    job.finished_at = timezone.now()
    job.save(update_fields=["final_report", "state", "finished_at"])
    job.archive.delete(save=True)
    return True


def claim(import_id: int, expected: str, running: str) -> JekyllImport | None:
    claimed = JekyllImport.objects.filter(pk=import_id, state=expected).update(
        state=running, step_started_at=timezone.now()
    )
    return JekyllImport.objects.get(pk=import_id) if claimed else None


# Longer than the largest import allowed (FOLIO_IMPORT_MAX_FILES) takes on a slow machine.
DEFAULT_STEP_TIMEOUT_MINUTES = 120
MAX_RESTARTS = 1
# Each running state and the queue its step is taken from.
QUEUE_OF = {State.DRY_RUN_RUNNING: State.UPLOADED, State.IMPORTING: State.CONFIRMED}
STEP_NAME = {State.DRY_RUN_RUNNING: "dry run", State.IMPORTING: "import"}


def step_timeout_minutes() -> int:
    return getattr(settings, "FOLIO_IMPORT_STEP_TIMEOUT_MINUTES", DEFAULT_STEP_TIMEOUT_MINUTES)


def reset_lost_steps() -> list[JekyllImport]:
    """Queue again, or fail, the jobs whose step has run for longer than the timeout; the
    jobs changed, as they are now."""
    cutoff = timezone.now() - timedelta(minutes=step_timeout_minutes())
    # No start time: claimed by a version of Folio that did not record it, before the
    # deploy that stopped its worker.
    lost = JekyllImport.objects.filter(state__in=QUEUE_OF).filter(
        Q(step_started_at__lt=cutoff) | Q(step_started_at__isnull=True)
    )
    return [job for job in lost if reset_lost_step(job)]


def reset_lost_step(job: JekyllImport) -> bool:
    # Only if nobody moved it meanwhile: the step may have ended just now after all.
    unchanged = JekyllImport.objects.filter(
        pk=job.pk, state=job.state, step_started_at=job.step_started_at
    )
    step = STEP_NAME[job.state]
    if job.restarts < MAX_RESTARTS:
        if not unchanged.update(
            state=QUEUE_OF[job.state], step_started_at=None, restarts=F("restarts") + 1
        ):
            return False
        logger.warning("Jekyll import %s: its %s was lost; queued again", job.pk, step)
    else:
        message = (
            f"The import stopped: its {step} did not finish within "
            f"{step_timeout_minutes()} minutes, {MAX_RESTARTS + 1} times (the worker running "
            "it was stopped, or ran out of memory). Retry it, or delete it."
        )
        if not unchanged.update(state=State.FAILED, error=message, finished_at=timezone.now()):
            return False
        logger.error("Jekyll import %s: its %s was lost again; failed", job.pk, step)
    job.refresh_from_db()
    if job.state == State.FAILED:
        schedule_removal(job)
    return True


def import_archive(job: JekyllImport, *, dry_run: bool) -> dict:
    """Unpack the job's archive, run the Jekyll importer on it, return the report."""
    if job.blog_index is None:
        raise SourceError("The blog this import was meant for no longer exists.")
    # Unpacked beside the uploads: private too, and on a disk sized for them.
    work_folder = private_import_root() / "work"
    work_folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="import-", dir=work_folder) as folder:
        with job.archive.open("rb") as archive:
            site_root = extract_site(archive, Path(folder))
        try:
            # The real Jekyll, when installed, in safe mode: no plugin of an upload runs.
            report = run_import(
                site_root,
                job.blog_index,
                dry_run=dry_run,
                draft=job.draft,
                force=job.force,
                old_site_url=job.site_url,
                renderer=getattr(settings, "FOLIO_IMPORT_RENDERER", "python"),
                reference=getattr(settings, "FOLIO_IMPORT_REFERENCE", "auto"),
                safe=True,
                # The upload's name stands for the site a _config.yml gives no title.
                site_name=Path(job.original_name).stem,
            )
        except SourceError as error:
            # The editor knows the upload, not the folder it was unpacked into.
            message = without_server_paths(str(error), server_folders(site_root))
            raise SourceError(message.replace("the site folder", "the upload")) from error
    # The temporary folder means nothing to the editor; the uploaded file's name does.
    report.source = job.original_name
    return report.to_dict()


def fail(job: JekyllImport, error: Exception):
    if isinstance(error, ArchiveError | SourceError | JekyllNeeded):
        message = str(error)
    else:
        logger.exception("Jekyll import %s failed", job.pk)
        message = f"The import stopped: {type(error).__name__}: {error}"
    # Whatever failed, the page shows no folder of this server.
    job.error = without_server_paths(message, server_folders(private_import_root()))
    job.error = job.error.replace("the site folder", "the upload")
    job.state = State.FAILED
    job.finished_at = timezone.now()
    job.save(update_fields=["error", "state", "finished_at"])
    # The archive stays: the editor may retry the step, or delete the job with it, until
    # it expires.
    schedule_removal(job)


class CannotRetry(Exception):
    """The job cannot be retried; the message says why, for the editor."""


# The states a job may be deleted in: not while a worker runs one of its steps.
RUNNING = (State.DRY_RUN_RUNNING, State.IMPORTING)


def retry(job: JekyllImport) -> str:
    """Queue the failed step of ``job`` again; the step's name ("check" or "import").

    Safe to repeat: the dry run writes nothing, the import is idempotent post by post.
    """
    if job.state != State.FAILED:
        raise CannotRetry("Only a failed import can be retried.")
    if not job.archive:
        raise CannotRetry("The uploaded file of this import is gone: upload it again.")
    # Confirmed before it failed: the import failed, else the check before it.
    queue, step = (State.CONFIRMED, "import") if job.confirmed_at else (State.UPLOADED, "check")
    retried = JekyllImport.objects.filter(pk=job.pk, state=State.FAILED).update(
        state=queue, error="", finished_at=None, step_started_at=None, restarts=0
    )
    if not retried:
        raise CannotRetry("This import was retried already.")
    job.refresh_from_db()
    return step


def delete_job(job: JekyllImport) -> bool:
    """Delete ``job`` and its uploaded file unless one of its steps is running."""
    archive = job.archive.name
    deleted, _ = JekyllImport.objects.filter(pk=job.pk).exclude(state__in=RUNNING).delete()
    if deleted and archive:
        job.archive.storage.delete(archive)
    return bool(deleted)
