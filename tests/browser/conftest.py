"""Real-browser tests: Playwright for Python driving Debian's Chromium.

Chromium comes from the distribution (``apt-get install chromium``), never from
``playwright install``. Where it is missing, every test here is skipped with that hint.
Each test gets a fresh browser context (no cookies), pages served by pytest-django's
``live_server``, and fails when the page opens a JavaScript dialog or breaks the
Content-Security-Policy.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.db import connections
from wagtail.models import Site

CHROMIUM = os.environ.get("FOLIO_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
TIMEOUT_MS = 10_000


@pytest.fixture
def browser(transactional_db, live_server):
    """Chromium for one test, started after the database is set up and closed before its
    flush.

    Playwright's sync API marks an asyncio loop as running in the test's thread between
    its calls. Django then takes the thread for an async context: it refuses ORM calls and
    keeps separate connections, which would break the restore of migration data between
    transactional tests. So the browser lives inside the test only, and the ORM calls the
    test makes meanwhile (factories), plain synchronous code, are allowed.
    """
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright")
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_api.sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
            # Close the connections the test opened while the loop ran (Django kept them
            # apart from the main ones), so none is left open when the test database goes.
            connections.close_all()
    finally:
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


class BrowserProblems:
    """What a page did that a reader's browser would flag: dialogs and CSP violations."""

    def __init__(self):
        self.dialogs = []
        self.csp_violations = []

    def watch(self, page):
        def on_dialog(dialog):
            self.dialogs.append(f"{dialog.type}: {dialog.message} on {page.url}")
            dialog.dismiss()

        def on_console(message):
            if "Content Security Policy" in message.text:
                self.csp_violations.append(f"{message.text} on {page.url}")

        page.on("dialog", on_dialog)
        page.on("console", on_console)


@pytest.fixture
def problems():
    return BrowserProblems()


def watched_context(browser, problems, **options):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, **options)
    context.set_default_timeout(TIMEOUT_MS)
    context.on("page", problems.watch)
    yield context
    context.close()
    assert problems.dialogs == [], "a page opened a JavaScript dialog"
    assert problems.csp_violations == [], "a page broke the Content-Security-Policy"


@pytest.fixture
def context(browser, problems):
    yield from watched_context(browser, problems)


@pytest.fixture
def page(context):
    return context.new_page()


@pytest.fixture
def unguarded_page(browser, problems):
    """A page whose browser ignores the Content-Security-Policy, to test what the HTML
    itself would do without it."""
    for context in watched_context(browser, problems, bypass_csp=True):
        yield context.new_page()


@pytest.fixture
def artifacts():
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def live_blog(blog_index, live_server):
    """The blog, with the site's host and port those of the live server, so the absolute
    URLs pages print (canonical, feeds, share links) lead back to it."""
    address = urlsplit(live_server.url)
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = address.hostname, address.port
    site.save()
    return blog_index
