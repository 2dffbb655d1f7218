"""A reader's journey through the public blog in a real browser."""

import pytest

from tests.browser.content import SIGNUP_URL, many_posts, reader_post

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def main_text(page):
    return page.locator("main").inner_text()


def test_reader_goes_from_home_to_post_and_its_listings_then_searches(page, live_server, live_blog):
    reader_post(live_blog)

    page.goto(live_server.url + "/")
    assert "Deep work in small teams" in main_text(page)

    page.get_by_role("link", name="Read the blog").click()
    page.wait_for_url("**/blog/")
    assert page.locator("h1").inner_text() == "Blog"
    assert "How small teams protect their focus." in main_text(page)

    page.get_by_role("link", name="Deep work in small teams").click()
    page.wait_for_url("**/blog/deep-work/")
    assert page.locator("h1").inner_text() == "Deep work in small teams"
    assert "Focus is a team sport" in main_text(page)

    page.locator("a.tag", has_text="focus").click()
    page.wait_for_url("**/blog/tag/focus/")
    assert "Deep work in small teams" in main_text(page)

    page.go_back()
    page.locator("a.meta__category", has_text="Productivity").click()
    page.wait_for_url("**/blog/category/productivity/")
    assert page.locator("h1").inner_text() == "Productivity"
    assert "Getting things done." in main_text(page)

    page.go_back()
    page.locator(".post__byline").get_by_role("link", name="Ada Writer").click()
    page.wait_for_url("**/blog/author/ada-writer/")
    assert page.locator("h1").inner_text() == "Ada Writer"
    assert "Writes about focus." in main_text(page)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Search").click()
    page.wait_for_url("**/search/")
    page.get_by_label("Search the blog").fill("meetings")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/search/?q=meetings")
    assert "1 result for “meetings”" in page.locator(".search-summary").inner_text()
    page.locator(".search-result__title a").click()
    page.wait_for_url("**/blog/deep-work/")


def test_guest_sees_the_signup_banner(page, live_server, live_blog):
    reader_post(live_blog)
    page.goto(live_server.url + "/blog/deep-work/")
    banner = page.locator("section.cta")
    assert banner.is_visible()
    assert "Plan your week with Folio" in banner.inner_text()
    # The button goes through /go/ (analytics), which sends the reader on to the sign-up page.
    href = page.get_by_role("link", name="Sign up free").get_attribute("href")
    assert (
        page.request.get(live_server.url + href, max_redirects=0).headers["location"] == SIGNUP_URL
    )


def test_member_does_not_see_the_signup_banner(context, page, live_server, live_blog):
    reader_post(live_blog)
    context.add_cookies([{"name": "folio_member", "value": "1", "url": live_server.url}])
    page.goto(live_server.url + "/blog/deep-work/")
    assert "Focus is a team sport" in main_text(page)
    assert page.locator("section.cta").count() == 0
    assert page.get_by_role("link", name="Sign up free").count() == 0


def test_older_posts_link_leads_to_page_two(page, live_server, live_blog):
    posts = many_posts(live_blog, 16)
    page.goto(live_server.url + "/blog/")
    assert page.locator(".card").count() == 15
    assert "Page 1" in page.locator(".pagination").inner_text()

    page.get_by_role("link", name="Older posts").click()
    page.wait_for_url("**/blog/?page=2")
    assert "Page 2" in page.locator(".pagination").inner_text()
    assert page.locator(".card").count() == 1
    assert page.locator(".card__title").inner_text() == posts[0].title

    page.get_by_role("link", name="Newer posts").click()
    page.wait_for_url("**/blog/")
    assert page.locator(".card__title").first.inner_text() == posts[-1].title


def test_missing_page_shows_the_friendly_404(page, live_server, live_blog):
    response = page.goto(live_server.url + "/blog/no-such-post/")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "We can’t find that page"
    assert page.get_by_label("Search the blog").is_visible()


def test_blog_pages_announce_their_feeds_in_head(page, live_server, live_blog):
    reader_post(live_blog)
    for path in ("/blog/", "/blog/deep-work/"):
        page.goto(live_server.url + path)
        feeds = page.locator('head link[rel="alternate"]')
        types = {feeds.nth(i).get_attribute("type") for i in range(feeds.count())}
        assert {"application/rss+xml", "application/atom+xml"} <= types, path
        rss = page.locator('head link[rel="alternate"][type="application/rss+xml"]').first
        response = page.request.get(rss.get_attribute("href"))
        assert response.ok
        assert "<rss" in response.text()


@pytest.mark.parametrize("width", [375, 1280])
def test_post_screenshot(page, live_server, live_blog, artifacts, width):
    reader_post(live_blog)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + "/blog/deep-work/")
    # The one-column post fits the phone's width: nothing scrolls sideways.
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width
    path = artifacts / f"post-{width}px.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 0
