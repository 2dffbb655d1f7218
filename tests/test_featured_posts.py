"""Editors mark a post featured in its editor (issue #16): the Promote tab's "Listing"
panel has the checkbox with its help text, and saving it sets the post's ``featured``."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import User

from blog.models import BlogPage
from tests.admin_forms import post_form_data
from tests.factories import BlogPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(User.objects.create_superuser("boss", "boss@example.com", "pw"))
    return client


def test_the_promote_tab_offers_featured_with_plain_help(admin_client, blog_index):
    post = BlogPageFactory(parent=blog_index)
    soup = BeautifulSoup(admin_client.get(f"/admin/pages/{post.pk}/edit/").content, "html.parser")
    checkbox = soup.find("input", attrs={"name": "featured", "type": "checkbox"})
    assert checkbox is not None
    promote = checkbox.find_parent(attrs={"role": "tabpanel"})
    assert promote["aria-labelledby"] == "tab-label-promote"
    assert "the blog can show featured posts apart from the rest" in promote.get_text()


def test_publishing_with_featured_ticked_features_the_post(admin_client, blog_index):
    post = BlogPageFactory(parent=blog_index)
    data = post_form_data(post, title=post.title, body_html="<p>Body</p>")
    data.update({"featured": "on", "action-publish": "action-publish"})
    response = admin_client.post(f"/admin/pages/{post.pk}/edit/", data)
    assert response.status_code == 302
    assert BlogPage.objects.get(pk=post.pk).featured is True
