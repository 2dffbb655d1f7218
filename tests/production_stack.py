"""Folio's production stack in tests: gunicorn with production settings on a database of
its own (PostgreSQL), Redis for the cache, spoken to over HTTP under a public host name,
as a load balancer would send requests.

pytest's own test database is transactional and private to its connection, so these
helpers build a real database beside it (dropped afterwards) and a Redis database nobody
else is using. Tests using them run where ``DATABASE_URL`` is PostgreSQL and Redis answers
on 127.0.0.1:6379 (the PostgreSQL half of CI) and are skipped elsewhere
(``needs_production_stack``).
"""

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests

from tests.admin_forms import post_form_data

REPO = Path(__file__).resolve().parents[1]
GUNICORN = Path(sys.executable).with_name("gunicorn")
REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
# The name readers use for the blog; both servers get it, as behind a load balancer.
PUBLIC_HOST = "blog.folio.test"
EDITOR, EDITOR_PASSWORD = "multi-server-editor", "multi-server-editor-password-8d1f"
CLAIM_KEY = "folio:multi-server-test:claimed-by"


def redis_client(db=0):
    import redis

    return redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=db, socket_timeout=2)


def redis_is_reachable():
    try:
        return redis_client().ping()
    except Exception:
        return False


def database_url_is_postgres():
    return os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


needs_production_stack = [
    pytest.mark.skipif(
        not database_url_is_postgres(),
        reason="needs PostgreSQL: set DATABASE_URL=postgres://… (run in the PostgreSQL half of CI)",
    ),
    pytest.mark.skipif(
        database_url_is_postgres() and not redis_is_reachable(),
        reason=f"needs Redis on {REDIS_HOST}:{REDIS_PORT} (.ci/run starts it)",
    ),
]


def claim_empty_redis_db():
    """A Redis database no one else uses, so the servers' cache keys meet only each other."""
    # Not 12 or 13: the analytics tests count there (FOLIO_TEST_REDIS_URL), and while
    # they run between tests their database is empty too.
    for db in (15, 14, *range(11, 0, -1)):
        client = redis_client(db)
        # NX makes the claim atomic should another run look at the same empty database.
        if client.dbsize() == 0 and client.set(CLAIM_KEY, os.getpid(), nx=True):
            return db
    pytest.skip("no empty Redis database (1-15) to run two app servers on")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PostgresDatabase:
    """A real database beside the test one, created and dropped by this module."""

    def __init__(self, name):
        parts = urlsplit(os.environ["DATABASE_URL"])
        self.url = parts._replace(path=f"/{name}").geturl()
        self.admin_url = parts._replace(path="/postgres").geturl()
        self.name = name

    def _run(self, statement):
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as connection:
            connection.execute(statement)

    def create(self):
        self.drop()
        self._run(f'CREATE DATABASE "{self.name}"')

    def drop(self):
        self._run(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def production_environment(database_url, redis_db, workdir):
    """The environment of ``make serve``; ``redis_db=None``: no Redis, as on one machine
    (each worker's cache in its own memory, the generation number in a file)."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "PYTEST")) and k != "REDIS_URL"
    }
    if redis_db is not None:
        env["REDIS_URL"] = f"redis://{REDIS_HOST}:{REDIS_PORT}/{redis_db}"
    env.update(
        DJANGO_SETTINGS_MODULE="folio.settings.production",
        DATABASE_URL=database_url,
        FOLIO_GENERATION_DIR=str(workdir / "generation"),
        SECRET_KEY="multi-server-test-secret-key-not-for-production-0123456789",
        ALLOWED_HOSTS=f"{PUBLIC_HOST},127.0.0.1",
        WAGTAILADMIN_BASE_URL=f"http://{PUBLIC_HOST}",
        SECURE_SSL_REDIRECT="0",
        FOLIO_PAGE_CACHE="1",
        MEDIA_ROOT=str(workdir / "media"),
        STATIC_ROOT=str(workdir / "static"),
        DJANGO_SUPERUSER_PASSWORD=EDITOR_PASSWORD,
        LOG_LEVEL="WARNING",
    )
    return env


def manage(env, *args):
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=REPO, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, f"manage.py {' '.join(args)} failed:\n{done.stderr[-3000:]}"


def build_blog(env):
    """Migrate, add the demo post and an editor; static files are collected meanwhile."""
    collectstatic = subprocess.Popen(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_demo")
    manage(env, "createsuperuser", "--noinput", "--username", EDITOR, "--email", "e@folio.test")
    assert collectstatic.wait() == 0, "collectstatic failed"


class AppServer:
    """gunicorn on a loopback port, spoken to over HTTP under the public host name."""

    def __init__(self, env, log_path):
        self.port = free_port()
        self.log = open(log_path, "w")
        self.process = subprocess.Popen(
            [str(GUNICORN), "folio.wsgi", "--bind", f"127.0.0.1:{self.port}",
             "--workers", "2", "--log-level", "warning"],
            cwd=REPO, env=env, stdout=self.log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        self.http = requests.Session()
        # Production cookies are Secure; here plain HTTP stands in for the TLS proxy, so
        # they are kept by hand and always sent.
        self.cookies = {}

    def wait_until_up(self, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                log = Path(self.log.name).read_text()[-3000:]
                raise RuntimeError(f"gunicorn exited:\n{log}")
            try:
                if self.request("GET", "/healthz", timeout=5).status_code == 200:
                    return
            except requests.RequestException:
                # Refused until gunicorn listens; slow while its workers import Django.
                time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer on port {self.port}")

    def request(self, method, path, timeout=15, **kwargs):
        response = self.http.request(
            method,
            f"http://127.0.0.1:{self.port}{path}",
            headers={"Host": PUBLIC_HOST},
            cookies=self.cookies,
            allow_redirects=False,
            timeout=timeout,
            **kwargs,
        )
        self.cookies.update(response.cookies.get_dict())
        return response

    def get(self, path):
        return self.request("GET", path)

    def post_form(self, path, data):
        return self.request("POST", path, data=data)

    def stop(self):
        self.process.send_signal(signal.SIGINT)  # gunicorn's quick shutdown

    def wait_until_stopped(self):
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


def csrf_token(html):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def log_in(server):
    token = csrf_token(server.get("/admin/login/").text)
    response = server.post_form(
        "/admin/login/",
        {"csrfmiddlewaretoken": token, "username": EDITOR, "password": EDITOR_PASSWORD},
    )
    assert response.status_code == 302, "the editor could not log in to the admin"


def publish_new_title(server, post, title):
    """What an editor does: open the post in the admin, change its title, press Publish."""
    edit_url = f"/admin/pages/{post.id}/edit/"
    form = server.get(edit_url)
    assert form.status_code == 200
    data = post_form_data(post, title=title, body_html="<p>Edited through server A.</p>")
    data.update(csrfmiddlewaretoken=csrf_token(form.text), **{"action-publish": "action-publish"})
    response = server.post_form(edit_url, data)
    assert response.status_code == 302, f"publishing failed: {response.status_code}"
