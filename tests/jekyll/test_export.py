"""``export_jekyll``: the blog back as a Jekyll site, and the round trip through it."""

import shutil
from io import StringIO
from pathlib import Path

import frontmatter
import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.core.management.base import CommandError
from taggit.models import Tag
from wagtail.contrib.redirects.models import Redirect
from wagtail.images import get_image_model

from blog.models import BlogPage
from blog.snippets import Author, CallToAction, Category
from jekyll.export.markdown import MARKDOWN_SETTINGS, MarkdownWriter
from jekyll.fidelity import rendered_body, visible_words
from jekyll.mapping.block_values import quote_value
from jekyll.rendering.liquid import expand_liquid
from jekyll.rendering.markdown import engine_for
from jekyll.runner import run_import
from tests.jekyll.test_import import FIXTURES
from tests.jekyll.test_import_writer import write_post

FRONT_MATTER_KEYS = {
    "title", "date", "categories", "tags", "author", "authorImg", "authorDesc", "authorLink",
    "index-intro", "excerpt", "image", "imgDir",
}  # fmt: skip


@pytest.fixture
def source_site(tmp_path):
    site = shutil.copytree(FIXTURES, tmp_path / "source")
    write_post(
        site,
        "2020-01-04-Roles-&-Permissions.md",
        "---\ntitle: Roles & “Permissions”\ncategories: Guides\ntags: roles\n"
        'category-intro: "Who may do what."\n'
        'relatedPosts: ["Same picture twice", "A post never written"]\n---\n'
        "See [the pictures](/blog/p/same-picture-twice.html) and *a_b* 1 < 2.\n\n"
        "1. One\n   - nested **bold**\n2. Two\n\n"
        "### Small heading\n\n"
        '<p class="notice">Read <a href="https://example.com/x">this</a> first.</p>\n\n'
        '<div class="guest-only">{% markdown %}\n### Join us\n\n'
        "[Sign up](https://example.com/join?a=1&b=2)\n\nIt is *free*.\n{% endmarkdown %}</div>\n",
    )
    return site


def snapshot() -> dict:
    """What readers and editors see of each post, independent of database ids."""
    posts = {}
    for page in BlogPage.objects.all():
        latest = page.get_latest_revision_as_object()
        posts[page.title] = {
            "date": page.date,
            "live": page.live,
            "slug": page.slug,
            "authors": [(a.name, a.description, a.link, bool(a.avatar)) for a in page.authors],
            "categories": sorted(c.name for c in page.categories),
            "tags": sorted(tag.name.lower() for tag in latest.tags.all()),
            "related": [link.related_post.title for link in latest.related_post_links.all()],
            "unresolved": latest.unresolved_related_titles,
            "intros": (latest.index_intro, latest.category_intro, latest.search_description),
            "hero": bool(latest.hero_image),
            "hero above the post": latest.show_hero,
            "unlisted": latest.unlisted,
            "audiences": [
                block.value["audience"]
                for block in latest.body
                if block.block_type == "call_to_action"
            ],
            # Raw HTML comes back as whatever the importer makes of it (loose text
            # becomes a paragraph); its words are compared with the rest of the text.
            "blocks": [block.block_type for block in latest.body if block.block_type != "raw_html"],
            "text": visible_words(rendered_body(latest)),
        }
    return posts


def empty_the_database():
    for page in BlogPage.objects.all():
        page.delete()
    for model in (Author, Category, CallToAction, Tag, Redirect, get_image_model()):
        model.objects.all().delete()


def export(out: Path) -> str:
    output = StringIO()
    call_command("export_jekyll", str(out), stdout=output)
    return output.getvalue()


def test_export_writes_every_post_with_the_source_front_matter_keys(
    source_site, blog_index, tmp_path
):
    run_import(source_site, blog_index)
    output = export(tmp_path / "out")

    posts = sorted((tmp_path / "out" / "_posts").iterdir())
    assert [post.name for post in posts] == [
        "2020-01-01-markdown-features.md",
        "2020-01-02-hidden-draft.md",
        "2020-01-03-same-picture-twice.md",
        "2020-01-04-Roles-&-Permissions.md",
        "2021-08-03-overtime-working-culture.md",
    ]
    features = frontmatter.load(posts[0])
    assert FRONT_MATTER_KEYS <= set(features.metadata)
    assert features["categories"] == ["Guides", "Features"]
    assert frontmatter.load(posts[1])["hidden"] is True
    roles = frontmatter.load(posts[3])
    assert roles["relatedPosts"] == ["Same picture twice", "A post never written"]
    assert "5 posts and 2 images exported" in output
    assert sorted(path.name for path in (tmp_path / "out" / "images").iterdir()) == sorted(
        Path(image.file.name).name for image in get_image_model().objects.all()
    )


def test_export_writes_markdown_for_each_block_type(source_site, blog_index, tmp_path):
    run_import(source_site, blog_index)
    export(tmp_path / "out")
    posts = tmp_path / "out" / "_posts"
    features = (posts / "2020-01-01-markdown-features.md").read_text()
    roles = (posts / "2020-01-04-Roles-&-Permissions.md").read_text()

    assert "## A table\n\n| Plan | Price |\n|---|---|\n| Free | 0 |" in features
    assert '```python\nprint("hello")\n```' in features
    assert "~~old text~~" in features and "**bold**" in features and "*italic*" in features
    assert "[documentation link](https://example.com/docs)" in features
    assert "\n> Integration beats balance.\n>\n> — Quire" in features
    assert "![A tiny red square](/images/" in features
    assert '<div class="guest-only">{% markdown %}\n[![' in features
    assert '<iframe src="https://www.youtube.com/embed/abc123"' in features

    assert "[the pictures](/blog/p/same-picture-twice.html)" in roles
    assert r"\*a\_b\*" not in roles and r"*a\_b*" in roles and r"1 \< 2" in roles
    assert "1. One\n    - nested **bold**\n2. Two" in roles
    assert "### Small heading" in roles
    assert '<p class="notice">Read <a href="https://example.com/x">this</a> first.</p>' in roles
    assert "### Join us\n\n[Sign up](https://example.com/join?a=1&b=2)\n\nIt is *free*." in roles


def test_export_refuses_a_folder_with_posts_in_it(source_site, blog_index, tmp_path):
    run_import(source_site, blog_index)
    export(tmp_path / "out")
    with pytest.raises(CommandError, match="not empty"):
        export(tmp_path / "out")


def round_trip(blog_index, out_dir):
    """Export what is in the CMS, empty it, import the export: ``(before, report, after)``."""
    before = snapshot()
    export(out_dir)
    empty_the_database()
    report = run_import(out_dir, blog_index)
    return before, report, snapshot()


def test_round_trip_through_an_export_gives_the_same_posts(source_site, blog_index, tmp_path):
    run_import(source_site, blog_index)
    before, report, after = round_trip(blog_index, tmp_path / "out")

    assert report.failed == []
    assert sorted(after) == sorted(before)
    for title, post in before.items():
        assert after[title] == post, title


def test_a_quote_without_attribution_keeps_a_last_line_starting_with_a_dash():
    writer = MarkdownWriter(image_url=str, page_url=str)
    value = {"text": "No one has time.\n\n-- Alexandre", "attribution": ""}
    html = engine_for(MARKDOWN_SETTINGS).render(writer.block_quote(value))
    assert quote_value(BeautifulSoup(html, "html.parser").blockquote) == value


def test_liquid_markup_in_text_and_code_is_exported_as_raw():
    writer = MarkdownWriter(image_url=str, page_url=str)
    markdown = writer.body([]) + writer.block_code({"language": "", "code": "{{ x }} {% y %}"})
    expanded = expand_liquid(markdown, site_vars={}, page_vars={})
    assert "{{ x }} {% y %}" in expanded.text and not expanded.warnings
