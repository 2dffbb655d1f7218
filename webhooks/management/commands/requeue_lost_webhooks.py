"""``manage.py requeue_lost_webhooks``: queue again the deliveries lost with their worker."""

from django.core.management.base import BaseCommand

from webhooks.recovery import requeue_lost_deliveries


class Command(BaseCommand):
    help = (
        "Queue again the webhook deliveries whose worker was lost (overdue by more than "
        "FOLIO_WEBHOOK_LOST_AFTER_MINUTES with no task waiting or running for them). "
        "Run it from cron beside the worker, e.g. every 5 minutes."
    )

    def handle(self, *args, **options):
        requeued = requeue_lost_deliveries()
        for delivery in requeued:
            self.stderr.write(f"Delivery #{delivery.pk} ({delivery}): queued again")
        self.stdout.write(f"{len(requeued)} lost webhook deliveries queued again.")
