"""The real Jekyll as the oracle: fixture sites built once a session, pages read as a guest.

A fixture site is ``sites/common/`` (posts, includes, data, images, pages) with one
engine's ``_config.yml`` (``sites/kramdown/``, ``sites/redcarpet/``, ``sites/commonmark/``)
laid over it. Each is built by the real Jekyll (``jekyll.oracle``) once per test session,
in a temporary folder; without Jekyll the tests that need it are skipped and say why.
"""

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from jekyll.oracle import build_site, jekyll_version
from jekyll.reference import compare, old_site_urls
from jekyll.report import Status

SITES = Path(__file__).resolve().parent / "sites"
ENGINES = ("kramdown", "redcarpet", "commonmark")
OLD_SITE = "https://old.example.com/blog/"
NO_JEKYLL = (
    "The real Jekyll is not installed: apt-get install jekyll ruby-kramdown ruby-redcarpet "
    "ruby-jekyll-paginate ruby-jekyll-commonmark (.ci/run does)."
)

needs_jekyll = pytest.mark.skipif(jekyll_version() is None, reason=NO_JEKYLL)


def assemble_site(engine: str, destination: Path, posts_from: Path | None = None) -> Path:
    """The fixture site of ``engine`` in ``destination`` (or ``posts_from``'s posts)."""
    import shutil

    shutil.copytree(SITES / "common", destination)
    shutil.copytree(SITES / engine, destination, dirs_exist_ok=True)
    if posts_from is not None:
        shutil.rmtree(destination / "_posts")
        shutil.copytree(posts_from, destination / "_posts")
    return destination


@pytest.fixture(scope="session", name="oracle_site")
def oracle_site_fixture(tmp_path_factory):
    """``oracle_site(engine)``: (site folder, Jekyll's build of it), built once a session."""
    built = {}

    def site_of(engine: str, posts_from: Path | None = None):
        key = (engine, posts_from)
        if key not in built:
            folder = tmp_path_factory.mktemp(f"oracle-{engine}") / "site"
            site = assemble_site(engine, folder, posts_from)
            built[key] = (site, build_site(site, safe=True))
        return built[key]

    return site_of


def guest_body(client, url: str) -> str:
    """The post body a guest sees at ``url``, each link on this site followed to where
    it leads when it redirects (an old post address, a call to action's ``/go/``)."""
    response = client.get(url)
    assert response.status_code == 200, url
    soup = BeautifulSoup(response.content, "html.parser")
    body = soup.find("div", class_="post__body")
    for link in body.find_all("a", href=True):
        parts = urlsplit(link["href"])
        if not parts.scheme and not parts.netloc and parts.path.startswith("/"):
            followed = client.get(link["href"])
            if followed.status_code in (301, 302):
                link["href"] = followed["Location"]
    return body.decode_contents()


def differences_from_jekyll(
    client, report, build, baseurl: str = "/blog", old_site: str = OLD_SITE
) -> dict:
    """Each post whose page a guest reads differently from Jekyll's body: what differs."""
    moved = {
        baseurl + build.posts[post.source].url: post.url
        for post in report.posts
        if post.url and post.source in build.posts
    }
    expected_url = old_site_urls(old_site, moved)
    found = {}
    for post in report.posts:
        if post.status == Status.FAILED:
            found[post.source] = [post.error]
            continue
        comparison = compare(
            build.posts[post.source].html, guest_body(client, post.url), expected_url=expected_url
        )
        if not comparison.faithful:
            found[post.source] = [f"similarity {comparison.similarity}", *comparison.differences]
    return found


def described(differences: dict) -> str:
    """Differences one post a line, for a failing test's message."""
    return "\n".join(
        f"{source}:\n    " + "\n    ".join(found) for source, found in differences.items()
    )


def unexplained(differences: dict, known_gaps: dict) -> dict:
    """The differences ``known_gaps`` (post → (what its differences mention, why)) does
    not account for, and the gaps that are closed now (to be taken off the list)."""
    found = {}
    for source, lines in differences.items():
        about = known_gaps.get(source, ((), ""))[0]
        figure = float(lines[0].split()[-1])
        others = [line for line in lines[1:] if not any(mark in line for mark in about)]
        if others or figure < 0.98:
            found[source] = lines
    for source in set(known_gaps) - set(differences):
        found[source] = ["reads as Jekyll's now: take it off the known gaps"]
    return found
