"""Fixture sites, one per Markdown engine, read on Folio as the real Jekyll renders them.

Every post of ``sites/`` holds one construct real blogs use (a link with a space before
its URL, Markdown right under an HTML line, ``##Heading``, bullets nested by one space,
links in headings, pictures inside text, quotes, ``linenos``, tables, footnotes,
definition lists, attribute lists, ``{% link %}``, ``{% post_url %}``, ``relative_url``,
link lists built by loops, includes…). Each site is built by Jekyll; each post imported
and read as a guest reads it must show what Jekyll's page showed.
"""

import pytest

from jekyll.runner import run_import
from tests.jekyll.oracle_helpers import (  # noqa: F401 - the fixture is used by name
    ENGINES,
    described,
    differences_from_jekyll,
    needs_jekyll,
    oracle_site_fixture,
    unexplained,
)

pytestmark = needs_jekyll

# What Folio does not yet show as Jekyll does: for each post, what its differences are
# about, and why. The test fails when a post differs otherwise, or reads as Jekyll's
# (then it comes off this list).
KNOWN_GAPS = {}


@pytest.mark.parametrize("engine", ENGINES)
def test_every_post_reads_as_jekyll_renders_it(engine, oracle_site, blog_index, client):
    site, build = oracle_site(engine)

    report = run_import(site, blog_index)

    assert report.failed == []
    differences = differences_from_jekyll(client, report, build)
    left = unexplained(differences, KNOWN_GAPS)
    assert not left, described(left)


@pytest.mark.parametrize("engine", ENGINES)
def test_posts_rendered_by_jekyll_itself_read_as_jekyll_renders_them(
    engine, oracle_site, blog_index, client
):
    site, build = oracle_site(engine)

    report = run_import(site, blog_index, renderer="jekyll", safe=True)

    assert report.failed == []
    differences = differences_from_jekyll(client, report, build)
    left = unexplained(differences, KNOWN_GAPS)
    assert not left, described(left)
