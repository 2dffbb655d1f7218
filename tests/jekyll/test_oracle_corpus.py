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


CTA_PICTURE = (
    "image(s) lost",
    "a guests-only picture link whose picture is not in the site (the corpus has none) "
    "shows no picture: a call to action's image must be in the library (mapping)",
)
EMBED = (
    "quotes",
    "a tweet or Instagram post quoted with its script becomes an embed, not a quote",
)
# What Folio does not yet show as Jekyll does (see test_oracle_sites.KNOWN_GAPS).
KNOWN_GAPS = {
    "_posts/2017-09-19-Have-Trouble-Accessing-The-New-Version-of-Quire.markdown": (
        ("headings",),
        "a heading inside a quote becomes the quote's text (mapping)",
    ),
    "_posts/2020-09-22-gmail-add-on.markdown": (
        ("headings", "lists"),
        "a heading inside a list item becomes an item of its own (mapping)",
    ),
    "_posts/2020-10-06-agile-project-management.markdown": (
        (CTA_PICTURE[0], EMBED[0]),
        "as CTA_PICTURE and EMBED",
    ),
    "_posts/2020-11-17-giveaway.markdown": (EMBED[:1], EMBED[1]),
    "_posts/2020-12-02-productivity-ritual.markdown": (
        (CTA_PICTURE[0], EMBED[0]),
        "as CTA_PICTURE and EMBED",
    ),
    "_posts/2021-01-27-todoist-alternatives.markdown": (
        (CTA_PICTURE[0], "quotes"),
        "as CTA_PICTURE; a quote's last line '-- Peter S.' is shown as its attribution "
        "'— Peter S.' (mapping)",
    ),
    **{
        f"_posts/{name}.markdown": (CTA_PICTURE[:1], CTA_PICTURE[1])
        for name in (
            "2020-12-11-2020-recap",
            "2021-02-26-2-minute-rule",
            "2021-04-15-millennial-gen-Z-productivity",
            "2021-04-21-google-apple-twitter-productivity",
            "2021-05-13-candidates-remote-jobs",
            "2021-05-25-flutter-mobile-app",
            "2021-06-02-remote-work-burnout",
            "2021-07-27-languishing",
            "2021-08-03-overtime-working-culture",
            "2021-08-10-work-life-integration",
        )
    },
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
