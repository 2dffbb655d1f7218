"""The writers' dashboard (blog/dashboard.py): a new post one click away, their drafts,
what waits for review, what went out last; and the blog one click from the menu."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, Permission, User
from django.utils.text import slugify

from tests.factories import BlogPageFactory
from tests.page_fixtures import make_post

pytestmark = pytest.mark.django_db


def member_of(group_name, username, **names):
    user = User.objects.create_user(username=username, password="pw-for-tests", **names)
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def writer():
    return member_of("Marketing writers", "writer", first_name="Wanda", last_name="Writer")


def draft_by(user, blog_index, title):
    post = BlogPageFactory(
        parent=blog_index, title=title, slug=slugify(title), live=False, owner=user
    )
    post.save_revision(user=user)
    return post


def dashboard(client, user):
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def panel(page, panel_id):
    """The dashboard panel ``panel_id`` (Wagtail's panel tag names its section so)."""
    return page.find(id=f"{panel_id}-section")


def link(parent, text):
    return next((a for a in parent.find_all("a") if a.get_text(strip=True) == text), None)


def panel_titles(page, panel_id):
    panel = page.find(id=f"{panel_id}-section")
    assert panel is not None, f"no {panel_id} panel"
    return [cell.find("a").get_text(strip=True) for cell in panel.select("td.title")]


def test_a_writer_starts_a_new_post_from_the_dashboard(client, blog_index, writer):
    button = link(dashboard(client, writer), "New post")

    assert button["href"] == f"/admin/pages/add/blog/blogpage/{blog_index.pk}/"
    assert client.get(button["href"]).status_code == 200


def test_my_drafts_lists_the_writers_own_drafts_newest_first(client, blog_index, writer):
    draft_by(writer, blog_index, "First idea")
    draft_by(writer, blog_index, "Second idea")
    draft_by(member_of("Marketing writers", "other"), blog_index, "Someone else's idea")
    make_post(blog_index, title="Already out")

    assert panel_titles(dashboard(client, writer), "my-drafts") == ["Second idea", "First idea"]


def test_a_post_submitted_for_review_waits_for_review_with_who_sent_it(client, blog_index, writer):
    post = draft_by(writer, blog_index, "Ready for a look")
    post.get_workflow().start(post, writer)

    page = dashboard(client, writer)

    assert panel_titles(page, "waiting-for-review") == ["Ready for a look"]
    assert "Wanda Writer" in panel(page, "waiting-for-review").get_text()
    assert panel_titles(page, "my-drafts") == []


def test_recently_published_lists_live_posts_with_a_link_to_each(client, blog_index, writer):
    make_post(blog_index, title="Older news")
    newest = make_post(blog_index, title="Fresh news")

    page = dashboard(client, writer)

    assert panel_titles(page, "recently-published") == ["Fresh news", "Older news"]
    assert link(panel(page, "recently-published"), "View live")["href"] == newest.url


def test_the_blog_posts_menu_item_opens_the_blogs_listing(client, blog_index, writer):
    page = dashboard(client, writer)
    menu_url = "/admin/blog-posts/"

    assert menu_url in page.decode()  # the menu is in the sidebar's data
    response = client.get(menu_url)
    assert response.status_code == 302
    assert response.url == f"/admin/pages/{blog_index.pk}/"


def test_someone_who_cannot_write_posts_gets_no_blog_panels(client, blog_index):
    user = User.objects.create_user(username="viewer", password="pw-for-tests")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))

    page = dashboard(client, user)

    assert panel(page, "new-post") is None
    assert panel(page, "my-drafts") is None
