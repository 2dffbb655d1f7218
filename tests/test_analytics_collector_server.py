"""The beacon collector over real sockets (analytics/collector_server.py), and the real
command (``manage.py run_beacon_collector``) in production conditions.

The server runs in a thread of its own with its own event loop, as ``manage.py
run_beacon_collector`` runs it; the test thread looks the post up first, so that the
server never needs the database (pytest's test transaction is invisible to other threads
on PostgreSQL). Clients speak raw HTTP/1.1 to it, as the site's proxy does.
"""

import asyncio
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time

import pytest
from django.core.management import CommandError, call_command

from analytics import collector_server, targets
from analytics.collector import Collector
from analytics.collector_server import MAX_HEADER_BYTES, MAX_UNREAD_BYTES, CollectorServer
from tests.analytics_fixtures import BROWSER, own_buffer_fixture  # noqa: F401 (fixture)
from tests.factories import BlogPageFactory
from tests.production_stack import (
    PUBLIC_HOST,
    REPO,
    PostgresDatabase,
    database_url_is_postgres,
    manage,
    production_environment,
)
from tests.test_analytics_fast_path import counts

pytestmark = pytest.mark.django_db

# --- a collector server in a thread -----------------------------------------------------------


class RunningServer:
    """``CollectorServer`` serving in a background thread with its own event loop."""

    def __init__(self):
        self.loop = asyncio.new_event_loop()
        self.server = CollectorServer(Collector(), "127.0.0.1", 0)
        self.listening = threading.Event()
        self.failure = None
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        try:
            self.loop.run_until_complete(self.server.serve(ready=lambda _: self.listening.set()))
        except BaseException as error:  # reported by start() or stop()
            self.failure = error
            self.listening.set()
        finally:
            self.loop.close()

    def start(self):
        self.thread.start()
        assert self.listening.wait(10), "the collector did not start listening"
        assert self.failure is None, self.failure
        return self

    @property
    def port(self):
        return self.server.port

    def stop(self):
        """Stop as SIGTERM does: stop accepting, answer, write the pending counts."""
        if self.thread.is_alive():
            self.loop.call_soon_threadsafe(self.server.stop)
            self.thread.join(15)
        assert not self.thread.is_alive(), "the collector did not stop"
        assert self.failure is None, self.failure


@pytest.fixture(name="post")
def post_fixture(blog_index):
    post = BlogPageFactory(parent=blog_index, title="Beacons over HTTP", slug="over-http")
    # Looked up here, in the test's thread: the server answers it from memory.
    assert targets.page_ctas(post.pk) is not None
    return post


@pytest.fixture(name="server")
def server_fixture(post, settings):
    # No flush on the way: what the buffer holds after stop() was written by stop().
    settings.FOLIO_ANALYTICS_COLLECTOR_FLUSH_SECONDS = 3600
    running = RunningServer().start()
    yield running
    running.stop()


def a_view(post):
    return json.dumps({"page": post.pk, "audience": "guest", "view": True}).encode()


def request(body=b"", *, method="POST", version="HTTP/1.1", path="/analytics/beacon", **extra):
    """The bytes of one request, as the page script's browser (through the proxy) sends it."""
    headers = {
        "Host": "testserver",
        "User-Agent": BROWSER,
        "Content-Type": "text/plain;charset=UTF-8",
        "Origin": "http://testserver",
        "Content-Length": str(len(body)),
        **{name.replace("_", "-"): value for name, value in extra.items()},
    }
    lines = [f"{method} {path} {version}"] + [f"{name}: {value}" for name, value in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


class Client:
    """One connection to the collector, reading its answers one by one."""

    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        self.received = b""

    def send(self, data):
        self.sock.sendall(data)

    def _fill(self):
        chunk = self.sock.recv(65536)
        if not chunk:
            raise ConnectionError("the collector closed the connection")
        self.received += chunk

    def answer(self):
        """(status, {lower-case header: value}, body) of the next answer."""
        while b"\r\n\r\n" not in self.received:
            self._fill()
        head, self.received = self.received.split(b"\r\n\r\n", 1)
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        headers = {}
        for line in header_lines:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        length = int(headers.get("content-length", 0))
        while len(self.received) < length:
            self._fill()
        body, self.received = self.received[:length], self.received[length:]
        return int(status_line.split()[1]), headers, body

    def is_closed(self, wait=5):
        """Whether the collector closes the connection within ``wait`` seconds (nothing
        more is sent on it)."""
        self.sock.settimeout(wait)
        try:
            data = self.sock.recv(1)
        except TimeoutError:
            return False
        except ConnectionResetError:
            return True
        return data == b""

    def close(self):
        self.sock.close()


@pytest.fixture(name="connect")
def connect_fixture(server):
    clients = []

    def connect():
        clients.append(Client(server.port))
        return clients[-1]

    yield connect
    for client in clients:
        client.close()


def views_counted(post):
    return counts().get((post.pk, "views"), 0)


# --- HTTP -----------------------------------------------------------------------------------


def test_a_kept_alive_connection_carries_one_beacon_after_another(connect, post, server):
    client = connect()
    client.send(request(a_view(post)))
    first = client.answer()
    client.send(request(a_view(post)))
    second = client.answer()
    assert first[0] == second[0] == 204
    assert "connection" not in first[1]
    assert first[1]["cache-control"] == "no-store"
    server.stop()
    assert views_counted(post) == 2


def test_pipelined_requests_are_answered_in_order(connect, post):
    client = connect()
    client.send(request(a_view(post)) + request(method="GET") + request(a_view(post)))
    statuses = [client.answer()[0] for _ in range(3)]
    assert statuses == [204, 405, 204]


def test_http_1_0_without_keep_alive_is_answered_and_closed(connect, post):
    client = connect()
    client.send(request(a_view(post), version="HTTP/1.0"))
    status, headers, _ = client.answer()
    assert status == 204
    assert headers["connection"] == "close"
    assert client.is_closed()


def test_garbage_is_refused_and_the_connection_closed(connect):
    client = connect()
    client.send(b"HELLO THERE\r\n\r\n")
    status, headers, body = client.answer()
    assert status == 400
    assert headers["connection"] == "close"
    assert json.loads(body) == {"error": "The request is not valid HTTP/1.1."}
    assert client.is_closed()


@pytest.mark.parametrize("where", ["header", "url"])
def test_headers_over_the_limit_are_refused(connect, post, where):
    client = connect()
    padding = "p" * (MAX_HEADER_BYTES + 1)
    if where == "header":
        client.send(request(a_view(post), X_Padding=padding))
    else:
        client.send(request(a_view(post), path=f"/analytics/beacon?{padding}"))
    status, headers, body = client.answer()
    assert status == 431
    assert json.loads(body) == {"error": "The request's headers are too large."}
    assert headers["connection"] == "close"
    assert client.is_closed()


def test_a_malformed_request_behind_a_good_one_is_refused_after_it(connect, post):
    client = connect()
    client.send(request(a_view(post)) + b"HELLO THERE\r\n\r\n")
    assert client.answer()[0] == 204
    assert client.answer()[0] == 400
    assert client.is_closed()


def test_an_oversized_body_is_refused(connect, post, server):
    client = connect()
    client.send(request(b"{" + b" " * 2998 + b"}"))
    status, _, body = client.answer()
    assert status == 413
    assert json.loads(body) == {"error": "A beacon is at most 2048 bytes."}
    client.send(request(a_view(post)))
    assert client.answer()[0] == 204  # the connection is still good


def test_a_body_far_over_the_limit_is_read_as_it_comes_and_refused(connect, post):
    # More than MAX_UNREAD_BYTES: parsed as it arrives, not held for the batch.
    client = connect()
    client.send(request(b"{" + b" " * (4 * MAX_UNREAD_BYTES) + b"}"))
    assert client.answer()[0] == 413
    client.send(request(a_view(post)))
    assert client.answer()[0] == 204


def test_a_client_that_expects_100_continue_is_asked_for_the_body(connect, post):
    client = connect()
    head, body = request(a_view(post), Expect="100-continue").split(b"\r\n\r\n", 1)
    client.send(head + b"\r\n\r\n")
    assert client.answer()[0] == 100
    client.send(body)
    assert client.answer()[0] == 204


def test_an_idle_connection_is_closed(post, settings, monkeypatch):
    monkeypatch.setattr(collector_server, "KEEP_ALIVE_SECONDS", 1)
    running = RunningServer().start()
    try:
        client = Client(running.port)
        client.send(request(a_view(post)))
        assert client.answer()[0] == 204
        started = time.monotonic()
        assert client.is_closed(wait=8)
        # The sweep runs once a second: closed after 1-2 s of silence (more on a busy machine).
        assert 0.5 < time.monotonic() - started < 5
        client.close()
    finally:
        running.stop()


def test_stop_writes_the_pending_counts(connect, post, server):
    client = connect()
    for _ in range(3):
        client.send(request(a_view(post)))
        assert client.answer()[0] == 204
    # No flush interval has passed (an hour, here): the counts wait in the collector.
    assert views_counted(post) == 0
    server.stop()
    assert views_counted(post) == 3


# --- the real command in production conditions -------------------------------------------

needs_postgres = pytest.mark.skipif(
    not database_url_is_postgres(),
    reason="needs PostgreSQL: set DATABASE_URL=postgres://… (run in the PostgreSQL half of CI)",
)
COLLECTOR_PORTS = range(19100, 19200)


def free_collector_port():
    for port in COLLECTOR_PORTS:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    pytest.skip("no free port in 19100-19199 for the collector")


class ProductionSite:
    """A production blog (demo content) on a PostgreSQL database of its own, counting into
    a buffer folder of its own (no Redis: one machine)."""

    def __init__(self, workdir):
        self.database = PostgresDatabase(f"folio_collt_prod_{os.getpid()}")
        self.workdir = workdir
        self.env = production_environment(self.database.url, None, workdir)
        self.env.update(
            FOLIO_ANALYTICS_BUFFER_DIR=str(workdir / "analytics"),
            FOLIO_ANALYTICS_COLLECTOR_FLUSH_SECONDS="1",
        )

    def build(self):
        self.database.create()
        manage(self.env, "migrate", "--noinput", "-v0")
        manage(self.env, "load_demo")

    def query(self, sql):
        import psycopg

        with psycopg.connect(self.database.url) as connection:
            return connection.execute(sql).fetchall()

    def a_live_post(self):
        rows = self.query(
            "SELECT page.id FROM wagtailcore_page page "
            "JOIN blog_blogpage post ON post.page_ptr_id = page.id "
            "WHERE page.live ORDER BY page.id LIMIT 1"
        )
        assert rows, "the demo content has no live post"
        return rows[0][0]

    def views_of(self, page_id):
        """Every view of the page counted in the database, after a flush."""
        manage(self.env, "flush_analytics")
        rows = self.query(
            f"SELECT coalesce(sum(views), 0) FROM analytics_pageday WHERE page_id = {page_id}"
        )
        return rows[0][0]


@pytest.fixture(name="production_site", scope="module")
def production_site_fixture(tmp_path_factory):
    site = ProductionSite(tmp_path_factory.mktemp("collector-production"))
    try:
        site.build()
        yield site
    finally:
        site.database.drop()
        shutil.rmtree(site.workdir, ignore_errors=True)


class CollectorProcess:
    """``manage.py run_beacon_collector`` as production runs it (``make collector``)."""

    def __init__(self, env, log_path, *options):
        self.port = free_collector_port()
        self.log = open(log_path, "w")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "run_beacon_collector",
                "--bind",
                f"127.0.0.1:{self.port}",
                *options,
            ],
            cwd=REPO,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"the collector exited:\n{self.output()}"
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.1)
        self.process.kill()
        raise RuntimeError(f"the collector did not listen on {self.port}:\n{self.output()}")

    def output(self):
        with open(self.log.name) as log:
            return log.read()[-3000:]

    def beacons(self, page_id, n):
        """``n`` views of the page over one kept-alive connection, all answered 204."""
        client = Client(self.port)
        body = json.dumps({"page": page_id, "audience": "guest", "view": True}).encode()
        one = request(body, Host=PUBLIC_HOST, Origin=f"http://{PUBLIC_HOST}")
        try:
            for _ in range(n):
                client.send(one)
                status, _, content = client.answer()
                assert status == 204, content
        finally:
            client.close()

    def end(self, signum):
        """Send ``signum``; the exit code."""
        if self.process.poll() is None:
            self.process.send_signal(signum)
        try:
            return self.process.wait(timeout=20)
        finally:
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait()
            self.log.close()


@pytest.fixture(name="start_collector")
def start_collector_fixture(production_site, tmp_path):
    started = []

    def start(*options):
        log = tmp_path / f"collector-{len(started)}.log"
        started.append(CollectorProcess(production_site.env, log, *options))
        return started[-1]

    yield start
    for collector in started:
        collector.end(signal.SIGKILL)


@needs_postgres
def test_the_collector_command_writes_every_count_when_terminated(production_site, start_collector):
    page = production_site.a_live_post()
    before = production_site.views_of(page)
    collector = start_collector()
    collector.beacons(page, 5)
    assert collector.end(signal.SIGTERM) == 0, collector.output()
    assert production_site.views_of(page) - before == 5


@needs_postgres
def test_a_killed_collector_loses_at_most_its_last_second(production_site, start_collector):
    page = production_site.a_live_post()
    before = production_site.views_of(page)
    collector = start_collector()
    collector.beacons(page, 5)
    time.sleep(2.5)  # past the flush interval (1 s): these five are written
    collector.beacons(page, 5)
    collector.end(signal.SIGKILL)
    added = production_site.views_of(page) - before
    # The first five all counted; the last five perhaps not (none written yet), none twice.
    assert 5 <= added <= 10


@needs_postgres
def test_the_collector_command_gives_the_pages_cpu_priority(production_site, start_collector):
    own = os.getpriority(os.PRIO_PROCESS, 0)
    collector = start_collector()
    assert os.getpriority(os.PRIO_PROCESS, collector.process.pid) == min(own + 10, 19)
    assert f"(nice {min(own + 10, 19)})" in collector.output()


@needs_postgres
def test_the_collector_command_keeps_its_priority_with_nice_0(production_site, start_collector):
    own = os.getpriority(os.PRIO_PROCESS, 0)
    collector = start_collector("--nice", "0")
    assert os.getpriority(os.PRIO_PROCESS, collector.process.pid) == own


def test_the_collector_command_refuses_a_nice_out_of_range():
    with pytest.raises(CommandError, match="--nice must be from 0 to 19, not 25"):
        call_command("run_beacon_collector", "--nice", "25")
