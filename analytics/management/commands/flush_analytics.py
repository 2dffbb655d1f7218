"""``manage.py flush_analytics``: add the counts buffered since the last flush to the
analytics tables (e.g. every minute from cron when no worker runs)."""

from django.core.management.base import BaseCommand

from analytics.flush import flush
from analytics.tasks import ensure_flush_scheduled


class Command(BaseCommand):
    help = "Move buffered analytics counts (Redis or the local buffer) into the database."

    def add_arguments(self, parser):
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="Also queue the worker's periodic flush if none is waiting (make worker).",
        )

    def handle(self, *args, schedule=False, **options):
        batches = flush()
        if batches is None:
            self.stdout.write("Another flush is running; nothing done.")
        else:
            self.stdout.write(f"Flushed {batches} batch{'es' if batches != 1 else ''}.")
        if schedule and ensure_flush_scheduled():
            self.stdout.write("Queued the worker's periodic flush.")
