"""What search engines and link previews read: <head> metadata, JSON-LD, sitemap, robots."""

import datetime
import json
import xml.etree.ElementTree as ET

import pytest

from tests.factories import AuthorFactory, CategoryFactory, ImageFactory
from tests.page_fixtures import (
    make_draft,
    make_post,
    make_private,
    meta_content,
    renditions_made,
    site_settings,
    soup,
    wide_image_fixture,  # noqa: F401 - a fixture, used by name
)

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def canonical(page_soup):
    return page_soup.find("link", rel="canonical")["href"]


def json_ld(page_soup):
    scripts = page_soup.find_all("script", type="application/ld+json")
    assert len(scripts) == 1
    return json.loads(scripts[0].string)


def test_post_title_is_seo_title_and_site_name(client, blog_index):
    post = make_post(blog_index, title="Long title", seo_title="Short title")

    assert soup(client.get(post.url)).title.string == "Short title · Folio"


def test_post_title_falls_back_to_the_title(client, blog_index):
    post = make_post(blog_index, title="Plain title")

    assert soup(client.get(post.url)).title.string == "Plain title · Folio"


def test_meta_description_is_search_description_else_index_intro(client, blog_index):
    described = make_post(blog_index, search_description="For search engines.")
    teased = make_post(blog_index, index_intro="The teaser.")

    assert meta_content(soup(client.get(described.url)), "description") == "For search engines."
    assert meta_content(soup(client.get(teased.url)), "description") == "The teaser."


def test_post_canonical_url_is_absolute(client, blog_index):
    post = make_post(blog_index, title="Canonical post")

    assert canonical(soup(client.get(post.url))) == "http://testserver/blog/canonical-post/"


def test_post_open_graph_tags(client, blog_index, wide_image):
    post = make_post(
        blog_index, title="Shared post", index_intro="Worth sharing.", hero_image=wide_image
    )
    renditions_made(post)

    page = soup(client.get(post.url))

    assert meta_content(page, "og:type") == "article"
    assert meta_content(page, "og:title") == "Shared post"
    assert meta_content(page, "og:description") == "Worth sharing."
    assert meta_content(page, "og:url") == "http://testserver/blog/shared-post/"
    assert meta_content(page, "og:site_name") == "Folio"
    image = meta_content(page, "og:image")
    assert image.startswith("http://testserver/") and "fill-1200x630" in image
    assert (meta_content(page, "og:image:width"), meta_content(page, "og:image:height")) == (
        "1200",
        "630",
    )


def test_social_image_takes_precedence_over_hero_image(client, blog_index, wide_image):
    social = ImageFactory(title="Social card", file__width=1400, file__height=800)
    post = make_post(blog_index, hero_image=wide_image, social_image=social)

    page = soup(client.get(post.url))

    assert meta_content(page, "og:image:alt") == "Social card"


def test_post_twitter_card_tags(client, blog_index, wide_image):
    settings = site_settings()
    settings.twitter_handle = "folio_blog"
    settings.save()
    post = make_post(blog_index, title="Tweeted post", hero_image=wide_image)

    page = soup(client.get(post.url))

    assert meta_content(page, "twitter:card") == "summary_large_image"
    assert meta_content(page, "twitter:site") == "@folio_blog"
    assert meta_content(page, "twitter:title") == "Tweeted post"
    assert meta_content(page, "twitter:image") == meta_content(page, "og:image")


def test_post_without_image_has_a_summary_twitter_card_and_no_og_image(client, blog_index):
    post = make_post(blog_index)

    page = soup(client.get(post.url))

    assert meta_content(page, "twitter:card") == "summary"
    assert meta_content(page, "og:image") is None


def test_blog_index_is_an_open_graph_website(client, blog_index):
    page = soup(client.get("/blog/"))

    assert meta_content(page, "og:type") == "website"
    assert canonical(page) == "http://testserver/blog/"
    assert page.find("script", type="application/ld+json") is None


def test_post_json_ld_is_a_blog_posting(client, blog_index, wide_image):
    settings = site_settings()
    settings.organisation_name = "Folio Inc."
    settings.save()
    post = make_post(
        blog_index,
        title="Structured post",
        hero_image=wide_image,
        authors=[AuthorFactory(name="Ann Lee"), AuthorFactory(name="Bo Chen")],
        categories=[CategoryFactory(name="Guides")],
    )

    data = json_ld(soup(client.get(post.url)))

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "BlogPosting"
    assert data["headline"] == "Structured post"
    assert datetime.datetime.fromisoformat(data["datePublished"]) == post.date
    assert datetime.datetime.fromisoformat(data["dateModified"]) >= post.date
    assert [author["name"] for author in data["author"]] == ["Ann Lee", "Bo Chen"]
    assert data["mainEntityOfPage"]["@id"] == "http://testserver/blog/structured-post/"
    assert data["publisher"] == {"@type": "Organization", "name": "Folio Inc."}
    assert data["image"][0].startswith("http://testserver/")


def test_json_ld_cannot_break_out_of_its_script_element(client, blog_index):
    title = "</script><script>alert(1)</script> & more"
    post = make_post(
        blog_index,
        title=title,
        slug="tricky",
        index_intro="Plain intro.",
        body=[("paragraph", "<p>Plain body.</p>")],
    )

    response = client.get(post.url)

    raw = response.content.decode()
    assert "</script><script>alert(1)" not in raw
    assert "\\u003c/script\\u003e" in raw and "\\u0026 more" in raw
    assert json_ld(soup(response))["headline"] == title


def test_listing_canonical_and_rel_prev_next_use_page_numbers(client, blog_index):
    for n in range(31):
        make_post(blog_index, title=f"Post {n:02d}")

    first, second, third = (
        soup(client.get(url)) for url in ["/blog/", "/blog/?page=2", "/blog/?page=3"]
    )

    assert canonical(first) == "http://testserver/blog/"
    assert first.find("link", rel="prev") is None
    assert first.find("link", rel="next")["href"] == "http://testserver/blog/?page=2"
    assert canonical(second) == "http://testserver/blog/?page=2"
    assert second.find("link", rel="prev")["href"] == "http://testserver/blog/"
    assert second.find("link", rel="next")["href"] == "http://testserver/blog/?page=3"
    assert third.find("link", rel="next") is None


def test_tag_listing_has_its_own_title_and_canonical(client, blog_index):
    make_post(blog_index, tag_names=["focus"])

    page = soup(client.get("/blog/tag/focus/"))

    assert page.title.string == "Posts tagged “focus” · Folio"
    assert canonical(page) == "http://testserver/blog/tag/focus/"


def test_search_page_is_not_indexed(client, blog_index):
    page = soup(client.get("/search/", {"q": "anything"}))

    assert meta_content(page, "robots") == "noindex"


def test_sitemap_lists_live_posts_with_lastmod_and_leaves_out_others(client, blog_index):
    post = make_post(blog_index, title="Mapped post")
    make_draft(blog_index, title="Draft post", slug="draft-post")
    make_private(make_post(blog_index, title="Private post", slug="private-post"))

    response = client.get("/sitemap.xml")

    assert response.status_code == 200
    entries = {
        url.findtext(f"{SITEMAP}loc"): url.findtext(f"{SITEMAP}lastmod")
        for url in ET.fromstring(response.content).iter(f"{SITEMAP}url")
    }
    assert entries[f"http://testserver{post.url}"]
    assert "http://testserver/blog/" in entries
    assert "http://testserver/blog/draft-post/" not in entries
    assert "http://testserver/blog/private-post/" not in entries


def test_robots_txt_allows_all_but_admin_and_search_and_names_the_sitemap(client, home_page):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines and "Disallow: /search/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


def test_robots_txt_keeps_crawlers_off_the_counting_urls(client, home_page):
    lines = client.get("/robots.txt").content.decode().splitlines()
    # A crawler following call-to-action links or beacons would count as clicks and reads.
    assert "Disallow: /go/" in lines and "Disallow: /analytics/" in lines
