"""`make worker` runs the tasks that `make serve` queues.

A post published through gunicorn with production settings leaves Wagtail's search and
reference index updates in the database queue (production runs them in the worker, not
in the editor's request). The worker started as the README says, `make worker`, must run
them: with other settings it would watch other queues and the tasks would wait for ever.
"""

import os
import shutil
import signal
import subprocess
import time
from types import SimpleNamespace

import psycopg
import pytest

from tests.production_stack import (
    REPO,
    AppServer,
    PostgresDatabase,
    build_blog,
    claim_empty_redis_db,
    log_in,
    needs_production_stack,
    production_environment,
    publish_new_title,
    redis_client,
)

pytestmark = needs_production_stack

# Generous: besides index updates the publish queues its images' renditions (every size the
# templates use), which take a while on a loaded 2-core machine; success ends the wait.
WORKER_DEADLINE_SECONDS = 300


def task_statuses(database, ids=None):
    """``{task id: status}`` of the queued tasks (of ``ids`` only, when given)."""
    with psycopg.connect(database.url) as connection:
        rows = connection.execute(
            "SELECT id, status FROM django_tasks_database_dbtaskresult"
        ).fetchall()
    return {str(key): status for key, status in rows if ids is None or str(key) in ids}


def start_make_worker(env):
    """`make worker` as an operator types it, without DJANGO_SETTINGS_MODULE of its own."""
    worker_env = {k: v for k, v in env.items() if k != "DJANGO_SETTINGS_MODULE"}
    return subprocess.Popen(
        # -o install: the virtualenv is the one running these tests; do not reinstall it.
        ["make", "--no-print-directory", "-o", "install", "worker"],
        cwd=REPO,
        env=worker_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


@pytest.fixture
def production_site(tmp_path):
    database = PostgresDatabase(f"folio_worker_{os.getpid()}")
    redis_db = claim_empty_redis_db()
    server = None
    try:
        database.create()
        env = production_environment(database.url, redis_db, tmp_path)
        build_blog(env)
        server = AppServer(env, tmp_path / "gunicorn.log")
        server.wait_until_up()
        yield env, database, server
    finally:
        if server is not None:
            server.stop()
            server.wait_until_stopped()
        database.drop()
        redis_client(redis_db).flushdb()
        shutil.rmtree(tmp_path, ignore_errors=True)


def test_make_worker_runs_the_tasks_a_production_publish_queued(production_site):
    env, database, server = production_site
    item = server.get("/api/v2/pages/?type=blog.BlogPage&limit=1").json()["items"][0]
    post = SimpleNamespace(id=item["id"], slug=item["meta"]["slug"])
    new_title = f"Indexed by the worker {os.getpid()}"

    log_in(server)
    publish_new_title(server, post, new_title)
    queued = task_statuses(database)
    assert queued, "the publish queued no task: production runs index updates in the worker"
    assert set(queued.values()) == {"READY"}

    worker = start_make_worker(env)
    try:
        deadline = time.monotonic() + WORKER_DEADLINE_SECONDS
        while time.monotonic() < deadline:
            # The worker also schedules its own later work (the analytics flush): only
            # what the publish queued must be done.
            if set(task_statuses(database, queued).values()) == {"SUCCESSFUL"}:
                break
            time.sleep(0.5)
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=30)
    assert set(task_statuses(database, queued).values()) == {"SUCCESSFUL"}
    found = server.get(f"/search/?q={new_title.replace(' ', '+')}").text
    assert new_title in found
