"""Move the buffer's counters into the aggregate tables, in bulk.

Run by the worker every ``FOLIO_ANALYTICS_FLUSH_SECONDS`` (``tasks.py``) and by
``manage.py flush_analytics`` (cron). One flusher at a time; each drained batch is added
in one transaction that also records its name (``FlushedBatch``), so a flush killed at
any point and run again counts every beacon exactly once. Page ids are checked against
the database (a page deleted since is dropped), and a page's distinct sources per day
stay within ``FOLIO_ANALYTICS_MAX_SOURCES`` here too.
"""

import datetime
import logging
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone
from wagtail.models import Page

from blog.snippets import CallToAction

from . import buffer, sources, targets
from .models import CtaDay, FlushedBatch, PageDay, SourceDay

logger = logging.getLogger("folio.analytics")

READ_FIELDS = {25: "read_25", 50: "read_50", 75: "read_75", 100: "read_100"}
KEEP_BATCH_NAMES = datetime.timedelta(days=7)
BULK = 500


@dataclass
class Totals:
    """What one batch holds, parsed from its counter keys."""

    pages: dict = field(default_factory=lambda: defaultdict(Counter))  # (page, day) → fields
    visitors: dict = field(default_factory=dict)  # (page, day) → the day's final number
    sources: Counter = field(default_factory=Counter)  # (page, day, aud, dev, *source) → views
    ctas: dict = field(default_factory=lambda: defaultdict(Counter))  # (page, day, aud, cta)

    def page_ids(self):
        return {key[0] for key in (*self.pages, *self.visitors, *self.sources, *self.ctas)}

    def drop_pages(self, missing):
        for table in (self.pages, self.visitors, self.sources, self.ctas):
            for key in [key for key in table if key[0] in missing]:
                del table[key]


def flush(store=None):
    """Flush everything counted so far; the number of batches added, or ``None`` when
    another flusher holds the lock."""
    store = store or buffer.get_buffer()
    with store.flush_lock() as acquired:
        if not acquired:
            return None
        # First: a day that is over gives its final visitor numbers to this drain.
        store.end_past_days(buffer.today_key())
        store.drain()
        names = store.batches()
        for name in names:
            add_batch(name, store.batch(name), store)
            store.forget_batch(name)
        FlushedBatch.objects.filter(flushed_at__lt=timezone.now() - KEEP_BATCH_NAMES).delete()
        return len(names)


def parse(counts):
    totals = Totals()
    for key, n in counts.items():
        try:
            _parse_one(totals, key.split("|"), int(n))
        except (ValueError, IndexError):
            logger.warning("analytics: skipped a malformed counter %r", key)
    return totals


def _parse_one(totals, parts, n):
    kind, day, page = parts[0], datetime.date.fromisoformat(parts[1]), int(parts[2])
    if kind == "v" and len(parts) == 10:
        audience, device, *source = parts[3:]
        totals.pages[(page, day)]["views"] += n
        totals.sources[(page, day, audience, device, *source)] += n
    elif kind == "r" and len(parts) == 4:
        totals.pages[(page, day)][READ_FIELDS[int(parts[3])]] += n
    elif kind in ("i", "c") and len(parts) == 5:
        name = "impressions" if kind == "i" else "clicks"
        totals.ctas[(page, day, parts[3], parts[4])][name] += n
    elif kind == "u" and len(parts) == 3:
        totals.visitors[(page, day)] = max(totals.visitors.get((page, day), 0), n)
    else:
        raise ValueError(kind)


def add_batch(name, counts, store):
    totals = parse(counts)
    ids = totals.page_ids()
    existing = set(Page.objects.filter(pk__in=ids).values_list("pk", flat=True))
    totals.drop_pages(ids - existing)
    # Today's visitors so far, for every page and day viewed in this batch (a set, not a
    # sum: the buffer knows the whole day's).
    for page, day in totals.pages:
        if totals.pages[(page, day)]["views"]:
            live = store.visitors(buffer.day_key(day), page)
            totals.visitors[(page, day)] = max(totals.visitors.get((page, day), 0), live)
    labels = cta_labels(totals.ctas)
    with transaction.atomic():
        try:
            with transaction.atomic():
                FlushedBatch.objects.create(name=name)
        except IntegrityError:
            logger.info("analytics: batch %s was already added", name)
            return
        add_page_days(totals)
        add_source_days(totals)
        add_cta_days(totals, labels)


def _existing(model, keys, key_of):
    pages = {key[0] for key in keys}
    days = {key[1] for key in keys}
    rows = model.objects.filter(page_id__in=pages, day__in=days) if keys else []
    return {key_of(row): row for row in rows}


def _save(model, rows, new, fields):
    model.objects.bulk_update(rows, fields, batch_size=BULK)
    model.objects.bulk_create(new, batch_size=BULK)


def add_page_days(totals):
    keys = set(totals.pages) | set(totals.visitors)
    existing = _existing(PageDay, keys, lambda row: (row.page_id, row.day))
    changed, new = [], []
    for key in keys:
        row = existing.get(key)
        if row is None:
            row = PageDay(page_id=key[0], day=key[1])
            new.append(row)
        else:
            changed.append(row)
        for name, n in totals.pages.get(key, {}).items():
            setattr(row, name, getattr(row, name) + n)
        row.visitors = max(row.visitors, totals.visitors.get(key, 0))
    _save(PageDay, changed, new, ["views", "visitors", *READ_FIELDS.values()])


def _source_of(row):
    return (row.channel, row.referrer, row.utm_source, row.utm_medium, row.utm_campaign)


def add_source_days(totals):
    existing = _existing(
        SourceDay,
        totals.sources,
        lambda row: (row.page_id, row.day, row.audience, row.device, *_source_of(row)),
    )
    kept = defaultdict(set)  # (page, day) → the distinct sources it has ("other" aside)
    for key in existing:
        if key[4:] != sources.OTHER_SOURCE:
            kept[key[:2]].add(key[4:])
    limit = buffer.max_sources()
    merged = Counter()
    # The buffer kept each day's sources within the limit already; this holds it when a
    # day's counts arrive in several batches (and chooses the most read ones first).
    for key, n in sorted(totals.sources.items(), key=lambda item: -item[1]):
        source, seen = key[4:], kept[key[:2]]
        if source != sources.OTHER_SOURCE and source not in seen:
            if len(seen) >= limit:
                source = sources.OTHER_SOURCE
            else:
                seen.add(source)
        merged[(*key[:4], *source)] += n
    changed, new = [], []
    for key, n in merged.items():
        row = existing.get(key)
        if row is None:
            page, day, audience, device, channel, referrer, us, um, uc = key
            row = SourceDay(
                page_id=page, day=day, audience=audience, device=device, channel=channel,
                referrer=referrer, utm_source=us, utm_medium=um, utm_campaign=uc,
            )  # fmt: skip
            new.append(row)
        else:
            changed.append(row)
        row.views += n
    _save(SourceDay, changed, new, ["views"])


def cta_labels(ctas):
    """What editors call each call to action counted: a snippet's name, an inline one's
    heading on its live page."""
    keys = {key[3] for key in ctas}
    snippet_ids = [int(key[1:]) for key in keys if key.startswith("s")]
    labels = {
        targets.snippet_key(pk): name
        for pk, name in CallToAction.objects.filter(pk__in=snippet_ids).values_list("pk", "name")
    }
    for page, _day, _audience, key in ctas:
        if key.startswith("b-") and key not in labels:
            found = (targets.page_ctas(page) or {}).get(key)
            if found is not None:
                labels[key] = found.label
    return labels


def add_cta_days(totals, labels):
    existing = _existing(
        CtaDay, totals.ctas, lambda row: (row.page_id, row.day, row.audience, row.cta)
    )
    changed, new = [], []
    for key, counts in totals.ctas.items():
        row = existing.get(key)
        if row is None:
            row = CtaDay(page_id=key[0], day=key[1], audience=key[2], cta=key[3])
            new.append(row)
        else:
            changed.append(row)
        row.impressions += counts["impressions"]
        row.clicks += counts["clicks"]
        row.label = labels.get(key[3], row.label)
    _save(CtaDay, changed, new, ["impressions", "clicks", "label"])
