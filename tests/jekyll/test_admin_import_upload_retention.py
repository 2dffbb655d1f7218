"""A failed admin import's upload is removed ``FOLIO_IMPORT_UPLOAD_DAYS`` (14) after it
failed, and a checked one's that many days after its check if nobody confirms it, by the
worker or ``manage.py remove_expired_import_uploads``; the job stays, and its page says
it can no longer be retried or imported (jekyll/upload/retention.py).

Days passing are played out by moving the failure or the check (and the removal the
worker was given for it) back in time; the worker is Folio's real one (``db_worker`` on
``folio``).
"""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from jekyll.models import JekyllImport
from tests.jekyll.admin_import_helpers import (  # noqa: F401 - fixtures are used by name
    editor_client_fixture,
    private_import_root_fixture,
    process_queued_imports,
    two_post_site,
    upload,
)

pytestmark = pytest.mark.django_db
State = JekyllImport.State
REMOVAL_TASK = "jekyll.upload.retention.remove_expired_import_uploads"


@pytest.fixture(name="failed")
def failed_fixture(editor_client, blog_index):
    """A job whose check failed (its blog was deleted after the upload), with its upload."""
    upload(editor_client, blog_index, two_post_site())
    JekyllImport.objects.update(blog_index=None)
    process_queued_imports()
    job = JekyllImport.objects.get()
    assert job.state == State.FAILED and upload_exists(job)
    return job


def upload_exists(job):
    return bool(job.archive) and job.archive.storage.exists(job.archive.name)


def days_pass(days):
    """Move every failure, every check and every queued task ``days`` back in time."""
    for job in JekyllImport.objects.all():
        JekyllImport.objects.filter(pk=job.pk).update(
            finished_at=job.finished_at and job.finished_at - timedelta(days=days),
            step_started_at=job.step_started_at and job.step_started_at - timedelta(days=days),
        )
    for result in DBTaskResult.objects.all():
        DBTaskResult.objects.filter(pk=result.pk).update(
            run_after=result.run_after - timedelta(days=days)
        )


def run_worker():
    call_command(
        "db_worker", "--backend", "folio", "--batch", "--no-startup-delay", "--interval", "0.1",
        verbosity=0,
    )  # fmt: skip


def remove_expired_import_uploads():
    out = io.StringIO()
    call_command("remove_expired_import_uploads", stdout=out)
    return out.getvalue()


def test_a_failure_gives_the_worker_the_removal_of_its_upload_when_it_expires(failed):
    (removal,) = DBTaskResult.objects.filter(task_path=REMOVAL_TASK)

    assert removal.run_after - failed.finished_at == timedelta(days=14, minutes=1)


# The worker closes the database connection a test's transaction holds (PostgreSQL).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_worker_removes_the_upload_once_it_has_been_kept_its_days(failed):
    archive = failed.archive.name

    days_pass(15)
    run_worker()

    failed.refresh_from_db()
    assert failed.archive.name == "" and not failed.archive.storage.exists(archive)


def test_the_job_stays_with_its_error_once_its_upload_is_removed(failed):
    days_pass(15)
    remove_expired_import_uploads()

    job = JekyllImport.objects.get()
    assert job.state == State.FAILED
    assert "no longer exists" in job.error


def test_an_upload_failed_fewer_days_ago_than_kept_stays(failed, settings):
    settings.FOLIO_IMPORT_UPLOAD_DAYS = 30
    days_pass(15)

    remove_expired_import_uploads()

    failed.refresh_from_db()
    assert upload_exists(failed)


@pytest.fixture(name="checked")
def checked_fixture(editor_client, blog_index):
    """A job checked and waiting for an editor to choose "Import now", with its upload."""
    upload(editor_client, blog_index, two_post_site())
    process_queued_imports()
    job = JekyllImport.objects.get()
    assert job.state == State.AWAITING_CONFIRMATION and upload_exists(job)
    return job


def confirm(client, job):
    return client.post(f"/admin/jekyll-import/{job.pk}/confirm/")


def test_a_check_gives_the_worker_the_removal_of_its_upload_should_nobody_confirm(checked):
    (removal,) = DBTaskResult.objects.filter(task_path=REMOVAL_TASK)

    assert removal.run_after - checked.step_started_at == timedelta(days=14, minutes=1)


def test_a_checked_import_waiting_fewer_days_than_kept_keeps_its_upload(checked):
    days_pass(13)

    remove_expired_import_uploads()

    checked.refresh_from_db()
    assert checked.state == State.AWAITING_CONFIRMATION and upload_exists(checked)


# The worker closes the database connection a test's transaction holds (PostgreSQL).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_worker_removes_the_upload_of_an_import_nobody_confirmed(checked):
    archive = checked.archive.name

    days_pass(15)
    run_worker()

    checked.refresh_from_db()
    assert checked.archive.name == "" and not checked.archive.storage.exists(archive)
    assert checked.state == State.FAILED
    assert "nobody chose “Import now” within 14 days" in checked.error


def test_an_import_nobody_confirmed_says_so_and_can_no_longer_be_imported(editor_client, checked):
    days_pass(15)
    remove_expired_import_uploads()

    confirm(editor_client, checked)
    page = editor_client.get(f"/admin/jekyll-import/{checked.pk}/").content.decode()

    assert "Not imported" in page
    assert "Nobody chose “Import now” within 14 days of the check" in page
    assert JekyllImport.objects.get().state == State.FAILED


def test_an_import_confirmed_in_time_keeps_its_upload_for_the_import(editor_client, checked):
    confirm(editor_client, checked)
    days_pass(15)

    remove_expired_import_uploads()

    checked.refresh_from_db()
    assert checked.state == State.CONFIRMED and upload_exists(checked)


def test_a_checked_import_says_how_long_it_waits_for_confirmation(editor_client, checked):
    page = editor_client.get(f"/admin/jekyll-import/{checked.pk}/").content.decode()

    assert "within 14 days of the check: after that its uploaded file is removed" in page


def test_the_command_removes_expired_uploads_without_a_worker(failed):
    days_pass(15)

    output = remove_expired_import_uploads()

    failed.refresh_from_db()
    assert failed.archive.name == ""
    assert f"Import #{failed.pk} blog.zip: upload removed" in output


def test_the_jobs_page_says_its_upload_is_gone_and_offers_no_retry(editor_client, failed):
    days_pass(15)
    remove_expired_import_uploads()

    page = editor_client.get(f"/admin/jekyll-import/{failed.pk}/").content.decode()

    assert "Its uploaded file was removed 14 days after the import failed" in page
    assert "can no longer be retried" in page
    assert f"/admin/jekyll-import/{failed.pk}/retry/" not in page


def test_a_retry_queued_before_the_removal_keeps_the_upload(editor_client, failed):
    days_pass(15)
    editor_client.post(f"/admin/jekyll-import/{failed.pk}/retry/")

    remove_expired_import_uploads()

    failed.refresh_from_db()
    assert failed.state == State.UPLOADED and upload_exists(failed)
