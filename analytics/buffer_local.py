"""The buffer on one machine: a SQLite file every web worker and the flusher share.

Why SQLite rather than the cache or plain files: counts from several processes must add
up exactly (Django's file cache reads, adds and writes back, losing increments), and the
rate limit, the day's sources and visitors need shared sets too. A transaction on a
local WAL file takes tens of microseconds and never waits on the site's database, so a
beacon still costs that database nothing. The file is not the site's data: losing it
loses at most the counts since the last flush.
"""

import collections
import contextlib
import fcntl
import os
import secrets
import sqlite3
import threading
import time
import uuid

from .buffer import MAX_VISITORS_PER_DAY, OTHER

SCHEMA = """
CREATE TABLE IF NOT EXISTS counters (key TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS batches (batch TEXT NOT NULL, key TEXT NOT NULL, n INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS batches_batch ON batches (batch);
CREATE TABLE IF NOT EXISTS sources (
    day TEXT NOT NULL, page INTEGER NOT NULL, source TEXT NOT NULL,
    PRIMARY KEY (day, page, source)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS visitors (
    day TEXT NOT NULL, page INTEGER NOT NULL, visitor TEXT NOT NULL,
    PRIMARY KEY (day, page, visitor)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS days (day TEXT PRIMARY KEY, visitors INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS salts (day TEXT PRIMARY KEY, salt BLOB NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS rate (
    minute INTEGER NOT NULL, client TEXT NOT NULL, n INTEGER NOT NULL,
    PRIMARY KEY (minute, client)) WITHOUT ROWID;
"""
UPSERT = (
    "INSERT INTO counters (key, n) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET n = n + excluded.n"
)


class LocalBuffer:
    def __init__(self, folder):
        self.folder = folder
        self.path = folder / "buffer.sqlite3"
        self._local = threading.local()
        self._salt = (None, None)
        # Sources this process knows are kept today ((day, page, source)): they stay kept
        # until the day ends, so a beacon from a known source skips two queries.
        self._kept = set()
        self._pruned_minute = None
        self._full_day = None

    # --- connection -------------------------------------------------------------------

    def _connection(self):
        local = self._local
        # A connection opened before a fork (gunicorn's master) is never used by a child.
        if getattr(local, "pid", None) != os.getpid():
            self.folder.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(self.path, timeout=5, isolation_level=None)
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
            connection.executescript(SCHEMA)
            local.connection, local.pid = connection, os.getpid()
        return local.connection

    @contextlib.contextmanager
    def _transaction(self):
        connection = self._connection()
        connection.execute("BEGIN IMMEDIATE")
        try:
            yield connection
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")

    # --- the day's salt -----------------------------------------------------------------

    def salt(self, day):
        if self._salt[0] == day:
            return self._salt[1]
        with self._transaction() as db:
            db.execute("INSERT OR IGNORE INTO salts VALUES (?, ?)", (day, secrets.token_bytes(32)))
            salt = db.execute("SELECT salt FROM salts WHERE day = ?", (day,)).fetchone()[0]
            self._end_past_days(db, day)
        self._salt = (day, salt)
        return salt

    def end_past_days(self, day):
        with self._transaction() as db:
            self._end_past_days(db, day)

    def _end_past_days(self, db, day):
        """Days before ``day`` are over: keep their number of visitors, drop the hashes,
        the sources seen and the salt."""
        db.execute(
            "INSERT INTO counters (key, n) "
            "SELECT 'u|' || day || '|' || page, COUNT(*) FROM visitors WHERE day < ? "
            "GROUP BY day, page "
            "ON CONFLICT (key) DO UPDATE SET n = MAX(n, excluded.n)",
            (day,),
        )
        for table in ("visitors", "sources", "salts", "days"):
            db.execute(f"DELETE FROM {table} WHERE day < ?", (day,))  # noqa: S608

    # --- counting -------------------------------------------------------------------------

    def record(self, client, hit, *, limit, max_sources):
        """Add ``hit``; ``False`` (nothing added) when the client is over its limit."""
        minute = int(time.time() // 60)
        with self._transaction() as db:
            if limit:
                (n,) = db.execute(
                    "INSERT INTO rate VALUES (?, ?, 1) "
                    "ON CONFLICT (minute, client) DO UPDATE SET n = n + 1 RETURNING n",
                    (minute, client),
                ).fetchone()
                if self._pruned_minute != minute:
                    db.execute("DELETE FROM rate WHERE minute < ?", (minute - 1,))
                    self._pruned_minute = minute
                if n > limit:
                    return False
            self._add(db, hit, max_sources)
        return True

    def record_many(self, hits, *, max_sources):
        """Add ``hits`` in one transaction, with no rate limit: the beacon collector
        (analytics/collector.py) applied it already. Counts are summed first and the
        day's visitors inserted together: a statement per distinct key, not per hit."""
        counts = collections.Counter()
        visitors = collections.defaultdict(set)
        with self._transaction() as db:
            for hit in hits:
                counts.update(hit.counts)
                if hit.view:
                    counts[hit.view + self._kept_source(db, hit, max_sources)] += 1
                if hit.visitor:
                    visitors[hit.day].add((hit.page, hit.visitor))
            for day, seen in visitors.items():
                self._add_visitors(db, day, seen)
            db.executemany(UPSERT, counts.items())

    def _add_visitors(self, db, day, seen):
        if self._full_day == day:
            return  # as in _add_visitor
        cursor = db.executemany(
            "INSERT OR IGNORE INTO visitors VALUES (?, ?, ?)",
            ((day, page, visitor) for page, visitor in seen),
        )
        if cursor.rowcount > 0:
            (total,) = db.execute(
                "INSERT INTO days VALUES (?, ?) "
                "ON CONFLICT (day) DO UPDATE SET visitors = visitors + excluded.visitors "
                "RETURNING visitors",
                (day, cursor.rowcount),
            ).fetchone()
            if total >= MAX_VISITORS_PER_DAY:
                self._full_day = day

    def _add(self, db, hit, max_sources):
        counts = dict(hit.counts)
        if hit.view:
            source = self._kept_source(db, hit, max_sources)
            counts[hit.view + source] = counts.get(hit.view + source, 0) + 1
        if hit.visitor:
            self._add_visitor(db, hit)
        db.executemany(UPSERT, counts.items())

    def _kept_source(self, db, hit, max_sources):
        remembered = (hit.day, hit.page, hit.source)
        if remembered in self._kept:
            return hit.source
        if self._kept and next(iter(self._kept))[0] != hit.day:
            self._kept.clear()  # a new day
        known = db.execute(
            "SELECT 1 FROM sources WHERE day = ? AND page = ? AND source = ?",
            (hit.day, hit.page, hit.source),
        ).fetchone()
        if not known:
            (count,) = db.execute(
                "SELECT COUNT(*) FROM sources WHERE day = ? AND page = ?", (hit.day, hit.page)
            ).fetchone()
            if count >= max_sources:
                return OTHER
            db.execute("INSERT INTO sources VALUES (?, ?, ?)", (hit.day, hit.page, hit.source))
        self._kept.add(remembered)
        return hit.source

    def _add_visitor(self, db, hit):
        if self._full_day == hit.day:
            return  # a flood of made-up readers: views still count, visitors stop growing
        added = db.execute(
            "INSERT OR IGNORE INTO visitors VALUES (?, ?, ?)", (hit.day, hit.page, hit.visitor)
        ).rowcount
        if added:
            (total,) = db.execute(
                "INSERT INTO days VALUES (?, 1) "
                "ON CONFLICT (day) DO UPDATE SET visitors = visitors + 1 RETURNING visitors",
                (hit.day,),
            ).fetchone()
            if total >= MAX_VISITORS_PER_DAY:
                self._full_day = hit.day

    # --- flushing -------------------------------------------------------------------------

    @contextlib.contextmanager
    def flush_lock(self):
        """Held by one flusher at a time (the worker's task and cron may overlap): yields
        whether this one got it."""
        self.folder.mkdir(parents=True, exist_ok=True)
        with open(self.folder / "flush.lock", "a") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                yield False
                return
            try:
                yield True
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def drain(self):
        """Move the counters into a named batch (at once: beacons go on counting into
        fresh counters) and return its name, or ``None`` when there was nothing."""
        with self._transaction() as db:
            if db.execute("SELECT 1 FROM counters LIMIT 1").fetchone() is None:
                return None
            name = uuid.uuid4().hex
            db.execute("INSERT INTO batches SELECT ?, key, n FROM counters", (name,))
            db.execute("DELETE FROM counters")
        return name

    def batches(self):
        """Names of the batches not yet in the database, oldest first."""
        rows = self._connection().execute(
            "SELECT batch FROM batches GROUP BY batch ORDER BY MIN(rowid)"
        )
        return [name for (name,) in rows]

    def batch(self, name):
        rows = self._connection().execute("SELECT key, n FROM batches WHERE batch = ?", (name,))
        return dict(rows.fetchall())

    def forget_batch(self, name):
        with self._transaction() as db:
            db.execute("DELETE FROM batches WHERE batch = ?", (name,))

    def visitors(self, day, page):
        (count,) = (
            self._connection()
            .execute("SELECT COUNT(*) FROM visitors WHERE day = ? AND page = ?", (day, page))
            .fetchone()
        )
        return count
