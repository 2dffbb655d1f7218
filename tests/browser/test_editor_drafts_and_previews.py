"""The post editor in a real browser (issue #15): a fresh, empty Image or Call to action
block does not pause autosave, and the preview shows what a guest and a member see."""

import re
import time
from contextlib import suppress
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import User
from django.db import OperationalError
from playwright.sync_api import expect
from wagtail.models import Site

from blog.models import BlogPage
from blog.site_settings import BlogSettings
from tests.browser.test_editor import (
    PASSWORD,
    choose_from_modal,
    insert_block,
    log_in,
    member_of,
    step,
    type_rich_text,
)
from tests.factories import BlogPageFactory, CallToActionFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TITLE = "Focus time for remote teams"
GUEST_CTA = "Sign up: it is free"
MEMBER_CTA = "Try the new timeline"
DEFAULT_GUEST_CTA = "Start your free trial"


SAVE_TIMEOUT_MS = 30_000
# The post's form posted by autosave: to the add view first, then to the edit view.
SAVE_PATH = re.compile(r"/admin/pages/(\d+/edit|add/blog/blogpage/\d+)/$")


def is_a_save(response):
    request = response.request
    return request.method == "POST" and bool(SAVE_PATH.search(urlsplit(request.url).path))


def test_autosave_goes_on_after_an_empty_image_and_call_to_action_block_are_added(
    page, live_server, live_blog, artifacts
):
    member_of("Marketing writers", "writer")

    with step(page, artifacts, "autosave-empty-blocks"):
        log_in(page, live_server, "writer")
        page.goto(f"{live_server.url}/admin/pages/add/blog/blogpage/{live_blog.pk}/")
        page.locator("#id_title").fill(TITLE)
        paragraph = insert_block(page, "Paragraph")
        type_rich_text(page, f"body-{paragraph}-value", "Protect two hours a day.")
        # Generous timeouts: the first autosave creates the page, slow on a loaded machine.
        with page.expect_response(is_a_save, timeout=SAVE_TIMEOUT_MS) as first_save:
            insert_block(page, "Image")
            insert_block(page, "Call to action")
            closing = insert_block(page, "Paragraph")
            type_rich_text(page, f"body-{closing}-value", "More soon.")
        assert first_save.value.ok
        # Autosave goes on until the last change is saved too (the indicator may say
        # "saved" for an earlier save while the last one waits for its turn).
        saved = saved_blocks_when(page, ["paragraph", "image", "call_to_action", "paragraph"])
        expect(page.locator("#w-autosave-indicator")).to_have_attribute(
            "data-w-autosave-state-value", "saved", timeout=SAVE_TIMEOUT_MS
        )

    assert saved == ["paragraph", "image", "call_to_action", "paragraph"]


# Wagtail's unsaved-changes controller takes the form's first state 2 s after it starts
# (UnsavedController.initialDelayValue): a change before then counts as the first state.
FIRST_STATE_DELAY_MS = 2500

# Holds the page's POSTs (autosave's) until the test lets them go: ``window.folioRelease()``.
HOLD_SAVES = """() => {
    const send = window.fetch;
    let release;
    const released = new Promise((resolve) => { release = resolve; });
    window.folioRelease = () => release();
    window.fetch = (input, init) => (init && init.method === "post")
        ? released.then(() => send(input, init))
        : send(input, init);
}"""


def test_a_change_typed_as_an_autosave_comes_back_is_saved_too(
    page, live_server, live_blog, artifacts
):
    member_of("Marketing writers", "writer")
    post = BlogPageFactory(parent=live_blog, title="Before", live=False)
    indicator = page.locator("#w-autosave-indicator")

    with step(page, artifacts, "autosave-catch-up"):
        log_in(page, live_server, "writer")
        page.goto(f"{live_server.url}/admin/pages/{post.pk}/edit/")
        page.wait_for_load_state("load")
        page.wait_for_timeout(FIRST_STATE_DELAY_MS)
        page.evaluate(HOLD_SAVES)
        page.locator("#id_title").fill("First words")
        expect(indicator).to_have_attribute("data-w-autosave-state-value", "saving")
        # Typed while the save of "First words" is on its way, and it comes back at once:
        # before Wagtail's unsaved-changes check has noticed the new words.
        page.locator("#id_title").fill("Second words")
        page.evaluate("window.folioRelease()")
        saved = saved_title_when(page, post, "Second words")
        expect(indicator).to_have_attribute(
            "data-w-autosave-state-value", "saved", timeout=SAVE_TIMEOUT_MS
        )

    assert saved == "Second words"


def saved_title_when(page, post, expected):
    """The title of ``post``'s latest revision once it is ``expected``, or as it is when
    the save timeout is over."""
    deadline = time.monotonic() + SAVE_TIMEOUT_MS / 1000
    while True:
        with suppress(OperationalError):  # SQLite: the server is writing; ask again
            title = BlogPage.objects.get(pk=post.pk).get_latest_revision_as_object().title
            if title == expected or time.monotonic() > deadline:
                return title
        page.wait_for_timeout(250)


def saved_blocks_when(page, expected):
    """The block types of the post's latest revision once they are ``expected``, or as
    they are when the save timeout is over."""
    deadline = time.monotonic() + SAVE_TIMEOUT_MS / 1000
    while True:
        with suppress(OperationalError):  # SQLite: the server is writing; ask again
            post = BlogPage.objects.get(title=TITLE)
            saved = [block.block_type for block in post.get_latest_revision_as_object().body]
            if saved == expected or time.monotonic() > deadline:
                return saved
        page.wait_for_timeout(250)


def test_preview_modes_show_what_a_guest_and_a_member_see(page, live_server, live_blog, artifacts):
    User.objects.create_superuser("editor", "editor@example.com", PASSWORD)
    settings = BlogSettings.for_site(Site.objects.get(is_default_site=True))
    settings.default_guest_call_to_action = CallToActionFactory(heading=DEFAULT_GUEST_CTA)
    settings.save()
    post = BlogPageFactory(
        parent=live_blog,
        title=TITLE,
        body=[
            ("paragraph", "<p>Protect two hours a day.</p>"),
            ("call_to_action", {"heading": GUEST_CTA, "url": "https://example.com/", "audience": "guests"}),
            ("call_to_action", {"heading": MEMBER_CTA, "url": "https://example.com/", "audience": "members"}),
        ],
    )  # fmt: skip

    with step(page, artifacts, "preview-modes"):
        log_in(page, live_server, "editor")
        page.goto(f"{live_server.url}/admin/pages/{post.pk}/edit/")
        page.locator("[data-side-panel-toggle='preview']").click()
        preview = page.frame_locator("#w-preview-iframe")
        body = preview.locator("main")
        # The default mode first (the editor, signed in, is a member); a mode chosen
        # while that first preview loads could be overtaken by it.
        expect(body).to_contain_text(MEMBER_CTA, timeout=SAVE_TIMEOUT_MS)

        page.locator("#id_preview_mode").select_option(label="This site, as a guest")
        expect(body).to_contain_text(GUEST_CTA, timeout=SAVE_TIMEOUT_MS)
        expect(body).to_contain_text(DEFAULT_GUEST_CTA)
        expect(body).not_to_contain_text(MEMBER_CTA)

        page.locator("#id_preview_mode").select_option(label="This site, as a member")
        expect(body).to_contain_text(MEMBER_CTA, timeout=SAVE_TIMEOUT_MS)
        expect(body).not_to_contain_text(GUEST_CTA)
        expect(body).not_to_contain_text(DEFAULT_GUEST_CTA)


def test_choosing_a_saved_call_to_action_puts_the_typed_fields_away(
    page, live_server, live_blog, artifacts
):
    User.objects.create_superuser("editor", "editor@example.com", PASSWORD)
    CallToActionFactory(name="Sign-up banner")

    with step(page, artifacts, "cta-either-or"):
        log_in(page, live_server, "editor")
        page.goto(f"{live_server.url}/admin/pages/add/blog/blogpage/{live_blog.pk}/")
        cta = insert_block(page, "Call to action")
        heading = page.locator(f"#body-{cta}-value-heading")
        expect(heading).to_be_visible()

        page.locator(f"#body-{cta}-value-snippet-chooser .chooser__choose-button").click()
        choose_from_modal(page, "Sign-up banner")

        expect(heading).to_be_hidden()
        expect(page.locator(f"#body-{cta}-value-url")).to_be_hidden()
