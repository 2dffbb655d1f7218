"""A webhook survives a crash (issue #12): the process that publishes dying right after its
commit, or the worker dying in the middle of a delivery. Real processes, really killed."""

import json
import signal
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.factories import BlogPageFactory
from tests.webhook_helpers import (  # noqa: F401 - fixtures are used by name
    allow_private_targets_fixture,
    fast_retries_fixture,
    publish_post,
    receiver_fixture,
    run_worker,
    runs_worker,
    shared_database_fixture,
    webhook_fixture,
)
from webhooks.models import Delivery
from webhooks.signing import is_valid_signature

pytestmark = pytest.mark.usefixtures("fast_retries")

WORKER = ["db_worker", "--backend", "folio", "--no-startup-delay", "--interval", "0.1"]

# Publishes the post and dies by SIGKILL the moment the transaction has committed: the
# callback is registered before any of Folio's, so none of theirs ever runs.
PUBLISH_THEN_DIE = """
import os, signal
from django.db import transaction
from blog.models import BlogPage

post = BlogPage.objects.get(pk={pk})
with transaction.atomic():
    transaction.on_commit(lambda: os.kill(os.getpid(), signal.SIGKILL))
    post.save_revision().publish()
"""

DELIVERY_LOG = """
import json
from webhooks.models import Delivery
print(json.dumps(list(Delivery.objects.values("event", "status", "attempts"))))
"""


def delivery_log(shared_database):
    done = shared_database.manage("shell", "--no-imports", "-c", DELIVERY_LOG)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def run_worker_in_a_child(shared_database):
    done = shared_database.manage(*WORKER, "--batch", FOLIO_WEBHOOK_ALLOW_PRIVATE_TARGETS="1")
    assert done.returncode == 0, done.stderr


@runs_worker
def test_a_publish_killed_right_after_its_commit_is_still_delivered(
    blog_index, webhook, receiver, shared_database
):
    post = BlogPageFactory(parent=blog_index, title="Survivor", live=False)
    shared_database.hand_over()

    child = shared_database.manage(
        "shell", "--no-imports", "-c", PUBLISH_THEN_DIE.format(pk=post.pk)
    )
    assert child.returncode == -signal.SIGKILL, child.stderr
    assert delivery_log(shared_database) == [
        {"event": "page.published", "status": "pending", "attempts": 0}
    ]

    run_worker_in_a_child(shared_database)
    request = receiver.requests[0]
    event = json.loads(request["body"])
    assert (event["type"], event["id"], event["slug"]) == ("page.published", post.pk, "survivor")
    headers = request["headers"]
    assert is_valid_signature(
        "s3cret", headers["X-Folio-Timestamp"], request["body"], headers["X-Folio-Signature"]
    )
    assert delivery_log(shared_database) == [
        {"event": "page.published", "status": "succeeded", "attempts": 1}
    ]


@runs_worker
def test_a_delivery_lost_with_its_worker_is_queued_again_and_delivered(
    blog_index, webhook, receiver, shared_database, django_capture_on_commit_callbacks
):
    publish_post(blog_index, django_capture_on_commit_callbacks)
    shared_database.hand_over()

    receiver.hold = True
    worker = shared_database.start(*WORKER, FOLIO_WEBHOOK_ALLOW_PRIVATE_TARGETS="1")
    try:
        assert receiver.got_request.wait(timeout=60), "the worker never sent the event"
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.communicate(timeout=30)
    receiver.hold = False
    receiver.release.set()

    # Left for a worker that no longer exists: the sweep leaves it alone until it is
    # overdue, then queues it again.
    assert shared_database.manage("requeue_lost_webhooks").stdout.startswith("0 ")
    requeue = shared_database.manage("requeue_lost_webhooks", FOLIO_WEBHOOK_LOST_AFTER_MINUTES="0")
    assert requeue.returncode == 0, requeue.stderr
    assert requeue.stdout.startswith("1 ")

    run_worker_in_a_child(shared_database)
    assert len(receiver.requests) == 2
    first, second = receiver.requests
    assert first["headers"]["X-Folio-Delivery"] == second["headers"]["X-Folio-Delivery"]
    assert delivery_log(shared_database) == [
        {"event": "page.published", "status": "succeeded", "attempts": 1}
    ]


@pytest.mark.django_db
def test_a_delivery_waiting_for_a_busy_worker_is_not_queued_twice(
    blog_index, webhook, settings, django_capture_on_commit_callbacks
):
    publish_post(blog_index, django_capture_on_commit_callbacks)
    Delivery.objects.update(created_at=timezone.now() - timedelta(hours=1))
    settings.FOLIO_WEBHOOK_LOST_AFTER_MINUTES = 10
    call_command("requeue_lost_webhooks")
    # Publishing also queues other work (renditions); only deliveries count here.
    assert DBTaskResult.objects.filter(task_path="webhooks.tasks.deliver").count() == 1


@runs_worker
def test_a_task_replaced_by_the_sweep_sends_nothing(
    blog_index, webhook, receiver, settings, django_capture_on_commit_callbacks
):
    """The worker thought lost may still come back: only the newest task delivers."""
    publish_post(blog_index, django_capture_on_commit_callbacks)
    DBTaskResult.objects.update(status="FAILED")
    Delivery.objects.update(created_at=timezone.now() - timedelta(hours=1))
    settings.FOLIO_WEBHOOK_LOST_AFTER_MINUTES = 10
    call_command("requeue_lost_webhooks")
    DBTaskResult.objects.update(status="READY")  # the old task too, as if it ran again
    run_worker()
    assert len(receiver.requests) == 1
    assert Delivery.objects.get().status == Delivery.Status.SUCCEEDED
