"""Webhooks: signed JSON events for external sites, delivered off the request path."""

import json

import pytest
from django.contrib.auth.models import Group, User

from tests.factories import BlogPageFactory
from tests.webhook_helpers import (  # noqa: F401 - fixtures are used by name
    allow_private_targets_fixture,
    fast_retries_fixture,
    publish_post,
    receiver_fixture,
    run_worker,
    runs_worker,
    webhook_fixture,
)
from webhooks.models import Delivery, Webhook
from webhooks.signing import is_valid_signature

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_retries")]


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
    receiver.answer(500, 503, 200)
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
    receiver.answer(500)
    publish_post(blog_index, django_capture_on_commit_callbacks)
    run_worker()
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.FAILED
    assert delivery.attempts == 3
    assert delivery.response_status == 500


@runs_worker
def test_unreachable_receiver_is_logged(
    blog_index, allow_private_targets, django_capture_on_commit_callbacks
):
    Webhook.objects.create(name="Gone", url="http://127.0.0.1:9/hook")
    publish_post(blog_index, django_capture_on_commit_callbacks)
    run_worker()
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.FAILED
    assert delivery.error


def test_unpublishing_a_post_sends_an_unpublished_event(
    blog_index, webhook, django_capture_on_commit_callbacks
):
    post = publish_post(blog_index, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        post.unpublish()
    assert list(Delivery.objects.order_by("pk").values_list("event", flat=True)) == [
        "page.published",
        "page.unpublished",
    ]


def test_deleting_a_live_post_sends_one_deleted_event(
    blog_index, webhook, django_capture_on_commit_callbacks
):
    post = publish_post(blog_index, django_capture_on_commit_callbacks, title="Live one")
    with django_capture_on_commit_callbacks(execute=True):
        post.delete()
    deleted = Delivery.objects.exclude(event="page.published").get()
    assert deleted.event == "page.deleted"
    assert deleted.payload["slug"] == "live-one"


def test_deleting_a_draft_post_sends_a_deleted_event(
    blog_index, webhook, django_capture_on_commit_callbacks
):
    draft = BlogPageFactory(parent=blog_index, title="Never published", live=False)
    with django_capture_on_commit_callbacks(execute=True):
        draft.delete()
    deleted = Delivery.objects.get()
    assert deleted.event == "page.deleted"
    assert deleted.payload["id"] == draft.pk
    assert deleted.payload["title"] == "Never published"


def test_deleting_an_unpublished_post_sends_a_deleted_event(
    blog_index, webhook, django_capture_on_commit_callbacks
):
    post = publish_post(blog_index, django_capture_on_commit_callbacks)
    post.unpublish()
    with django_capture_on_commit_callbacks(execute=True):
        post.delete()
    assert list(Delivery.objects.order_by("pk").values_list("event", flat=True)) == [
        "page.published",
        "page.unpublished",
        "page.deleted",
    ]


def test_deleting_a_draft_in_the_admin_sends_a_deleted_event(
    client, blog_index, webhook, django_capture_on_commit_callbacks
):
    draft = BlogPageFactory(parent=blog_index, live=False)
    client.force_login(User.objects.create_superuser("root", "r@example.com", "pw"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/pages/{draft.pk}/delete/")
    assert response.status_code == 302
    assert list(Delivery.objects.values_list("event", flat=True)) == ["page.deleted"]


def test_deleting_the_blog_sends_a_deleted_event_for_each_post(
    blog_index, webhook, django_capture_on_commit_callbacks
):
    live = publish_post(blog_index, django_capture_on_commit_callbacks)
    draft = BlogPageFactory(parent=blog_index, live=False)
    with django_capture_on_commit_callbacks(execute=True):
        blog_index.delete()
    deleted = Delivery.objects.filter(event="page.deleted")
    assert sorted(deleted.values_list("payload__id", flat=True)) == sorted([live.pk, draft.pk])


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


def test_admins_add_a_webhook_in_the_admin(client, receiver, allow_private_targets):
    client.force_login(User.objects.create_superuser("root", "r@example.com", "pw"))
    assert client.get("/admin/webhooks/new/").status_code == 200
    response = client.post(
        "/admin/webhooks/new/",
        {"name": "Partner site", "url": receiver.url, "on_published": "on", "is_active": "on"},
    )
    assert response.status_code == 200
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
