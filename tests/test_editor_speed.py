"""The edit view of a long post (issue #15): the server's part of opening a 90-block post."""

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.long_post import LONG_POST_BLOCKS, long_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(User.objects.create_superuser("boss", "boss@example.com", "pw"))
    return client


def queries_of_second_visit(client, url):
    """Queries of the edit view once the first visit made the thumbnails and subscriptions."""
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_edit_view_of_a_90_block_post_asks_the_database_no_more_than_a_14_block_one(
    admin_client, blog_index
):
    # The same block types, images and calls to action (typed and saved) in both posts:
    # each kind is loaded in one query, whatever the number of blocks.
    short = long_post(blog_index, count=14, title="Short")
    long = long_post(blog_index, count=LONG_POST_BLOCKS, title="Long")

    short_queries = queries_of_second_visit(admin_client, f"/admin/pages/{short.pk}/edit/")
    long_queries = queries_of_second_visit(admin_client, f"/admin/pages/{long.pk}/edit/")

    assert long_queries <= short_queries
