"""The post editor in a real browser (issue #15): a fresh, empty Image or Call to action
block does not pause autosave, and the preview shows what a guest and a member see."""

import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import User
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
        indicator = page.locator("#w-autosave-indicator")
        # Let the last change's save finish too: its state says how it went.
        page.wait_for_timeout(1500)
        expect(indicator).to_have_attribute(
            "data-w-autosave-state-value", "saved", timeout=SAVE_TIMEOUT_MS
        )

    post = BlogPage.objects.get(title=TITLE)
    saved = [block.block_type for block in post.get_latest_revision_as_object().body]
    assert saved == ["paragraph", "image", "call_to_action", "paragraph"]


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
