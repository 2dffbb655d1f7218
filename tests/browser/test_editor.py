"""An editor's journey: the admin login form, the page explorer, back to the public site."""

import pytest
from django.contrib.auth.models import User

from tests.browser.content import reader_post

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "a-long-editor-password"


def test_editor_logs_in_and_finds_the_post_in_the_page_explorer(page, live_server, live_blog):
    post = reader_post(live_blog)
    User.objects.create_superuser("editor", "editor@example.com", PASSWORD)

    page.goto(live_server.url + "/admin/")
    page.wait_for_url("**/admin/login/**")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(live_server.url + "/admin/")

    page.goto(f"{live_server.url}/admin/pages/{live_blog.pk}/")
    explorer = page.locator("main")
    assert explorer.get_by_role("link", name="Deep work in small teams").first.is_visible()

    # Back on the public site the editor gets Wagtail's user bar, within the policy.
    page.goto(live_server.url + post.url)
    assert page.locator("h1").inner_text() == "Deep work in small teams"
    assert page.locator("wagtail-userbar").count() == 1
