"""Counters between a reader's request and the database: Redis, or a file on the machine.

A beacon costs the web worker one small write here and none in the site's database; the
worker moves the counts into the aggregate tables in bulk (``flush.py``). With
``REDIS_URL`` set (several app servers) the counters live in Redis; otherwise in a SQLite
file under ``FOLIO_ANALYTICS_BUFFER_DIR`` that every worker of the machine shares (a
process's own memory would not do: gunicorn runs several workers and any of them may
answer). Both keep the same things, all bounded:

- counters: how many views, reads, impressions and clicks per page, day and dimension;
- per page and day, the distinct sources seen (at most ``FOLIO_ANALYTICS_MAX_SOURCES``,
  the rest count as "other") and the day's visitor hashes (Redis keeps only a
  HyperLogLog of them) — both dropped once the day is over;
- per client and minute, a counter for the rate limit (keyed by a salted hash);
- the day's salt, dropped once the day is over.

Counter keys name what they count: ``v|day|page|audience|device|<source>`` (views, with
the five parts of ``sources.encode``), ``r|day|page|depth`` (reads past a depth),
``i|day|page|audience|cta`` and ``c|…`` (impressions and clicks), ``u|day|page`` (the
day's final number of visitors, written when the day is over).
"""

import datetime
import hashlib
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.utils import timezone

from ops.cached_settings import setting

from . import sources

DEFAULT_RATE_LIMIT = 120
DEFAULT_MAX_SOURCES = 50
MAX_VISITORS_PER_DAY = 1_000_000


@dataclass
class Hit:
    """What one beacon or click adds to the counters."""

    day: str
    page: int
    # The view's key up to its source (``v|day|page|audience|device|``), or "" for none.
    view: str = ""
    source: str = ""
    visitor: str = ""
    counts: dict = field(default_factory=dict)


_today = (None, None)
_today_key = (None, "")


def today():
    """The site's date (in its ``TIME_ZONE``, whatever time zone a request activated),
    worked out once a second: converting to local time costs more than the rest of
    counting a beacon."""
    global _today
    second = int(time.time())
    if _today[0] != second:
        _today = (second, timezone.localdate(timezone=timezone.get_default_timezone()))
    return _today[1]


def today_key():
    """``day_key(today())``, written once for each date object ``today()`` hands out
    (a new one each second), not on every beacon."""
    global _today_key
    day = today()
    if _today_key[0] is not day:
        _today_key = (day, day_key(day))
    return _today_key[1]


def day_key(day):
    return day.isoformat()


def end_of_day(day):
    """The moment the site's day ``day`` ends, as a Unix time."""
    midnight = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time())
    return int(timezone.make_aware(midnight).timestamp())


def view_key(day, page, audience, device):
    return f"v|{day}|{page}|{audience}|{device}|"


def read_key(day, page, depth):
    return f"r|{day}|{page}|{depth}"


def cta_key(kind, day, page, audience, cta):
    return f"{kind}|{day}|{page}|{audience}|{cta}"


def rate_limit():
    return setting("FOLIO_ANALYTICS_RATE_LIMIT", DEFAULT_RATE_LIMIT)


def max_sources():
    return setting("FOLIO_ANALYTICS_MAX_SOURCES", DEFAULT_MAX_SOURCES)


OTHER = sources.encode(sources.OTHER_SOURCE)


def namespace():
    """Which site's counters these are: one Redis or one buffer folder may serve several
    sites (or a test run beside a developer's server), told apart by their database."""
    explicit = getattr(settings, "FOLIO_ANALYTICS_NAMESPACE", "")
    if explicit:
        return explicit
    database = connections["default"].settings_dict
    identity = f"{database.get('HOST')}:{database.get('PORT')}:{database.get('NAME')}"
    return hashlib.sha256(identity.encode()).hexdigest()[:16]


_buffers = {}


def get_buffer():
    """The buffer this process counts into (one per configuration, made on first use)."""
    redis_url = getattr(settings, "FOLIO_ANALYTICS_REDIS_URL", None)
    if redis_url is None:
        redis_url = getattr(settings, "REDIS_URL", "")
    where = (redis_url, getattr(settings, "FOLIO_ANALYTICS_BUFFER_DIR", ""), namespace())
    if where not in _buffers:
        if redis_url:
            from .buffer_redis import RedisBuffer

            _buffers[where] = RedisBuffer(redis_url, namespace())
        else:
            from .buffer_local import LocalBuffer

            _buffers[where] = LocalBuffer(local_folder())
    return _buffers[where]


def local_folder():
    configured = getattr(settings, "FOLIO_ANALYTICS_BUFFER_DIR", "")
    base = Path(configured) if configured else Path(settings.BASE_DIR) / "var" / "analytics"
    return base / namespace()
