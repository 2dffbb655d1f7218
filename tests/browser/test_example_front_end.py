"""The example external front end (examples/front-end/) builds the seed post from the API."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

FRONT_END = Path(__file__).resolve().parents[2] / "examples" / "front-end" / "index.html"
TITLE = "Work-Life Balance is so Yesterday, Now We Need Work-Life Integration"


@pytest.fixture
def demo_api(browser, live_server):
    call_command("load_demo", stdout=io.StringIO())
    return f"{live_server.url}/api/v2"


def open_front_end(page, api, query=""):
    page.goto(f"{FRONT_END.as_uri()}?api={api}{query}")


def test_lists_the_latest_posts(page, demo_api):
    open_front_end(page, demo_api)
    page.get_by_role("heading", name="Latest posts").wait_for()
    assert page.get_by_role("link", name=TITLE).is_visible()


def test_renders_the_seed_post_for_a_guest(page, demo_api):
    open_front_end(page, demo_api)
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


def test_members_do_not_get_the_guest_banner(page, demo_api):
    open_front_end(page, demo_api, "&post=work-life-integration&audience=member")
    page.get_by_role("heading", name=TITLE, level=1).wait_for()
    assert page.locator(".cta").count() == 0
