"""The admin's live preview of a post that has never been saved (no id yet)."""

import pytest
from django.contrib.auth.models import Group, User

from blog.models import BlogPage
from tests.admin_forms import post_form_data
from tests.factories import BlogPageFactory

pytestmark = pytest.mark.django_db

TITLE = "Focus time for remote teams"
PARAGRAPH = "Protect two hours a day from meetings."


@pytest.fixture
def writer_client(client):
    writer = User.objects.create_user("writer", password="pw")
    writer.groups.add(Group.objects.get(name="Marketing writers"))
    client.force_login(writer)
    return client


def preview_new_post(client, blog_index, **fields):
    """Post the add form to the preview as the side panel does, then render the preview."""
    url = f"/admin/pages/add/blog/blogpage/{blog_index.pk}/preview/"
    data = post_form_data(BlogPage(slug=""), title=TITLE, body_html=f"<p>{PARAGRAPH}</p>")
    data.update(fields)
    assert client.post(url, data).json() == {"is_valid": True, "is_available": True}
    response = client.get(url, {"in_preview_panel": "true"})
    assert response.status_code == 200
    return response.content.decode()


def test_preview_of_a_never_saved_post_shows_its_title_and_body(writer_client, blog_index):
    html = preview_new_post(writer_client, blog_index)
    assert f">{TITLE}</h1>" in html
    assert f"<p>{PARAGRAPH}</p>" in html
    assert not BlogPage.objects.filter(title=TITLE).exists()


def test_preview_of_a_never_saved_post_relates_the_posts_sharing_its_tags(
    writer_client, blog_index
):
    BlogPageFactory(parent=blog_index, title="Meeting-free mornings", tag_names=["remote"])
    BlogPageFactory(parent=blog_index, title="Office snacks", tag_names=["food"])
    html = preview_new_post(writer_client, blog_index, tags="remote")
    assert "Related articles" in html
    assert "Meeting-free mornings" in html
    assert "Office snacks" not in html


def test_preview_of_a_never_saved_post_shows_the_related_posts_picked_in_the_form(
    writer_client, blog_index
):
    picked = BlogPageFactory(parent=blog_index, title="Async stand-ups")
    BlogPageFactory(parent=blog_index, title="Meeting-free mornings", tag_names=["remote"])
    html = preview_new_post(
        writer_client,
        blog_index,
        tags="remote",
        **{
            "related_post_links-TOTAL_FORMS": "1",
            "related_post_links-0-related_post": str(picked.pk),
            "related_post_links-0-ORDER": "1",
        },
    )
    assert "Async stand-ups" in html
    assert "Meeting-free mornings" not in html
