"""The worker flushes the counters every ``FOLIO_ANALYTICS_FLUSH_SECONDS``.

django-tasks has no periodic tasks, so each flush queues the next one. The chain is
started when the worker starts (``ops/management/commands/run_workers.py`` calls
``ensure_flush_scheduled``) and by ``manage.py flush_analytics --schedule``; a chain
lost with a killed worker is started again the same way. Without a worker, run
``manage.py flush_analytics`` from cron.
"""

import datetime
import logging

from django.conf import settings
from django.db import DatabaseError
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from . import flush

logger = logging.getLogger("folio.analytics")

TASK_BACKEND = "folio"
TASK_PATH = "analytics.tasks.flush_analytics"
# Finished flushes are a log nobody reads: one a minute would pile up in the task table.
KEEP_FINISHED = datetime.timedelta(hours=1)


def interval():
    return datetime.timedelta(seconds=getattr(settings, "FOLIO_ANALYTICS_FLUSH_SECONDS", 60))


@task(backend=TASK_BACKEND)
def flush_analytics():
    try:
        return flush.flush()
    finally:
        ensure_flush_scheduled(after=interval())
        DBTaskResult.objects.finished().filter(
            task_path=TASK_PATH, finished_at__lt=timezone.now() - KEEP_FINISHED
        ).delete()


def ensure_flush_scheduled(after=datetime.timedelta()):
    """Queue a flush ``after`` from now unless one is already waiting. A database that
    cannot be reached must not keep the worker from starting: the chain then starts with
    the next start, or ``manage.py flush_analytics --schedule``."""
    try:
        if DBTaskResult.objects.filter(task_path=TASK_PATH, status="READY").exists():
            return False
        flush_analytics.using(run_after=timezone.now() + after).enqueue()
    except DatabaseError:
        logger.warning("analytics: could not queue the periodic flush", exc_info=True)
        return False
    return True
