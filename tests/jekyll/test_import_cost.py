"""What an import costs stays bounded: queries per post, one revision per post, no renditions.

These lock in the importer's speed-ups (``bench/import_bench.py`` measures the time) while
checking that the shortcuts give what Wagtail's longer way gave.
"""

import shutil
from pathlib import Path

from django.db import connection
from wagtail.images import get_image_model
from wagtail.models import PageLogEntry, Revision

from blog.models import BlogPage
from jekyll.fidelity import rendered_body, visible_words, without_library_images
from jekyll.report import Status
from jekyll.runner import run_import
from tests.jekyll.test_import import FIXTURES
from tests.jekyll.test_import_writer import INVALID_FIXTURES, copy_site, write_post

# Queries for each post beyond the first ones of an import (a post with an author,
# a category, tags, a library image, a related post and a link to another post):
# 39 when this was written (66 before child rows were inserted in bulk, tags and image
# checks stopped being looked up again, and a new page's locale and site-root state
# were taken as known); the generated bench posts took about 550 each before the
# writer stopped rebuilding, re-saving and re-revising pages.
QUERIES_PER_POST = 45


def blog_post(site: Path, number: int, *, related: int | None = None, links_to: int | None = None):
    related_line = f'relatedPosts: ["Post {related}"]\n' if related is not None else ""
    link = f"See [post {links_to}](/blog/p/post-{links_to}.html).\n" if links_to else ""
    write_post(
        site,
        f"2020-03-{number:02d}-post-{number}.md",
        f"---\ntitle: Post {number}\nauthor: Fixture Writer\ncategories: Features\n"
        f"tags: alpha beta\n{related_line}---\n"
        f"Words of post {number}.\n\n![A pixel](/images/fixture/pixel.png)\n\n{link}",
    )


def queries_to_import(site: Path, blog_index) -> int:
    # Counted as they run: the import empties Django's query log after each post.
    executed = []

    def count(execute, sql, params, many, context):
        executed.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        report = run_import(site, blog_index)
    assert not report.failed, [post.error for post in report.failed]
    return len(executed)


def site_of_posts(root: Path, numbers) -> Path:
    site = root / f"site-{numbers[0]}"
    (site / "_posts").mkdir(parents=True)
    shutil.copytree(FIXTURES / "images", site / "images")
    for number in numbers:
        blog_post(site, number, related=number - 1, links_to=number - 1)
    return site


def test_each_further_post_costs_a_bounded_number_of_queries(tmp_path, blog_index):
    # The author, category, tags and image exist after the first import.
    queries_to_import(site_of_posts(tmp_path, [1]), blog_index)
    few = queries_to_import(site_of_posts(tmp_path, [10, 11]), blog_index)
    many = queries_to_import(site_of_posts(tmp_path, [20, 21, 22, 23, 24, 25, 26]), blog_index)

    assert (many - few) / 5 <= QUERIES_PER_POST


def test_links_found_after_a_post_is_written_go_into_its_one_import_revision(tmp_path, blog_index):
    site = copy_site(tmp_path / "site")
    write_post(
        site,
        "2022-01-01-early.md",
        '---\ntitle: Early\nrelatedPosts: ["Late"]\n---\nRead [the late one](/blog/p/late.html).\n',
    )
    write_post(site, "2022-02-01-late.md", "---\ntitle: Late\n---\nLater words.\n")

    report = run_import(site, blog_index)

    assert report.related_links_added == 1 and report.pages_relinked == 1
    early, late = BlogPage.objects.get(slug="early"), BlogPage.objects.get(slug="late")
    assert Revision.objects.for_instance(early).count() == 1
    assert early.latest_revision_id == early.imported_revision_id == early.live_revision_id
    assert early.live and not early.has_unpublished_changes
    assert PageLogEntry.objects.filter(page=early, action="wagtail.publish").count() == 1
    # Readers see the links, and so does the revision an editor would open.
    link = f'<a linktype="page" id="{late.pk}">the late one</a>'
    for version in (early, early.latest_revision.as_object()):
        assert [related.related_post for related in version.related_post_links.all()] == [late]
        assert version.unresolved_related_titles == []
        assert link in version.body[0].value.source


def test_the_fidelity_figure_is_measured_without_making_renditions(tmp_path, blog_index):
    report = run_import(copy_site(tmp_path / "site"), blog_index)

    assert all(post.fidelity is not None for post in report.posts if post.page_id)
    assert not get_image_model().get_rendition_model().objects.exists()
    page = BlogPage.objects.get(slug="same-picture-twice")
    assert "image" in [block.block_type for block in page.body]
    # Pictures hold no visible words: leaving them out changes nothing the figure reads.
    assert visible_words(rendered_body(without_library_images(page))) == visible_words(
        rendered_body(page)
    )


def test_posts_prepared_in_a_worker_process_import_as_in_this_one(tmp_path, blog_index):
    site = copy_site(tmp_path / "site", INVALID_FIXTURES / "2021-03-01-invalid-front-matter.md")
    here = run_import(site, blog_index, dry_run=True)
    in_worker = run_import(site, blog_index, dry_run=True, workers=1)

    def outcome(report):
        # Page ids may differ: a rolled-back sequence is not rewound on PostgreSQL.
        return [{**post.to_dict(), "page_id": None} for post in report.posts]

    assert outcome(in_worker) == outcome(here)
    assert [post.status for post in in_worker.posts].count(Status.FAILED) == 1
    assert in_worker.posts[0].fidelity is not None


def test_a_new_posts_revision_holds_its_child_rows_as_they_were_saved(tmp_path, blog_index):
    site = copy_site(tmp_path / "site")
    write_post(
        site,
        "2022-01-01-with-everything.md",
        "---\ntitle: With everything\nauthor: Fixture Writer\ncategories: [Features, News]\n"
        'tags: alpha beta gamma\nrelatedPosts: ["Same picture twice"]\n---\nWords.\n',
    )

    run_import(site, blog_index)

    page = BlogPage.objects.get(slug="with-everything")
    relations = ("post_authors", "post_categories", "related_post_links", "tagged_items")
    as_read_back = page.serializable_data()
    assert all(as_read_back[name] for name in relations)
    for name in relations:
        assert page.latest_revision.content[name] == as_read_back[name]
