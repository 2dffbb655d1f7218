"""Unlisted posts (Jekyll's ``hidden: true``): published at their address, in no list.

A reader with the link reads the post; nothing on the site leads to it: the index,
the home page, tag/category/author pages, feeds, the sitemap, search and API listings
leave it out. Editors get the same switch for any post, in the Promote tab.
"""

import xml.etree.ElementTree as ET
from io import StringIO

import frontmatter
import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from blog.models import BlogPage
from jekyll.runner import run_import
from tests.admin_forms import post_form_data
from tests.api_fixtures import API, get_json, list_posts, titles
from tests.factories import AuthorFactory, BlogPageFactory, CategoryFactory
from tests.page_fixtures import make_post, relate, soup

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def ann(db):
    return AuthorFactory(name="Ann Lee", slug="ann-lee")


@pytest.fixture
def guides(db):
    return CategoryFactory(name="Guides", slug="guides")


@pytest.fixture
def unlisted(blog_index, ann, guides):
    """An unlisted post with a tag, a category and an author its listed sibling shares."""
    make_post(
        blog_index,
        title="Listed sibling",
        tag_names=["shared"],
        categories=[guides],
        authors=[ann],
    )
    return make_post(
        blog_index,
        title="Unlisted secret",
        slug="unlisted-secret",
        unlisted=True,
        tag_names=["shared"],
        categories=[guides],
        authors=[ann],
        body=[("paragraph", "<p>Only for those with the link.</p>")],
    )


def test_unlisted_post_is_served_at_its_url(client, unlisted):
    response = client.get("/blog/unlisted-secret/")

    assert response.status_code == 200
    assert "Only for those with the link." in response.content.decode()


def test_unlisted_post_answers_its_legacy_address(client, unlisted):
    response = client.get("/blog/p/unlisted-secret.html")

    assert response.status_code == 301
    assert response["Location"] == "/blog/unlisted-secret/"


@pytest.mark.parametrize(
    "url",
    ["/", "/blog/", "/blog/tag/shared/", "/blog/category/guides/", "/blog/author/ann-lee/"],
)
def test_unlisted_post_is_left_out_of_listings(client, unlisted, url):
    html = client.get(url).content.decode()

    assert "Listed sibling" in html
    assert "Unlisted secret" not in html


@pytest.mark.parametrize(
    "url",
    ["/blog/feed/", "/blog/feed/atom/", "/blog/tag/shared/feed/", "/blog/author/ann-lee/feed/"],
)
def test_unlisted_post_is_left_out_of_feeds(client, unlisted, url):
    xml = client.get(url).content.decode()

    assert "Listed sibling" in xml
    assert "Unlisted secret" not in xml


def test_unlisted_post_is_left_out_of_the_sitemap(client, unlisted):
    root = ET.fromstring(client.get("/sitemap.xml").content)
    locations = [url.findtext(f"{SITEMAP}loc") for url in root.iter(f"{SITEMAP}url")]

    assert "http://testserver/blog/unlisted-secret/" not in locations
    assert any(location.endswith("/blog/listed-sibling/") for location in locations)


def test_unlisted_post_is_not_found_by_search(client, unlisted):
    page = soup(client.get("/search/", {"q": "secret"}))

    assert "Unlisted secret" not in page.get_text()


def test_unlisted_post_is_left_out_of_api_listings(client, unlisted):
    assert titles(list_posts(client)) == ["Listed sibling"]
    assert "Unlisted secret" not in titles(get_json(client, f"{API}/pages/"))
    assert "Unlisted secret" not in titles(list_posts(client, search="secret"))


def test_unlisted_post_is_served_by_the_api_by_id_and_slug(client, unlisted):
    assert get_json(client, f"{API}/pages/{unlisted.pk}/")["title"] == "Unlisted secret"
    assert get_json(client, f"{API}/pages/slug/unlisted-secret/")["title"] == "Unlisted secret"


def test_api_post_counts_leave_unlisted_posts_out(client, unlisted):
    tags = get_json(client, f"{API}/tags/")["items"]

    assert [(tag["name"], tag["post_count"]) for tag in tags] == [("shared", 1)]


def test_unlisted_post_is_not_an_automatic_related_article(client, blog_index):
    post = make_post(blog_index, title="Main post", tag_names=["focus"])
    make_post(blog_index, title="Unlisted neighbour", tag_names=["focus"], unlisted=True)

    assert "Unlisted neighbour" not in client.get(post.url).content.decode()
    related = get_json(client, f"{API}/pages/{post.pk}/")["related_posts"]
    assert related == []


def test_unlisted_post_picked_by_the_editor_is_a_related_article(client, blog_index):
    post = make_post(blog_index, title="Main post")
    relate(post, make_post(blog_index, title="Unlisted pick", unlisted=True))

    assert "Unlisted pick" in client.get(post.url).content.decode()


def test_editor_finds_the_unlisted_switch_in_the_promote_tab(client, blog_index):
    client.force_login(User.objects.create_superuser("boss", "boss@example.com", "pw"))
    post = make_post(blog_index, title="Switchable")

    page = soup(client.get(f"/admin/pages/{post.pk}/edit/"))

    switch = page.find("input", attrs={"name": "unlisted"})
    assert switch is not None
    promote_tab = page.find(id="tab-promote")
    assert promote_tab is not None and promote_tab.find("input", attrs={"name": "unlisted"})


def test_editor_unlisting_a_post_takes_it_off_the_index(client, blog_index):
    client.force_login(User.objects.create_superuser("boss", "boss@example.com", "pw"))
    post = make_post(blog_index, title="Soon unlisted")
    data = post_form_data(post, title="Soon unlisted", body_html="<p>Still here.</p>")
    data.update({"unlisted": "on", "action-publish": "publish"})

    response = client.post(f"/admin/pages/{post.pk}/edit/", data)

    assert response.status_code == 302
    assert BlogPage.objects.get(pk=post.pk).unlisted
    client.logout()
    assert "Soon unlisted" not in client.get("/blog/").content.decode()
    assert client.get(post.url).status_code == 200


# --- imported from Jekyll ----------------------------------------------------------------


def jekyll_site(tmp_path, **posts):
    """A site folder whose ``_posts`` holds ``posts`` (file name → text)."""
    folder = tmp_path / "site" / "_posts"
    folder.mkdir(parents=True)
    for name, text in posts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return tmp_path / "site"


def test_hidden_jekyll_post_is_published_unlisted(client, blog_index, tmp_path):
    site = jekyll_site(
        tmp_path,
        **{
            "2021-01-01-visible.md": "---\ntitle: Visible\n---\nShown.\n",
            "2021-01-02-Kept-Quiet.md": "---\ntitle: Kept quiet\nhidden: true\n---\nShh.\n",
        },
    )

    report = run_import(site, blog_index)

    assert not report.failed
    post = BlogPage.objects.get(title="Kept quiet")
    assert post.live and post.unlisted
    assert client.get(post.url).status_code == 200
    assert client.get("/blog/p/Kept-Quiet.html")["Location"] == post.url
    assert "Kept quiet" not in client.get("/blog/").content.decode()


def test_unpublished_jekyll_post_is_imported_as_a_draft(blog_index, tmp_path):
    site = jekyll_site(
        tmp_path, **{"2021-01-02-wip.md": "---\ntitle: Work in progress\npublished: false\n---\n"}
    )

    run_import(site, blog_index)

    post = BlogPage.objects.get(title="Work in progress")
    assert not post.live and not post.unlisted


def test_a_post_made_hidden_in_its_source_stays_published_and_becomes_unlisted(
    blog_index, tmp_path
):
    site = jekyll_site(tmp_path, **{"2021-01-02-later.md": "---\ntitle: Later\n---\nText.\n"})
    run_import(site, blog_index)
    (site / "_posts" / "2021-01-02-later.md").write_text("---\ntitle: Later\nhidden: true\n---\n")

    run_import(site, blog_index)

    post = BlogPage.objects.get(title="Later")
    assert post.live and post.unlisted


def test_export_writes_unlisted_as_hidden_and_drafts_as_unpublished(blog_index, tmp_path):
    make_post(blog_index, title="Quiet one", slug="quiet-one", unlisted=True)
    BlogPageFactory(parent=blog_index, title="Draft one", slug="draft-one", live=False)

    call_command("export_jekyll", str(tmp_path / "out"), stdout=StringIO())

    exported = {
        path.name.split("-", 3)[3]: frontmatter.load(path)
        for path in (tmp_path / "out" / "_posts").iterdir()
    }
    assert exported["quiet-one.md"]["hidden"] is True
    assert "published" not in exported["quiet-one.md"].metadata
    assert exported["draft-one.md"]["published"] is False
    assert "hidden" not in exported["draft-one.md"].metadata
