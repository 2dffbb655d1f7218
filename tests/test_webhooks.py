"""Webhooks: signed JSON events for external sites, delivered off the request path."""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command

from tests.factories import BlogPageFactory
from webhooks.models import Delivery, Webhook
from webhooks.signing import is_valid_signature

pytestmark = pytest.mark.django_db


class Receiver:
    """A real HTTP server on 127.0.0.1 that records requests and answers given statuses."""

    def __init__(self, statuses=(200,)):
        self.requests = []
        self.statuses = list(statuses)
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append({"headers": dict(self.headers), "body": body})
                status = (
                    receiver.statuses.pop(0) if len(receiver.statuses) > 1 else receiver.statuses[0]
                )
                self.send_response(status)
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    server = Receiver()
    yield server
    server.close()


@pytest.fixture
def webhook(receiver):
    return Webhook.objects.create(name="Marketing site", url=receiver.url, secret="s3cret")


@pytest.fixture(autouse=True)
def fast_retries(settings):
    settings.FOLIO_WEBHOOK_RETRY_BASE_SECONDS = 0
    settings.FOLIO_WEBHOOK_MAX_ATTEMPTS = 3


# The worker checks its database connection like a real process does, which closes a
# connection held inside a test's transaction (PostgreSQL); tests that run it commit.
runs_worker = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def run_worker():
    call_command(
        "db_worker", "--backend", "folio", "--batch", "--no-startup-delay", "--interval", "0.1",
        verbosity=0,
    )  # fmt: skip


def publish_post(blog_index, capture, **kwargs):
    with capture(execute=True):
        post = BlogPageFactory(parent=blog_index, **kwargs)
        post.save_revision().publish()
    return post


def test_publishing_queues_a_delivery_without_sending_it(
    blog_index, webhook, receiver, django_capture_on_commit_callbacks
):
    publish_post(blog_index, django_capture_on_commit_callbacks)
    assert Delivery.objects.get().status == Delivery.Status.PENDING
    assert receiver.requests == []


@runs_worker
def test_worker_posts_the_event_as_json(
    blog_index, webhook, receiver, django_capture_on_commit_callbacks
):
    post = publish_post(blog_index, django_capture_on_commit_callbacks, title="Big news")
    run_worker()
    event = json.loads(receiver.requests[0]["body"])
    assert event["type"] == "page.published"
    assert event["id"] == post.pk
    assert event["url"] == "http://testserver/blog/big-news/"
    assert event["api_url"] == f"http://testserver/api/v2/pages/{post.pk}/"
    assert event["timestamp"]
    assert Delivery.objects.get().status == Delivery.Status.SUCCEEDED


@runs_worker
def test_events_are_signed_with_the_webhook_secret(
    blog_index, webhook, receiver, django_capture_on_commit_callbacks
):
    publish_post(blog_index, django_capture_on_commit_callbacks)
    run_worker()
    request = receiver.requests[0]
    headers = request["headers"]
    assert is_valid_signature(
        "s3cret", headers["X-Folio-Timestamp"], request["body"], headers["X-Folio-Signature"]
    )
    assert not is_valid_signature(
        "wrong", headers["X-Folio-Timestamp"], request["body"], headers["X-Folio-Signature"]
    )


@runs_worker
def test_failed_delivery_is_retried_until_it_succeeds(
    blog_index, webhook, receiver, django_capture_on_commit_callbacks
):
    receiver.statuses = [500, 503, 200]
    publish_post(blog_index, django_capture_on_commit_callbacks)
    run_worker()
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.SUCCEEDED
    assert delivery.attempts == 3
    assert len(receiver.requests) == 3


@runs_worker
def test_delivery_gives_up_after_the_last_attempt(
    blog_index, webhook, receiver, django_capture_on_commit_callbacks
):
    receiver.statuses = [500]
    publish_post(blog_index, django_capture_on_commit_callbacks)
    run_worker()
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.FAILED
    assert delivery.attempts == 3
    assert delivery.response_status == 500


@runs_worker
def test_unreachable_receiver_is_logged(blog_index, django_capture_on_commit_callbacks):
    Webhook.objects.create(name="Gone", url="http://127.0.0.1:9/hook")
    publish_post(blog_index, django_capture_on_commit_callbacks)
    run_worker()
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.FAILED
    assert delivery.error


def test_unpublish_and_delete_send_events(
    blog_index, webhook, receiver, django_capture_on_commit_callbacks
):
    post = publish_post(blog_index, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        post.unpublish()
    post.save_revision().publish()
    with django_capture_on_commit_callbacks(execute=True):
        post.delete()
    assert list(Delivery.objects.order_by("pk").values_list("event", flat=True)) == [
        "page.published",
        "page.unpublished",
        "page.published",
        "page.deleted",
    ]


def test_inactive_webhooks_and_unticked_events_send_nothing(
    blog_index, webhook, django_capture_on_commit_callbacks
):
    webhook.on_published = False
    webhook.save()
    Webhook.objects.create(name="Paused", url=webhook.url, is_active=False)
    publish_post(blog_index, django_capture_on_commit_callbacks)
    assert not Delivery.objects.exists()


def test_admins_see_the_delivery_log(
    client, blog_index, webhook, django_capture_on_commit_callbacks
):
    publish_post(blog_index, django_capture_on_commit_callbacks)
    client.force_login(User.objects.create_superuser("root", "r@example.com", "pw"))
    response = client.get("/admin/webhooks/deliveries/")
    assert response.status_code == 200
    assert (
        "page.published" in response.content.decode()
        or "Post published" in response.content.decode()
    )


def test_nobody_can_write_to_the_delivery_log(client):
    client.force_login(User.objects.create_superuser("root", "r@example.com", "pw"))
    assert client.get("/admin/webhooks/deliveries/new/").status_code in (302, 403)


def test_editors_cannot_see_webhooks(client):
    editor = User.objects.create_user("ed", password="pw")
    editor.groups.add(Group.objects.get(name="Marketing editors"))
    client.force_login(editor)
    assert client.get("/admin/webhooks/deliveries/").status_code in (302, 403)
    assert client.get("/admin/webhooks/").status_code in (302, 403)


def test_admins_add_a_webhook_in_the_admin(client, receiver):
    client.force_login(User.objects.create_superuser("root", "r@example.com", "pw"))
    assert client.get("/admin/webhooks/new/").status_code == 200
    response = client.post(
        "/admin/webhooks/new/",
        {
            "name": "Partner site",
            "url": receiver.url,
            "on_published": "on",
            "secret": "partner-secret",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    hook = Webhook.objects.get(name="Partner site")
    assert hook.on_published and not hook.on_deleted


@runs_worker
def test_admins_inspect_one_delivery(
    client, blog_index, webhook, django_capture_on_commit_callbacks
):
    publish_post(blog_index, django_capture_on_commit_callbacks)
    run_worker()
    client.force_login(User.objects.create_superuser("root", "r@example.com", "pw"))
    delivery = Delivery.objects.get()
    response = client.get(f"/admin/webhooks/deliveries/inspect/{delivery.pk}/")
    assert response.status_code == 200
    assert "Succeeded" in response.content.decode()
