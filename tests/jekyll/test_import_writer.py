"""Writing imported posts: idempotence, failures, drafts, admin edits, images, commands."""

import json
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from taggit.models import Tag
from wagtail.contrib.redirects.models import Redirect
from wagtail.images import get_image_model

from blog.models import BlogIndexPage, BlogPage
from blog.snippets import Author, Category
from jekyll.runner import run_import
from tests.jekyll.test_import import FIXTURES, content_counts

# Posts that must fail, kept out of the fixture site's _posts (Jekyll skips "_" folders).
INVALID_FIXTURES = FIXTURES / "_invalid_posts"


def copy_site(destination: Path, *extra_posts: Path) -> Path:
    """The fixture site, with ``extra_posts`` added to its ``_posts``."""
    shutil.copytree(FIXTURES, destination)
    for post in extra_posts:
        shutil.copy(post, destination / "_posts" / post.name)
    return destination


def statuses(report) -> dict[str, str]:
    return {Path(post.source).name: str(post.status) for post in report.posts}


def write_post(site: Path, name: str, text: str) -> Path:
    path = site / "_posts" / name
    path.write_text(text, encoding="utf-8")
    return path


def test_fixture_site_posts_are_created(fixture_report):
    assert set(statuses(fixture_report).values()) == {"created"}
    assert BlogPage.objects.count() == 4


def test_hidden_post_is_published_unlisted(fixture_report):
    page = BlogPage.objects.get(slug="hidden-draft")
    assert page.live and page.unlisted
    assert page.categories == []


def test_posts_are_published_and_listed_unless_hidden(fixture_report):
    assert set(BlogPage.objects.live().listed().values_list("slug", flat=True)) == {
        "markdown-features",
        "same-picture-twice",
        "overtime-working-culture",
    }


def test_categories_are_created_once_and_shared(fixture_report):
    assert sorted(Category.objects.values_list("name", flat=True)) == [
        "Features",
        "Guides",
        "Productivity-tips",
    ]
    features = BlogPage.objects.get(slug="markdown-features")
    assert [category.name for category in features.categories] == ["Guides", "Features"]


def test_tags_from_a_list_are_deduplicated_ignoring_case(fixture_report):
    page = BlogPage.objects.get(slug="markdown-features")
    assert sorted(page.tags.values_list("name", flat=True)) == ["code", "markdown", "tables"]


def test_excerpt_and_unknown_front_matter_are_kept(fixture_report):
    page = BlogPage.objects.get(slug="markdown-features")
    assert page.search_description == "A tour of Markdown."
    assert page.source_front_matter["series"] == "importer tests"


def test_hero_and_body_images_are_stored_once_per_content(fixture_report):
    Image = get_image_model()
    # pixel.png (hero, body, call to action, twice in another post, and as a
    # byte-identical copy) and the author's picture.
    assert Image.objects.count() == 2
    features = BlogPage.objects.get(slug="markdown-features")
    twice = BlogPage.objects.get(slug="same-picture-twice")
    images = [block.value for block in twice.body if block.block_type == "image"]
    assert {value["image"].pk for value in images} == {features.hero_image.pk}
    assert [value["alt"] for value in images] == ["First copy", "Second copy", "pixel"]


@pytest.fixture
def features_page(fixture_report):
    return BlogPage.objects.get(slug="markdown-features")


def blocks(page, block_type):
    return [block.value for block in page.body if block.block_type == block_type]


def paragraphs_html(page) -> str:
    return "".join(value.source for value in blocks(page, "paragraph"))


def test_markdown_table_becomes_a_table_block(features_page):
    (table,) = blocks(features_page, "table")
    assert table["data"] == [["Plan", "Price"], ["Free", "0"], ["Pro", "10"]]
    assert table["first_row_is_table_header"] is True


def test_fenced_and_highlight_code_become_code_blocks_with_language(features_page):
    codes = [(value["language"], value["code"]) for value in blocks(features_page, "code")]
    assert codes == [("python", 'print("hello")'), ("javascript", "const answer = 42;")]


def test_raw_liquid_is_kept_literally(features_page):
    assert "Liquid stays literal: {{ page.title }} and {% if x %}." in paragraphs_html(
        features_page
    )


def test_blockquote_becomes_a_quote_block(features_page):
    (quote,) = blocks(features_page, "quote")
    assert (quote["text"], quote["attribution"]) == ("Integration beats balance.", "Quire")


def test_lists_and_inline_styles_stay_in_paragraph_blocks(features_page):
    html = paragraphs_html(features_page)
    assert "<ol><li>First step</li><li>Second step</li></ol>" in html
    assert "<ul><li>Apple</li><li>Banana</li></ul>" in html
    assert "<s>old text</s>" in html and "<b>bold</b>" in html and "<i>italic</i>" in html
    assert '<a href="https://example.com/docs">documentation link</a>' in html
    assert "The footnote text." in html


def test_image_with_alt_becomes_a_library_image_block(features_page):
    (image,) = blocks(features_page, "image")
    assert image["image"] == features_page.hero_image
    assert image["alt"] == "A tiny red square"


def test_guest_only_banner_keeps_its_link_exactly_and_its_image(features_page):
    (cta,) = blocks(features_page, "call_to_action")
    assert cta["url"] == "https://example.com/signup?ref=blog&utm_source=folio"
    assert cta["audience"] == "guests"
    assert cta["image"] == features_page.hero_image


def test_scripts_and_event_handlers_do_not_survive_the_import(features_page, fixture_report):
    stored = json.dumps(list(features_page.body.raw_data))
    for dangerous in ("alert(", "onclick", "steal()", "onload", "evil()", "<script"):
        assert dangerous not in stored
    (embed,) = blocks(features_page, "embed")
    assert embed["embed"].url == "https://www.youtube.com/watch?v=abc123"
    report = next(post for post in fixture_report.posts if "markdown-features" in post.source)
    removed = next(warning for warning in report.warnings if warning.startswith("Removed"))
    assert "<script>" in removed and "onclick=" in removed and "onload=" in removed


def test_a_failing_post_is_reported_while_the_others_import(tmp_path, blog_index):
    site = copy_site(tmp_path / "site", INVALID_FIXTURES / "2021-03-01-invalid-front-matter.md")
    report = run_import(site, blog_index)
    assert statuses(report)["2021-03-01-invalid-front-matter.md"] == "failed"
    (failure,) = report.failed
    assert "2021-03-01-invalid-front-matter.md" in failure.error
    assert "not valid YAML" in failure.error and "line" in failure.error
    assert BlogPage.objects.count() == 4


def test_a_post_failing_mid_write_leaves_nothing_behind(tmp_path, blog_index):
    site = copy_site(tmp_path / "site", INVALID_FIXTURES / "2021-02-01-markdown-features.md")
    shutil.copy(INVALID_FIXTURES / "only-in-failing-post.png", site / "images")

    report = run_import(site, blog_index)

    (failure,) = report.failed
    assert failure.source == "_posts/2021-02-01-markdown-features.md"
    assert "2021-02-01-markdown-features.md" in failure.error and "slug" in failure.error
    assert BlogPage.objects.count() == 4
    assert not Author.objects.filter(name="Only In Failing Post").exists()
    assert not Category.objects.filter(name="Only-In-Failing-Post").exists()
    assert not Tag.objects.filter(name="only-in-failing-post").exists()
    assert get_image_model().objects.count() == 2
    stored = Path(settings.MEDIA_ROOT, "original_images")
    names = [path.name for path in stored.iterdir()] if stored.is_dir() else []
    assert not any(name.startswith("only-in-failing-post") for name in names)


def test_page_edited_in_the_admin_is_left_alone_without_force(
    fixture_site, fixture_report, blog_index, admin_user
):
    page = BlogPage.objects.get(slug="same-picture-twice")
    edited = page.get_latest_revision_as_object()
    edited.title = "Retitled by an editor"
    edited.save_revision(user=admin_user).publish(user=admin_user)
    post = fixture_site / "_posts" / "2020-01-03-same-picture-twice.md"
    post.write_text(post.read_text() + "\nA new last line.\n", encoding="utf-8")

    report = run_import(fixture_site, blog_index)

    assert statuses(report)["2020-01-03-same-picture-twice.md"] == "skipped"
    assert BlogPage.objects.get(pk=page.pk).title == "Retitled by an editor"
    forced = run_import(fixture_site, blog_index, force=True)
    assert statuses(forced)["2020-01-03-same-picture-twice.md"] == "updated"
    assert BlogPage.objects.get(pk=page.pk).title == "Same picture twice"


def test_draft_option_publishes_nothing(fixture_site, blog_index):
    run_import(fixture_site, blog_index, draft=True)
    assert BlogPage.objects.count() == 4
    assert not BlogPage.objects.live().exists()


def test_dry_run_saves_nothing(fixture_site, blog_index):
    before = content_counts()
    report = run_import(fixture_site, blog_index, dry_run=True)
    assert set(statuses(report).values()) == {"created"}
    assert content_counts() == before


def test_a_post_becoming_unpublished_is_unpublished(fixture_site, fixture_report, blog_index):
    post = fixture_site / "_posts" / "2020-01-03-same-picture-twice.md"
    post.write_text(post.read_text().replace("tags: pictures", "tags: pictures\npublished: false"))
    report = run_import(fixture_site, blog_index)
    assert statuses(report)["2020-01-03-same-picture-twice.md"] == "updated"
    assert not BlogPage.objects.get(slug="same-picture-twice").live


def test_a_slug_wagtail_refuses_is_cleaned_and_the_old_address_redirects(
    tmp_path, blog_index, client
):
    site = tmp_path / "site"
    (site / "_posts").mkdir(parents=True)
    write_post(
        site, "2015-08-27-Roles-&-Permissions-in-Quire.markdown", "---\ntitle: Roles\n---\nHi.\n"
    )
    run_import(site, blog_index)

    page = BlogPage.objects.get(title="Roles")
    assert page.slug == "roles-permissions-in-quire"
    assert Redirect.objects.filter(
        redirect_page=page, old_path="/blog/p/Roles-&-Permissions-in-Quire.html"
    ).exists()
    response = client.get("/blog/p/Roles-&-Permissions-in-Quire.html")
    assert response.status_code == 301
    assert response["Location"].endswith("/blog/roles-permissions-in-quire/")


def test_related_titles_differing_in_case_or_quotes_are_reported_not_linked(tmp_path, blog_index):
    site = tmp_path / "site"
    (site / "_posts").mkdir(parents=True)
    write_post(
        site,
        "2015-04-10-sync.md",
        '---\ntitle: Sync\nrelatedPosts: ["hello github, We\'re Quire", "Not there"]\n---\nA.\n',
    )
    write_post(site, "2015-06-29-github.md", "---\ntitle: Hello GitHub, We’re Quire\n---\nB.\n")

    report = run_import(site, blog_index)

    sync = BlogPage.objects.get(slug="sync")
    assert list(sync.related_post_links.all()) == []
    assert sync.unresolved_related_titles == ["hello github, We're Quire", "Not there"]
    assert report.related_links_added == 0
    (post,) = [post for post in report.posts if post.title == "Sync"]
    assert any("Hello GitHub, We’re Quire" in warning for warning in post.warnings)


# --- management commands --------------------------------------------------------------


def test_import_command_prints_each_post_and_a_summary(fixture_site, blog_index, tmp_path):
    out = StringIO()
    report_file = tmp_path / "report.json"
    call_command("import_jekyll", str(fixture_site), "--report", str(report_file), stdout=out)
    output = out.getvalue()
    assert "created   _posts/2020-01-01-markdown-features.md" in output
    assert "4 posts: 4 created, 0 updated, 0 unchanged, 0 skipped, 0 failed" in output
    data = json.loads(report_file.read_text())
    assert data["summary"]["created"] == 4
    assert {post["status"] for post in data["posts"]} == {"created"}


def test_import_command_fails_when_a_post_fails(fixture_site, blog_index, tmp_path):
    shutil.copy(INVALID_FIXTURES / "2021-03-01-invalid-front-matter.md", fixture_site / "_posts")
    report_file = tmp_path / "report.json"
    out = StringIO()
    with pytest.raises(CommandError, match="1 post"):
        call_command("import_jekyll", str(fixture_site), "--report", str(report_file), stdout=out)
    assert "failed    _posts/2021-03-01-invalid-front-matter.md" in out.getvalue()
    assert json.loads(report_file.read_text())["summary"]["failed"] == 1
    assert BlogPage.objects.count() == 4


def test_import_command_dry_run(fixture_site, blog_index):
    out = StringIO()
    call_command("import_jekyll", str(fixture_site), "--dry-run", stdout=out)
    assert "Dry run" in out.getvalue()
    assert BlogPage.objects.count() == 0


def test_import_command_needs_a_blog_index(fixture_site, home_page):
    with pytest.raises(CommandError, match="setup_site"):
        call_command("import_jekyll", str(fixture_site), stdout=StringIO())


def test_import_command_index_path(fixture_site, blog_index):
    with pytest.raises(CommandError, match="/news/"):
        call_command(
            "import_jekyll", str(fixture_site), "--index-path", "/news/", stdout=StringIO()
        )
    call_command("import_jekyll", str(fixture_site), "--index-path", "/blog/", stdout=StringIO())
    assert BlogPage.objects.child_of(blog_index).count() == 4


def test_import_command_reports_a_missing_path(blog_index, tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        call_command("import_jekyll", str(tmp_path / "nowhere"), stdout=StringIO())


def test_load_demo_twice_changes_nothing(db):
    call_command("load_demo", stdout=StringIO())
    before = content_counts()
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert content_counts() == before
    assert "1 unchanged" in out.getvalue()
    post = BlogPage.objects.get(slug="work-life-integration")
    assert post.live
    assert BlogIndexPage.objects.count() == 1
    assert post.authors[0].avatar is not None
