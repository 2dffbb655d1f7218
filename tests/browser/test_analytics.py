"""Analytics in a real browser: guests and members read posts and click calls to action,
the worker's flush runs, and the marketing team's report shows exactly that.

Readers browse as a desktop Chrome: Chromium's own user agent says HeadlessChrome, which
analytics rightly takes for a bot. Every context fails on a CSP violation, so the script
and its beacons are also checked against the site's policy.
"""

import re
import time
from contextlib import contextmanager

import pytest
from django.contrib.auth.models import Group, User
from django.core.signals import request_started

from analytics.flush import flush
from tests.analytics_fixtures import BROWSER, own_buffer_fixture  # noqa: F401
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, watched_context
from tests.factories import BlogPageFactory, CallToActionFactory
from tests.page_fixtures import publish

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "a-long-editor-password"
BEACON_WAIT_SECONDS = 10


@pytest.fixture
def desktop_browser(browser):
    """Chromium whose user agent is a desktop Chrome's, for every request: a beacon sent as
    a page unloads carries the browser's own user agent, not the one a context sets."""
    desktop = browser.browser_type.launch(
        executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, f"--user-agent={BROWSER}"]
    )
    yield desktop
    desktop.close()


@pytest.fixture
def beacons():
    """Beacons the server has received so far. Counted where they arrive: Playwright does
    not report the one a page sends as it unloads."""
    received = []

    def note(sender, environ, **kwargs):
        if environ.get("PATH_INFO") == "/analytics/beacon":
            received.append(environ.get("CONTENT_LENGTH"))

    request_started.connect(note)
    yield received
    request_started.disconnect(note)


@contextmanager
def reader(browser, problems, live_server, *, member=False):
    """A reader's page, in a browser of its own."""
    for context in watched_context(browser, problems):
        if member:
            context.add_cookies([{"name": "folio_member", "value": "1", "url": live_server.url}])
        yield context.new_page()


def wait_for(page, beacons, count):
    """Until the server has received ``count`` beacons in all (they go out in the
    background), and has had a moment to count the last one."""
    deadline = time.monotonic() + BEACON_WAIT_SECONDS
    while len(beacons) < count and time.monotonic() < deadline:
        page.wait_for_timeout(50)
    assert len(beacons) >= count, beacons
    page.wait_for_timeout(200)


def read_to_the_end(page):
    for banner in page.locator("section.cta").all():
        banner.scroll_into_view_if_needed()
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_timeout(200)  # let the browser report what came into view


def cells(row):
    return [" ".join(cell.split()) for cell in row.locator("td").all_inner_texts()]


def test_the_report_shows_what_guests_and_members_read_and_clicked(
    browser, desktop_browser, beacons, problems, live_server, live_blog
):
    thanks = live_server.url + "/search/?q=thanks"  # on the site, so the clicks land offline
    trial = CallToActionFactory(
        name="Trial banner", heading="Start a free trial", button_label="Start trial", url=thanks
    )
    plan = publish(
        BlogPageFactory(
            parent=live_blog,
            title="Plan your week",
            slug="plan-your-week",
            body=[
                ("paragraph", "<p>Monday mornings decide the week.</p>"),
                ("call_to_action", {"snippet": trial, "audience": "guests"}),
                (
                    "call_to_action",
                    {
                        "heading": "Get the weekly template",
                        "button_label": "Get the template",
                        "url": thanks,
                        "audience": "everyone",
                    },
                ),
            ],
        )
    )
    snacks = publish(BlogPageFactory(parent=live_blog, title="Office snacks", slug="office-snacks"))

    # A guest reads the plan to the end and starts the trial.
    with reader(desktop_browser, problems, live_server) as page:
        page.goto(live_server.url + plan.url)
        wait_for(page, beacons, 1)
        read_to_the_end(page)
        page.get_by_role("link", name="Start trial").click()
        page.wait_for_url(re.compile(r"/search/\?q=thanks"))
        wait_for(page, beacons, 2)

    # A member reads it too (no trial banner for members) and takes the template.
    with reader(desktop_browser, problems, live_server, member=True) as page:
        page.goto(live_server.url + plan.url)
        assert page.get_by_role("link", name="Start trial").count() == 0
        wait_for(page, beacons, 3)
        read_to_the_end(page)
        page.get_by_role("link", name="Get the template").click()
        page.wait_for_url(re.compile(r"/search/\?q=thanks"))
        wait_for(page, beacons, 4)

    # Another guest opens the snacks post and goes back to the blog.
    with reader(desktop_browser, problems, live_server) as page:
        page.goto(live_server.url + snacks.url)
        wait_for(page, beacons, 5)
        page.goto(live_server.url + live_blog.url)
        wait_for(page, beacons, 7)  # the snacks post's read depth, the blog index's view

    assert flush() == 1  # the worker's flush

    editor = User.objects.create_user("marketing", password=PASSWORD)
    editor.groups.add(Group.objects.get(name="Marketing editors"))
    for context in watched_context(browser, problems):
        page = context.new_page()
        page.goto(live_server.url + "/admin/login/")
        page.get_by_label("Username").fill("marketing")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(live_server.url + "/admin/")
        assert page.locator("table.analytics-top-posts").is_visible()  # the dashboard panel

        page.goto(live_server.url + "/admin/analytics/")
        rows = page.locator("table tbody tr")
        # Post, views, visitors, guests, members, finished reads, finished, CTA seen, clicks,
        # conversion. Every reader here has one address and one browser: one visitor a day.
        assert cells(rows.filter(has_text="Plan your week")) == [
            "Plan your week", "2", "1", "1", "1", "2", "100.0%", "3", "2", "66.7%",
        ]  # fmt: skip
        assert cells(rows.filter(has_text="Office snacks"))[:5] == [
            "Office snacks",
            "1",
            "1",
            "1",
            "0",
        ]

        page.get_by_role("link", name="Plan your week").click()
        page.wait_for_url(f"**/admin/analytics/pages/{plan.pk}/")
        ctas = page.locator("table.analytics-ctas tbody tr")
        ctas.first.wait_for()
        # Seen, clicks, conversion, guests (seen / clicks), members (seen / clicks)
        assert cells(ctas.filter(has_text="Trial banner"))[1:] == [
            "1",
            "1",
            "100.0%",
            "1 / 1",
            "0 / 0",
        ]
        assert cells(ctas.filter(has_text="Get the weekly template"))[1:] == [
            "2", "1", "50.0%", "1 / 0", "1 / 1",
        ]  # fmt: skip
