"""The real Quire blog (60 posts from the shared corpus) imports without a failure.

The corpus lives beside the repository, not in it; without it these tests are skipped.
It holds the posts only: they are imported with the blog's own ``_config.yml``
(``sites/quire/``: Redcarpet and its extensions), as the blog was built.
"""

import json
import shutil
from pathlib import Path

import pytest

from blog.models import BlogPage, BlogPageRelatedPost
from jekyll.report import Status
from jekyll.runner import run_import
from tests.jekyll.test_import import editor_keeps, rich_text_fields

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "quire"
QUIRE_CONFIG = Path(__file__).resolve().parent / "sites" / "quire" / "_config.yml"

pytestmark = pytest.mark.skipif(
    not (CORPUS / "_posts").is_dir(),
    reason=f"The shared Quire corpus is not beside the repository ({CORPUS} is missing).",
)


def quire_site(folder: Path) -> Path:
    """The corpus's posts with the Quire blog's ``_config.yml``, in ``folder``."""
    shutil.copytree(CORPUS / "_posts", folder / "_posts")
    shutil.copy(QUIRE_CONFIG, folder / "_config.yml")
    return folder


@pytest.fixture
def corpus_site(tmp_path):
    return quire_site(tmp_path / "quire")


@pytest.fixture
def corpus_report(corpus_site, blog_index):
    return run_import(corpus_site, blog_index)


@pytest.fixture
def corpus_index():
    return json.loads((CORPUS / "index.json").read_text(encoding="utf-8"))


def test_every_corpus_post_imports_without_failure(corpus_report, corpus_index):
    assert [(post.source, post.error) for post in corpus_report.failed] == []
    assert len(corpus_report.posts) == len(corpus_index) == 60
    assert BlogPage.objects.live().count() == 60


def test_corpus_related_posts_resolve_by_title(corpus_report, corpus_index):
    resolved_in_set = sum(len(entry["related_resolved"]) for entry in corpus_index)
    # Matched exactly, as the blog's layout matched them ("related_resolved").
    assert BlogPageRelatedPost.objects.count() == resolved_in_set


def test_corpus_guest_only_banners_become_calls_to_action(corpus_report):
    with_banner = [
        page.source_path
        for page in BlogPage.objects.all()
        if any(block.block_type == "call_to_action" for block in page.body)
    ]
    assert len(with_banner) == 13


def test_corpus_rich_text_survives_the_wagtail_editor(corpus_report):
    damaged = [
        (page.source_path, html)
        for page in BlogPage.objects.all()
        for html, features in rich_text_fields(page)
        if not editor_keeps(html, features)
    ]
    assert damaged == []


def test_importing_the_corpus_again_changes_nothing(corpus_report, corpus_site, blog_index):
    again = run_import(corpus_site, blog_index)
    assert {post.status for post in again.posts} == {Status.UNCHANGED}
    assert again.related_links_added == 0


def test_corpus_fidelity_meets_the_goal(corpus_report):
    """Readers of the new blog see the words readers of the old one saw, in order."""
    figures = {post.source: post.fidelity for post in corpus_report.posts}
    fidelity = corpus_report.fidelity()
    low = {source: figure for source, figure in figures.items() if figure < 0.97}
    assert low == {}
    assert fidelity["mean"] >= 0.99


def test_corpus_round_trip_through_an_export(corpus_report, blog_index, tmp_path):
    from tests.jekyll.test_export import round_trip

    before, report, after = round_trip(blog_index, tmp_path / "out")

    assert report.failed == []
    assert sorted(after) == sorted(before)
    differing = {
        title: [key for key in post if after[title][key] != post[key]]
        for title, post in before.items()
        if after[title] != post
    }
    assert differing == {}
