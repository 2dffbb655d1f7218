"""Delivery runs in a django-tasks worker, never in the publish request."""

import json
import logging
import urllib.error
import urllib.request
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from .models import Delivery
from .signing import SIGNATURE_HEADER, TIMESTAMP_HEADER, sign

logger = logging.getLogger("folio.webhooks")
TASK_BACKEND = "folio"


def max_attempts():
    return getattr(settings, "FOLIO_WEBHOOK_MAX_ATTEMPTS", 5)


def retry_delay(attempts):
    """Exponential backoff: base, 2×base, 4×base, …"""
    base = getattr(settings, "FOLIO_WEBHOOK_RETRY_BASE_SECONDS", 30)
    return timedelta(seconds=base * 2 ** (attempts - 1))


@task(backend=TASK_BACKEND)
def deliver(delivery_id):
    delivery = Delivery.objects.select_related("webhook").filter(pk=delivery_id).first()
    if delivery is None or delivery.status == Delivery.Status.SUCCEEDED:
        return
    body = json.dumps(delivery.payload, sort_keys=True).encode()
    timestamp = str(int(timezone.now().timestamp()))
    request = urllib.request.Request(
        delivery.webhook.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": "Folio-Webhooks/1",
            "X-Folio-Event": delivery.event,
            "X-Folio-Delivery": str(delivery.pk),
            TIMESTAMP_HEADER: timestamp,
            SIGNATURE_HEADER: sign(delivery.webhook.secret, timestamp, body),
        },
    )
    delivery.attempts += 1
    delivery.last_attempt_at = timezone.now()
    timeout = getattr(settings, "FOLIO_WEBHOOK_TIMEOUT_SECONDS", 5)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            delivery.response_status = response.status
            delivery.response_body = response.read(2000).decode("utf-8", "replace")
            delivery.error = ""
    except urllib.error.HTTPError as error:
        delivery.response_status = error.code
        delivery.response_body = error.read(2000).decode("utf-8", "replace")
        delivery.error = f"HTTP {error.code}"
    except (urllib.error.URLError, OSError) as error:
        delivery.response_status = None
        delivery.error = str(getattr(error, "reason", error))[:1000]

    if delivery.response_status and 200 <= delivery.response_status < 300:
        delivery.status = Delivery.Status.SUCCEEDED
        delivery.next_attempt_at = None
        delivery.save()
        return
    if delivery.attempts >= max_attempts():
        delivery.status = Delivery.Status.FAILED
        delivery.next_attempt_at = None
        delivery.save()
        logger.warning("webhook delivery %s failed for good: %s", delivery.pk, delivery.error)
        return
    delivery.status = Delivery.Status.RETRYING
    delivery.next_attempt_at = timezone.now() + retry_delay(delivery.attempts)
    delivery.save()
    deliver.using(run_after=delivery.next_attempt_at).enqueue(delivery.pk)
