"""The Jekyll import screens in an editor's words: plain options and reports, coloured
states, and failed imports retried or deleted (issue #15).

Real HTTP requests of Django's test client, real zip files, queued steps run by
``manage.py process_jekyll_imports``.
"""

from pathlib import Path

import pytest
from django.test import Client

from blog.models import BlogPage
from jekyll.models import JekyllImport
from jekyll.upload import jobs
from tests.jekyll.admin_import_helpers import (  # noqa: F401 - fixtures are used by name
    FIRST_POST,
    INDEX_URL,
    UPLOAD_URL,
    editor_client_fixture,
    member_of,
    private_import_root_fixture,
    process_queued_imports,
    two_post_site,
    upload,
    zip_bytes,
)

pytestmark = pytest.mark.django_db
State = JekyllImport.State


def job_url(job, action=""):
    return f"/admin/jekyll-import/{job.pk}/" + (f"{action}/" if action else "")


def page_of(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def checked(client, blog_index, content=None, **options) -> JekyllImport:
    upload(client, blog_index, content or two_post_site(), **options)
    process_queued_imports()
    return JekyllImport.objects.get()


def failed_check(client, blog_index) -> JekyllImport:
    """A job whose check failed: its blog was deleted after the upload."""
    upload(client, blog_index, two_post_site())
    JekyllImport.objects.update(blog_index=None)
    process_queued_imports()
    job = JekyllImport.objects.get()
    assert job.state == State.FAILED
    return job


def failed_import(client, blog_index) -> JekyllImport:
    """A job whose import (after the check and the confirmation) failed."""
    job = checked(client, blog_index)
    client.post(job_url(job, "confirm"))
    JekyllImport.objects.update(blog_index=None)
    process_queued_imports()
    job.refresh_from_db()
    assert job.state == State.FAILED
    return job


# --- Plain words ---------------------------------------------------------------------------


def test_the_upload_form_names_its_options_in_plain_words(editor_client, blog_index):
    html = page_of(editor_client, UPLOAD_URL)
    assert "Import as drafts (publish nothing)" in html
    assert "Overwrite posts edited here since their import" in html
    assert ">Draft<" not in html
    assert ">Force<" not in html


def test_the_job_page_names_the_chosen_options_in_plain_words(editor_client, blog_index):
    job = checked(editor_client, blog_index, draft="on", force="on")
    html = page_of(editor_client, job_url(job))
    assert (
        "Import as drafts (publish nothing); overwrite posts edited here since their import" in html
    )


def test_the_check_report_says_what_would_happen_to_each_post(editor_client, blog_index):
    html = page_of(editor_client, job_url(checked(editor_client, blog_index)))
    assert "Check: what the import would do (nothing was saved)" in html
    assert "2 new" in html
    assert "New post" in html
    assert "created" not in html
    assert "Import now" in html


def test_a_posts_warnings_are_folded_away_under_what_to_check(editor_client, blog_index):
    html = page_of(editor_client, job_url(checked(editor_client, blog_index)))
    assert "1 post to look at" in html
    assert "<summary>2 things to check in this post</summary>" in html
    assert "not-in-the-zip.png" in html
    assert "warning:" not in html


def test_the_match_with_the_old_site_is_explained_as_a_percentage(editor_client, blog_index):
    job = checked(editor_client, blog_index)
    job.dry_run_report["fidelity"] = {"min": 0.914, "mean": 0.9996}
    job.dry_run_report["posts"][0]["fidelity"] = 0.914
    job.save()
    html = page_of(editor_client, job_url(job))
    assert "How closely each post matches the old site (100% = same words)" in html
    assert "99% on average, 91% for the furthest one" in html
    assert "Matches the old site: 91%" in html
    assert "idelity" not in html


def test_a_post_that_cannot_be_imported_says_so_with_the_reason_folded_away(
    editor_client, blog_index
):
    broken = "---\ntitle: [unclosed\n---\n\nNot YAML above.\n"
    content = zip_bytes(
        {"_posts/2021-01-01-first.md": FIRST_POST, "_posts/2021-01-03-b.md": broken}
    )
    html = page_of(editor_client, job_url(checked(editor_client, blog_index, content)))
    assert "1 not imported" in html
    assert "This post could not be imported." in html
    assert (
        "<summary>Why</summary>_posts/2021-01-03-b.md: the front matter is not valid YAML" in html
    )


# --- Coloured states -----------------------------------------------------------------------


def state_tag(html: str) -> str:
    start = html.index("data-import-state")
    return html[html.rindex("<span", 0, start) : html.index("</span>", start)]


def test_a_job_waiting_for_its_check_is_shown_as_waiting(editor_client, blog_index):
    upload(editor_client, blog_index, two_post_site())
    tag = state_tag(page_of(editor_client, INDEX_URL))
    assert "Waiting" in tag
    assert "w-status--label" in tag


def test_a_checked_job_is_shown_ready_to_import_in_the_warning_colour(editor_client, blog_index):
    checked(editor_client, blog_index)
    tag = state_tag(page_of(editor_client, INDEX_URL))
    assert "Ready to import" in tag
    assert "w-bg-warning-50" in tag


def test_a_clean_import_is_shown_done_in_the_positive_colour(editor_client, blog_index):
    content = zip_bytes({"_posts/2021-01-01-first.md": FIRST_POST})
    job = checked(editor_client, blog_index, content)
    editor_client.post(job_url(job, "confirm"))
    process_queued_imports()
    tag = state_tag(page_of(editor_client, job_url(job)))
    assert "Done" in tag
    assert "problems" not in tag
    assert "w-bg-positive-50" in tag


def test_an_import_with_things_to_check_is_shown_done_with_problems(editor_client, blog_index):
    job = checked(editor_client, blog_index)
    editor_client.post(job_url(job, "confirm"))
    process_queued_imports()
    tag = state_tag(page_of(editor_client, INDEX_URL))
    assert "Done, with problems" in tag
    assert "w-bg-warning-50" in tag


def test_a_failed_job_is_shown_failed_in_the_critical_colour(editor_client, blog_index):
    failed_check(editor_client, blog_index)
    tag = state_tag(page_of(editor_client, INDEX_URL))
    assert "Failed" in tag
    assert "w-bg-critical-50" in tag


# --- Retry ---------------------------------------------------------------------------------


def test_a_failed_job_offers_retry_and_delete(editor_client, blog_index):
    job = failed_check(editor_client, blog_index)
    html = page_of(editor_client, job_url(job))
    assert f'action="{job_url(job, "retry")}"' in html
    assert f'href="{job_url(job, "delete")}"' in html


def test_retrying_a_failed_check_queues_the_check_again(editor_client, blog_index):
    job = failed_check(editor_client, blog_index)
    JekyllImport.objects.update(blog_index=blog_index)
    response = editor_client.post(job_url(job, "retry"))
    assert response.status_code == 302
    job.refresh_from_db()
    assert (job.state, job.error) == (State.UPLOADED, "")
    process_queued_imports()
    job.refresh_from_db()
    assert job.state == State.AWAITING_CONFIRMATION
    assert not BlogPage.objects.exists()


def test_retrying_a_failed_import_queues_the_import_again(editor_client, blog_index):
    job = failed_import(editor_client, blog_index)
    JekyllImport.objects.update(blog_index=blog_index)
    editor_client.post(job_url(job, "retry"))
    job.refresh_from_db()
    assert job.state == State.CONFIRMED
    process_queued_imports()
    job.refresh_from_db()
    assert job.state == State.DONE
    assert BlogPage.objects.live().count() == 2


def test_a_job_that_did_not_fail_cannot_be_retried(editor_client, blog_index):
    job = checked(editor_client, blog_index)
    editor_client.post(job_url(job, "retry"))
    job.refresh_from_db()
    assert job.state == State.AWAITING_CONFIRMATION
    assert "Only a failed import can be retried." in page_of(editor_client, job_url(job))


def test_retry_is_a_post_only(editor_client, blog_index):
    job = failed_check(editor_client, blog_index)
    assert editor_client.get(job_url(job, "retry")).status_code == 405
    job.refresh_from_db()
    assert job.state == State.FAILED


def test_retry_needs_the_csrf_token(blog_index):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member_of("Marketing editors", "editor"))
    job = JekyllImport.objects.create(original_name="blog.zip", state=State.FAILED)
    assert client.post(job_url(job, "retry")).status_code == 403
    job.refresh_from_db()
    assert job.state == State.FAILED


def test_retry_needs_the_import_permission(client, blog_index):
    job = JekyllImport.objects.create(original_name="blog.zip", state=State.FAILED)
    client.force_login(member_of("Marketing writers", "writer"))
    assert client.post(job_url(job, "retry")).status_code == 403
    job.refresh_from_db()
    assert job.state == State.FAILED


# --- Delete --------------------------------------------------------------------------------


def test_deleting_asks_for_confirmation_first(editor_client, blog_index):
    job = failed_check(editor_client, blog_index)
    html = page_of(editor_client, job_url(job, "delete"))
    assert "Yes, delete the import" in html
    assert 'method="post"' in html
    assert JekyllImport.objects.filter(pk=job.pk).exists()


def test_deleting_removes_the_job_and_its_uploaded_file(editor_client, blog_index):
    job = failed_check(editor_client, blog_index)
    stored = Path(job.archive.path)
    assert stored.is_file()
    response = editor_client.post(job_url(job, "delete"))
    assert response.status_code == 302
    assert response.url == INDEX_URL
    assert not JekyllImport.objects.exists()
    assert not stored.exists()


def test_deleting_a_finished_import_keeps_its_posts(editor_client, blog_index):
    job = checked(editor_client, blog_index)
    editor_client.post(job_url(job, "confirm"))
    process_queued_imports()
    editor_client.post(job_url(job, "delete"))
    assert not JekyllImport.objects.exists()
    assert BlogPage.objects.live().count() == 2


@pytest.mark.parametrize("running", [State.DRY_RUN_RUNNING, State.IMPORTING])
def test_a_running_job_cannot_be_deleted(editor_client, blog_index, running):
    upload(editor_client, blog_index, two_post_site())
    JekyllImport.objects.update(state=running)
    job = JekyllImport.objects.get()
    assert "can be deleted once it has ended" in page_of(editor_client, job_url(job, "delete"))
    editor_client.post(job_url(job, "delete"))
    assert JekyllImport.objects.filter(pk=job.pk).exists()
    assert Path(job.archive.path).is_file()
    assert f'href="{job_url(job, "delete")}"' not in page_of(editor_client, job_url(job))


def test_delete_needs_the_csrf_token(blog_index):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member_of("Marketing editors", "editor"))
    job = JekyllImport.objects.create(original_name="blog.zip", state=State.FAILED)
    assert client.post(job_url(job, "delete")).status_code == 403
    assert JekyllImport.objects.filter(pk=job.pk).exists()


def test_delete_needs_the_import_permission(client, blog_index):
    job = JekyllImport.objects.create(original_name="blog.zip", state=State.FAILED)
    client.force_login(member_of("Marketing writers", "writer"))
    assert client.get(job_url(job, "delete")).status_code == 403
    assert client.post(job_url(job, "delete")).status_code == 403
    assert JekyllImport.objects.filter(pk=job.pk).exists()


def test_the_step_functions_refuse_what_the_screens_refuse(blog_index):
    running = JekyllImport.objects.create(original_name="a.zip", state=State.IMPORTING)
    assert jobs.delete_job(running) is False
    with pytest.raises(jobs.CannotRetry):
        jobs.retry(running)
