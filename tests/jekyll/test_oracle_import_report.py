"""The fidelity figure says what it measured against: the real Jekyll's rendering when it
is installed (safe mode for uploads: no plugin of the site runs), else Folio's own reading.
"""

import io
from pathlib import Path

import pytest
from django.core.management import call_command

from blog.models import BlogPage
from jekyll.measuring import measure_pages, prepare_reference
from jekyll.models import JekyllImport
from jekyll.reading.source import find_site
from jekyll.runner import run_import
from tests.jekyll.admin_import_helpers import (  # noqa: F401 - fixtures are used by name
    editor_client_fixture,
    private_import_root_fixture,
    process_queued_imports,
    upload,
    zip_bytes,
)
from tests.jekyll.oracle_helpers import needs_jekyll, oracle_site_fixture  # noqa: F401

pytestmark = needs_jekyll

REDCARPET = 'baseurl: ""\nmarkdown: redcarpet\nredcarpet:\n  extensions: ["autolink", "tables"]\n'
SPACED_LINK = "---\ntitle: Spaced\n---\nRead [the guide] (https://example.com/guide) now.\n"
# Plugins of the site: one leaves a file beside itself, one stops Jekyll, if it runs.
MARKING_PLUGIN = 'File.write(File.join(__dir__, "ran"), "x")\n'
FAILING_PLUGIN = 'raise "a plugin of the site ran"\n'


def site_with(folder: Path, posts: dict, config: str = REDCARPET) -> Path:
    (folder / "_posts").mkdir(parents=True)
    (folder / "_config.yml").write_text(config, encoding="utf-8")
    for name, text in posts.items():
        (folder / "_posts" / name).write_text(text, encoding="utf-8")
    return folder


def import_command(*args) -> str:
    out = io.StringIO()
    call_command("import_jekyll", *map(str, args), stdout=out)
    return out.getvalue()


def test_the_report_names_jekyll_as_what_the_figure_measures(tmp_path, blog_index):
    site = site_with(tmp_path / "site", {"2021-01-01-spaced.md": SPACED_LINK})
    output = import_command(site, "--reference", "jekyll")
    assert "Fidelity against Jekyll 4." in output
    assert "'s own rendering of each post: min 1.000" in output


def test_the_worst_posts_are_named_with_what_differs(tmp_path, blog_index):
    linked = "---\ntitle: Linked\n---\nSee <https://example.com/a> and the rest of the words.\n"
    site = site_with(
        tmp_path / "site",
        {"2021-01-01-spaced.md": SPACED_LINK, "2021-01-02-linked.md": linked},
    )
    report = run_import(site, blog_index, reference="jekyll")
    assert report.worst_posts() == []
    # An editor's change makes the page differ from what Jekyll rendered.
    page = BlogPage.objects.get(pk=report.posts[1].page_id)
    page.body = [{"type": "paragraph", "value": "<p>See the rest of the words.</p>"}]
    page.save_revision().publish()

    jekyll_site = find_site(site)
    measure_pages(report, prepare_reference(jekyll_site, reference="jekyll"), jekyll_site, "")

    (worst,) = report.worst_posts()
    assert worst.source == "_posts/2021-01-02-linked.md"
    assert "1 link(s) lost: 'https://example.com/a' (https://example.com/a)" in worst.differences
    assert "\n  _posts/2021-01-02-linked.md (0.857): text differs" in report.summary()


def test_the_admin_import_measures_against_jekyll_in_safe_mode(blog_index, editor_client):
    content = zip_bytes(
        {
            "_config.yml": REDCARPET,
            "_posts/2021-01-01-spaced.md": SPACED_LINK,
            "_plugins/stop.rb": FAILING_PLUGIN,
        }
    )
    upload(editor_client, blog_index, content)
    process_queued_imports()
    job = JekyllImport.objects.get()

    assert job.state == JekyllImport.State.AWAITING_CONFIRMATION, job.error
    html = editor_client.get(f"/admin/jekyll-import/{job.pk}/").content.decode()
    # Built (the plugin did not stop it) and measured against it.
    assert "Compared with Jekyll 4." in html and "(safe mode)" in html


def test_without_jekyll_the_admin_report_says_it_compared_with_folios_reading(
    blog_index, editor_client, settings
):
    settings.FOLIO_IMPORT_REFERENCE = "folio"
    upload(editor_client, blog_index, zip_bytes({"_posts/2021-01-01-spaced.md": SPACED_LINK}))
    process_queued_imports()
    job = JekyllImport.objects.get()
    html = editor_client.get(f"/admin/jekyll-import/{job.pk}/").content.decode()
    assert "Compared with Folio&#x27;s own reading of the Markdown" in html


@pytest.mark.parametrize("renderer", ["python", "jekyll"])
def test_a_site_plugin_runs_only_outside_safe_mode(tmp_path, blog_index, renderer):
    site = site_with(tmp_path / "site", {"2021-01-01-spaced.md": SPACED_LINK})
    (site / "_plugins").mkdir()
    (site / "_plugins" / "marker.rb").write_text(MARKING_PLUGIN, encoding="utf-8")

    run_import(site, blog_index, renderer=renderer, reference="jekyll", safe=True)
    assert not (site / "_plugins" / "ran").exists()
    run_import(site, blog_index, renderer=renderer, reference="jekyll", force=True)
    assert (site / "_plugins" / "ran").exists()


def test_links_to_old_post_addresses_are_followed_to_their_pages(oracle_site, blog_index):
    site, _ = oracle_site("kramdown")
    report = run_import(site, blog_index, reference="jekyll")
    (link_lists,) = [post for post in report.posts if post.source.endswith("link-lists.md")]
    assert link_lists.differences == []
    assert link_lists.fidelity == 1.0


def test_a_jekyll_build_past_its_time_is_left_and_each_post_still_imported(
    tmp_path, blog_index, settings
):
    settings.FOLIO_JEKYLL_TIMEOUT_SECONDS = 3
    endless = "---\ntitle: Endless\n---\n{% for i in (1..900000000) %}{% endfor %}Done.\n"
    site = site_with(
        tmp_path / "site", {"2021-01-01-spaced.md": SPACED_LINK, "2021-01-02-e.md": endless}
    )

    report = run_import(site, blog_index, reference="auto")

    assert any("Jekyll took more than 3 seconds" in warning for warning in report.warnings)
    statuses = {post.source: post.status for post in report.posts}
    assert statuses["_posts/2021-01-01-spaced.md"] == "created"
    assert statuses["_posts/2021-01-02-e.md"] == "failed"  # its loops pass Folio's bound
