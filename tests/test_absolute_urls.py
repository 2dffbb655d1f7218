"""Absolute URLs come from the Site as configured (Settings → Sites), never from a default
port: a site served on 127.0.0.1:8123 prints :8123 everywhere, and ``make serve`` sets the
Site up from where it serves on its first run."""

import os
import subprocess
from pathlib import Path
from urllib.parse import unquote

import pytest
from django.core.management import call_command
from wagtail.models import Page, Site

from blog.models import BlogIndexPage
from home.models import HomePage
from tests.factories import AuthorFactory, BlogPageFactory, CallToActionFactory, ImageFactory
from tests.page_fixtures import renditions_made

pytestmark = pytest.mark.django_db

REPO = Path(__file__).resolve().parents[1]
SITE = "http://127.0.0.1:8123"
# How a browser or an API client on that port asks.
ON_8123 = {"HTTP_HOST": "127.0.0.1:8123", "SERVER_PORT": "8123"}


@pytest.fixture(name="post")
def post_fixture(settings, blog_index):
    """A post on a Site configured as 127.0.0.1:8123, with every kind of image, and the
    admin's base URL left at its default (port 8000)."""
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
    Site.objects.update(hostname="127.0.0.1", port=8123)
    cta = CallToActionFactory(image=ImageFactory(), audience="everyone")
    older = BlogPageFactory(parent=blog_index, title="Older", hero_image=ImageFactory())
    post = BlogPageFactory(
        parent=blog_index,
        title="Served elsewhere",
        hero_image=ImageFactory(),
        authors=[AuthorFactory(avatar=ImageFactory())],
        tag_names=["ports"],
        body=[
            ("image", {"image": ImageFactory(), "alt": "A picture"}),
            ("call_to_action", {"snippet": cta, "audience": "everyone"}),
        ],
    )
    older.tags.add("ports")
    older.save()
    return post


def assert_on_configured_site(text):
    assert ":8000" not in text
    assert f"{SITE}/" in text


@pytest.mark.parametrize("made", [False, True], ids=["originals", "renditions"])
@pytest.mark.parametrize(
    "url",
    [
        "/api/v2/pages/?type=blog.BlogPage&fields=*&limit=1",
        "/api/v2/pages/{post.pk}/",
        "/api/v2/images/",
        "/api/v2/authors/?fields=*",
        "/api/v3/pages/{post.pk}/",
    ],
)
def test_api_urls_are_on_the_configured_site(client, post, url, made):
    if made:
        renditions_made(*BlogIndexPage.objects.first().get_children().live().specific())
    response = client.get(url.format(post=post), **ON_8123)

    assert response.status_code == 200
    assert_on_configured_site(response.content.decode())


def test_media_urls_in_the_api_are_on_the_configured_site(client, post):
    data = client.get(f"/api/v2/pages/{post.pk}/", **ON_8123).json()

    for rendition in data["hero_image"]["renditions"].values():
        assert rendition["url"].startswith(f"{SITE}/media/")
    assert data["body"][0]["value"]["image"]["renditions"]["large"]["url"].startswith(SITE)
    avatar = data["authors"][0]["avatar"]["renditions"]["small"]
    assert avatar["url"].startswith(f"{SITE}/media/")


def test_api_v3_media_urls_are_on_the_configured_site(client, post):
    data = client.get(f"/api/v3/pages/{post.pk}/", **ON_8123).json()

    avatar = data["authors"][0]["avatar"]["renditions"]["small"]
    assert avatar["url"].startswith(f"{SITE}/media/")
    assert data["related_posts"][0]["thumbnail"]["url"].startswith(f"{SITE}/media/")


def test_api_find_redirects_on_the_configured_site(client, post):
    response = client.get(f"/api/v2/pages/find/?html_path={post.url}", **ON_8123)

    assert response.status_code == 302
    assert response["Location"] == f"{SITE}/api/v2/pages/{post.pk}/"


def test_api_next_link_is_on_the_configured_site(client, post):
    data = client.get("/api/v2/pages/?type=blog.BlogPage&limit=1", **ON_8123).json()

    assert data["meta"]["next"].startswith(f"{SITE}/api/v2/pages/?")


@pytest.mark.parametrize("url", ["/blog/feed/", "/blog/feed/atom/", "/sitemap.xml", "/blog/"])
def test_feeds_sitemap_and_listings_are_on_the_configured_site(client, post, url):
    response = client.get(url, **ON_8123)

    assert response.status_code == 200
    assert_on_configured_site(response.content.decode())


def test_post_page_links_are_on_the_configured_site(client, post):
    renditions_made(post)
    html = client.get(post.url, **ON_8123).content.decode()

    assert_on_configured_site(html)
    assert f'<link rel="canonical" href="{SITE}/blog/served-elsewhere/">' in html
    assert f'content="{SITE}/media/images/' in html  # og:image
    assert f"url={SITE}/blog/served-elsewhere/" in unquote(html)  # share links


# --- make serve's first run -----------------------------------------------------------------


@pytest.fixture(name="fresh_install")
def fresh_install_fixture(db):
    """The database as ``migrate`` leaves it: Wagtail's welcome page on a localhost site."""
    HomePage.objects.all().delete()
    Site.objects.all().delete()
    root = Page.get_first_root_node()
    root.get_children().delete()
    welcome = root.add_child(instance=Page(title="Welcome", slug="home"))
    Site.objects.create(hostname="localhost", port=80, root_page=welcome, is_default_site=True)


def default_site():
    return Site.objects.get(is_default_site=True)


def test_setup_site_configures_the_site_from_the_address_it_is_given(fresh_install):
    call_command("setup_site", base_url="http://127.0.0.1:8123", stdout=open(os.devnull, "w"))

    site = default_site()
    assert (site.hostname, site.port, site.root_url) == ("127.0.0.1", 8123, SITE)


def test_setup_site_leaves_a_configured_site_where_it_is(fresh_install):
    call_command("setup_site", base_url="https://blog.example.com", stdout=open(os.devnull, "w"))
    call_command("setup_site", base_url="http://127.0.0.1:8123", stdout=open(os.devnull, "w"))

    assert default_site().root_url == "https://blog.example.com"


def test_setup_site_given_a_wildcard_address_names_localhost(fresh_install):
    call_command("setup_site", base_url="http://0.0.0.0:8123", stdout=open(os.devnull, "w"))

    assert default_site().root_url == "http://localhost:8123"


def make_serve_commands(**variables):
    arguments = [f"{name}={value}" for name, value in variables.items()]
    env = {key: value for key, value in os.environ.items() if key != "WAGTAILADMIN_BASE_URL"}
    result = subprocess.run(
        ["make", "--dry-run", "--always-make", "serve", *arguments],
        cwd=REPO, env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return result.stdout


def test_make_serve_sets_the_site_up_from_where_it_serves():
    commands = make_serve_commands(HOST="127.0.0.1", PORT="8123")

    setup = next(line for line in commands.splitlines() if "setup_site" in line)
    assert "http://127.0.0.1:8123" in setup
    # Before gunicorn starts serving.
    assert commands.index("setup_site") < commands.index("gunicorn")
