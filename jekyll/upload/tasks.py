"""Imports run in the django-tasks worker (``make worker``), never in the editor's request.

Without a worker, ``manage.py process_jekyll_imports`` runs the same steps.
"""

from django_tasks import task

from . import jobs

TASK_BACKEND = "folio"


@task(backend=TASK_BACKEND)
def dry_run_import(import_id):
    jobs.run_dry_run(import_id)


@task(backend=TASK_BACKEND)
def confirmed_import(import_id):
    jobs.run_confirmed_import(import_id)
