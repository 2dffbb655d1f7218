"""Deliveries whose worker was lost are queued again (``manage.py requeue_lost_webhooks``).

A worker killed in the middle of a delivery (a deploy, the machine out of memory) leaves
its task *running* for good and the delivery pending: nothing would ever send it. A
delivery is taken for lost once it is overdue by ``FOLIO_WEBHOOK_LOST_AFTER_MINUTES``
and its task is neither waiting for a worker nor started within that time. Queueing it
again may send an event twice (if the lost attempt reached the receiver before the
worker died): receivers tell repeats apart by ``X-Folio-Delivery``.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from .models import Delivery
from .tasks import queue

OPEN = [Delivery.Status.PENDING, Delivery.Status.RETRYING]


def lost_after():
    return timedelta(minutes=getattr(settings, "FOLIO_WEBHOOK_LOST_AFTER_MINUTES", 10))


def task_is_alive(task_id, cutoff):
    if not task_id:
        return False
    task = DBTaskResult.objects.filter(id=task_id).only("status", "started_at").first()
    if task is None:
        return False
    if task.status == TaskResultStatus.READY:
        return True  # waiting for a worker: a busy or stopped worker is not a lost one
    return task.status == TaskResultStatus.RUNNING and task.started_at >= cutoff


def requeue_lost_deliveries():
    """Queue every lost delivery again; returns them."""
    cutoff = timezone.now() - lost_after()
    overdue = Delivery.objects.filter(status__in=OPEN).filter(
        Q(next_attempt_at__lt=cutoff) | Q(next_attempt_at__isnull=True, created_at__lt=cutoff)
    )
    requeued = []
    for candidate in overdue.order_by("pk").only("pk"):
        with transaction.atomic():
            # Read again under a lock: another sweep, or the worker, may have moved it on.
            delivery = (
                Delivery.objects.select_for_update()
                .filter(pk=candidate.pk, status__in=OPEN)
                .first()
            )
            if delivery is None or task_is_alive(delivery.task_id, cutoff):
                continue
            queue(delivery)
            requeued.append(delivery)
    return requeued
