"""Cached pages follow the search and reference indexes when the worker updates them.

In production Wagtail's index updates run in the worker (``FOLIO_INDEX_IN_WORKER``), a
few seconds after a publish has already retired the cached pages. A search page cached in
between was built from the old index, and nothing retired it again: the new post stayed
missing from that search for up to an hour. An index update that follows a publish
retires the copies once more.

Draft saves are indexed too (an editor's autosave, a writer's change to an author under
review); they change nothing readers see, so they must not empty the cache every few
seconds while someone edits. Only content published in the last few minutes counts.
"""

from datetime import timedelta

from django.apps import apps
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks.signals import task_finished

from ops.page_cache import invalidate_page_cache

INDEX_TASKS = frozenset({
    "modelsearch.tasks.insert_or_update_object_task",
    "wagtail.tasks.update_reference_index_task",
})  # fmt: skip
# Longer than the worker ever lags behind a publish.
RECENTLY_PUBLISHED = timedelta(minutes=10)


def retire_copies_built_from_the_old_index(sender, task_result, **kwargs):
    if task_result.status != TaskResultStatus.SUCCESSFUL:
        return
    if task_result.task.module_path not in INDEX_TASKS:
        return
    if follows_a_change_readers_see(*task_result.args[:3]):
        invalidate_page_cache(f"index updated by {task_result.task.module_path}")


def follows_a_change_readers_see(app_label, model_name, pk):
    instance = apps.get_model(app_label, model_name)._base_manager.filter(pk=pk).first()
    if instance is None or not hasattr(instance, "live"):
        return True  # deleted, or not draftable (images, documents, tags): always shown
    published_at = getattr(instance, "last_published_at", None)
    return bool(
        instance.live
        and published_at is not None
        and timezone.now() - published_at < RECENTLY_PUBLISHED
    )


def connect():
    task_finished.connect(
        retire_copies_built_from_the_old_index, dispatch_uid="folio_index_followers"
    )
