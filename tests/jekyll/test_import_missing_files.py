"""A re-import whose picture files are not there never takes pictures away from a post.

Importing the same blog again from a folder without its ``images/`` (a checkout of the
posts only, an upload of ``_posts`` alone, a mistyped ``--images-root``) would otherwise
publish a new revision of every post without its pictures.
"""

import shutil
from io import StringIO

import pytest
from django.core.management import call_command

from blog.models import BlogPage
from jekyll.mapping.images import ImageLocator
from jekyll.models import JekyllImport
from jekyll.reading.source import find_site
from jekyll.runner import prepare_post, run_import
from tests.jekyll.admin_import_helpers import (  # noqa: F401 - fixtures are used by name
    FIXTURE_SITE,
    editor_client_fixture,
    private_import_root_fixture,
    process_queued_imports,
    upload,
    zip_bytes,
)
from tests.jekyll.test_import_writer import statuses, write_post

PICTURES_POST = "2020-01-03-same-picture-twice.md"


def pictures_shown(page):
    return [block.value["image"].pk for block in page.body if block.block_type == "image"]


def test_a_missing_file_is_noted_with_its_reference(fixture_site):
    shutil.rmtree(fixture_site / "images" / "fixture")
    site = find_site(fixture_site)

    post = prepare_post(site.root / "_posts" / PICTURES_POST, site, ImageLocator(site.root))

    assert post.missing_files == ("/images/fixture/pixel.png", "images/fixture/pixel-copy.png")


def test_post_keeps_its_pictures_when_their_files_are_gone(
    fixture_site, fixture_report, blog_index
):
    page = BlogPage.objects.get(slug="same-picture-twice")
    shown = pictures_shown(page)
    revisions = page.revisions.count()
    shutil.rmtree(fixture_site / "images" / "fixture")
    write_post(
        fixture_site,
        PICTURES_POST,
        (fixture_site / "_posts" / PICTURES_POST).read_text() + "\nA new last line.\n",
    )

    report = run_import(fixture_site, blog_index)

    held = next(post for post in report.posts if post.source.endswith(PICTURES_POST))
    assert str(held.status) == "skipped"
    assert "2 picture or video file(s) not found" in " ".join(held.warnings)
    assert "/images/fixture/pixel.png" in " ".join(held.warnings)
    page.refresh_from_db()
    assert pictures_shown(page) == shown
    assert page.revisions.count() == revisions


def test_library_pictures_do_not_give_way_to_the_old_sites_copies(
    fixture_site, fixture_report, blog_index
):
    page = BlogPage.objects.get(slug="same-picture-twice")
    shown = pictures_shown(page)
    shutil.rmtree(fixture_site / "images" / "fixture")

    report = run_import(fixture_site, blog_index, image_base_url="https://old.example.com")

    assert statuses(report)[PICTURES_POST] == "skipped"
    assert pictures_shown(BlogPage.objects.get(pk=page.pk)) == shown


def test_force_updates_the_post_without_the_missing_pictures(
    fixture_site, fixture_report, blog_index
):
    shutil.rmtree(fixture_site / "images" / "fixture")

    report = run_import(fixture_site, blog_index, force=True)

    assert statuses(report)[PICTURES_POST] == "updated"
    assert pictures_shown(BlogPage.objects.get(slug="same-picture-twice")) == []


def test_a_post_updates_when_a_file_it_never_had_is_missing(
    fixture_site, fixture_report, blog_index
):
    path = fixture_site / "_posts" / PICTURES_POST
    write_post(fixture_site, PICTURES_POST, path.read_text() + "\n![Gone](/images/never.png)\n")

    report = run_import(fixture_site, blog_index)

    assert statuses(report)[PICTURES_POST] == "updated"
    assert len(pictures_shown(BlogPage.objects.get(slug="same-picture-twice"))) == 3


def test_the_command_reports_the_held_back_post(fixture_site, fixture_report, blog_index):
    shutil.rmtree(fixture_site / "images" / "fixture")
    out = StringIO()

    call_command("import_jekyll", str(fixture_site), stdout=out, stderr=StringIO())

    assert "skipped" in out.getvalue()
    assert "--images-root" in out.getvalue()


@pytest.mark.django_db
def test_the_admin_report_says_why_a_post_was_not_updated(editor_client, blog_index):
    run_import(FIXTURE_SITE, blog_index)
    posts_only = {
        f"blog/{path.relative_to(FIXTURE_SITE).as_posix()}": path.read_bytes()
        for path in sorted(FIXTURE_SITE.rglob("*"))
        if path.is_file() and "images" not in path.parts
    }
    upload(editor_client, blog_index, zip_bytes(posts_only))
    process_queued_imports()

    job = JekyllImport.objects.get()
    html = editor_client.get(f"/admin/jekyll-import/{job.pk}/").content.decode()
    assert "Not updated: pictures it shows are not in the upload" in html
    assert "2 not overwritten" in " ".join(html.split())  # this post and markdown-features
    assert "/images/fixture/pixel.png" in html
