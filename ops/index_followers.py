"""Cached pages follow the search and reference indexes when the worker updates them.

In production Wagtail's index updates run in the worker (``FOLIO_INDEX_IN_WORKER``), a
few seconds after a publish has already retired the cached pages. A search page or an API
v2 image listing cached in between was built from the old index, and nothing retired it
again: the new post stayed missing from that search for up to an hour. Each finished
index update retires the copies once more.
"""

from django_tasks import TaskResultStatus
from django_tasks.signals import task_finished

from blog.page_cache import invalidate_page_cache

INDEX_TASKS = frozenset({
    "modelsearch.tasks.insert_or_update_object_task",
    "wagtail.tasks.update_reference_index_task",
})  # fmt: skip


def retire_copies_built_from_the_old_index(sender, task_result, **kwargs):
    if task_result.status != TaskResultStatus.SUCCESSFUL:
        return
    if task_result.task.module_path in INDEX_TASKS:
        invalidate_page_cache(f"index updated by {task_result.task.module_path}")


def connect():
    task_finished.connect(
        retire_copies_built_from_the_old_index, dispatch_uid="folio_index_followers"
    )
