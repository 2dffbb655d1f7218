"""Databases, environments and gunicorn processes the benchmark runs against."""

import os
import re
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# The Folio checkout being measured: this one unless `run.py --repo` names another.
target = {"repo": REPO}
PYTHON = str(REPO / ".venv" / "bin" / "python")
GUNICORN = str(REPO / ".venv" / "bin" / "gunicorn")
PG_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
SECRET_KEY = "benchmark-only-secret-key-not-for-production-use-0123456789"


def database_url(kind, workdir, name):
    if kind == "sqlite":
        return f"sqlite:///{workdir}/{name}.sqlite3"
    return f"postgres://postgres@127.0.0.1:5432/{name.replace('-', '_')}"


def reset_database(db_url):
    drop_database(db_url)
    if db_url.startswith("sqlite:///"):
        return  # the first connection makes the file
    import psycopg

    name = db_url.rsplit("/", 1)[1]
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')


def drop_database(db_url):
    if db_url.startswith("sqlite:///"):
        Path(db_url.removeprefix("sqlite:///")).unlink(missing_ok=True)
        return
    import psycopg

    name = db_url.rsplit("/", 1)[1]
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def database_exists(db_url):
    if db_url.startswith("sqlite:///"):
        return Path(db_url.removeprefix("sqlite:///")).exists()
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        name = db_url.rsplit("/", 1)[1]
        return bool(conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone())


def folio_environment(db_url, media_root, *, cache, fragments=True):
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="folio.settings.production",
        DATABASE_URL=db_url,
        SECRET_KEY=SECRET_KEY,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",
        MEDIA_ROOT=str(media_root),
        STATIC_ROOT=str(media_root.parent / "static"),
        FOLIO_PAGE_CACHE="1" if cache else "0",
        FOLIO_FRAGMENT_CACHE="1" if fragments else "0",
        LOG_LEVEL="ERROR",
    )
    env.pop("REDIS_URL", None)
    return env


def manage(env, *args, cwd=None):
    subprocess.run([PYTHON, "manage.py", *args], cwd=cwd or target["repo"], env=env, check=True)


class Server:
    """gunicorn with 2 sync workers on 127.0.0.1, as `make serve` runs it."""

    def __init__(self, env, port, *, app="folio.wsgi", cwd=None, ready_path="/healthz"):
        self.port = port
        self.process = subprocess.Popen(
            [GUNICORN, app, "--bind", f"127.0.0.1:{port}", "--workers", "2",
             "--worker-class", "sync", "--log-level", "warning"],
            cwd=cwd or target["repo"], env=env,
        )  # fmt: skip
        self.base = f"http://127.0.0.1:{port}"
        for _ in range(150):
            try:
                urllib.request.urlopen(self.base + ready_path, timeout=2)
                return
            except OSError:
                if self.process.poll() is not None:
                    break
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gunicorn ({app}) did not start on port {port}")

    def wait_until_idle(self, limit=45):
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            try:
                started = time.monotonic()
                urllib.request.urlopen(self.base + "/healthz", timeout=limit).read()
                if time.monotonic() - started < 0.5:
                    return
            except OSError:
                time.sleep(0.5)

    def worker_rss_mb(self):
        total = 0
        for status in Path("/proc").glob("[0-9]*/status"):
            try:
                text = status.read_text()
            except OSError:
                continue
            if re.search(rf"^PPid:\s+{self.process.pid}$", text, re.M):
                total += int(re.search(r"^VmRSS:\s+(\d+)", text, re.M).group(1))
        return total / 1024

    def stop(self):
        if self.process.poll() is None:
            # Quick shutdown: a worker still busy with a request wrk gave up on is not
            # worth waiting for.
            self.process.send_signal(signal.SIGQUIT)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()
