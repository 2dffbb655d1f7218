"""Importing a Jekyll blog from the admin: upload a .zip, read the dry run, confirm, read the report.

Everything goes through real HTTP requests of Django's test client, with real zip files
built from small posts (and from the fixture site in tests/jekyll/fixtures/tiny_site/). Queued steps
run in the django-tasks worker or in ``manage.py process_jekyll_imports``.
Refused uploads are specified in test_admin_import_archives.py.
"""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.test import Client
from django_tasks_db.models import DBTaskResult

from blog.models import BlogPage
from jekyll.models import JekyllImport
from tests.jekyll.admin_import_helpers import (  # noqa: F401 - fixtures are used by name
    BROKEN_POST,
    FIRST_POST,
    FIXTURE_SITE,
    INDEX_URL,
    UPLOAD_URL,
    editor_client_fixture,
    fixture_site_zip,
    member_of,
    private_import_root_fixture,
    process_queued_imports,
    two_post_site,
    upload,
    upload_file,
    zip_bytes,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def writer_client(client):
    client.force_login(member_of("Marketing writers", "writer"))
    return client


def job_page(client, job: JekyllImport) -> str:
    response = client.get(f"/admin/jekyll-import/{job.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def dry_run(client, blog_index, content: bytes, **options) -> JekyllImport:
    """Upload ``content`` and let the dry run happen; the job then awaits confirmation."""
    upload(client, blog_index, content, **options)
    process_queued_imports()
    return JekyllImport.objects.get()


def confirm(client, job: JekyllImport):
    return client.post(f"/admin/jekyll-import/{job.pk}/confirm/")


# --- The upload, the dry run, the confirmation -------------------------------------------


def test_editor_sees_the_upload_form(editor_client, blog_index):
    response = editor_client.get(UPLOAD_URL)
    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in response.content.decode()
    assert 'name="archive"' in response.content.decode()


def test_upload_queues_a_dry_run_and_saves_nothing(editor_client, blog_index):
    response = upload(editor_client, blog_index, two_post_site())
    job = JekyllImport.objects.get()
    assert response.status_code == 302
    assert response.url == f"/admin/jekyll-import/{job.pk}/"
    assert job.state == JekyllImport.State.UPLOADED
    assert job.original_name == "blog.zip"
    assert job.uploaded_by.username == "editor"
    assert DBTaskResult.objects.filter(task_path="jekyll.upload.tasks.dry_run_import").count() == 1
    assert not BlogPage.objects.exists()


def test_job_page_refreshes_itself_while_the_dry_run_waits(editor_client, blog_index):
    upload(editor_client, blog_index, two_post_site())
    html = job_page(editor_client, JekyllImport.objects.get())
    assert '<meta http-equiv="refresh"' in html
    assert "The file is waiting to be checked" in html


def test_dry_run_report_lists_every_post_and_saves_nothing(editor_client, blog_index):
    job = dry_run(editor_client, blog_index, two_post_site())
    assert job.state == JekyllImport.State.AWAITING_CONFIRMATION
    html = job_page(editor_client, job)
    assert "2 new" in html
    assert "_posts/2021-01-01-first.md" in html
    assert "First imported post" in html
    assert "not-in-the-zip.png" in html  # the missing picture's warning
    assert "Import now" in html
    assert '<meta http-equiv="refresh"' not in html
    assert not BlogPage.objects.exists()


def test_dry_run_report_shows_a_broken_post_with_its_error(editor_client, blog_index):
    content = zip_bytes(
        {"_posts/2021-01-01-first.md": FIRST_POST, "_posts/2021-01-03-broken.md": BROKEN_POST}
    )
    job = dry_run(editor_client, blog_index, content)
    html = job_page(editor_client, job)
    assert "1 not imported" in html
    assert "This post could not be imported." in html
    assert "2021-01-03-broken.md" in html
    assert job.dry_run_report["summary"]["failed"] == 1


def test_confirming_imports_the_posts_and_shows_the_final_report(editor_client, blog_index):
    job = dry_run(editor_client, blog_index, two_post_site())
    response = confirm(editor_client, job)
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.state == JekyllImport.State.CONFIRMED
    assert job.confirmed_by.username == "editor"

    process_queued_imports()
    job.refresh_from_db()
    assert job.state == JekyllImport.State.DONE
    assert sorted(BlogPage.objects.live().values_list("title", flat=True)) == [
        "A post missing its picture",
        "First imported post",
    ]
    html = job_page(editor_client, job)
    assert "What the import did" in html
    assert "2 new" in html
    first = BlogPage.objects.get(title="First imported post")
    assert 'href="/blog/first/"' in html
    assert f'href="/admin/pages/{first.pk}/edit/"' in html
    assert "Import now" not in html


def test_draft_option_imports_posts_unpublished(editor_client, blog_index):
    job = dry_run(editor_client, blog_index, two_post_site(), draft="on")
    confirm(editor_client, job)
    process_queued_imports()
    assert BlogPage.objects.count() == 2
    assert not BlogPage.objects.live().exists()


def test_a_site_zipped_inside_its_folder_is_imported_with_its_images(editor_client, blog_index):
    job = dry_run(editor_client, blog_index, fixture_site_zip("myblog"))
    confirm(editor_client, job)
    process_queued_imports()
    job.refresh_from_db()
    assert job.state == JekyllImport.State.DONE
    post = BlogPage.objects.get(title="Same picture twice")
    assert post.source_path == "_posts/2020-01-03-same-picture-twice.md"
    assert [block.block_type for block in post.body].count("image") == 3


def test_posts_and_images_at_the_top_of_the_zip_are_imported(editor_client, blog_index):
    pixel = (FIXTURE_SITE / "images" / "fixture" / "pixel.png").read_bytes()
    content = zip_bytes(
        {
            "_posts/2021-01-01-picture.md": "---\ntitle: Picture\ndate: 2021-01-01\n---\n\n"
            "![A pixel](/images/pixel.png)\n",
            "images/pixel.png": pixel,
        }
    )
    job = dry_run(editor_client, blog_index, content)
    confirm(editor_client, job)
    process_queued_imports()
    post = BlogPage.objects.get(title="Picture")
    assert [block.block_type for block in post.body] == ["image"]


def test_an_import_is_confirmed_only_once(editor_client, blog_index):
    job = dry_run(editor_client, blog_index, two_post_site())
    confirm(editor_client, job)
    response = confirm(editor_client, job)
    assert response.status_code == 302
    assert (
        DBTaskResult.objects.filter(task_path="jekyll.upload.tasks.confirmed_import").count() == 1
    )


def test_confirming_needs_a_post(editor_client, blog_index):
    job = dry_run(editor_client, blog_index, two_post_site())
    assert editor_client.get(f"/admin/jekyll-import/{job.pk}/confirm/").status_code == 405
    job.refresh_from_db()
    assert job.state == JekyllImport.State.AWAITING_CONFIRMATION


def test_confirming_needs_the_csrf_token(blog_index):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member_of("Marketing editors", "editor"))
    page = client.get(UPLOAD_URL)
    token = page.cookies["csrftoken"].value
    client.post(
        UPLOAD_URL,
        {
            "archive": upload_file(two_post_site()),
            "blog_index": blog_index.pk,
            "csrfmiddlewaretoken": token,
        },
    )
    process_queued_imports()
    job = JekyllImport.objects.get()
    assert client.post(f"/admin/jekyll-import/{job.pk}/confirm/").status_code == 403
    job.refresh_from_db()
    assert job.state == JekyllImport.State.AWAITING_CONFIRMATION


def test_editors_see_earlier_imports_listed(editor_client, blog_index):
    job = dry_run(editor_client, blog_index, two_post_site(), name="old-blog.zip")
    html = editor_client.get(INDEX_URL).content.decode()
    assert f'href="/admin/jekyll-import/{job.pk}/"' in html
    assert "Ready to import" in html
    assert f'href="{UPLOAD_URL}"' in html


def test_admins_can_grant_the_import_permission_to_a_group(client):
    client.force_login(User.objects.create_superuser("root", "root@example.com", "pw"))
    editors = Group.objects.get(name="Marketing editors")
    html = client.get(f"/admin/groups/edit/{editors.pk}/").content.decode()
    assert "Can import a Jekyll blog" in html


def test_an_import_into_a_deleted_blog_fails_with_a_message(editor_client, blog_index):
    upload(editor_client, blog_index, two_post_site())
    blog_index.delete()
    process_queued_imports()
    job = JekyllImport.objects.get()
    assert job.state == JekyllImport.State.FAILED
    assert "Failed" in job_page(editor_client, job)
    assert "The blog this import was meant for no longer exists." in job_page(editor_client, job)
    assert job.archive  # kept, so that the import can be retried


# --- Where the upload is kept ------------------------------------------------------------


def test_the_upload_is_kept_outside_the_public_media_folder(
    editor_client, blog_index, private_import_root
):
    upload(editor_client, blog_index, two_post_site(), name="secret-drafts.zip")
    stored = Path(JekyllImport.objects.get().archive.path)
    assert stored.is_file()
    assert stored.is_relative_to(private_import_root)
    assert not stored.is_relative_to(Path(settings.MEDIA_ROOT))
    assert "secret-drafts" not in stored.name


def test_unpacked_files_are_removed_after_each_step(editor_client, blog_index, private_import_root):
    job = dry_run(editor_client, blog_index, two_post_site())
    assert list((private_import_root / "work").iterdir()) == []
    confirm(editor_client, job)
    process_queued_imports()
    assert list((private_import_root / "work").iterdir()) == []


def test_the_upload_is_deleted_once_imported(editor_client, blog_index):
    job = dry_run(editor_client, blog_index, two_post_site())
    stored = Path(job.archive.path)
    confirm(editor_client, job)
    process_queued_imports()
    job.refresh_from_db()
    assert not stored.exists()
    assert not job.archive


# --- Messages name files inside the upload, never where the server unpacked it ----------

POST_WITH_BROKEN_PICTURE = """---
title: "A post with a broken picture"
date: 2021-01-02 09:00
---

![Broken](/images/broken.png)
"""


def shows_no_server_path(html: str, private_import_root: Path) -> bool:
    return str(private_import_root.parent) not in html and "private-imports" not in html


def test_a_post_error_names_the_post_inside_the_upload(
    editor_client, blog_index, private_import_root
):
    content = zip_bytes(
        {
            "myblog/_posts/2021-01-01-first.md": FIRST_POST,
            "myblog/_posts/2021-01-03-broken.md": BROKEN_POST,
        }
    )
    html = job_page(editor_client, dry_run(editor_client, blog_index, content))
    assert "_posts/2021-01-03-broken.md: the front matter is not valid YAML" in html
    assert shows_no_server_path(html, private_import_root)


def test_a_picture_warning_names_the_file_inside_the_upload(
    editor_client, blog_index, private_import_root
):
    content = zip_bytes(
        {
            "myblog/_posts/2021-01-02-broken-picture.md": POST_WITH_BROKEN_PICTURE,
            "myblog/images/broken.png": b"not a picture",
        }
    )
    job = dry_run(editor_client, blog_index, content)
    html = job_page(editor_client, job)
    assert "images/broken.png" in html
    assert shows_no_server_path(html, private_import_root)
    confirm(editor_client, job)
    process_queued_imports()
    job.refresh_from_db()
    assert "images/broken.png" in str(job.final_report)
    assert shows_no_server_path(job_page(editor_client, job), private_import_root)


def test_an_unreadable_config_is_a_warning_naming_the_file_inside_the_upload(
    editor_client, blog_index, private_import_root
):
    content = zip_bytes(
        {
            "myblog/_config.yml": "title: [unclosed\n",
            "myblog/_posts/2021-01-01-first.md": FIRST_POST,
        }
    )
    job = dry_run(editor_client, blog_index, content)
    html = job_page(editor_client, job)
    assert job.state == JekyllImport.State.AWAITING_CONFIRMATION
    assert "_config.yml is not valid YAML" in html
    assert "1 new" in html
    assert shows_no_server_path(html, private_import_root)


def test_a_failed_import_names_no_server_path(editor_client, blog_index, private_import_root):
    # Jekyll publishes only files named with a date: this _posts/ has none.
    content = zip_bytes({"_posts/notes.md": "Not a dated post."})
    upload(editor_client, blog_index, content)
    process_queued_imports()
    job = JekyllImport.objects.get()
    assert job.state == JekyllImport.State.FAILED
    html = job_page(editor_client, job)
    assert "No Jekyll posts" in html
    assert shows_no_server_path(html, private_import_root)


# --- Who may import ----------------------------------------------------------------------


def test_editors_see_the_menu_item(editor_client):
    assert INDEX_URL in editor_client.get("/admin/").content.decode()


def test_writers_see_no_menu_item(writer_client):
    response = writer_client.get("/admin/")
    assert response.status_code == 200
    assert INDEX_URL not in response.content.decode()


@pytest.mark.parametrize("url", [INDEX_URL, UPLOAD_URL])
def test_writers_are_refused_the_import_pages(writer_client, url):
    response = writer_client.get(url)
    assert response.status_code == 403
    assert "Can import a Jekyll blog" in response.content.decode()


def test_writers_cannot_upload(writer_client, blog_index):
    assert upload(writer_client, blog_index, two_post_site()).status_code == 403
    assert not JekyllImport.objects.exists()


def test_writers_cannot_see_or_confirm_an_import(editor_client, blog_index):
    job = dry_run(editor_client, blog_index, two_post_site())
    writer = Client()
    writer.force_login(member_of("Marketing writers", "writer"))
    assert writer.get(f"/admin/jekyll-import/{job.pk}/").status_code == 403
    assert writer.post(f"/admin/jekyll-import/{job.pk}/confirm/").status_code == 403
    job.refresh_from_db()
    assert job.state == JekyllImport.State.AWAITING_CONFIRMATION


def test_only_marketing_editors_are_given_the_import_permission():
    editors = Group.objects.get(name="Marketing editors")
    writers = Group.objects.get(name="Marketing writers")
    assert editors.permissions.filter(codename="run_jekyll_import").exists()
    assert not writers.permissions.filter(codename="run_jekyll_import").exists()


# --- Running queued imports -------------------------------------------------------------


def test_process_command_runs_a_queued_dry_run(editor_client, blog_index):
    upload(editor_client, blog_index, two_post_site())
    out = io.StringIO()
    call_command("process_jekyll_imports", stdout=out)
    job = JekyllImport.objects.get()
    assert job.state == JekyllImport.State.AWAITING_CONFIRMATION
    assert job.dry_run_report["summary"]["created"] == 2
    assert f"Import #{job.pk} blog.zip: Waiting for confirmation" in out.getvalue()
    assert not BlogPage.objects.exists()


def test_process_command_leaves_unconfirmed_imports_alone(editor_client, blog_index):
    job = dry_run(editor_client, blog_index, two_post_site())
    out = io.StringIO()
    call_command("process_jekyll_imports", stdout=out)
    job.refresh_from_db()
    assert job.state == JekyllImport.State.AWAITING_CONFIRMATION
    assert "0 import step(s) run." in out.getvalue()
    assert not BlogPage.objects.exists()


# The worker checks its database connection like a real process does, which closes a
# connection held inside a test's transaction (PostgreSQL); tests that run it commit.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_worker_runs_the_dry_run_and_the_confirmed_import(client, blog_index):
    client.force_login(member_of("Marketing editors", "editor"))
    upload(client, blog_index, two_post_site())
    run_worker()
    job = JekyllImport.objects.get()
    assert job.state == JekyllImport.State.AWAITING_CONFIRMATION
    assert not BlogPage.objects.exists()

    confirm(client, job)
    run_worker()
    job.refresh_from_db()
    assert job.state == JekyllImport.State.DONE
    assert job.final_report["summary"]["created"] == 2
    assert BlogPage.objects.live().count() == 2


def run_worker():
    call_command(
        "db_worker", "--backend", "folio", "--batch", "--no-startup-delay", "--interval", "0.1",
        verbosity=0,
    )  # fmt: skip
