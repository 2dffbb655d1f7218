"""Screenshots of a writer's day for README "For the marketing team" (issue #15).

The post editor with its blocks, the block picker and the preview as a guest, at 1280 px.
They go to ``test-artifacts/``; with ``FOLIO_DOCS_SCREENSHOTS=1`` to ``docs/screenshots/``,
where README shows them (so an ordinary run never changes the documentation).
"""

import os
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from tests.browser.test_editor import PASSWORD, log_in, step
from tests.long_post import long_post

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

DOCS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def test_screenshots_of_the_post_editor_the_block_picker_and_the_guest_preview(
    page, live_server, live_blog, artifacts
):
    folder = DOCS if os.environ.get("FOLIO_DOCS_SCREENSHOTS") else artifacts
    User.objects.create_superuser("editor", "editor@example.com", PASSWORD)
    post = long_post(live_blog, count=14, title="Focus time for remote teams")

    with step(page, artifacts, "screenshots"):
        log_in(page, live_server, "editor")
        page.goto(f"{live_server.url}/admin/pages/{post.pk}/edit/")
        blocks = page.locator("#body-root [data-streamfield-child]")
        expect(blocks).to_have_count(14)
        blocks.first.scroll_into_view_if_needed()
        page.screenshot(path=str(folder / "admin-post-editor.png"))

        page.locator("#body-root .c-sf-add-button").first.click()
        expect(page.get_by_role("option", name="Paragraph", exact=True)).to_be_visible()
        page.screenshot(path=str(folder / "admin-block-picker.png"))
        page.keyboard.press("Escape")

        page.locator("[data-side-panel-toggle='preview']").click()
        preview = page.frame_locator("#w-preview-iframe").locator("main")
        expect(preview).to_be_visible(timeout=30_000)
        page.locator("#id_preview_mode").select_option(label="This site, as a guest")
        expect(preview.locator("h1")).to_have_text(post.title, timeout=30_000)
        page.wait_for_timeout(1000)  # the guest preview replaces the member one
        page.screenshot(path=str(folder / "admin-preview-as-guest.png"))
