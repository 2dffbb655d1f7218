"""The beacon collector: a small server of its own that answers the page script's beacons
for a fraction of what a gunicorn worker spends on one (``manage.py run_beacon_collector``,
``make collector``; README "Analytics").

500 beacons a second must not slow the pages down measurably. In a gunicorn sync worker,
even answered in front of Django (``fast_path.py``), a beacon costs about 0.5 ms of CPU, most
of it for what any request costs there (a new connection, gunicorn's Python HTTP parser,
the WSGI environ, Django's request and response objects, the middleware): at 500/s, an
eighth of this two-core machine, taken from the pages. Behind the site's proxy, which
sends ``POST /analytics/beacon`` here instead, a beacon costs about a quarter of that:

- the HTTP side (``collector_server.py``) parses requests in C (httptools) on uvloop and
  keeps the proxy's connections open;
- a beacon is checked and counted by **the same code** as in Django (``views.judge``:
  every check, the rate limit, the count), on a request object that holds only its
  headers; its answer carries the headers Django's middleware gives the view's answer
  (security headers, CSP…), worked out once at start;
- the content generation (which pages are live) is read once a second, not per beacon;
- counts are not written one by one: ``BatchingBuffer`` applies the rate limit in memory
  (one process sees every beacon) and writes what arrived to the machine's buffer (the
  SQLite file or Redis) in one transaction every ``FOLIO_ANALYTICS_COLLECTOR_FLUSH_SECONDS``
  (1 s). Stopping the collector (SIGTERM, SIGINT) writes what is pending first; a SIGKILL
  loses at most that last second of counts, never anything written before.

A beacon naming a page the process has not looked up since the content last changed needs
a database query: ``Collector.answer`` hands that one back as a function for a thread, the
only place an event loop may query the database.
"""

import functools
import json
import logging
import threading
import time

from django.conf import settings
from django.core.exceptions import DisallowedHost, ImproperlyConfigured
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed

from ops.page_cache import follow_generation

from . import buffer, targets, views
from .beacon import BadBeacon, parse
from .fast_path import close_stale_connections, outer_chain
from .middleware import BEACON_MIDDLEWARE, beacon_path

logger = logging.getLogger("folio.analytics")

FLUSH_SECONDS = 1.0
GENERATION_SECONDS = 1.0
# Counts kept while the buffer cannot be written (Redis restarting): about three minutes of
# 500 beacons/s. Past that, new ones are dropped, as a gunicorn worker drops a count it
# cannot write, and the reader is answered all the same.
MAX_PENDING = 100_000


def flush_seconds():
    return getattr(settings, "FOLIO_ANALYTICS_COLLECTOR_FLUSH_SECONDS", FLUSH_SECONDS)


class CollectorRequest(HttpRequest):
    """A beacon's request as ``views.judge`` reads it: headers (``META``) and host only.
    Django's own request objects parse query strings, cookies and content types on
    creation, which a beacon never reads."""

    # HttpRequest.__init__ is not called on purpose (see above).
    def __init__(self, method, path, headers, client, server):  # noqa: PLW0231
        self.method = method
        self.path = self.path_info = path
        meta = {
            "REQUEST_METHOD": method,
            "PATH_INFO": path,
            "SERVER_NAME": server[0] if server else "unknown",
            "SERVER_PORT": str(server[1]) if server else "0",
        }
        if client:
            meta["REMOTE_ADDR"] = client[0]
        for name, value in headers:
            key = META_KEYS.get(name)
            if key is None:
                key = meta_key(name)
            if key:
                value = value.decode("latin-1")
                meta[key] = f"{meta[key]},{value}" if key in meta else value
        self.META = meta


META_KEYS = {}


def meta_key(name):
    """The ``META`` key of header ``name`` as Django's handlers make it ("" for a name with
    "_": no spoofing through it), remembered for the few names proxies send."""
    text = name.decode("latin-1").lower()
    if "_" in text:
        key = ""
    elif text in ("content-length", "content-type"):
        key = text.upper().replace("-", "_")
    else:
        key = "HTTP_" + text.upper().replace("-", "_")
    if len(META_KEYS) < 256:
        META_KEYS[name] = key
    return key


class BatchingBuffer:
    """The collector's buffer: counts the rate limit in memory (one process sees every
    beacon of the site) and keeps hits until ``write()`` adds them to ``store`` at once.
    The event loop and the database thread both count into it: a lock keeps ``take()``
    from handing over a list that a count is still being added to."""

    def __init__(self, store):
        self.store = store
        self.lock = threading.Lock()
        self.pending = []
        self.max_sources = buffer.max_sources()
        self.minute = None
        self.per_client = {}
        self.dropped = 0

    def salt(self, day):
        return self.store.salt(day)

    def record(self, client, hit, *, limit, max_sources):
        minute = int(time.time() // 60)
        with self.lock:
            if minute != self.minute:
                self.minute, self.per_client = minute, {}
            if limit:
                sent = self.per_client.get(client, 0) + 1
                self.per_client[client] = sent
                if sent > limit:
                    return False
            if len(self.pending) >= MAX_PENDING:
                self.dropped += 1
                return True
            self.max_sources = max_sources
            self.pending.append(hit)
        return True

    def take(self):
        with self.lock:
            hits, self.pending = self.pending, []
        return hits

    def keep(self, hits):
        with self.lock:
            self.pending[:0] = hits[: max(0, MAX_PENDING - len(self.pending))]

    def write(self, hits):
        """Add ``hits`` to the store (in any thread); ``False`` when it cannot be written
        now: then ``keep(hits)`` (in the collector's thread) tries them again later."""
        if not hits:
            return True
        try:
            self.store.record_many(hits, max_sources=self.max_sources)
        except views.BUFFER_ERRORS:
            logger.warning("analytics buffer unavailable: %d counts wait", len(hits), exc_info=True)
            return False
        if self.dropped:
            logger.warning("analytics collector dropped %d counts (buffer full)", self.dropped)
            self.dropped = 0
        return True


class Collector:
    """Answers beacons: ``answer()`` for each request, ``start()``/``stop()`` around them;
    the server writes ``buffer.take()`` with ``buffer.write()`` every
    FOLIO_ANALYTICS_COLLECTOR_FLUSH_SECONDS. Knows nothing of HTTP (``collector_server.py``)."""

    def __init__(self):
        self.path = None
        self.headers = None
        self.buffer = None
        self.generation = None
        self.generation_read = 0.0
        self.hosts = {}

    def start(self):
        self.path = beacon_path()
        self.headers = middleware_headers()
        self.buffer = BatchingBuffer(buffer.get_buffer())

    def stop(self):
        """Write what is pending (the server calls this as it stops on SIGTERM or SIGINT)."""
        if self.buffer is not None:
            hits = self.buffer.take()
            if not self.buffer.write(hits):
                logger.error("analytics collector stopped with %d counts unwritten", len(hits))

    def answer(self, method, path, headers, body, client=None, server=None):
        """The ``Answer`` to one request; or, for a beacon whose page must be looked up in
        the database, a function that returns it, to be called in a thread."""
        if path != self.path:
            return views.Answer(404, "Not found.")
        if method != "POST":
            return views.Answer(405, "Beacons are sent with POST.")
        if not views.enabled():
            return views.Answer(404, "Analytics is turned off.")
        request = CollectorRequest(method, path, headers, client, server)
        try:
            request._folio_host = self.host_of(request)
        except DisallowedHost:
            return views.Answer(400, "This site does not answer to that host.")
        request.analytics_buffer = self.buffer
        request.analytics_generation = self.current_generation()
        payload = parsed(body)
        if payload is not None and not targets.answers_without_query(
            payload.page, request.analytics_generation
        ):
            return functools.partial(judge_with_database, request, body, payload)
        return views.judge(request, lambda n: body[:n], payload)

    def host_of(self, request):
        """``request.get_host()`` (checked against ``ALLOWED_HOSTS``), worked out once per
        distinct host."""
        meta = request.META
        # Django's _get_raw_host() gives the Host header whenever there is no
        # X-Forwarded-Host: read directly, as it is on nearly every beacon.
        raw = meta.get("HTTP_HOST") if "HTTP_X_FORWARDED_HOST" not in meta else None
        if raw is None:
            raw = request._get_raw_host()
        host = self.hosts.get(raw)
        if host is None:
            host = request.get_host()
            if len(self.hosts) < 100:
                self.hosts[raw] = host
        return host

    def current_generation(self):
        now = time.monotonic()
        if self.generation is None or now - self.generation_read >= GENERATION_SECONDS:
            self.generation = targets.current_key()
            self.generation_read = now
            # Wagtail's per-process caches (the sites' root paths) follow the content, as
            # in a gunicorn worker (ops.page_cache.PageCacheMiddleware).
            follow_generation(self.generation[1])
        return self.generation

    def response_headers(self, answer):
        """``(headers, body)`` of ``answer``: the headers Django's middleware gives the
        view's answer of that kind, and what it says."""
        if answer.status == 204:
            return self.headers["counted"], b""
        if answer.status == 405:
            return self.headers["not allowed"], b""
        headers = self.headers["refused"]
        if answer.retry_after:
            headers = [*headers, (b"retry-after", str(answer.retry_after).encode())]
        return headers, json.dumps({"error": answer.error}).encode()


def middleware_headers():
    """The headers Django's middleware adds to each kind of answer the view gives (security
    headers; CSP on its HTML answers only…), found by passing one of each through that
    middleware at start."""
    answers = {
        "counted": lambda: views.private(HttpResponse(status=204)),
        "not allowed": lambda: views.private(HttpResponseNotAllowed(["POST"])),
        "refused": lambda: views.problem(400, ""),
    }
    found = {}
    for kind, make in answers.items():
        chain = outer_chain(lambda request, make=make: make())
        if chain is False:
            raise ImproperlyConfigured(
                f"The beacon collector needs {BEACON_MIDDLEWARE} in MIDDLEWARE."
            )
        request = HttpRequest()
        request.method, request.path, request.path_info = "POST", beacon_path(), beacon_path()
        request.META = {"REQUEST_METHOD": "POST", "SERVER_NAME": "collector", "SERVER_PORT": "0"}
        found[kind] = [
            (name.lower().encode("latin-1"), value.encode("latin-1"))
            for name, value in chain(request).items()
            if name.lower() not in ("content-length", "vary")
        ]
    return found


def parsed(body):
    """The beacon, or ``None`` when it will be refused before any page is looked up."""
    if len(body) > views.max_beacon_bytes():
        return None
    try:
        return parse(body)
    except BadBeacon:
        return None


def judge_with_database(request, body, payload):
    """``views.judge`` for a beacon naming a page not looked up yet. As request_started
    does in a gunicorn worker, no connection past its age is used."""
    close_stale_connections()
    return views.judge(request, lambda n: body[:n], payload)
