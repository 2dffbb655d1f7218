"""The marketing team's groups and moderation workflow (created by a data migration)."""

import pytest
from django.contrib.auth.models import Group, User
from wagtail.models import Workflow
from wagtail.test.utils.form_data import (
    nested_form_data,
    querydict_from_html,
    rich_text,
    streamfield,
)

from blog.snippets import Author, CallToAction, Category
from tests.factories import AuthorFactory, BlogPageFactory

pytestmark = pytest.mark.django_db


def edit_form_data(client, post):
    """What the admin's edit form would post; the body is built by JS, so add it here."""
    html = client.get(f"/admin/pages/{post.pk}/edit/").content.decode()
    data = querydict_from_html(html, form_id="page-edit-form")
    body = nested_form_data({"body": streamfield([("paragraph", rich_text("<p>Body</p>"))])})
    for key, value in body.items():
        data[key] = value
    return data


def member_of(group_name, username):
    user = User.objects.create_user(username=username, password="pw-for-tests")
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def writer():
    return member_of("Marketing writers", "writer")


@pytest.fixture
def editor():
    return member_of("Marketing editors", "editor")


def test_marketing_groups_exist():
    assert set(Group.objects.values_list("name", flat=True)) >= {
        "Marketing editors",
        "Marketing writers",
    }


def test_writer_cannot_publish(blog_index, writer):
    post = BlogPageFactory(parent=blog_index)
    permissions = post.permissions_for_user(writer)
    assert permissions.can_edit()
    assert not permissions.can_publish()


def test_editor_can_publish(blog_index, editor):
    post = BlogPageFactory(parent=blog_index)
    assert post.permissions_for_user(editor).can_publish()


def test_writer_can_add_posts_to_the_blog(blog_index, writer):
    assert blog_index.permissions_for_user(writer).can_add_subpage()


def test_marketing_workflow_moderates_every_post(blog_index):
    post = BlogPageFactory(parent=blog_index)
    workflow = post.get_workflow()
    assert workflow.name == "Marketing"
    assert [task.name for task in workflow.tasks] == ["Marketing editors approval"]
    assert [g.name for g in workflow.tasks[0].specific.groups.all()] == ["Marketing editors"]


def test_only_one_active_workflow_named_marketing():
    assert Workflow.objects.filter(name="Marketing", active=True).count() == 1


def test_writer_submits_a_post_for_moderation(client, blog_index, writer):
    post = BlogPageFactory(parent=blog_index)
    client.force_login(writer)
    edit_url = f"/admin/pages/{post.pk}/edit/"
    data = edit_form_data(client, post)
    data["title"] = "Retitled by the writer"
    data["action-submit"] = "Submit to Marketing"
    response = client.post(edit_url, data)
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.workflow_in_progress
    assert post.title != "Retitled by the writer"  # not published, only submitted
    assert post.get_latest_revision_as_object().title == "Retitled by the writer"


def test_editor_approves_and_publishes(client, blog_index, writer, editor):
    post = BlogPageFactory(parent=blog_index)
    revision = post.save_revision(user=writer)
    post.get_workflow().start(post, writer)
    post.title = "Approved title"
    post.save_revision(user=writer)
    state = post.current_workflow_task_state
    client.force_login(editor)
    response = client.post(
        f"/admin/pages/workflow/action/{post.pk}/approve/{state.pk}/",
        {"comment": "Looks good"},
    )
    assert response.status_code in (200, 302)
    post.refresh_from_db()
    assert post.title == "Approved title"
    assert revision.pk != post.live_revision_id


def test_writer_cannot_publish_through_the_admin(client, blog_index, writer):
    post = BlogPageFactory(parent=blog_index, title="Original")
    client.force_login(writer)
    edit_url = f"/admin/pages/{post.pk}/edit/"
    data = edit_form_data(client, post)
    data["title"] = "Sneaky"
    data["action-publish"] = "Publish"
    client.post(edit_url, data)
    post.refresh_from_db()
    assert post.title == "Original"


@pytest.mark.parametrize("url", ["/admin/users/", "/admin/groups/", "/admin/sites/"])
def test_editors_cannot_manage_users_or_sites(client, editor, url):
    client.force_login(editor)
    response = client.get(url)
    assert response.status_code in (302, 403)


def test_editors_cannot_change_site_settings(client, home_page, editor):
    client.force_login(editor)
    response = client.get("/admin/settings/blog/blogsettings/")
    assert response.status_code in (302, 403)


@pytest.mark.parametrize(
    "url",
    [
        "/admin/snippets/blog/author/",
        "/admin/snippets/blog/category/",
        "/admin/snippets/blog/calltoaction/",
    ],
)
def test_editors_manage_blog_snippets(client, editor, url):
    client.force_login(editor)
    assert client.get(url).status_code == 200


# --- snippets go through the same review as posts (issue #12, point 6) ----------------------

SNIPPET_MODELS = ["author", "category", "calltoaction"]


@pytest.mark.parametrize("model", SNIPPET_MODELS)
def test_writers_may_draft_snippets_but_not_publish_them(writer, model):
    assert writer.has_perm(f"blog.add_{model}")
    assert writer.has_perm(f"blog.change_{model}")
    assert not writer.has_perm(f"blog.publish_{model}")
    assert not writer.has_perm(f"blog.delete_{model}")


@pytest.mark.parametrize("model", SNIPPET_MODELS)
def test_editors_may_publish_lock_and_unlock_snippets(editor, model):
    for action in ("add", "change", "publish", "lock", "unlock"):
        assert editor.has_perm(f"blog.{action}_{model}"), action


@pytest.mark.parametrize("model", [Author, Category, CallToAction])
def test_marketing_workflow_moderates_every_snippet(model):
    workflow = model.get_default_workflow()
    assert workflow is not None
    assert workflow.name == "Marketing"
    assert [g.name for g in workflow.tasks[0].specific.groups.all()] == ["Marketing editors"]


def test_writer_cannot_unpublish_a_snippet(client, writer):
    author = AuthorFactory()
    client.force_login(writer)
    response = client.post(f"/admin/snippets/blog/author/unpublish/{author.pk}/")
    assert response.status_code in (302, 403)
    author.refresh_from_db()
    assert author.live


def test_editor_can_unpublish_a_snippet(client, editor):
    author = AuthorFactory()
    client.force_login(editor)
    client.post(f"/admin/snippets/blog/author/unpublish/{author.pk}/")
    author.refresh_from_db()
    assert not author.live
