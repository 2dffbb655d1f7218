"""What the marketing team sees and does in Wagtail's admin."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import User
from django.core.management import call_command
from django.utils import timezone
from wagtail.test.utils.form_data import rich_text

from blog.models import BlogPage
from tests.admin_forms import post_form_data
from tests.factories import BlogPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(User.objects.create_superuser("boss", "boss@example.com", "pw"))
    return client


def test_post_editor_groups_fields_in_tabs(admin_client, blog_index):
    post = BlogPageFactory(parent=blog_index)
    response = admin_client.get(f"/admin/pages/{post.pk}/edit/")
    soup = BeautifulSoup(response.content, "html.parser")
    tabs = [tab.find(string=True, recursive=True).strip() for tab in soup.select('[role="tab"]')]
    # The "Settings" panels (go-live/expiry dates, comments) live in the status side panel;
    # the Import tab is for imported posts only (tests/test_editor_post_form.py).
    assert tabs == ["Content", "Related posts", "Promote", "Analytics"]
    assert soup.find(attrs={"name": "go_live_at"}) is not None


def test_post_editor_offers_a_related_post_chooser(admin_client, blog_index):
    post = BlogPageFactory(parent=blog_index)
    html = admin_client.get(f"/admin/pages/{post.pk}/edit/").content.decode()
    assert "related_post_links" in html
    assert "blog.blogpage" in html.lower()


def test_tag_autocomplete_suggests_existing_tags(admin_client, blog_index):
    BlogPageFactory(parent=blog_index, tag_names=["work-life-balance", "remote"])
    response = admin_client.get("/admin/tag-autocomplete/taggit/tag/", {"term": "work"})
    assert response.status_code == 200
    assert "work-life-balance" in str(response.json())
    assert "remote" not in str(response.json())


def test_live_preview_renders_unsaved_changes(admin_client, blog_index):
    post = BlogPageFactory(parent=blog_index, title="Saved title")
    preview_url = f"/admin/pages/{post.pk}/edit/preview/"
    data = post_form_data(post, title="Unsaved preview title", body_html="<p>Preview body text</p>")
    assert admin_client.post(preview_url, data).json()["is_valid"]
    html = admin_client.get(preview_url).content.decode()
    assert "Unsaved preview title" in html
    assert "Preview body text" in html
    assert BlogPage.objects.get(pk=post.pk).title == "Saved title"


def test_snippet_can_be_created_in_the_admin(admin_client):
    response = admin_client.post(
        "/admin/snippets/blog/category/add/",
        {
            "name": "Remote work",
            "slug": "",
            "description": rich_text("<p>All about remote work.</p>"),
        },
    )
    assert response.status_code == 302
    assert admin_client.get("/admin/snippets/blog/category/").content.decode().count("Remote work")


def test_scheduled_post_goes_live_with_publish_scheduled(blog_index):
    post = BlogPageFactory(parent=blog_index)
    post.unpublish()
    revision = post.save_revision(approved_go_live_at=timezone.now() + datetime.timedelta(hours=1))
    post.refresh_from_db()
    assert not post.live

    revision.approved_go_live_at = timezone.now() - datetime.timedelta(minutes=1)
    revision.save()
    call_command("publish_scheduled")
    post.refresh_from_db()
    assert post.live
