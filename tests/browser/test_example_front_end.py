"""The example front end (examples/front-end/), served as docs/api.md "Build a front end
in 15 minutes" serves it (a static server on its own origin) against a live Folio, builds
the latest posts, a post, a tag page and "More like this" from API v2 alone."""

import functools
import io
import os
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.core.management import call_command

from blog.models import BlogIndexPage
from tests.browser.content import reader_post
from tests.page_fixtures import make_post

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

FRONT_END = Path(__file__).resolve().parents[2] / "examples" / "front-end"
# The first free port of these serves the front end (FOLIO_FRONT_END_PORT moves the
# range, for a machine where other test runs hold these).
FIRST_PORT = int(os.environ.get("FOLIO_FRONT_END_PORT", "8860"))
PORTS = range(FIRST_PORT, FIRST_PORT + 10)
TITLE = "Work-Life Balance is so Yesterday, Now We Need Work-Life Integration"


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


def static_server():
    handler = functools.partial(QuietHandler, directory=str(FRONT_END))
    for port in PORTS:
        try:
            return ThreadingHTTPServer(("127.0.0.1", port), handler)
        except OSError:
            continue
    pytest.skip(f"no free port in {PORTS.start}-{PORTS.stop - 1} for the front end")


@pytest.fixture
def front_end():
    """``python3 -m http.server -d examples/front-end``, in a thread: ES modules load over
    HTTP only, and the front end then reads the API from another origin, as in production."""
    server = static_server()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture
def open_front_end(page, front_end, live_server):
    def open_view(query=""):
        page.goto(f"{front_end}?api={live_server.url}/api/v2{query}")
        return page

    return open_view


@pytest.fixture
def demo(browser, live_server):
    call_command("load_demo", stdout=io.StringIO())


@pytest.fixture
def focus_posts(browser, live_blog):
    """The post "Deep work in small teams" (tags focus, teamwork), two more about focus
    and one about something else."""
    post = reader_post(live_blog)
    make_post(live_blog, title="Inbox zero for teams", tag_names=["focus"])
    make_post(live_blog, title="Quiet hours", tag_names=["focus", "calm"])
    make_post(live_blog, title="Hiring your first designer", tag_names=["hiring"])
    return post


def main_text(page):
    return page.locator("main").inner_text()


def test_lists_the_latest_posts(open_front_end, demo):
    page = open_front_end()
    page.get_by_role("heading", name="Latest posts").wait_for()
    assert page.get_by_role("link", name=TITLE).is_visible()


def test_renders_the_seed_post_for_a_guest(open_front_end, demo):
    page = open_front_end()
    page.get_by_role("link", name=TITLE).click()
    page.get_by_role("heading", name=TITLE, level=1).wait_for()
    assert page.locator(".notice a").get_attribute("href") == (
        "https://quire.io/blog/p/remote-team-advice.html"
    )
    assert page.locator('.cta a[href="https://bit.ly/38mUj9f"]').is_visible()
    assert page.get_by_text("Quire Marketing Team").first.is_visible()
    assert page.get_by_role(
        "heading", name="6 steps to make work-life integration work for you"
    ).is_visible()


def test_members_do_not_get_the_guest_banner(open_front_end, demo):
    page = open_front_end("&post=work-life-integration&audience=member")
    page.get_by_role("heading", name=TITLE, level=1).wait_for()
    assert page.locator(".cta").count() == 0


def test_the_walkthrough_on_the_demo(open_front_end, demo):
    """docs/api.md "Build a front end in 15 minutes", steps 1 and 6: a second post with
    one of the demo post's tags, then the post, its "More like this" and the tag page."""
    make_post(BlogIndexPage.objects.get(), title="Productive mornings", tag_names=["productivity"])

    page = open_front_end("&post=work-life-integration")
    page.get_by_role("heading", name=TITLE, level=1).wait_for()
    more = page.locator("section.more")
    more.get_by_role("heading", name="More like this").wait_for()
    assert more.locator("h2 a").all_inner_texts() == ["Productive mornings"]

    page = open_front_end("&tag=productivity")
    page.get_by_role("heading", name="Posts tagged #productivity", level=1).wait_for()
    titles = page.locator("article.card h2 a").all_inner_texts()
    assert sorted(titles) == ["Productive mornings", TITLE]


def test_a_post_shows_its_tags_and_more_like_this(open_front_end, focus_posts):
    page = open_front_end("&post=deep-work")
    page.get_by_role("heading", name="Deep work in small teams", level=1).wait_for()
    assert "Focus is a team sport" in main_text(page)
    assert page.locator("a.tag").all_inner_texts() == ["#focus", "#teamwork"]

    more = page.locator("section.more")
    more.get_by_role("heading", name="More like this").wait_for()
    assert sorted(more.locator("h2 a").all_inner_texts()) == ["Inbox zero for teams", "Quiet hours"]


def test_a_tag_page_lists_the_tags_posts(open_front_end, focus_posts):
    page = open_front_end("&post=deep-work")
    page.locator("a.tag", has_text="#focus").click()
    page.get_by_role("heading", name="Posts tagged #focus", level=1).wait_for()
    assert page.locator("main > p.meta").text_content() == "3 posts"
    titles = page.locator("article.card h2 a").all_inner_texts()
    assert sorted(titles) == ["Deep work in small teams", "Inbox zero for teams", "Quiet hours"]


def test_a_more_like_this_link_opens_that_post(open_front_end, focus_posts):
    page = open_front_end("&post=deep-work")
    page.locator("section.more").get_by_role("link", name="Quiet hours").click()
    page.get_by_role("heading", name="Quiet hours", level=1).wait_for()
    assert page.locator("a.tag").all_inner_texts() == ["#calm", "#focus"]
