"""An admin import whose worker was killed mid-step is run again, then failed, never stuck.

The worker's death is played out as it happens: the step is claimed (the job shows it
running) and nothing ever finishes it. ``FOLIO_IMPORT_STEP_TIMEOUT_MINUTES`` at 0 makes
any running step overdue at once.
"""

import io

import pytest
from django.core.management import call_command

from blog.models import BlogPage
from jekyll.models import JekyllImport
from jekyll.upload import jobs
from tests.jekyll.admin_import_helpers import (  # noqa: F401 - fixtures are used by name
    editor_client_fixture,
    private_import_root_fixture,
    process_queued_imports,
    two_post_site,
    upload,
)

pytestmark = pytest.mark.django_db
State = JekyllImport.State


def killed_during(job, queued_state, running_state):
    """A worker claims the job's step and dies before finishing it."""
    assert jobs.claim(job.pk, queued_state, running_state) is not None


def process_imports():
    out, err = io.StringIO(), io.StringIO()
    call_command("process_jekyll_imports", stdout=out, stderr=err)
    return out.getvalue() + err.getvalue()


@pytest.fixture
def uploaded(editor_client, blog_index):
    upload(editor_client, blog_index, two_post_site())
    return JekyllImport.objects.get()


@pytest.fixture
def confirmed(editor_client, uploaded):
    process_queued_imports()
    editor_client.post(f"/admin/jekyll-import/{uploaded.pk}/confirm/")
    uploaded.refresh_from_db()
    assert uploaded.state == State.CONFIRMED
    return uploaded


@pytest.fixture
def overdue(settings):
    settings.FOLIO_IMPORT_STEP_TIMEOUT_MINUTES = 0


def test_a_dry_run_lost_with_its_worker_is_run_again(uploaded, overdue):
    killed_during(uploaded, State.UPLOADED, State.DRY_RUN_RUNNING)
    output = process_imports()
    uploaded.refresh_from_db()
    assert uploaded.state == State.AWAITING_CONFIRMATION
    assert uploaded.dry_run_report["summary"]["created"] == 2
    assert uploaded.restarts == 1
    assert f"Import #{uploaded.pk} blog.zip: its worker was lost; queued again" in output


def test_an_import_lost_with_its_worker_is_run_again_and_imports_each_post_once(confirmed, overdue):
    killed_during(confirmed, State.CONFIRMED, State.IMPORTING)
    process_imports()
    confirmed.refresh_from_db()
    assert confirmed.state == State.DONE
    assert BlogPage.objects.live().count() == 2


def test_a_step_lost_a_second_time_fails_the_job_with_the_reason(editor_client, uploaded, overdue):
    killed_during(uploaded, State.UPLOADED, State.DRY_RUN_RUNNING)
    jobs.reset_lost_steps()
    killed_during(uploaded, State.UPLOADED, State.DRY_RUN_RUNNING)
    output = process_imports()
    uploaded.refresh_from_db()
    assert uploaded.state == State.FAILED
    assert uploaded.error == (
        "The import stopped: its dry run did not finish within 0 minutes, 2 times (the worker "
        "running it was stopped, or ran out of memory). Retry it, or delete it."
    )
    assert uploaded.error in output
    assert uploaded.archive  # kept, so that the import can be retried
    page = editor_client.get(f"/admin/jekyll-import/{uploaded.pk}/").content.decode()
    assert "did not finish within 0 minutes" in page


def test_a_step_running_within_the_timeout_is_left_to_its_worker(uploaded, settings):
    settings.FOLIO_IMPORT_STEP_TIMEOUT_MINUTES = 60
    killed_during(uploaded, State.UPLOADED, State.DRY_RUN_RUNNING)
    assert "0 import step(s) run." in process_imports()
    uploaded.refresh_from_db()
    assert uploaded.state == State.DRY_RUN_RUNNING
    assert uploaded.restarts == 0


def test_a_step_that_ends_while_being_reset_keeps_its_result(uploaded, overdue):
    killed_during(uploaded, State.UPLOADED, State.DRY_RUN_RUNNING)
    lost = JekyllImport.objects.get()
    # The worker was only slow: it finishes between the look-up and the reset.
    JekyllImport.objects.filter(pk=lost.pk).update(state=State.AWAITING_CONFIRMATION)
    assert not jobs.reset_lost_step(lost)
    lost.refresh_from_db()
    assert lost.state == State.AWAITING_CONFIRMATION
    assert lost.restarts == 0
