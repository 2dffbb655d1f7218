"""Delivery runs in a django-tasks worker, never in the publish request."""

import json
import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from . import targets
from .models import EXCERPT_LENGTH, Delivery
from .signing import SIGNATURE_HEADER, TIMESTAMP_HEADER, sign

logger = logging.getLogger("folio.webhooks")
TASK_BACKEND = "folio"


def max_attempts():
    return getattr(settings, "FOLIO_WEBHOOK_MAX_ATTEMPTS", 5)


def retry_delay(attempts):
    """Exponential backoff: base, 2×base, 4×base, …"""
    base = getattr(settings, "FOLIO_WEBHOOK_RETRY_BASE_SECONDS", 30)
    return timedelta(seconds=base * 2 ** (attempts - 1))


def queue(delivery, run_after=None):
    """Queue the delivery's next attempt; inside the caller's transaction, so the task is
    stored with the change that made it (the database backend keeps tasks in a table)."""
    deliver_task = deliver if run_after is None else deliver.using(run_after=run_after)
    delivery.task_id = str(deliver_task.enqueue(delivery.pk).id)
    Delivery.objects.filter(pk=delivery.pk).update(task_id=delivery.task_id)


@task(backend=TASK_BACKEND, takes_context=True)
def deliver(context, delivery_id):
    delivery = Delivery.objects.select_related("webhook").filter(pk=delivery_id).first()
    if delivery is None or delivery.status in (Delivery.Status.SUCCEEDED, Delivery.Status.FAILED):
        return
    if delivery.task_id and delivery.task_id != str(context.task_result.id):
        return  # replaced by a task queued again for it (recovery.py): that one sends
    body = json.dumps(delivery.payload, sort_keys=True).encode()
    timestamp = str(int(timezone.now().timestamp()))
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "Folio-Webhooks/1",
        "X-Folio-Event": delivery.event,
        "X-Folio-Delivery": str(delivery.pk),
        TIMESTAMP_HEADER: timestamp,
        SIGNATURE_HEADER: sign(delivery.webhook.secret, timestamp, body),
    }
    delivery.attempts += 1
    delivery.last_attempt_at = timezone.now()
    delivery.response_status = None
    delivery.response_excerpt = ""
    timeout = getattr(settings, "FOLIO_WEBHOOK_TIMEOUT_SECONDS", 5)
    try:
        status, excerpt = targets.post(
            delivery.webhook.url, body, headers, timeout, excerpt_length=EXCERPT_LENGTH
        )
    except targets.TargetRefused as refusal:
        # The same URL would be refused again: no retries.
        delivery.error = f"Not sent: {refusal}"
        finish(delivery, Delivery.Status.FAILED)
        return
    except OSError as error:  # connection refused, time-out, TLS, name not found
        delivery.error = str(error)[:1000] or type(error).__name__
    else:
        delivery.response_status, delivery.response_excerpt = status, excerpt
        delivery.error = error_for_status(status)
        if not delivery.error:
            finish(delivery, Delivery.Status.SUCCEEDED)
            return
    if delivery.attempts >= max_attempts():
        finish(delivery, Delivery.Status.FAILED)
        return
    delivery.status = Delivery.Status.RETRYING
    delivery.next_attempt_at = timezone.now() + retry_delay(delivery.attempts)
    with transaction.atomic():
        delivery.save()
        queue(delivery, run_after=delivery.next_attempt_at)


def error_for_status(status):
    if 200 <= status < 300:
        return ""
    if 300 <= status < 400:
        # Following it would send the signed event wherever the receiver points.
        return f"HTTP {status}: a redirect, which webhooks do not follow"
    return f"HTTP {status}"


def finish(delivery, status):
    delivery.status = status
    delivery.next_attempt_at = None
    delivery.save()
    if status == Delivery.Status.FAILED:
        logger.warning("webhook delivery %s failed for good: %s", delivery.pk, delivery.error)
