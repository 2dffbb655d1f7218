"""What the webhook tests share: a real receiving server on 127.0.0.1, the real worker,
publishing a post, and a database that child processes can open."""

import os
import sqlite3
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.management import call_command
from django.db import connection

from tests.factories import BlogPageFactory
from webhooks.models import Webhook

REPO = Path(__file__).resolve().parents[1]


class Receiver:
    """A real HTTP server on 127.0.0.1 that records requests and answers as told.

    ``responses`` are (status, body, headers) tuples used in turn, the last one for
    every request after it. With ``hold`` set, a request is recorded and then left
    unanswered until ``release`` is set (a sender that dies meanwhile never hears back).
    """

    def __init__(self):
        self.requests = []
        self.responses = [(200, b"ok", {})]
        self.got_request = threading.Event()
        self.hold = False
        self.release = threading.Event()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def record(self):
                length = int(self.headers.get("Content-Length") or 0)
                receiver.requests.append(
                    {
                        "method": self.command,
                        "path": self.path,
                        "headers": dict(self.headers),
                        "body": self.rfile.read(length),
                    }
                )
                receiver.got_request.set()
                if receiver.hold:
                    receiver.release.wait(timeout=30)
                    return
                responses = receiver.responses
                status, body, headers = responses.pop(0) if len(responses) > 1 else responses[0]
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_POST = do_GET = record

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_port
        self.url = f"http://127.0.0.1:{self.port}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def answer(self, *statuses):
        self.responses = [(status, b"ok", {}) for status in statuses]

    def close(self):
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(name="receiver")
def receiver_fixture():
    server = Receiver()
    yield server
    server.close()


@pytest.fixture(name="allow_private_targets")
def allow_private_targets_fixture(settings):
    """The receiver listens on 127.0.0.1, which production refuses to send to."""
    settings.FOLIO_WEBHOOK_ALLOW_PRIVATE_TARGETS = True


@pytest.fixture(name="webhook")
def webhook_fixture(receiver, allow_private_targets):
    return Webhook.objects.create(name="Marketing site", url=receiver.url, secret="s3cret")


@pytest.fixture(name="fast_retries")
def fast_retries_fixture(settings):
    settings.FOLIO_WEBHOOK_RETRY_BASE_SECONDS = 0
    settings.FOLIO_WEBHOOK_MAX_ATTEMPTS = 3


# The worker checks its database connection like a real process does, which closes a
# connection held inside a test's transaction (PostgreSQL); tests that run it commit.
runs_worker = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def run_worker():
    call_command(
        "db_worker", "--backend", "folio", "--batch", "--no-startup-delay", "--interval", "0.1",
        verbosity=0,
    )  # fmt: skip


def publish_post(blog_index, capture, **kwargs):
    with capture(execute=True):
        post = BlogPageFactory(parent=blog_index, **kwargs)
        post.save_revision().publish()
    return post


class SharedDatabase:
    """The test database, opened by child processes (``manage.py`` in a subprocess).

    PostgreSQL: the test database itself (the tests that use it commit). SQLite: the
    suite's database lives in this process's memory, so ``hand_over()`` copies it to a
    file that the children use from then on.
    """

    def __init__(self, directory):
        self.path = directory / "shared.sqlite3"
        params = connection.settings_dict
        if connection.vendor == "sqlite":
            self.url = f"sqlite:///{self.path}"
        else:
            user = quote(params["USER"] or "", safe="")
            password = ":" + quote(params["PASSWORD"], safe="") if params["PASSWORD"] else ""
            host = params["HOST"] or "127.0.0.1"
            self.url = (
                f"postgres://{user}{password}@{host}:{params['PORT'] or 5432}/{params['NAME']}"
            )

    def hand_over(self):
        if connection.vendor != "sqlite":
            return
        connection.ensure_connection()
        copy = sqlite3.connect(self.path)
        connection.connection.backup(copy)
        copy.close()

    def environment(self, **extra):
        env = {name: value for name, value in os.environ.items() if name != "REDIS_URL"}
        env.update(DJANGO_SETTINGS_MODULE="folio.settings.test", DATABASE_URL=self.url, **extra)
        return env

    def manage(self, *args, timeout=120, **env):
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=REPO,
            env=self.environment(**env),
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    def start(self, *args, **env):
        return subprocess.Popen(
            [sys.executable, "manage.py", *args],
            cwd=REPO,
            env=self.environment(**env),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )


@pytest.fixture(name="shared_database")
def shared_database_fixture(tmp_path):
    return SharedDatabase(tmp_path)
