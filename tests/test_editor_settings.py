"""Settings and commands behind the writer's tools (issue #15 bug 5)."""

import html

import pytest
from django.contrib.auth.models import User

pytestmark = pytest.mark.django_db


def test_tags_are_single_words_in_the_post_editor(client, blog_index):
    client.force_login(User.objects.create_superuser("boss", "boss@example.com", "pw"))

    page = client.get(f"/admin/pages/add/blog/blogpage/{blog_index.pk}/").content.decode()

    assert '"allowSpaces": false' in html.unescape(page)
    assert "Tags can only consist of a single word" in page
