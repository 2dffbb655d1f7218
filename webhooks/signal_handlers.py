"""Turn page events into queued deliveries, once the publishing transaction commits."""

from django.conf import settings
from django.db import transaction
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
    from .tasks import deliver

    payload = event_payload(event, page)
    for webhook in Webhook.objects.filter(is_active=True):
        if webhook.wants(event):
            delivery = Delivery.objects.create(webhook=webhook, event=event, payload=payload)
            transaction.on_commit(lambda pk=delivery.pk: deliver.enqueue(pk))


def on_published(sender, instance, **kwargs):
    queue_deliveries(Event.PUBLISHED, instance)


def on_unpublished(sender, instance, **kwargs):
    # Deleting a live page makes Wagtail unpublish it without saving (pre_delete), so
    # the row is still live here: that unpublish is really a deletion.
    still_live_in_db = type(instance).objects.filter(pk=instance.pk, live=True).exists()
    queue_deliveries(Event.DELETED if still_live_in_db else Event.UNPUBLISHED, instance)


def register_signal_handlers():
    page_published.connect(on_published, sender=BlogPage, dispatch_uid="webhooks_published")
    page_unpublished.connect(on_unpublished, sender=BlogPage, dispatch_uid="webhooks_unpublished")
