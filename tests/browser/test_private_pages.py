"""A reader unlocks a password-protected post in the browser; nobody else sees it after.

The page cache is on (as in production): the unlocked copy must stay the reader's own.
"""

import pytest
from wagtail.models import PageViewRestriction

from tests.factories import BlogPageFactory
from tests.page_fixtures import publish

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SECRET_TEXT = "The partner price list for 2027."


@pytest.fixture
def locked_post(live_blog):
    post = publish(
        BlogPageFactory(
            parent=live_blog,
            title="Partners only",
            slug="partners-only",
            body=[("paragraph", f"<p>{SECRET_TEXT}</p>")],
        )
    )
    PageViewRestriction.objects.create(
        page=post, restriction_type=PageViewRestriction.PASSWORD, password="opensesame"
    )
    return post


def test_reader_unlocks_a_password_protected_post(page, live_server, locked_post):
    page.goto(live_server.url + "/blog/partners-only/")
    assert SECRET_TEXT not in page.content()

    page.get_by_label("Password").fill("wrong guess")
    page.get_by_role("button", name="Continue").click()
    assert SECRET_TEXT not in page.content()

    page.get_by_label("Password").fill("opensesame")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/blog/partners-only/")
    assert SECRET_TEXT in page.locator("main").inner_text()


def test_an_unlocked_post_stays_locked_for_other_readers(
    browser, context, page, live_server, locked_post
):
    page.goto(live_server.url + "/blog/partners-only/")
    page.get_by_label("Password").fill("opensesame")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/blog/partners-only/")
    assert SECRET_TEXT in page.locator("main").inner_text()

    stranger = browser.new_context()
    try:
        other = stranger.new_page()
        other.goto(live_server.url + "/blog/partners-only/")
        assert SECRET_TEXT not in other.content()
        assert other.get_by_label("Password").is_visible()
    finally:
        stranger.close()
