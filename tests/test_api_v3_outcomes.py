"""An API v3 write answers what happened to it, even when the database connection dies.

Reproduced with a real connection loss: a second connection terminates the request's
PostgreSQL backend (``pg_terminate_backend``) at a chosen moment, found through Wagtail's
and Django's own signals. Before, a publish that had been saved and then lost its
connection while its answer was being built said ``422 Validation failed`` (Pydantic
turns any error raised while reading an attribute into a validation error), and one that
lost it in Wagtail's after-publish steps said "try again" although it was live.

Now a write runs in one transaction: lost before the commit, nothing changed and the
answer is a 503 saying so (with ``Retry-After``); lost after the commit, the write
happened and the answer is the written page.
"""

import psycopg
import pytest
from django.contrib.auth.models import Group, User
from django.db import connection, transaction
from django.db.models.signals import post_init
from wagtail.models import APIToken
from wagtail.signals import page_published

from blog.models import BlogPage
from tests.factories import BlogPageFactory

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="terminates a PostgreSQL backend"),
]

PROBLEM_JSON = "application/problem+json"


def terminate_this_connection():
    """End this process's database session from a second connection, as a failover or
    an administrator would."""
    pid = connection.connection.info.backend_pid
    settings = connection.settings_dict
    with psycopg.connect(
        host=settings["HOST"],
        port=settings["PORT"],
        user=settings["USER"],
        dbname=settings["NAME"],
        autocommit=True,
    ) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])


@pytest.fixture(name="editor")
def editor_fixture(db):
    user = User.objects.create_user("editor")
    user.groups.add(Group.objects.get(name="Marketing editors"))
    _, plaintext = APIToken.create_token(user=user, name="tests")
    return {"HTTP_AUTHORIZATION": f"Bearer {plaintext}"}


@pytest.fixture(name="draft")
def draft_fixture(blog_index):
    post = BlogPageFactory(parent=blog_index, title="To publish", slug="to-publish")
    post.unpublish()
    return post


@pytest.fixture(name="reconnect", autouse=True)
def reconnect_fixture():
    """The test's own queries (and the database flush after it) need a live connection."""
    yield
    connection.close()


@pytest.fixture(name="connect")
def connect_fixture():
    """``connect(signal, receiver, sender=None)``, disconnected after the test."""
    connected = []

    def connect(signal, receiver, sender=None):
        signal.connect(receiver, sender=sender, weak=False)
        connected.append((signal, receiver))

    yield connect
    for signal, receiver in connected:
        signal.disconnect(receiver)


def once(action):
    done = []

    def run():
        if not done:
            done.append(True)
            action()

    return run


def publish(client, post, headers):
    client.raise_request_exception = False
    return client.post(
        f"/api/v3/pages/{post.pk}/actions/publish/", content_type="application/json", **headers
    )


def is_live(post):
    connection.close()
    return BlogPage.objects.get(pk=post.pk).live


def test_a_publish_losing_its_connection_after_the_commit_answers_the_live_page(
    client, draft, editor, connect
):
    terminate = once(terminate_this_connection)
    connect(page_published, lambda **kwargs: transaction.on_commit(terminate))
    response = publish(client, draft, editor)
    assert response.status_code == 200, response.content[:300]
    assert response.json()["id"] == draft.pk
    assert response.json()["title"] == "To publish"
    assert is_live(draft)


def test_a_publish_losing_its_connection_while_answering_changes_nothing_and_says_so(
    client, draft, editor, connect
):
    published = []
    connect(page_published, lambda **kwargs: published.append(True))
    terminate = once(terminate_this_connection)

    def after_publishing(instance, **kwargs):
        # The page is read again for the answer once published; its authors, categories
        # and related posts are then read from a dead connection.
        if published and instance.pk == draft.pk:
            terminate()

    connect(post_init, after_publishing, sender=BlogPage)
    response = publish(client, draft, editor)
    assert response.status_code == 503, response.content[:300]
    assert response["Content-Type"] == PROBLEM_JSON
    assert response["Retry-After"].isdigit()
    assert "nothing was changed" in response.json()["detail"]
    assert not is_live(draft)


def test_a_publish_losing_its_connection_in_wagtails_after_publish_steps_changes_nothing(
    client, draft, editor, connect
):
    terminate = once(terminate_this_connection)
    connect(page_published, lambda **kwargs: terminate())
    response = publish(client, draft, editor)
    assert response.status_code == 503, response.content[:300]
    assert response["Content-Type"] == PROBLEM_JSON
    assert "nothing was changed" in response.json()["detail"]
    assert not is_live(draft)


def test_a_read_losing_its_connection_is_a_503_not_a_validation_error(client, blog_index, connect):
    post = BlogPageFactory(parent=blog_index, title="Read me", slug="read-me")
    terminate = once(terminate_this_connection)

    def when_read(instance, **kwargs):
        if instance.pk == post.pk:
            terminate()

    connect(post_init, when_read, sender=BlogPage)
    client.raise_request_exception = False
    response = client.get(f"/api/v3/pages/{post.pk}/")
    assert response.status_code == 503, response.content[:300]
    assert response["Content-Type"] == PROBLEM_JSON
    assert response["Retry-After"].isdigit()
