"""An import killed at any moment, then run again, ends exactly as an uninterrupted one.

The interruption is a ``KeyboardInterrupt`` (what Ctrl-C raises), thrown between two posts
from the progress callback, or inside a post's write by a writer that breaks down after
the page, its images and snippets are saved but before the import's bookkeeping is done.
"""

import shutil
from pathlib import Path

import pytest
from django.conf import settings
from taggit.models import Tag
from wagtail.contrib.redirects.models import Redirect
from wagtail.images import get_image_model
from wagtail.models import Revision

from blog.models import BlogPage
from blog.snippets import Author, Category
from jekyll.report import Status
from jekyll.runner import run_import
from jekyll.writing.writer import PostWriter
from tests.jekyll.test_import import FIXTURES
from tests.jekyll.test_import_writer import write_post

SOURCE_KEYS = [
    "_posts/2020-01-01-markdown-features.md",
    "_posts/2020-01-02-hidden-draft.md",
    "_posts/2020-01-03-same-picture-twice.md",
    "_posts/2020-01-04-Roles-&-Permissions.md",
    "_posts/2021-08-03-overtime-working-culture.md",
]


@pytest.fixture
def site(tmp_path):
    site = shutil.copytree(FIXTURES, tmp_path / "site")
    # A post with a slug Wagtail refuses (so a redirect) and related posts.
    write_post(
        site,
        "2020-01-04-Roles-&-Permissions.md",
        "---\ntitle: Roles\ncategories: Guides\ntags: roles\n"
        'relatedPosts: ["Same picture twice", "A hidden draft"]\n---\n'
        "![](/images/fixture/pixel.png)\n\nSee [the pictures](/blog/p/same-picture-twice.html).\n",
    )
    return site


def media_files() -> set[str]:
    folder = Path(settings.MEDIA_ROOT, "original_images")
    return {path.name for path in folder.iterdir()} if folder.is_dir() else set()


class BreaksInside(PostWriter):
    """A writer that is interrupted while writing the ``nth`` post (counting from 1)."""

    def __init__(self, *args, nth: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.nth = nth
        self.written = 0

    def keep_old_addresses(self, page, post, warnings):
        # Called after the page, its revision, images and snippets are saved.
        self.written += 1
        if self.written == self.nth:
            raise KeyboardInterrupt
        super().keep_old_addresses(page, post, warnings)


def interrupt_after(count: int):
    done = []

    def progress(post):
        done.append(post)
        if len(done) == count:
            raise KeyboardInterrupt

    return progress


def assert_imported_exactly_once(files_before: set[str]):
    """The state an uninterrupted import of ``site`` leaves, whatever happened before."""
    pages = BlogPage.objects.order_by("source_path")
    assert list(pages.values_list("source_path", flat=True)) == SOURCE_KEYS
    assert set(pages.live().listed().values_list("slug", flat=True)) == {
        "markdown-features",
        "same-picture-twice",
        "roles-permissions",
        "overtime-working-culture",
    }
    assert list(pages.filter(unlisted=True).values_list("slug", flat=True)) == ["hidden-draft"]
    for page in pages:
        # One revision each, the import's own: nothing half-written, nothing twice.
        assert Revision.objects.for_instance(page).count() == 1, page.source_path
        assert page.latest_revision_id == page.imported_revision_id
        assert page.source_checksum

    Image = get_image_model()
    hashes = list(Image.objects.values_list("file_hash", flat=True))
    assert len(hashes) == len(set(hashes)) == 2
    # Files are named by content: one an earlier run left without its image is taken up.
    image_files = {Path(image.file.name).name for image in Image.objects.all()}
    assert image_files <= media_files() and media_files() - files_before <= image_files

    assert sorted(Author.objects.values_list("name", flat=True)) == [
        "Fixture Writer",
        "Quire Marketing Team",
    ]
    assert sorted(Category.objects.values_list("name", flat=True)) == [
        "Features",
        "Guides",
        "Productivity-tips",
    ]
    tags = list(Tag.objects.values_list("name", flat=True))
    assert len(tags) == len({tag.lower() for tag in tags})
    # One redirect per old address (the posts' Jekyll permalinks, and the legacy address
    # of the slug Wagtail refused), none twice.
    old_paths = list(Redirect.objects.values_list("old_path", flat=True))
    assert len(old_paths) == len(set(old_paths)) == len(SOURCE_KEYS) + 1
    roles = BlogPage.objects.get(slug="roles-permissions")
    (legacy,) = Redirect.objects.filter(old_path="/blog/p/Roles-&-Permissions.html")
    assert legacy.redirect_page_id == roles.pk
    assert [link.related_post.slug for link in roles.related_post_links.all()] == [
        "same-picture-twice",
        "hidden-draft",
    ]
    paragraph = "".join(b.value.source for b in roles.body if b.block_type == "paragraph")
    pictures = BlogPage.objects.get(slug="same-picture-twice")
    assert f'<a linktype="page" id="{pictures.pk}">' in paragraph


def test_an_uninterrupted_import_gives_the_expected_state(site, blog_index):
    files_before = media_files()
    run_import(site, blog_index)
    assert_imported_exactly_once(files_before)


@pytest.mark.parametrize("count", [1, 2, 4])
def test_interrupted_between_posts_then_run_again(site, blog_index, count):
    files_before = media_files()
    with pytest.raises(KeyboardInterrupt):
        run_import(site, blog_index, progress=interrupt_after(count))
    assert BlogPage.objects.count() == count

    report = run_import(site, blog_index)

    statuses = [post.status for post in report.posts]
    assert statuses == [Status.UNCHANGED] * count + [Status.CREATED] * (5 - count)
    assert_imported_exactly_once(files_before)


@pytest.mark.parametrize("nth", [1, 3, 4, 5])
def test_interrupted_inside_a_post_then_run_again(site, blog_index, nth):
    files_before = media_files()
    with pytest.raises(KeyboardInterrupt):
        run_import(site, blog_index, writer_class=lambda *a, **kw: BreaksInside(*a, nth=nth, **kw))
    # The interrupted post left nothing: not its page, nor its images, snippets or files.
    assert BlogPage.objects.count() == nth - 1
    assert not BlogPage.objects.filter(source_path=SOURCE_KEYS[nth - 1]).exists()
    if nth == 1:
        assert not get_image_model().objects.exists()
        assert not Author.objects.exists() and not Category.objects.exists()
        assert media_files() == files_before

    run_import(site, blog_index)

    assert_imported_exactly_once(files_before)


def test_a_removed_post_is_reported_missing_and_kept(site, blog_index):
    run_import(site, blog_index)
    (site / "_posts" / "2020-01-03-same-picture-twice.md").unlink()

    report = run_import(site, blog_index)

    (missing,) = [post for post in report.posts if post.status == Status.MISSING]
    assert missing.source == "_posts/2020-01-03-same-picture-twice.md"
    assert BlogPage.objects.get(slug="same-picture-twice").live
    assert "4 posts:" in report.summary() and "1 missing" in report.summary()


def test_importing_one_file_reports_no_other_post_missing(site, blog_index):
    run_import(site, blog_index)
    report = run_import(site / "_posts" / "2020-01-02-hidden-draft.md", blog_index)
    assert [post.status for post in report.posts] == [Status.UNCHANGED]
