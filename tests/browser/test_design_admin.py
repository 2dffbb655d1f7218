"""The marketing team's admin in a real browser: a writer's dashboard and an editor's
Settings → Brand, screenshotted for the README (test-artifacts/design-admin-*.png)."""

import pytest
from django.contrib.auth.models import Group, User

from tests.browser.test_editor import PASSWORD, log_in
from tests.factories import BlogPageFactory
from tests.page_fixtures import publish

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def member(username, group, **names):
    user = User.objects.create_user(username, f"{username}@example.com", PASSWORD, **names)
    user.groups.add(Group.objects.get(name=group))
    return user


def test_a_writer_lands_on_a_dashboard_of_posts(page, live_server, live_blog, artifacts):
    writer = member("wanda", "Marketing writers", first_name="Wanda", last_name="Writer")
    publish(BlogPageFactory(parent=live_blog, title="Our spring release", slug="spring"))
    draft = BlogPageFactory(
        parent=live_blog, title="Ideas for autumn", slug="autumn", live=False, owner=writer
    )
    draft.save_revision(user=writer)
    review = BlogPageFactory(
        parent=live_blog, title="Hiring in Lisbon", slug="lisbon", live=False, owner=writer
    )
    review.save_revision(user=writer)
    review.get_workflow().start(review, writer)

    log_in(page, live_server, "wanda")
    main = page.locator("main")
    page.screenshot(path=str(artifacts / "design-admin-dashboard.png"), full_page=True)

    assert (
        main.locator("#my-drafts-section").get_by_role("link", name="Ideas for autumn").is_visible()
    )
    assert main.locator("#waiting-for-review-section").get_by_text("Hiring in Lisbon").is_visible()
    assert (
        main.locator("#recently-published-section").get_by_text("Our spring release").is_visible()
    )
    main.get_by_role("link", name="New post").click()
    page.wait_for_url(f"**/admin/pages/add/blog/blogpage/{live_blog.pk}/")


def test_the_blog_posts_are_one_click_from_the_menu(page, live_server, live_blog):
    member("wanda", "Marketing writers")
    log_in(page, live_server, "wanda")

    page.locator("nav").get_by_role("link", name="Blog posts", exact=True).click()

    page.wait_for_url(f"**/admin/pages/{live_blog.pk}/")


def test_an_editor_renames_the_site_in_settings_brand(page, live_server, live_blog, artifacts):
    member("edith", "Marketing editors")
    log_in(page, live_server, "edith")

    page.goto(live_server.url + "/admin/settings/brand/brandsettings/")
    page.screenshot(path=str(artifacts / "design-admin-brand.png"), full_page=True)
    page.get_by_role("textbox", name="Site name").fill("Acme Journal")
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector(".messages .success")

    page.goto(live_server.url + "/blog/")
    assert page.locator(".site-header .brand").inner_text() == "Acme Journal"
