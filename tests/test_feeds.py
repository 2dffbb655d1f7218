"""RSS and Atom feeds: what a feed reader gets, and how pages point to it."""

import xml.etree.ElementTree as ET

import pytest

from tests.factories import AuthorFactory, CategoryFactory
from tests.page_fixtures import make_draft, make_post, make_private, soup

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def feed_titles(response):
    """Item titles of an RSS or Atom response, parsed as XML."""
    root = ET.fromstring(response.content)
    if root.tag == f"{ATOM}feed":
        return [entry.findtext(f"{ATOM}title") for entry in root.iter(f"{ATOM}entry")]
    assert root.tag == "rss"
    return [item.findtext("title") for item in root.iter("item")]


@pytest.fixture
def filtered_posts(blog_index):
    """One post that every filter matches, one that none does."""
    make_post(
        blog_index,
        title="Matching post",
        tag_names=["focus"],
        categories=[CategoryFactory(name="Guides", slug="guides")],
        authors=[AuthorFactory(name="Ann Lee", slug="ann-lee")],
    )
    make_post(blog_index, title="Other post", tag_names=["else"])


def test_rss_feed_lists_live_posts_newest_first(client, blog_index):
    make_post(blog_index, title="Older post")
    make_post(blog_index, title="Newer post")

    response = client.get("/blog/feed/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    assert feed_titles(response) == ["Newer post", "Older post"]


def test_rss_items_link_to_absolute_post_urls(client, blog_index):
    post = make_post(blog_index, title="Linked post")

    item = ET.fromstring(client.get("/blog/feed/").content).find("channel/item")

    assert item.findtext("link") == f"http://testserver{post.url}"


def test_source_blogs_feed_xml_path_serves_the_rss_feed(client, blog_index):
    make_post(blog_index, title="Still subscribed")

    response = client.get("/blog/feed.xml")

    assert response.status_code == 200
    assert feed_titles(response) == ["Still subscribed"]


def test_atom_feed_lists_live_posts(client, blog_index):
    make_post(blog_index, title="Atom post")

    response = client.get("/blog/feed/atom/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    assert feed_titles(response) == ["Atom post"]


@pytest.mark.parametrize("listing", ["tag/focus", "category/guides", "author/ann-lee"])
@pytest.mark.parametrize("feed", ["feed/", "feed/atom/"])
def test_filtered_feeds_list_only_matching_posts(client, filtered_posts, listing, feed):
    response = client.get(f"/blog/{listing}/{feed}")

    assert response.status_code == 200
    assert feed_titles(response) == ["Matching post"]


@pytest.mark.parametrize("listing", ["tag", "category", "author"])
def test_feed_of_unknown_filter_is_404(client, blog_index, listing):
    assert client.get(f"/blog/{listing}/nothing-here/feed/").status_code == 404


@pytest.mark.parametrize(
    "url", ["/blog/feed/", "/blog/feed.xml", "/blog/feed/atom/", "/blog/tag/shared/feed/"]
)
def test_feeds_leave_out_drafts_and_private_posts(client, blog_index, url):
    make_post(blog_index, title="Public post", tag_names=["shared"])
    make_private(make_post(blog_index, title="Private post", tag_names=["shared"]))
    draft = make_draft(blog_index, title="Draft post")
    draft.tags.add("shared")
    draft.save()

    assert feed_titles(client.get(url)) == ["Public post"]


def advertised_feeds(response):
    return {
        (link["type"], link["href"])
        for link in soup(response).find_all("link", rel="alternate")
        if link.get("type") in ("application/rss+xml", "application/atom+xml")
    }


BLOG_FEEDS = {
    ("application/rss+xml", "http://testserver/blog/feed/"),
    ("application/atom+xml", "http://testserver/blog/feed/atom/"),
}


@pytest.mark.parametrize("url", ["/", "/blog/", "POST", "/search/?q=x", "/no/such/page/"])
def test_every_page_advertises_the_blog_feeds(client, blog_index, url):
    post = make_post(blog_index)

    response = client.get(post.url if url == "POST" else url)

    assert BLOG_FEEDS <= advertised_feeds(response)


@pytest.mark.parametrize("listing", ["tag/focus", "category/guides", "author/ann-lee"])
def test_filtered_listing_also_advertises_its_own_feeds(client, filtered_posts, listing):
    response = client.get(f"/blog/{listing}/")

    assert advertised_feeds(response) == BLOG_FEEDS | {
        ("application/rss+xml", f"http://testserver/blog/{listing}/feed/"),
        ("application/atom+xml", f"http://testserver/blog/{listing}/feed/atom/"),
    }


@pytest.mark.parametrize("url, description", [
    ("/blog/feed/", "channel/item/description"),
    ("/blog/feed/atom/", f"{ATOM}entry/{ATOM}summary"),
])  # fmt: skip
def test_plain_text_intros_reach_feed_readers_as_text(client, blog_index, url, description):
    make_post(blog_index, index_intro="Use <b> for bold & <script> never")

    html = ET.fromstring(client.get(url).content).findtext(description)

    # A reader renders this HTML; escaped, it shows the intro's own characters.
    assert html == "Use &lt;b&gt; for bold &amp; &lt;script&gt; never"
