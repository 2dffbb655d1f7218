"""The beacon collector's HTTP/1.1 server: httptools' C parser on uvloop.

Why not uvicorn (or any ASGI server): a beacon's own work, checking and counting it, takes
about 0.1 ms; uvicorn added 0.08–0.1 ms to each request for its ASGI machinery (a task,
scope and message dictionaries per request), as much again. This parses and answers
requests in the event loop's own callbacks (no task per request), and does only what a
beacon endpoint behind a proxy needs:

- keep-alive (HTTP/1.1, or HTTP/1.0 asking for it) and pipelining, answered in order;
- requests read and answered in batches, ``BATCH_SECONDS`` (50 ms) at most after they
  arrive, and the answers written after the batch (``answer_ready``): nobody waits for a
  beacon's answer, and answered together they cost a fraction of the CPU of answering
  each as it arrives (the processor's caches stay warm);
- bounded requests: at most ``MAX_HEADER_BYTES`` of headers (431) and the beacon limit of
  body, kept (the rest is read and dropped, then refused by the view's check: 413);
- malformed requests answered 400 and the connection closed; upgrades refused;
- connections idle for ``KEEP_ALIVE_SECONDS`` closed, and at most ``MAX_CONNECTIONS`` open;
- SIGTERM/SIGINT: stop accepting, answer what is in hand, write the pending counts, exit.
"""

import asyncio
import logging
import signal
import time
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from http import HTTPStatus

import httptools

from . import views
from .collector import Collector, flush_seconds

logger = logging.getLogger("folio.analytics")

# Requests arriving within this long are answered together (``answer_soon``).
BATCH_SECONDS = 0.05
KEEP_ALIVE_SECONDS = 15
MAX_CONNECTIONS = 2000
MAX_HEADER_BYTES = 16 * 1024
# Past this much unread, a connection's bytes are parsed as they come (and its requests
# limited) instead of waiting for the batch.
MAX_UNREAD_BYTES = 64 * 1024


class RequestTooLarge(Exception):
    pass


def status_line(status):
    return f"HTTP/1.1 {status} {HTTPStatus(status).phrase}\r\n".encode()


class BeaconProtocol(asyncio.Protocol):
    """One client connection (in production, one of the proxy's)."""

    def __init__(self, server):
        self.server = server
        self.transport = None
        self.parser = None
        self.unread = []  # bytes received, parsed when the batch is answered
        self.unread_bytes = 0
        self.pending = deque()  # parsed requests not answered yet, in order
        self.waiting = False  # an answer is being worked out in the database thread
        self.closing = False
        self.last_active = time.monotonic()
        self._reset()

    def _reset(self):
        self.url = b""
        self.headers = []
        self.header_bytes = 0
        self.body = []
        self.body_bytes = 0

    # --- the connection ---------------------------------------------------------------------

    def connection_made(self, transport):
        self.transport = transport
        if len(self.server.connections) >= MAX_CONNECTIONS or self.server.stopping:
            transport.abort()
            return
        self.server.connections.add(self)
        self.parser = httptools.HttpRequestParser(self)
        self.client = transport.get_extra_info("peername")
        self.local = transport.get_extra_info("sockname")

    def pause_writing(self):
        # A client that sends and does not read its answers is not read from either.
        self.transport.pause_reading()

    def resume_writing(self):
        if not self.waiting:
            self.transport.resume_reading()

    def connection_lost(self, exc):
        self.server.connections.discard(self)
        self.closing = True

    def data_received(self, data):
        self.last_active = time.monotonic()
        self.unread.append(data)
        self.unread_bytes += len(data)
        if self.unread_bytes > MAX_UNREAD_BYTES:
            self.read_unread()
        if not self.waiting:
            self.server.answer_soon(self)

    def read_unread(self):
        unread, self.unread, self.unread_bytes = self.unread, [], 0
        for data in unread:
            if self.closing:
                return
            self.feed(data)

    def feed(self, data):
        try:
            self.parser.feed_data(data)
        except RequestTooLarge:
            self.refuse(431, "The request's headers are too large.")
        except httptools.HttpParserUpgrade:
            self.refuse(400, "Upgrades are not served here.")
        except httptools.HttpParserError as error:
            # httptools wraps what its callbacks raise (HttpParserCallbackError).
            if isinstance(error.__context__, RequestTooLarge):
                self.refuse(431, "The request's headers are too large.")
            else:
                self.refuse(400, "The request is not valid HTTP/1.1.")

    # --- httptools' callbacks ---------------------------------------------------------------

    def on_message_begin(self):
        self._reset()

    def on_headers_complete(self):
        # Some clients (curl, for bodies over 1 KB) wait to be asked for the body. Not while
        # earlier requests wait for their answers: it would overtake them (the client then
        # sends the body after its own short wait).
        if self.pending or self.waiting:
            return
        for name, value in self.headers:
            if len(name) == 6 and name.lower() == b"expect" and value.lower() == b"100-continue":
                self.transport.write(b"HTTP/1.1 100 Continue\r\n\r\n")
                return

    def on_url(self, url):
        self.url += url
        self.header_bytes += len(url)
        if self.header_bytes > MAX_HEADER_BYTES:
            raise RequestTooLarge

    # Called for every header of every beacon: the byte count is written out, not a call.
    def on_header(self, name, value):
        self.headers.append((name, value))
        self.header_bytes += len(name) + len(value)
        if self.header_bytes > MAX_HEADER_BYTES:
            raise RequestTooLarge

    def on_body(self, chunk):
        # One byte past the limit is enough for the view's check to refuse it (413).
        keep = self.server.body_limit - self.body_bytes
        if keep > 0:
            self.body.append(chunk[:keep])
        self.body_bytes += len(chunk)

    def on_message_complete(self):
        path = self.url.split(b"?", 1)[0].decode("latin-1")
        self.pending.append(
            (
                self.parser.get_method().decode("latin-1"),
                path,
                self.headers,
                b"".join(self.body),
                self.parser.should_keep_alive(),
            )
        )

    # --- answering --------------------------------------------------------------------------

    def answer_pending(self):
        if self.unread:
            self.read_unread()
        while self.pending and not self.closing:
            item = self.pending.popleft()
            if isinstance(item, views.Answer):  # a refusal (``refuse``): the last answer
                self.send(item, keep_alive=False)
                return
            method, path, headers, body, keep_alive = item
            try:
                answer = self.server.collector.answer(
                    method, path, headers, body, self.client, self.local
                )
            except Exception:
                logger.exception("analytics collector failed to answer a beacon")
                answer = views.Answer(500, "The beacon could not be counted.")
            if callable(answer):
                # Its page needs a query: answered from the database thread, and the
                # requests behind it on this connection wait their turn.
                self.waiting = True
                self.transport.pause_reading()
                future = self.server.loop.run_in_executor(self.server.database, answer)
                future.add_done_callback(lambda done, k=keep_alive: self.answered(done, k))
                return
            self.send(answer, keep_alive)

    def answered(self, done, keep_alive):
        self.waiting = False
        if self.closing:
            return
        try:
            answer = done.result()
        except Exception:
            logger.exception("analytics collector failed to answer a beacon")
            answer = views.Answer(500, "The beacon could not be counted.")
        self.send(answer, keep_alive)
        if not self.closing:
            self.transport.resume_reading()
            self.answer_pending()

    def send(self, answer, keep_alive):
        keep_alive = keep_alive and not self.server.stopping
        if not keep_alive:
            self.closing = True  # nothing more is answered on it: closed once written
        self.server.write(self.transport, self.server.response(answer, keep_alive), keep_alive)

    def refuse(self, status, message):
        """Answer a request that cannot be read, after those before it, and close."""
        if self.closing:
            return
        self.transport.pause_reading()
        self.pending.append(views.Answer(status, message))
        if not self.waiting:
            self.answer_pending()

    def close(self):
        if not self.closing:
            self.closing = True
            self.transport.close()


class CollectorServer:
    def __init__(self, collector, host, port):
        self.collector = collector
        self.host, self.port = host, port
        self.connections = set()
        self.stopping = False
        self.loop = None
        self.server = None
        self.body_limit = views.max_beacon_bytes() + 1
        self.responses = {}
        self.outgoing = None  # while a batch is answered: what to write after it
        self.ready = set()
        self.batch = None
        # One thread: the rare beacons that need a query take turns on one connection.
        self.database = ThreadPoolExecutor(max_workers=1, thread_name_prefix="collector-db")
        # Another for writing the counts, so that a buffer that waits holds up no beacon.
        self.writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="collector-write")
        self.stopped = None

    def answer_soon(self, connection):
        """Answer ``connection``'s requests with the others that arrive in the next
        ``BATCH_SECONDS``: beacons answered one by one, as they arrive, each ran with the
        processor's caches cold and cost two to three times the CPU of beacons answered
        together (nobody waits for a beacon's answer: the page sent it and moved on)."""
        self.ready.add(connection)
        if self.batch is None:
            self.batch = self.loop.call_later(BATCH_SECONDS, self.answer_ready)

    def answer_ready(self):
        """Answer the batch, then write the answers. Each write wakes its client (in
        production the proxy), which the kernel may run at once on this core: written as
        each was worked out, those switches left every beacon's work to run with the
        processor's caches cold, at four times the CPU of the same work in a loop (0.14
        against 0.12 ms of CPU a beacon in all, bench/collector_cpu.py)."""
        self.batch = None
        ready, self.ready = self.ready, set()
        self.outgoing = []
        try:
            for connection in ready:
                if not connection.waiting:
                    connection.answer_pending()
        finally:
            outgoing, self.outgoing = self.outgoing, None
            for transport, data, keep_alive in outgoing:
                self.write(transport, data, keep_alive)

    def write(self, transport, data, keep_alive):
        if self.outgoing is not None:
            self.outgoing.append((transport, data, keep_alive))
        elif not transport.is_closing():
            transport.write(data)
            if not keep_alive:
                transport.close()

    def response(self, answer, keep_alive):
        """The bytes that answer ``answer``: made once for each of the few answers there
        are (most beacons get the same 204)."""
        key = (answer, keep_alive)
        made = self.responses.get(key)
        if made is None:
            headers, content = self.collector.response_headers(answer)
            lines = [status_line(answer.status)]
            lines += [name + b": " + value + b"\r\n" for name, value in headers]
            lines.append(b"content-length: %d\r\n" % len(content))
            if not keep_alive:
                lines.append(b"connection: close\r\n")
            made = b"".join([*lines, b"\r\n", content])
            if len(self.responses) < 256:
                self.responses[key] = made
        return made

    async def serve(self, ready=None):
        self.loop = asyncio.get_running_loop()
        self.stopped = asyncio.Event()
        self.collector.start()
        self.server = await self.loop.create_server(
            lambda: BeaconProtocol(self), self.host, self.port, reuse_address=True, backlog=1024
        )
        self.port = self.server.sockets[0].getsockname()[1]
        for signum in (signal.SIGTERM, signal.SIGINT):
            try:
                self.loop.add_signal_handler(signum, self.stop)
            except (RuntimeError, ValueError):
                pass  # not the main thread (tests): they call stop() themselves
        if ready is not None:
            ready(self)
        housekeeping = self.loop.create_task(self.keep_house())
        try:
            await self.stopped.wait()
        finally:
            housekeeping.cancel()
            self.server.close()
            if self.batch is not None:  # the requests in hand are answered
                self.batch.cancel()
                self.answer_ready()
            for connection in list(self.connections):
                connection.close()
            await self.server.wait_closed()
            # What is pending is written last, after the final answers.
            self.database.shutdown(wait=True)
            await self.loop.run_in_executor(self.writer, self.collector.stop)
            self.writer.shutdown(wait=True)

    def stop(self):
        """Stop accepting and end (from a signal handler, or a test's thread through
        ``call_soon_threadsafe``)."""
        self.stopping = True
        if self.stopped is not None:
            self.stopped.set()

    async def keep_house(self):
        """Every second: close idle connections; every flush interval: write the counts."""
        last_flush = time.monotonic()
        while True:
            await asyncio.sleep(1)
            now = time.monotonic()
            for connection in list(self.connections):
                if (
                    not connection.pending
                    and not connection.unread
                    and not connection.waiting
                    and (now - connection.last_active > KEEP_ALIVE_SECONDS)
                ):
                    connection.close()
            if now - last_flush >= flush_seconds():
                last_flush = now
                await self.flush()

    async def flush(self):
        buffer = self.collector.buffer
        hits = buffer.take()
        if hits and not await self.loop.run_in_executor(self.writer, buffer.write, hits):
            buffer.keep(hits)


def run(host, port):
    """Serve until SIGTERM or SIGINT (``manage.py run_beacon_collector``)."""
    try:
        import uvloop
    except ImportError:  # the standard event loop works too, a little slower
        uvloop = None
    server = CollectorServer(Collector(), host, port)
    if uvloop is not None:
        uvloop.run(server.serve())
    else:
        asyncio.run(server.serve())
