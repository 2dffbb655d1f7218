"""Run one ``db_worker`` per database task backend, until stopped.

Folio's own tasks (webhooks, admin imports) use the ``folio`` backend; in production
Wagtail's (search and reference index updates) use ``default`` too (see
folio/settings/production.py). django-tasks' worker serves one backend per process, so
this starts a worker for each backend that stores its tasks in the database.
"""

import signal
import subprocess
import sys

from django.conf import settings
from django.core.management.base import BaseCommand

from analytics.tasks import ensure_flush_scheduled

DATABASE_BACKEND = "django_tasks_db.DatabaseBackend"


def database_backends():
    return [
        alias for alias, config in settings.TASKS.items() if config["BACKEND"] == DATABASE_BACKEND
    ]


class Command(BaseCommand):
    help = "Run a db_worker for every database task backend (webhooks, imports, indexing)."

    def handle(self, *args, **options):
        # The analytics flush queues its own next run; this starts (or restarts) the chain.
        ensure_flush_scheduled()
        # Each worker gets this process's settings by name, whichever way they were chosen
        # (DJANGO_SETTINGS_MODULE or --settings): manage.py alone would fall back to dev.
        workers = [
            subprocess.Popen(
                [
                    sys.executable,
                    "manage.py",
                    "db_worker",
                    "--settings",
                    settings.SETTINGS_MODULE,
                    "--backend",
                    alias,
                    "--queue-name",
                    "*",
                ]
            )  # fmt: skip
            for alias in database_backends()
        ]
        self.stdout.write(f"Workers for task backends: {', '.join(database_backends())}")

        def stop(signum, frame):
            for worker in workers:
                worker.send_signal(signal.SIGTERM)

        signal.signal(signal.SIGTERM, stop)
        try:
            for worker in workers:
                worker.wait()
        except KeyboardInterrupt:
            stop(signal.SIGINT, None)
            for worker in workers:
                worker.wait()
