"""The shared Quire corpus, imported with its blog's settings, reads as Jekyll renders it.

Skipped without the corpus beside the repository or without the real Jekyll. The corpus
holds no pictures: the import links them from the old site (``--image-base-url``), so
that each still shows, in its place, with its alt text.
"""

import pytest

from jekyll.runner import run_import
from tests.jekyll.oracle_helpers import (
    described,
    differences_from_jekyll,
    needs_jekyll,
    unexplained,
)
from tests.jekyll.test_import_corpus import CORPUS, quire_site

pytestmark = [
    needs_jekyll,
    pytest.mark.skipif(
        not (CORPUS / "_posts").is_dir(),
        reason=f"The shared Quire corpus is not beside the repository ({CORPUS} is missing).",
    ),
]


# What Folio does not yet show as Jekyll does (see test_oracle_sites.KNOWN_GAPS).
KNOWN_GAPS = {
    "_posts/2020-09-22-gmail-add-on.markdown": (
        ("lists",),
        "a heading inside a numbered step is a heading block right after the step's words "
        "(Wagtail's rich text holds no heading inside a list item); the list goes on with "
        "the next number (mapping)",
    ),
}


@pytest.fixture(scope="module")
def quire_build(tmp_path_factory):
    from jekyll.oracle import build_site

    site = quire_site(tmp_path_factory.mktemp("quire") / "site")
    return site, build_site(site, safe=True)


def test_every_corpus_post_reads_as_jekyll_renders_it(quire_build, blog_index, client):
    site, build = quire_build

    report = run_import(site, blog_index, image_base_url="https://quire.io/blog/images/")

    assert report.failed == []
    differences = differences_from_jekyll(client, report, build, old_site="https://quire.io/blog/")
    left = unexplained(differences, KNOWN_GAPS)
    assert not left, described(left)
