"""Turn page events into queued deliveries, in the same transaction as the change.

The delivery and its task are stored with the change they report (the task backend keeps
tasks in the database): both are there after a commit, or neither is. Queueing them from
``on_commit`` instead lost them to a crash between the commit and the callbacks.
"""

from django.conf import settings
from django.db import transaction
from django.db.models.signals import pre_delete
from django.utils import timezone
from wagtail.signals import page_published, page_unpublished

from blog.models import BlogPage

from .models import Delivery, Event, Webhook


def absolute(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def event_payload(event, page):
    return {
        "type": event,
        "id": page.pk,
        "title": page.title,
        "slug": page.slug,
        "page_type": f"{page._meta.app_label}.{page._meta.model_name}",
        "url": page.get_full_url(),
        "api_url": absolute(f"/api/v2/pages/{page.pk}/"),
        "timestamp": timezone.now().isoformat(),
    }


def queue_deliveries(event, page):
    from .tasks import queue

    payload = event_payload(event, page)
    with transaction.atomic():
        for webhook in Webhook.objects.filter(is_active=True):
            if webhook.wants(event):
                queue(Delivery.objects.create(webhook=webhook, event=event, payload=payload))


def on_published(sender, instance, **kwargs):
    queue_deliveries(Event.PUBLISHED, instance)


def on_unpublished(sender, instance, **kwargs):
    # Deleting a live page makes Wagtail unpublish it without saving (pre_delete), so the
    # row is still live here: that unpublish is part of a deletion, reported by on_deleted.
    if type(instance).objects.filter(pk=instance.pk, live=True).exists():
        return
    queue_deliveries(Event.UNPUBLISHED, instance)


def on_deleted(sender, instance, **kwargs):
    """Every deleted post, live or draft (alone, or with the page above it)."""
    queue_deliveries(Event.DELETED, instance)


def register_signal_handlers():
    page_published.connect(on_published, sender=BlogPage, dispatch_uid="webhooks_published")
    page_unpublished.connect(on_unpublished, sender=BlogPage, dispatch_uid="webhooks_unpublished")
    pre_delete.connect(on_deleted, sender=BlogPage, dispatch_uid="webhooks_deleted")
