"""Operational endpoints and settings wiring."""

import json
import os
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import DEFAULT_DB_ALIAS, DatabaseError, OperationalError, connection
from django.db.utils import ConnectionHandler
from django.test import Client, RequestFactory

from ops.db_outage import OUTAGE_MESSAGE, DatabaseOutageMiddleware, is_database_outage

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.django_db
def test_healthz_reports_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def settings_value(module, name, **env):
    """Read a setting the way a fresh process would, with only the given environment."""
    clean_env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SECRET_KEY"}}
    clean_env.update(env, DJANGO_SETTINGS_MODULE=module)
    return subprocess.run(
        [sys.executable, "-c", f"from django.conf import settings; print(settings.{name})"],
        cwd=REPO,
        env=clean_env,
        capture_output=True,
        text=True,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = settings_value("folio.settings.production", "DEBUG")
    assert result.returncode != 0
    assert "Set the SECRET_KEY environment variable" in result.stderr


def test_database_url_selects_postgresql():
    result = settings_value(
        "folio.settings.dev",
        "DATABASES['default']['ENGINE']",
        DATABASE_URL="postgres://u@127.0.0.1:5432/x",
    )
    assert result.stdout.strip() == "django.db.backends.postgresql"


def test_sqlite_is_the_default_database():
    result = settings_value("folio.settings.dev", "DATABASES['default']['ENGINE']")
    assert result.stdout.strip() == "django.db.backends.sqlite3"


def test_redis_url_selects_the_redis_cache():
    result = settings_value(
        "folio.settings.dev", "CACHES['default']['BACKEND']", REDIS_URL="redis://127.0.0.1:6379/1"
    )
    assert result.stdout.strip() == "django_redis.cache.RedisCache"


@pytest.mark.parametrize(
    "variable, setting, value, expected",
    [
        (
            "ALLOWED_HOSTS",
            "ALLOWED_HOSTS",
            "blog.example.com,www.example.com",
            "['blog.example.com', 'www.example.com']",
        ),
        ("FOLIO_MEMBER_COOKIE", "FOLIO_MEMBER_COOKIE", "quire_session", "quire_session"),
        (
            "WAGTAILADMIN_BASE_URL",
            "WAGTAILADMIN_BASE_URL",
            "https://blog.example.com",
            "https://blog.example.com",
        ),
        ("FOLIO_IMPORT_STEP_TIMEOUT_MINUTES", "FOLIO_IMPORT_STEP_TIMEOUT_MINUTES", "15", "15"),
        ("FOLIO_IMPORT_MAX_UPLOAD_MB", "FOLIO_IMPORT_MAX_UPLOAD_MB", "20", "20"),
    ],
)
def test_settings_come_from_the_environment(variable, setting, value, expected):
    result = settings_value("folio.settings.dev", setting, **{variable: value})
    assert result.stdout.strip() == expected


# --- Which database errors are an outage (503, retry later) and which are bugs (500) ---


@pytest.fixture
def open_connection(django_db_blocker):
    """Opens database connections of the test's own, apart from Django's (and from the
    test database pytest-django guards), closed after the test."""
    handlers = []

    def open_connection(**settings_dict):
        handlers.append(ConnectionHandler({DEFAULT_DB_ALIAS: settings_dict}))
        return handlers[-1][DEFAULT_DB_ALIAS]

    with django_db_blocker.unblock():
        yield open_connection
        for handler in handlers:
            handler.close_all()


def error_of(connection, sql):
    """The exception Django raises when ``connection`` runs ``sql``."""
    with pytest.raises(DatabaseError) as raised, connection.cursor() as cursor:
        cursor.execute(sql)
    return raised.value


@pytest.fixture
def sqlite_file(tmp_path, open_connection):
    """A SQLite file with a table, and a connection to it that waits for no lock."""
    path = tmp_path / "site.sqlite3"
    with sqlite3.connect(path) as setup:
        setup.execute("CREATE TABLE post (title TEXT)")
    return open_connection(
        ENGINE="django.db.backends.sqlite3",
        NAME=str(path),
        OPTIONS={"timeout": 0},
    )


@pytest.fixture
def sqlite_locked_by_another_process(sqlite_file):
    locker = sqlite3.connect(sqlite_file.settings_dict["NAME"], isolation_level=None)
    locker.execute("BEGIN EXCLUSIVE")
    yield sqlite_file
    locker.close()


def outage_middleware_response(exception, path="/blog/"):
    middleware = DatabaseOutageMiddleware(lambda request: None)
    return middleware.process_exception(RequestFactory().get(path), exception)


def test_a_locked_sqlite_database_answers_503_with_retry_after(sqlite_locked_by_another_process):
    error = error_of(sqlite_locked_by_another_process, "SELECT title FROM post")
    assert isinstance(error, OperationalError)
    assert "database is locked" in str(error)
    response = outage_middleware_response(error)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]


def test_a_locked_sqlite_database_answers_json_503_under_the_api(sqlite_locked_by_another_process):
    error = error_of(sqlite_locked_by_another_process, "SELECT title FROM post")
    response = outage_middleware_response(error, path="/api/v2/pages/")
    assert response.status_code == 503
    assert json.loads(response.content) == {"message": OUTAGE_MESSAGE}


def test_a_missing_sqlite_table_is_not_an_outage(sqlite_file):
    error = error_of(sqlite_file, "SELECT title FROM no_such_table")
    assert isinstance(error, OperationalError)
    assert not is_database_outage(error)
    assert outage_middleware_response(error) is None


def test_an_unreachable_postgresql_server_is_an_outage(open_connection):
    pytest.importorskip("psycopg")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        nobody_listens = sock.getsockname()[1]
    unreachable = open_connection(
        ENGINE="django.db.backends.postgresql",
        NAME="folio",
        USER="postgres",
        HOST="127.0.0.1",
        PORT=nobody_listens,
        OPTIONS={"connect_timeout": 2},
    )
    with pytest.raises(OperationalError) as raised:
        unreachable.ensure_connection()
    assert is_database_outage(raised.value)


@pytest.mark.django_db
def test_a_missing_table_is_a_server_error_not_a_503(blog_index):
    # Renamed inside the test's transaction, which puts it back.
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE blog_blogpage RENAME TO blog_blogpage_gone")
    response = Client(raise_request_exception=False).get("/api/v2/pages/?type=blog.BlogPage")
    assert response.status_code == 500
    assert "Retry-After" not in response


@pytest.fixture
def postgresql(db, open_connection):
    """A second connection to the test database, when the tests run on PostgreSQL."""
    if connection.vendor != "postgresql":
        pytest.skip("needs the suite on PostgreSQL (DATABASE_URL)")
    return open_connection(**connection.settings_dict)


def test_a_postgresql_connection_closed_by_the_server_is_an_outage(postgresql):
    # What a restart or failover does to every open connection.
    error = error_of(postgresql, "SELECT pg_terminate_backend(pg_backend_pid())")
    assert is_database_outage(error)
    # The connection is unusable now, and the next query on it says so.
    assert is_database_outage(error_of(postgresql, "SELECT 1"))


def test_a_postgresql_statement_timeout_is_not_an_outage(postgresql):
    with postgresql.cursor() as cursor:
        cursor.execute("SET statement_timeout = 10")
    error = error_of(postgresql, "SELECT pg_sleep(1)")
    assert isinstance(error, OperationalError)
    assert not is_database_outage(error)


# --- Background work --------------------------------------------------------------------

PRODUCTION_ENV = {"SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "blog.example.com"}


def test_production_runs_wagtails_index_updates_in_the_worker():
    result = settings_value(
        "folio.settings.production", "TASKS['default']['BACKEND']", **PRODUCTION_ENV
    )
    assert result.stdout.strip() == "django_tasks_db.DatabaseBackend", result.stderr


def test_production_without_a_worker_can_keep_index_updates_in_the_request():
    result = settings_value(
        "folio.settings.production",
        "TASKS['default']['BACKEND']",
        FOLIO_INDEX_IN_WORKER="0",
        **PRODUCTION_ENV,
    )
    assert result.stdout.strip() == "django_tasks.backends.immediate.ImmediateBackend"


def test_run_workers_serves_every_database_task_backend(settings):
    from ops.management.commands.run_workers import database_backends

    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend"},
        "folio": {"BACKEND": "django_tasks_db.DatabaseBackend"},
        "inline": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    }
    assert database_backends() == ["default", "folio"]
