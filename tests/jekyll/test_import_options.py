"""``import_jekyll``'s options, progress display and fidelity figure."""

import json
import shutil
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from wagtail.images import get_image_model

from blog.models import BlogPage
from jekyll.fidelity import similarity, visible_words
from jekyll.runner import run_import
from tests.jekyll.test_import import content_counts
from tests.jekyll.test_import_writer import write_post


class Terminal(StringIO):
    """Console output that says it is a terminal, as a user's shell would."""

    def isatty(self):
        return True


def import_command(*args, stdout=None) -> str:
    out = stdout or StringIO()
    call_command("import_jekyll", *map(str, args), stdout=out)
    return out.getvalue()


# --- options ---------------------------------------------------------------------------


def test_dry_run_command_leaves_the_database_as_it_was(fixture_site, blog_index):
    before = content_counts()
    output = import_command(fixture_site, "--dry-run")
    assert "Dry run, nothing saved: 4 posts: 4 created" in output
    assert content_counts() == before


def test_dry_run_after_an_import_reports_unchanged_and_writes_nothing(fixture_site, blog_index):
    import_command(fixture_site)
    before = content_counts()
    output = import_command(fixture_site, "--dry-run")
    assert "4 unchanged" in output
    assert content_counts() == before


def test_draft_command_publishes_nothing(fixture_site, blog_index):
    import_command(fixture_site, "--draft")
    assert BlogPage.objects.count() == 4
    assert not BlogPage.objects.live().exists()


def test_force_command_updates_unchanged_posts(fixture_site, blog_index):
    import_command(fixture_site)
    output = import_command(fixture_site, "--force")
    assert "4 updated" in output


def test_report_file_holds_each_post_and_the_fidelity_figures(fixture_site, blog_index, tmp_path):
    report_file = tmp_path / "report.json"
    import_command(fixture_site, "--report", report_file)
    data = json.loads(report_file.read_text())
    assert set(data["fidelity"]) == {"min", "mean"}
    assert all(0.95 <= post["fidelity"] <= 1 for post in data["posts"])


def test_images_root_finds_images_kept_outside_the_site(fixture_site, blog_index, tmp_path):
    images = shutil.move(fixture_site / "images", tmp_path / "elsewhere")
    import_command(fixture_site, "--images-root", images)
    page = BlogPage.objects.get(slug="markdown-features")
    assert page.hero_image is not None
    assert get_image_model().objects.count() == 2


def test_image_base_url_keeps_missing_images_as_external_urls(fixture_site, blog_index):
    shutil.rmtree(fixture_site / "images")
    import_command(fixture_site, "--image-base-url", "https://old.example.com")
    page = BlogPage.objects.get(slug="same-picture-twice")
    urls = [block.value["external_url"] for block in page.body if block.block_type == "image"]
    assert urls == [
        "https://old.example.com/images/fixture/pixel.png",
        "https://old.example.com/images/fixture/pixel-copy.png",
        "https://old.example.com/images/fixture/pixel.png",
    ]
    assert not get_image_model().objects.exists()


# --- progress --------------------------------------------------------------------------


def test_without_a_terminal_each_post_gets_plain_lines(fixture_site, blog_index):
    output = import_command(fixture_site)
    assert "\r" not in output
    assert "created   _posts/2020-01-03-same-picture-twice.md" in output
    assert "warning:" in output


def test_verbosity_zero_prints_the_summary_only(fixture_site, blog_index):
    output = import_command(fixture_site, "--verbosity", "0")
    assert "created   _posts" not in output and "warning:" not in output
    assert "4 posts: 4 created" in output


def test_on_a_terminal_a_progress_bar_shows_count_rate_and_eta(fixture_site, blog_index):
    output = import_command(fixture_site, stdout=Terminal())
    assert "\r[" in output
    last_bar = output.rsplit("\r", 1)[1].splitlines()[0]
    assert "4/4 posts" in last_bar and "/s" in last_bar and "ETA 0:00" in last_bar
    # Posts that need no attention are not listed one by one on a terminal.
    assert "created   _posts" not in output
    assert "4 posts: 4 created" in output


# --- fidelity --------------------------------------------------------------------------


def test_visible_words_ignore_markup_inside_words_and_invisible_elements():
    html = (
        '<pre><span class="k">print</span><span>(</span>"hi")</pre><p>One<br>two</p>'
        "<script>hidden()</script><style>p {}</style>"
    )
    assert visible_words(html) == ['print("hi")', "One", "two"]


def test_similarity_counts_lost_and_extra_words():
    words = "one two three four".split()
    assert similarity(words, words) == 1
    assert similarity(words, words[:2]) == pytest.approx(2 * 2 / 6)
    assert similarity([], []) == 1


def test_every_fixture_post_keeps_its_visible_text(fixture_site, blog_index):
    report = run_import(fixture_site, blog_index)
    figures = {post.source: post.fidelity for post in report.posts}
    # The short features post loses a little: its image-only guests banner shows the
    # image's alt text as the call to action's heading and button, words the old blog
    # only had in the picture.
    assert all(figure >= 0.95 for figure in figures.values()), figures
    assert report.fidelity()["mean"] >= 0.98


def test_fidelity_drops_when_a_post_loses_text(tmp_path, blog_index):
    site = tmp_path / "site"
    (site / "_posts").mkdir(parents=True)
    # Local videos are not imported: the player's words are lost, and the figure says so.
    write_post(
        site,
        "2020-01-01-video.md",
        "---\ntitle: Video\n---\nKept words here.\n\n"
        '<video src="/media/clip.mp4">Watch the lost clip here</video>\n',
    )
    (post,) = run_import(site, blog_index).posts
    assert post.fidelity < 0.9


def test_import_command_prints_min_and_mean_fidelity(fixture_site, blog_index):
    output = import_command(fixture_site)
    assert "Fidelity against " in output and ": min " in output and ", mean " in output


def test_without_jekyll_the_figure_says_it_compared_with_folios_own_reading(
    fixture_site, blog_index
):
    output = import_command(fixture_site, "--reference", "folio")
    assert (
        "Fidelity against Folio's own reading of the Markdown (the real Jekyll was not used)"
        in output
    )


# --- the real Jekyll ---------------------------------------------------------------------


@pytest.fixture
def no_ruby(monkeypatch):
    """A server without Ruby (so without Jekyll): nothing named ruby on the PATH."""
    from jekyll.oracle import jekyll_version

    monkeypatch.setenv("PATH", "/nonexistent")
    jekyll_version.cache_clear()
    yield
    jekyll_version.cache_clear()


def test_rendering_with_jekyll_where_it_is_missing_says_how_to_install_it(
    fixture_site, blog_index, no_ruby
):
    with pytest.raises(CommandError, match="Jekyll is not installed on this server. Install it"):
        import_command(fixture_site, "--renderer", "jekyll")
    assert not BlogPage.objects.exists()


def test_without_jekyll_the_import_measures_against_folios_own_reading(
    fixture_site, blog_index, no_ruby
):
    output = import_command(fixture_site)
    assert "Fidelity against Folio's own reading of the Markdown" in output
