"""The work behind an admin import: a dry run, then (once confirmed) the real import.

Each step first claims the job by moving it to its running state in one UPDATE, so the
worker and ``manage.py process_jekyll_imports`` never run the same step twice. The
archive is unpacked into a temporary folder (under ``FOLIO_IMPORT_ROOT``) that is removed
when the step ends; once the job is done or failed, the uploaded archive is deleted too.
"""

import logging
import tempfile
from pathlib import Path

from django.utils import timezone

from blog.importer.runner import run_import
from blog.importer.source import SourceError

from .archive import ArchiveError, extract_site
from .models import JekyllImport
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
    claimed = JekyllImport.objects.filter(pk=import_id, state=expected).update(state=running)
    return JekyllImport.objects.get(pk=import_id) if claimed else None


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
        report = run_import(
            site_root,
            job.blog_index,
            dry_run=dry_run,
            draft=job.draft,
            force=job.force,
            old_site_url=job.site_url,
        )
    # The temporary folder means nothing to the editor; the uploaded file's name does.
    report.source = job.original_name
    return report.to_dict()


def fail(job: JekyllImport, error: Exception):
    if isinstance(error, ArchiveError | SourceError):
        job.error = str(error)
    else:
        logger.exception("Jekyll import %s failed", job.pk)
        job.error = f"The import stopped: {type(error).__name__}: {error}"
    job.state = State.FAILED
    job.finished_at = timezone.now()
    job.save(update_fields=["error", "state", "finished_at"])
    job.archive.delete(save=True)
