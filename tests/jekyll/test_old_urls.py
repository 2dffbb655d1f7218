"""Every old URL answers: a post's own permalink, its ``redirect_from``, category archives
and paginated index pages, as the site's ``_config.yml`` defines them, answer 301.

Post URLs are compared with the ones the real Jekyll gives the same site (``post.url``
from a ``jekyll build``), for each built-in permalink style and for templates of every
placeholder, at the top level, under ``collections.posts`` and in front-matter defaults.
"""

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from wagtail.contrib.redirects.models import Redirect

from blog.models import BlogPage
from blog.site_settings import BlogSettings
from jekyll.mapping.permalinks import SiteAddresses
from jekyll.reading.front_matter import read_post
from jekyll.reading.source import find_site
from jekyll.runner import run_import
from tests.factories import BlogPageFactory

FIXTURE = Path(__file__).parent / "fixtures" / "permalink_site"

needs_jekyll = pytest.mark.skipif(
    shutil.which("jekyll") is None,
    reason="the real Jekyll is not installed (apt-get install jekyll ruby-jekyll-paginate)",
)

URLS_PAGE = (
    "---\nlayout: null\npermalink: /urls.txt\n---\n"
    "{% for post in site.posts %}{{ post.relative_path }}\t{{ post.url }}\n{% endfor %}"
)

EVERY_PLACEHOLDER = (
    "/:categories/:slugified_categories/:year/:short_year/:month/:i_month/:short_month/"
    ":long_month/:day/:i_day/:y_day/:w_year/:week/:w_day/:short_day/:long_day/"
    ":hour/:minute/:second/:title/:slug/:name/:collection:output_ext"
)


def site_with(tmp_path: Path, **config) -> Path:
    """The fixture site with ``config`` added to its ``_config.yml``."""
    site = shutil.copytree(FIXTURE, tmp_path / "site")
    base = yaml.safe_load((site / "_config.yml").read_text())
    (site / "_config.yml").write_text(yaml.safe_dump({**base, **config}, allow_unicode=True))
    return site


def jekyll_urls(site: Path, tmp_path: Path) -> dict[str, str]:
    """``post.url`` of each post as the real Jekyll builds ``site``."""
    source = shutil.copytree(site, tmp_path / "jekyll-source")
    (source / "urls.txt").write_text(URLS_PAGE)
    subprocess.run(
        ["jekyll", "build", "--quiet", "-s", str(source), "-d", str(tmp_path / "jekyll-out")],
        check=True,
        capture_output=True,
        timeout=120,
    )
    lines = (tmp_path / "jekyll-out" / "urls.txt").read_text().splitlines()
    return dict(line.split("\t") for line in lines if line)


def folio_urls(site: Path) -> dict[str, str]:
    """The first old path Folio keeps for each post Jekyll publishes (``baseurl`` left off)."""
    jekyll_site = find_site(site)
    addresses = SiteAddresses.from_config(jekyll_site.config)
    urls = {}
    for path in jekyll_site.post_paths:
        source = read_post(path, jekyll_site)
        paths, problems = addresses.post_paths(source)
        assert not problems
        if paths:
            urls[source.source_key] = paths[0].removeprefix(addresses.baseurl)
    return urls


@needs_jekyll
@pytest.mark.parametrize(
    "config",
    [
        {},
        {"permalink": "pretty"},
        {"permalink": "ordinal"},
        {"permalink": "weekdate"},
        {"permalink": "none"},
        {"permalink": "/news/:year/:month/:day/:title/"},
        {"permalink": EVERY_PLACEHOLDER},
        {"permalink": "/:month_:day/:title"},
        {"timezone": "Asia/Tokyo", "permalink": "/:year/:month/:day/:hour/:title/"},
        {"collections": {"posts": {"output": True, "permalink": "/blog/:year/:title/"}}},
        {
            "permalink": "pretty",
            "defaults": [
                {"scope": {"path": "", "type": "posts"}, "values": {"permalink": "/p/:title.html"}}
            ],
        },
    ],
    ids=lambda config: str(config)[:60],
)
def test_post_urls_are_the_ones_jekyll_builds(tmp_path, config):
    site = site_with(tmp_path, **config)

    assert folio_urls(site) == jekyll_urls(site, tmp_path)


@pytest.fixture
def imported(tmp_path, blog_index):
    site = site_with(
        tmp_path,
        baseurl="/blog",
        permalink="/news/:year/:month/:day/:title/",
        category_archive={"path": "category"},
        paginate=2,
        paginate_path="/pages/page:num/",
    )
    report = run_import(site, blog_index)
    assert not report.failed, [post.error for post in report.failed]
    return report


def redirect_of(client, path):
    response = client.get(path)
    assert response.status_code == 301, (path, response.status_code)
    return response["Location"]


def test_a_posts_old_permalink_answers_301_to_the_post(client, imported):
    post = BlogPage.objects.get(title="Release notes")

    assert redirect_of(client, "/blog/news/2023/01/29/Release-Notes/") == post.url


def test_an_old_permalink_with_escaped_characters_answers(client, imported):
    post = BlogPage.objects.get(title="Café au lait")

    assert redirect_of(client, "/blog/news/2020/02/03/Caf%C3%A9-au-lait/") == post.url
    assert redirect_of(client, "/blog/news/2015/08/27/Roles-&-Permissions-in-Quire/") == (
        BlogPage.objects.get(title="Roles & Permissions").url
    )


def test_a_posts_own_permalink_and_redirect_from_answer(client, imported):
    post = BlogPage.objects.get(title="Own permalink")

    for old in [
        "/blog/archive/2021/own-permalink.html",
        "/blog/old/own-permalink/",
        "/blog/2021/own.html",
    ]:
        assert redirect_of(client, old) == post.url


def test_an_unlisted_posts_old_permalink_answers(client, imported):
    post = BlogPage.objects.get(title="Quietly published")

    assert redirect_of(client, "/blog/news/2021/07/05/quietly-published/") == post.url


def test_the_legacy_quire_address_still_answers(client, imported):
    post = BlogPage.objects.get(title="Release notes")

    assert redirect_of(client, "/blog/p/Release-Notes.html") == post.url


def test_an_old_permalink_follows_the_post_when_its_slug_changes(client, imported):
    post = BlogPage.objects.get(title="Release notes")
    post.slug = "release-notes-2023"
    post.save_revision().publish()

    assert (
        redirect_of(client, "/blog/news/2023/01/29/Release-Notes/") == "/blog/release-notes-2023/"
    )


def test_category_archives_answer_301_to_the_category_page(client, imported):
    assert redirect_of(client, "/blog/category/Product Updates/") == (
        "/blog/category/product-updates/"
    )
    assert redirect_of(client, "/blog/category/Guides/") == "/blog/category/guides/"


def test_paginated_index_pages_answer_301_to_the_page_with_the_same_posts(
    client, tmp_path, blog_index
):
    settings = BlogSettings.for_site(blog_index.get_site())
    settings.posts_per_page = 1
    settings.save()
    site = site_with(tmp_path, baseurl="/blog", paginate=2, paginate_path="/pages/page:num/")

    run_import(site, blog_index)

    # Jekyll's page 2 (2 posts a page) starts with the 3rd listed post: on Folio's
    # page 3 (1 post a page). Page 3 starts with the 5th, the last (hidden ones are left
    # out of Jekyll's pages, as of Folio's).
    assert redirect_of(client, "/blog/pages/page2/") == "/blog/?page=3"
    assert redirect_of(client, "/blog/pages/page3/") == "/blog/?page=5"
    assert client.get("/blog/pages/page4/").status_code == 404


def test_an_unknown_old_address_is_still_404(client, imported):
    assert client.get("/blog/news/2023/01/29/No-Such-Post/").status_code == 404


def test_importing_again_keeps_one_redirect_per_old_address(tmp_path, blog_index, imported):
    before = Redirect.objects.count()
    site = tmp_path / "site"

    run_import(site, blog_index, force=True)

    assert Redirect.objects.count() == before


def test_a_redirect_an_editor_made_is_not_taken_over(tmp_path, blog_index):
    elsewhere = BlogPageFactory(parent=blog_index, title="Elsewhere", slug="elsewhere")
    Redirect.objects.create(old_path="/news/2023/01/29/Release-Notes", redirect_page=elsewhere)
    site = site_with(tmp_path, permalink="/news/:year/:month/:day/:title/")

    report = run_import(site, blog_index)

    assert Redirect.objects.get(old_path="/news/2023/01/29/Release-Notes").redirect_page_id == (
        elsewhere.pk
    )
    warnings = [w for post in report.posts for w in post.warnings]
    assert any("/news/2023/01/29/Release-Notes" in warning for warning in warnings)


@needs_jekyll
def test_paginated_index_pages_are_the_ones_jekyll_paginate_builds(tmp_path, blog_index):
    site = site_with(
        tmp_path, paginate=2, paginate_path="/blog/pages/page:num/", plugins=["jekyll-paginate"]
    )
    jekyll_urls(site, tmp_path)
    built = sorted(
        "/" + path.parent.relative_to(tmp_path / "jekyll-out").as_posix() + "/"
        for path in (tmp_path / "jekyll-out" / "blog" / "pages").rglob("index.html")
    )

    run_import(site, blog_index)

    kept = sorted(
        old + "/"
        for old in Redirect.objects.filter(old_path__startswith="/blog/pages/").values_list(
            "old_path", flat=True
        )
    )
    assert kept == built == ["/blog/pages/page2/", "/blog/pages/page3/"]


def test_the_quire_blogs_own_config_gives_its_old_addresses(tmp_path, blog_index, client):
    # Its _config.yml as it is: a tab inside the flow mapping of category_archive.
    site = shutil.copytree(FIXTURE, tmp_path / "site")
    shutil.copy(FIXTURE.parents[1] / "sites" / "quire" / "_config.yml", site / "_config.yml")

    report = run_import(site, blog_index)

    assert not report.failed and not report.warnings
    post = BlogPage.objects.get(title="Release notes")
    assert redirect_of(client, "/blog/p/Release-Notes.html") == post.url
    # Where the old address is Folio's own, Folio's page answers it.
    assert client.get("/blog/category/features/").status_code == 200
    assert redirect_of(client, "/blog/category/Product Updates/") == (
        "/blog/category/product-updates/"
    )
    # 5 listed posts, 3 a page on the old blog: its page 2 starts with the 4th, on Folio's
    # page 1 (15 a page).
    assert redirect_of(client, "/blog/pages/page2/") == "/blog/"
