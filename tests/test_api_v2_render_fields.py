"""API v2: a post ready to render (issue #16): ``html``, ``plaintext``, ``updated_at``.

``html`` is the body as the post page renders it (same templates, same cleaning, the
pictures' srcsets), for one reader's audience, with absolute URLs; ``plaintext`` is its
visible text; ``updated_at`` is the instant ``Last-Modified`` names.
"""

import re
from datetime import datetime

import pytest
from bs4 import BeautifulSoup
from django.utils.http import parse_http_date
from wagtail.images import get_image_model

from blog.models import BlogPage
from tests.api_fixtures import (
    API,
    document_fixture,  # noqa: F401 - a fixture, used by name
    list_posts,
    post_detail,
    rich_post_fixture,  # noqa: F401 - a fixture, used by name
)
from tests.factories import BlogPageFactory, ImageFactory
from tests.page_fixtures import publish, renditions_made

pytestmark = pytest.mark.django_db

Rendition = get_image_model().get_rendition_model()


def soup(html):
    return BeautifulSoup(html, "html.parser")


def shape(html):
    """The elements of ``html`` in order, by name and class: what a stylesheet sees."""
    return [(tag.name, tuple(tag.get("class") or ())) for tag in soup(html).find_all(True)]


def text(html):
    return " ".join(soup(html).get_text(" ").split())


def instant(iso_8601):
    return datetime.fromisoformat(iso_8601.replace("Z", "+00:00")).timestamp()


def page_body(client, post):
    response = client.get(post.url)
    assert response.status_code == 200
    return soup(response.content).find("div", class_="post__body").decode_contents()


def urls_in(html):
    """Every URL in links, sources, posters and srcset candidates of ``html``."""
    urls = re.findall(r'\s(?:href|src|poster)="([^"]*)"', html)
    for srcset in re.findall(r'\ssrcset="([^"]*)"', html):
        urls += [candidate.split()[0] for candidate in srcset.split(",")]
    return urls


# --- html ---------------------------------------------------------------------------------


def test_html_is_not_a_default_listing_field(client, rich_post):
    item = list_posts(client)["items"][0]
    assert "html" not in item and "plaintext" not in item


def test_html_is_not_a_default_detail_field_either(client, rich_post):
    data = post_detail(client, rich_post)
    assert "body" in data
    assert "html" not in data and "plaintext" not in data


def test_listing_gives_each_posts_html_when_asked(client, blog_index):
    BlogPageFactory(parent=blog_index, title="One", body=[("paragraph", "<p>First body.</p>")])
    BlogPageFactory(parent=blog_index, title="Two", body=[("paragraph", "<p>Second body.</p>")])
    items = list_posts(client, fields="html")["items"]
    html_by_title = {item["title"]: item["html"] for item in items}
    assert text(html_by_title["One"]) == "First body."
    assert text(html_by_title["Two"]) == "Second body."
    assert '<div class="block-paragraph">' in html_by_title["One"]


def test_detail_gives_html_when_asked(client, rich_post):
    data = post_detail(client, rich_post, fields="html")
    assert "Why integration" in text(data["html"])


def test_html_is_the_body_the_post_page_shows(client, rich_post):
    html = post_detail(client, rich_post, fields="html")["html"]
    on_the_page = page_body(client, rich_post)
    assert shape(html) == shape(on_the_page)
    assert text(html) == text(on_the_page)


def test_html_is_for_guests_unless_members_are_asked_for(client, rich_post):
    # The inline CTA "Join us" is for guests; the chosen snippet is for members.
    guest = text(post_detail(client, rich_post, fields="html")["html"])
    also_guest = text(post_detail(client, rich_post, fields="html", audience="guest")["html"])
    member = text(post_detail(client, rich_post, fields="html", audience="member")["html"])
    assert "Join us" in guest and guest == also_guest
    assert "Join us" not in member
    snippet_heading = rich_post.body[-2].value["snippet"].heading
    assert snippet_heading in member and snippet_heading not in guest


def test_every_url_in_html_is_absolute_on_the_requests_site(client, rich_post):
    renditions_made(rich_post)
    html = post_detail(client, rich_post, fields="html")["html"]
    urls = urls_in(html)
    assert any("/media/" in url for url in urls) and any("/go/" in url for url in urls)
    assert all(url.startswith(("http://testserver/", "https://")) for url in urls), urls


def test_html_pictures_offer_the_renditions_as_srcset(client, blog_index):
    image = ImageFactory(title="Wide", file__width=1600, file__height=900)
    post = BlogPageFactory(
        parent=blog_index, body=[("image", {"image": image, "alt": "Wide", "caption": ""})]
    )
    renditions_made(post)
    html = post_detail(client, post, fields="html")["html"]
    webp = soup(html).find("picture").find("source", type="image/webp")
    candidates = [candidate.split() for candidate in webp["srcset"].split(", ")]
    assert [width for _url, width in candidates] == ["400w", "800w", "1200w"]
    assert all(url.startswith("http://testserver/media/images/") for url, _width in candidates)
    assert all(url.endswith(".webp") for url, _width in candidates)
    assert soup(html).find("img")["sizes"]


def test_no_rendition_is_made_for_html_in_a_request(client, blog_index):
    image = ImageFactory(title="Desk")
    post = BlogPageFactory(
        parent=blog_index, body=[("image", {"image": image, "alt": "A desk", "caption": ""})]
    )
    before = Rendition.objects.count()
    html = post_detail(client, post, fields="html")["html"]
    assert Rendition.objects.count() == before
    img = soup(html).find("img")
    assert img["src"] == f"http://testserver{image.file.url}"  # the original meanwhile
    assert not soup(html).find(attrs={"srcset": True})


def test_html_is_cleaned_as_the_page_cleans_it(client, blog_index):
    post = BlogPageFactory(
        parent=blog_index,
        body=[
            ("paragraph", '<p>Hi<img src="x" onerror="alert(1)"><script>alert(2)</script></p>'),
            (
                "raw_html",
                '<div>kept<script>alert(3)</script><a href="javascript:alert(4)">x</a></div>',
            ),
        ],
    )
    html = post_detail(client, post, fields="html")["html"]
    assert "Hi" in html and "kept" in html
    for dangerous in ("<script", "onerror", "javascript:"):
        assert dangerous not in html


def test_html_reuses_the_body_the_post_page_cached(client, rich_post, settings):
    settings.FOLIO_FRAGMENT_CACHE = True
    renditions_made(rich_post)  # else the worker, asked by the page, retires what it cached
    page_body(client, rich_post)  # the page builds and caches its body
    # A change no signal reports: only a copy cached by the page can still show the old text.
    BlogPage.objects.filter(pk=rich_post.pk).update(body=[])
    assert "Why integration" in text(post_detail(client, rich_post, fields="html")["html"])


# --- plaintext ----------------------------------------------------------------------------


def test_plaintext_is_the_visible_text_without_markup(client, blog_index):
    post = BlogPageFactory(
        parent=blog_index,
        body=[
            ("heading", {"text": "Why it matters", "level": "h2"}),
            ("paragraph", '<p>It <b>did</b> &amp; <a href="https://example.org">more</a>.</p>'),
            ("quote", {"text": "Less is more.", "attribution": "Mies"}),
        ],
    )
    plaintext = post_detail(client, post, fields="plaintext")["plaintext"]
    assert plaintext == "Why it matters\n\nIt did & more.\n\nLess is more.\n\n— Mies"


def test_plaintext_follows_the_audience(client, rich_post):
    guest = post_detail(client, rich_post, fields="plaintext")["plaintext"]
    member = post_detail(client, rich_post, fields="plaintext", audience="member")["plaintext"]
    assert "Join us" in guest and "Join us" not in member
    assert "<" not in guest


def test_plaintext_in_a_listing(client, blog_index):
    BlogPageFactory(parent=blog_index, body=[("paragraph", "<p>Only <i>this</i>.</p>")])
    assert list_posts(client, fields="plaintext")["items"][0]["plaintext"] == "Only this."


# --- updated_at, reading_time, excerpt ------------------------------------------------------


def test_updated_at_is_the_instant_last_modified_names(client, blog_index):
    post = publish(BlogPageFactory(parent=blog_index))
    response = client.get(f"{API}/pages/{post.pk}/")
    updated_at = response.json()["updated_at"]
    assert updated_at.endswith("Z")
    assert instant(updated_at) == parse_http_date(response["Last-Modified"])


def test_updated_at_moves_with_a_new_publish(client, blog_index):
    post = publish(BlogPageFactory(parent=blog_index))
    first = post_detail(client, post)["updated_at"]
    post.last_published_at = post.last_published_at.replace(year=post.last_published_at.year + 1)
    post.save()
    assert post_detail(client, post)["updated_at"] > first


def test_cards_can_ask_for_updated_at_reading_time_and_excerpt(client, blog_index):
    publish(BlogPageFactory(parent=blog_index, index_intro="Teaser."))
    item = list_posts(client, fields="updated_at,reading_time,excerpt")["items"][0]
    assert item["updated_at"] and item["reading_time"] == 1 and item["excerpt"] == "Teaser."


def test_a_listings_newest_updated_at_is_its_last_modified(client, blog_index):
    publish(BlogPageFactory(parent=blog_index, title="Older"))
    publish(BlogPageFactory(parent=blog_index, title="Newer"))
    response = client.get(f"{API}/pages/", {"type": "blog.BlogPage", "fields": "updated_at"})
    newest = max(item["updated_at"] for item in response.json()["items"])
    assert instant(newest) == parse_http_date(response["Last-Modified"])
