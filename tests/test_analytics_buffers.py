"""The buffers' batch write (the beacon collector's, ``record_many``) counts exactly what
writing the same hits one by one (``record``, the web worker's) counts: the same
counters, the same sources kept once a page's list is full, the same visitors."""

import pytest
import redis
from django.conf import settings
from django.test import override_settings

from analytics import buffer
from tests.analytics_fixtures import (  # noqa: F401 (fixtures)
    REDIS_URL,
    buffer_kind_fixture,
    own_buffer_fixture,
)

DAY = buffer.day_key(buffer.today())
MAX_SOURCES = 3


def hits():
    """Views of two pages from more sources than a page keeps, read depths, CTA
    impressions, and more distinct visitors than one Redis script call carries."""
    made = []
    for number in range(2600):
        page = 1 + number % 2
        hit = buffer.Hit(day=DAY, page=page, visitor=f"visitor-{number % 1300}")
        hit.view = buffer.view_key(DAY, page, "guest", "desktop")
        hit.source = f"site|example-{number % 7}.com||||"
        hit.counts[buffer.read_key(DAY, page, 50)] = 1
        if number % 3 == 0:
            hit.counts[buffer.cta_key("i", DAY, page, "guest", "signup")] = 1
        made.append(hit)
    made.append(buffer.Hit(day=DAY, page=3, counts={buffer.cta_key("c", DAY, 3, "member", "x"): 1}))
    return made


def counted(write):
    """What ``write`` leaves in a fresh buffer: its counters and each page's visitors."""
    store = buffer.get_buffer()
    write(store)
    counters = store.batch(store.drain())
    return counters, {page: store.visitors(DAY, page) for page in (1, 2, 3)}


def in_namespace(name, write):
    """``counted`` in a namespace of this test's own, which is gone afterwards."""
    namespace = f"{settings.FOLIO_ANALYTICS_NAMESPACE}-{name}"
    try:
        with override_settings(FOLIO_ANALYTICS_NAMESPACE=namespace):
            return counted(write)
    finally:
        if settings.FOLIO_ANALYTICS_REDIS_URL:
            client = redis.Redis.from_url(REDIS_URL)
            keys = list(client.scan_iter(match=f"folio:analytics:{namespace}:*"))
            if keys:
                client.delete(*keys)


@pytest.mark.django_db
def test_a_batch_counts_what_its_hits_count_one_by_one(buffer_kind):
    def one_by_one(store):
        for hit in hits():
            assert store.record("", hit, limit=0, max_sources=MAX_SOURCES)

    def as_a_batch(store):
        store.record_many(hits(), max_sources=MAX_SOURCES)

    expected = in_namespace("one-by-one", one_by_one)
    assert in_namespace("batch", as_a_batch) == expected


@pytest.mark.django_db
def test_a_page_keeps_its_first_sources_and_counts_the_rest_as_other(buffer_kind):
    def as_a_batch(store):
        store.record_many(hits(), max_sources=MAX_SOURCES)

    counters, visitors = in_namespace("batch-sources", as_a_batch)
    views = {key: count for key, count in counters.items() if key.startswith("v|")}
    prefix = buffer.view_key(DAY, 1, "guest", "desktop")
    # Page 1 sees the even numbers: sources 0, 2, 4 first, the rest as "other".
    kept = {f"{prefix}site|example-{n}.com||||" for n in (0, 2, 4)}
    assert kept | {prefix + buffer.OTHER} == {key for key in views if key.startswith(prefix)}
    assert sum(views[key] for key in views if key.startswith(prefix)) == 1300
    assert visitors[1] == pytest.approx(650, rel=0.02)  # Redis counts with a HyperLogLog
