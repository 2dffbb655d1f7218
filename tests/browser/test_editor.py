"""An editor's journey in Wagtail's admin, in a real browser.

The long test follows one post from a writer's empty form to the public blog and the API:
each step needs the one before, so they run in one test, each as a named helper. When a
step fails, the page as it was is saved in ``test-artifacts/editor-<step>.png``.
"""

import re
from contextlib import ExitStack, contextmanager, suppress

import pytest
from django.contrib.auth.models import Group, User
from playwright.sync_api import expect
from wagtail.models import Collection

from blog.models import BlogPage
from tests.browser.conftest import watched_context
from tests.browser.content import reader_post
from tests.factories import AuthorFactory, CategoryFactory, ImageFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "a-long-editor-password"
TITLE = "Focus time for remote teams"
SLUG = "focus-time-for-remote-teams"
PARAGRAPH = "Protect two hours a day from meetings."
NOTICE = "Our schedule template is free."
CTA_HEADING = "Plan focus time with Folio"
CTA_URL = "https://example.com/signup"


def test_editor_logs_in_and_finds_the_post_in_the_page_explorer(page, live_server, live_blog):
    post = reader_post(live_blog)
    User.objects.create_superuser("editor", "editor@example.com", PASSWORD)

    log_in(page, live_server, "editor")
    page.goto(f"{live_server.url}/admin/pages/{live_blog.pk}/")
    explorer = page.locator("main")
    assert explorer.get_by_role("link", name="Deep work in small teams").first.is_visible()

    # Back on the public site the editor gets Wagtail's user bar, within the policy.
    page.goto(live_server.url + post.url)
    assert page.locator("h1").inner_text() == "Deep work in small teams"
    assert page.locator("wagtail-userbar").count() == 1


def test_writer_drafts_previews_and_submits_a_post_an_editor_publishes_it_for_readers(
    new_page, live_server, live_blog, artifacts
):
    member_of("Marketing writers", "writer")
    member_of("Marketing editors", "moderator")
    AuthorFactory(name="Ada Writer", slug="ada-writer")
    CategoryFactory(name="Productivity", slug="productivity")
    # In the root collection, where the writers' group may choose images.
    ImageFactory(title="Team at a whiteboard", collection=Collection.get_first_root_node())

    writer = new_page()
    with step(writer, artifacts, "writer-logs-in"):
        log_in(writer, live_server, "writer")
    with step(writer, artifacts, "writer-fills-the-form"):
        writer.goto(f"{live_server.url}/admin/pages/add/blog/blogpage/{live_blog.pk}/")
        writer.locator("#id_title").fill(TITLE)
        choose_inline_snippet(writer, "post_authors", "Ada Writer")
        choose_inline_snippet(writer, "post_categories", "Productivity")
        add_tags(writer, ["remote", "focus"])
        choose_hero_image(writer, "Team at a whiteboard")
        fill_body(writer)
        wait_for_autosave(writer)
    with step(writer, artifacts, "writer-previews"):
        preview = open_preview(writer)
        expect(preview.locator("h1")).to_have_text(TITLE)
        expect(preview.locator(".post__body .notice")).to_contain_text(NOTICE)
    with step(writer, artifacts, "writer-submits"):
        submit_for_moderation(writer)
    post = BlogPage.objects.get(slug=SLUG)
    assert not post.live
    assert post.current_workflow_state.status == "in_progress"

    editor = new_page()
    with step(editor, artifacts, "editor-approves"):
        log_in(editor, live_server, "moderator")
        approve(editor, live_server, post)
    post.refresh_from_db()
    assert post.live

    guest = new_page()
    with step(guest, artifacts, "guest-reads"):
        guest.goto(f"{live_server.url}/blog/{SLUG}/")
        assert guest.locator("h1").inner_text() == TITLE
        assert PARAGRAPH in guest.locator(".post__body").inner_text()
        assert NOTICE in guest.locator(".post__body .notice--tip").inner_text()
        assert CTA_HEADING in guest.locator(".post__body section.cta").inner_text()
        assert guest.locator(".post__hero img").is_visible()
        assert "Ada Writer" in guest.locator(".post__byline").inner_text()
        assert guest.locator(".meta__category").text_content() == "Productivity"
        tags = guest.locator("a.tag").all_inner_texts()
        assert sorted(tags) == ["focus", "remote"]

    with step(guest, artifacts, "api-lists-it"):
        response = guest.request.get(
            f"{live_server.url}/api/v2/pages/?type=blog.BlogPage&slug={SLUG}&fields=*"
        )
        assert response.ok
        (item,) = response.json()["items"]
        assert item["title"] == TITLE
        blocks = {block["type"]: block["value"] for block in item["body"]}
        assert list(blocks) == ["paragraph", "notice", "call_to_action"]
        assert blocks["call_to_action"]["heading"] == CTA_HEADING
        assert blocks["call_to_action"]["audience"] == "guests"


def test_writer_previews_a_new_post_before_it_is_ever_saved(
    page, settings, live_server, live_blog, artifacts
):
    # Without autosave the form stays a new page: the preview renders a post with no id.
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0
    member_of("Marketing writers", "writer")

    with step(page, artifacts, "new-post-preview"):
        log_in(page, live_server, "writer")
        page.goto(f"{live_server.url}/admin/pages/add/blog/blogpage/{live_blog.pk}/")
        page.locator("#id_title").fill(TITLE)
        add_tags(page, ["remote"])
        paragraph = insert_block(page, "Paragraph")
        type_rich_text(page, f"body-{paragraph}-value", PARAGRAPH)
        preview = open_preview(page)
        expect(preview.locator("h1")).to_have_text(TITLE)
        expect(preview.locator(".post__body")).to_contain_text(PARAGRAPH)
    assert not BlogPage.objects.filter(slug=SLUG).exists()


@pytest.fixture
def new_page(browser, problems):
    """Makes a page in a browser context of its own (each person their own cookies),
    watched for dialogs and policy violations like the ``page`` fixture."""
    with ExitStack() as contexts:

        def make():
            return contexts.enter_context(watched(browser, problems)).new_page()

        yield make


watched = contextmanager(watched_context)


# -- the steps ---------------------------------------------------------------------------


@contextmanager
def step(page, artifacts, name):
    """Run one step of the journey; on failure keep a screenshot of the page as it was."""
    try:
        yield
    except Exception:
        # The step's own error is the one to report, even if the page can't be captured.
        with suppress(Exception):
            page.screenshot(path=str(artifacts / f"editor-{name}.png"), full_page=True)
        raise


def member_of(group_name, username):
    user = User.objects.create_user(username=username, password=PASSWORD)
    user.groups.add(Group.objects.get(name=group_name))
    return user


def log_in(page, live_server, username):
    page.goto(live_server.url + "/admin/")
    page.wait_for_url("**/admin/login/**")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(live_server.url + "/admin/")


def choose_from_modal(page, name):
    """Click the item called ``name`` in the chooser modal that just opened."""
    modal = page.locator(".modal")
    modal.locator("[data-chooser-modal-choice]", has_text=name).first.click()
    modal.wait_for(state="hidden")


def choose_inline_snippet(page, formset, name):
    """Add a row to an inline panel (authors, categories) and choose its snippet."""
    page.locator(f"#id_{formset}-ADD").click()
    row = page.locator(f"#id_{formset}-FORMS [data-inline-panel-child]").last
    row.locator(".chooser__choose-button").click()
    choose_from_modal(page, name)
    assert row.locator("[data-chooser-title]").inner_text() == name


def add_tags(page, names):
    """Type into Wagtail's tag input; a comma closes each tag."""
    tag_input = page.locator("#id_tags + ul.tagit input")
    for name in names:
        tag_input.fill(name)
        tag_input.press(",")
    assert page.locator("#id_tags").input_value() == ",".join(names)


def choose_hero_image(page, title):
    page.locator("#id_hero_image-chooser .chooser__choose-button").click()
    choose_from_modal(page, title)
    assert page.locator("#id_hero_image-title").inner_text() == title


def insert_block(page, label):
    """Append a block to the body with the last "+" and the block picker; its index."""
    index = page.locator("#body-root [data-streamfield-child]").count()
    page.locator("#body-root .c-sf-add-button").last.click()
    page.get_by_role("option", name=label, exact=True).click()
    page.locator(f"input[name='body-{index}-type']").wait_for(state="attached")
    return index


def type_rich_text(page, input_id, text):
    """Type into the Draftail editor that writes the hidden input ``input_id``.

    Draftail writes the input a moment (250 ms) after the last keystroke, and only the
    input reaches the server: a preview or save before that sends the block empty.
    """
    page.locator(f"#{input_id} ~ .Draftail-Editor__wrapper [contenteditable='true']").click()
    page.keyboard.type(text)
    expect(page.locator(f"#{input_id}")).to_have_value(re.compile(re.escape(text)))


def fill_body(page):
    paragraph = insert_block(page, "Paragraph")
    type_rich_text(page, f"body-{paragraph}-value", PARAGRAPH)

    notice = insert_block(page, "Notice")
    page.locator(f"#body-{notice}-value-style").select_option("tip")
    type_rich_text(page, f"body-{notice}-value-text", NOTICE)

    cta = insert_block(page, "Call to action")
    page.locator(f"#body-{cta}-value-heading").fill(CTA_HEADING)
    page.locator(f"#body-{cta}-value-button_label").fill("Sign up free")
    page.locator(f"#body-{cta}-value-url").fill(CTA_URL)
    page.locator(f"#body-{cta}-value-audience").select_option("guests")


def wait_for_autosave(page):
    """Wait until Wagtail's autosave has stored the form: the new post is a draft now."""
    page.locator("#w-autosave-indicator[data-w-autosave-state-value='saved']").wait_for(
        state="attached"
    )


def open_preview(page):
    """Open the preview side panel; the frame showing the post as readers would see it."""
    page.locator("[data-side-panel-toggle='preview']").click()
    frame = page.frame_locator("#w-preview-iframe")
    frame.locator("h1").wait_for()
    return frame


def submit_for_moderation(page):
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Submit to Marketing").click()
    expect(page.locator(".messages")).to_contain_text("submitted for moderation")


def approve(page, live_server, post):
    """Approve the post's moderation task from its edit view: the last task publishes."""
    page.goto(f"{live_server.url}/admin/pages/{post.pk}/edit/")
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Approve and Publish", exact=True).click()
    # Done, the admin goes back to the blog's listing in the page explorer.
    page.wait_for_url(f"**/admin/pages/{post.get_parent().pk}/")
    expect(page.locator(".messages")).to_contain_text(TITLE)
