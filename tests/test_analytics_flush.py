"""The flush: buffered counts into the aggregate tables, in bulk, each beacon exactly once;
and what the buffer keeps (and drops) in between."""

import datetime
import sqlite3

import pytest
import redis
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from analytics import buffer, flush
from analytics.models import PageDay, SourceDay
from analytics.tasks import TASK_PATH, ensure_flush_scheduled, flush_analytics
from tests.analytics_fixtures import (
    PHONE,
    REDIS_URL,
    buffer_kind_fixture,  # noqa: F401
    flushed,
    own_buffer_fixture,  # noqa: F401
    page_day,
    view,
    views_of,
)
from tests.factories import BlogPageFactory

pytestmark = pytest.mark.django_db

READER = {"REMOTE_ADDR": "203.0.113.77", "user_agent": PHONE}


@pytest.fixture
def post(blog_index):
    return BlogPageFactory(parent=blog_index, slug="deep-work")


def on_day(monkeypatch, day):
    monkeypatch.setattr(buffer, "today", lambda: day)


def test_each_beacon_is_added_once(client, post, buffer_kind):
    view(client, post)
    view(client, post, read=[25])
    assert flushed() == 1
    assert flushed() == 0  # nothing new
    view(client, post)
    flushed()
    assert (page_day(post).views, page_day(post).read_25) == (3, 1)


def test_a_batch_added_before_a_crash_is_not_added_again(client, post, buffer_kind):
    view(client, post)
    store = buffer.get_buffer()
    name = store.drain()
    flush.add_batch(name, store.batch(name), store)  # killed before forgetting the batch
    flushed()
    assert views_of(post) == 1


def test_a_batch_drained_before_a_crash_is_added_by_the_next_flush(client, post, buffer_kind):
    view(client, post)
    buffer.get_buffer().drain()  # killed before adding it
    view(client, post)
    flushed()
    assert views_of(post) == 2


def test_one_flusher_at_a_time(client, post, buffer_kind):
    view(client, post)
    with buffer.get_buffer().flush_lock() as acquired:
        assert acquired
        assert flushed() is None
    assert flushed() == 1


def test_a_batch_never_takes_a_page_past_the_days_limit_of_sources(post, settings):
    """However a batch came to hold more sources (a buffer whose record of the day's
    sources was lost, say), a page keeps at most the limit, the rest as "other"."""
    settings.FOLIO_ANALYTICS_MAX_SOURCES = 2
    day = buffer.day_key(buffer.today())
    view = buffer.view_key(day, post.pk, "guest", "desktop")
    counts = {f"{view}referral|site{n}.example|||": 10 - n for n in range(5)}
    flush.add_batch("old-buffer", counts, buffer.get_buffer())
    kept = dict(SourceDay.objects.values_list("referrer", "views"))
    assert kept == {"site0.example": 10, "site1.example": 9, "": 8 + 7 + 6}
    assert SourceDay.objects.get(referrer="").channel == "other"


def test_counts_of_a_page_deleted_before_the_flush_are_dropped(client, post, blog_index):
    kept = BlogPageFactory(parent=blog_index, slug="kept")
    view(client, post)
    view(client, kept)
    post.delete()
    flushed()
    assert list(PageDay.objects.values_list("page_id", "views")) == [(kept.pk, 1)]


def days_ahead():
    """Two days to come (a past day's salt would have expired in Redis already)."""
    today = timezone.localdate()
    return today + datetime.timedelta(days=1), today + datetime.timedelta(days=2)


def test_the_same_reader_on_two_days_is_two_visitors(client, post, monkeypatch, buffer_kind):
    monday, tuesday = days_ahead()
    on_day(monkeypatch, monday)
    view(client, post, **READER)
    view(client, post, **READER)
    on_day(monkeypatch, tuesday)
    view(client, post, **READER)
    flushed()
    days = dict(PageDay.objects.values_list("day", "visitors"))
    assert days == {monday: 1, tuesday: 1}


def test_a_days_visitors_are_kept_when_its_hashes_are_dropped(client, post, monkeypatch):
    monday, tuesday = days_ahead()
    on_day(monkeypatch, monday)
    view(client, post, REMOTE_ADDR="203.0.113.1")
    flushed()
    view(client, post, REMOTE_ADDR="203.0.113.2")  # after the day's last flush
    on_day(monkeypatch, tuesday)
    view(client, post, REMOTE_ADDR="203.0.113.3")  # the new day's first beacon ends monday
    assert buffer_rows("SELECT day FROM salts") == [(tuesday.isoformat(),)]
    assert buffer_rows("SELECT DISTINCT day FROM visitors") == [(tuesday.isoformat(),)]
    flushed()
    assert dict(PageDay.objects.values_list("day", "visitors")) == {monday: 2, tuesday: 1}


def buffer_rows(sql):
    with sqlite3.connect(buffer.local_folder() / "buffer.sqlite3") as connection:
        return connection.execute(sql).fetchall()


def test_the_local_buffer_holds_no_address_or_user_agent(client, post):
    view(client, post, **READER)
    raw = (buffer.local_folder() / "buffer.sqlite3").read_bytes()
    wal = buffer.local_folder() / "buffer.sqlite3-wal"
    raw += wal.read_bytes() if wal.exists() else b""
    assert b"203.0.113.77" not in raw
    assert b"iPhone" not in raw


def test_redis_holds_no_address_and_the_salt_goes_with_the_day(client, post, settings):
    settings.FOLIO_ANALYTICS_REDIS_URL = REDIS_URL
    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.RedisError:
        pytest.skip("Redis is not running")
    view(client, post, **READER)
    store = buffer.get_buffer()
    keys = list(store.client.scan_iter(match=store.prefix + "*"))
    dumped = b"".join(keys) + b"".join(store.client.dump(key) or b"" for key in keys)
    assert b"203.0.113.77" not in dumped and b"iPhone" not in dumped
    (salt,) = [key for key in keys if b":salt:" in key]
    end_of_day = buffer.end_of_day(timezone.localdate())
    assert store.client.expiretime(salt) == end_of_day
    for key in keys:
        store.client.delete(key)


def test_an_unreachable_redis_drops_the_count_not_the_reader(client, post, settings):
    settings.FOLIO_ANALYTICS_REDIS_URL = "redis://127.0.0.1:1/0"
    assert view(client, post).status_code == 204


# --- who flushes ------------------------------------------------------------------------------


def test_the_workers_flush_queues_the_next_one(client, post, settings):
    settings.FOLIO_ANALYTICS_FLUSH_SECONDS = 60
    view(client, post)
    flush_analytics.call()
    assert views_of(post) == 1
    (waiting,) = DBTaskResult.objects.filter(task_path=TASK_PATH, status="READY")
    assert waiting.run_after > timezone.now() + datetime.timedelta(seconds=50)


def test_the_flush_chain_is_started_once(db):
    assert ensure_flush_scheduled() is True
    assert ensure_flush_scheduled() is False
    assert DBTaskResult.objects.filter(task_path=TASK_PATH).count() == 1


def test_cron_flushes_with_the_management_command(client, post, capsys):
    view(client, post)
    call_command("flush_analytics")
    assert "Flushed 1 batch." in capsys.readouterr().out
    assert views_of(post) == 1
