"""The numbers the marketing team reads, from the aggregate tables only.

Shared by the admin reports, the post's Analytics tab, the dashboard panel and the API,
so they always agree. Every function takes a ``Period`` (both days included) and returns
plain rows (dicts), sorted by what matters most first.

Visitors are counted per day (the hash that tells readers apart changes every day): over
several days the figure is the sum of each day's visitors.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, Sum
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, ReferenceIndex

from .models import Channel, CtaDay, Device, PageDay, SourceDay

DEFAULT_DAYS = 30
MAX_DAYS = 5 * 366
READ_FIELDS = ("read_25", "read_50", "read_75", "read_100")
AUDIENCES = ("guest", "member")


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date

    @classmethod
    def last(cls, days=DEFAULT_DAYS, today=None):
        today = today or timezone.localdate()
        return cls(today - datetime.timedelta(days=days - 1), today)

    @classmethod
    def between(cls, start=None, end=None, default_days=DEFAULT_DAYS):
        """From optional ends: the missing one is ``default_days`` away from the other
        (or from today). Raises ``ValueError`` for a reversed or overlong period."""
        if start is None and end is None:
            return cls.last(default_days)
        if end is None:
            end = min(start + datetime.timedelta(days=default_days - 1), timezone.localdate())
            end = max(end, start)
        if start is None:
            start = end - datetime.timedelta(days=default_days - 1)
        if start > end:
            raise ValueError("The period's start is after its end.")
        if (end - start).days >= MAX_DAYS:
            raise ValueError(f"A period is at most {MAX_DAYS} days long.")
        return cls(start, end)

    @property
    def days(self):
        return (self.end - self.start).days + 1

    def __str__(self):
        return f"{self.start:%b %-d, %Y} – {self.end:%b %-d, %Y}"


def rate(part, whole):
    """``part / whole`` as a fraction, ``None`` when there is no whole."""
    return round(part / whole, 4) if whole else None


def percent(value):
    """0.125 → "12.5%"; a dash when there was nothing to divide."""
    return f"{value * 100:.1f}%" if isinstance(value, int | float) else "—"


def percent_number(value):
    """0.125 → 12.5, for spreadsheets."""
    return None if value is None else round(value * 100, 1)


def _in(model, period, **filters):
    return model.objects.filter(day__gte=period.start, day__lte=period.end, **filters)


def _page_info(ids):
    pages = Page.objects.filter(pk__in=ids).select_related("content_type")
    return {
        page.pk: {
            "title": page.title,
            "type": page.content_type.name,
            "live": page.live,
            "edit_url": reverse("wagtailadmin_pages:edit", args=[page.pk]),
            "report_url": reverse("analytics_reports:page", args=[page.pk]),
        }
        for page in pages
    }


def _audience_filter(audience):
    return {"audience": audience} if audience in AUDIENCES else {}


# --- pages ----------------------------------------------------------------------------


def page_rows(period, *, page_ids=None, audience=None):
    """One row per page read in the period: views (by audience), visitors, reads, calls
    to action seen and clicked. ``audience`` narrows views and calls to action to it."""
    narrow = {"page_id__in": page_ids} if page_ids is not None else {}
    totals = {
        row["page"]: row
        for row in _in(PageDay, period, **narrow)
        .values("page")
        .annotate(visitors=Sum("visitors"), **{name: Sum(name) for name in READ_FIELDS})
    }
    by_audience = defaultdict(dict)
    for row in _in(SourceDay, period, **narrow).values("page", "audience").annotate(n=Sum("views")):
        by_audience[row["page"]][row["audience"]] = row["n"]
    ctas = {
        row["page"]: row
        for row in _in(CtaDay, period, **narrow, **_audience_filter(audience))
        .values("page")
        .annotate(impressions=Sum("impressions"), clicks=Sum("clicks"))
    }
    info = _page_info(set(totals) | set(ctas))
    rows = []
    for page_id, page in info.items():
        total = totals.get(page_id, {})
        views_by = by_audience.get(page_id, {})
        views = views_by.get(audience, 0) if audience in AUDIENCES else sum(views_by.values())
        cta = ctas.get(page_id, {})
        impressions, clicks = cta.get("impressions") or 0, cta.get("clicks") or 0
        rows.append(
            {
                "page_id": page_id,
                **page,
                "views": views,
                "guest_views": views_by.get("guest", 0),
                "member_views": views_by.get("member", 0),
                "visitors": total.get("visitors") or 0,
                **{name: total.get(name) or 0 for name in READ_FIELDS},
                "finish_rate": rate(total.get("read_100") or 0, sum(views_by.values())),
                "impressions": impressions,
                "clicks": clicks,
                "conversion": rate(clicks, impressions),
            }
        )
    return sorted(rows, key=lambda row: (-row["views"], row["title"]))


def page_totals(page_id, period):
    rows = page_rows(period, page_ids=[page_id])
    return rows[0] if rows else None


def daily_rows(period, *, page_ids=None):
    """One row per day of the period (days without readers too), oldest first."""
    narrow = {"page_id__in": page_ids} if page_ids is not None else {}
    pages = {
        row["day"]: row
        for row in _in(PageDay, period, **narrow)
        .values("day")
        .annotate(views=Sum("views"), visitors=Sum("visitors"), **{n: Sum(n) for n in READ_FIELDS})
    }
    ctas = {
        row["day"]: row
        for row in _in(CtaDay, period, **narrow)
        .values("day")
        .annotate(impressions=Sum("impressions"), clicks=Sum("clicks"))
    }
    rows = []
    for offset in range(period.days):
        day = period.start + datetime.timedelta(days=offset)
        page, cta = pages.get(day, {}), ctas.get(day, {})
        rows.append(
            {
                "day": day,
                "views": page.get("views") or 0,
                "visitors": page.get("visitors") or 0,
                **{name: page.get(name) or 0 for name in READ_FIELDS},
                "impressions": cta.get("impressions") or 0,
                "clicks": cta.get("clicks") or 0,
            }
        )
    return rows


# --- sources, devices, audiences ---------------------------------------------------------

SOURCE_FIELDS = ("channel", "referrer", "utm_source", "utm_medium", "utm_campaign")


def source_rows(period, *, page_ids=None, audience=None, device=None, channel=None):
    filters = {**_audience_filter(audience)}
    if page_ids is not None:
        filters["page_id__in"] = page_ids
    if device in Device.values:
        filters["device"] = device
    if channel in Channel.values:
        filters["channel"] = channel
    rows = list(
        _in(SourceDay, period, **filters).values(*SOURCE_FIELDS).annotate(views=Sum("views"))
    )
    total = sum(row["views"] for row in rows)
    labels = dict(Channel.choices)
    for row in rows:
        row["channel_label"] = labels.get(row["channel"], row["channel"])
        row["share"] = rate(row["views"], total)
    return sorted(rows, key=lambda row: (-row["views"], *(row[f] for f in SOURCE_FIELDS)))


def breakdown(period, field, *, page_ids=None):
    """Views by ``device``, ``audience`` or ``channel``: ``[{"name", "label", "views",
    "share"}]``."""
    filters = {"page_id__in": page_ids} if page_ids is not None else {}
    counts = {
        row[field]: row["views"]
        for row in _in(SourceDay, period, **filters).values(field).annotate(views=Sum("views"))
    }
    choices = SourceDay._meta.get_field(field).choices
    total = sum(counts.values())
    return [
        {
            "name": name,
            "label": str(label),
            "views": counts[name],
            "share": rate(counts[name], total),
        }
        for name, label in choices
        if counts.get(name)
    ]


# --- calls to action ----------------------------------------------------------------------


CTA_COUNTS = [
    "impressions",
    "clicks",
    *(f"{audience}_{name}" for audience in AUDIENCES for name in ("impressions", "clicks")),
]


def _cta_sums():
    # Named apart from the fields: an annotation called "impressions" would shadow the
    # field for the per-audience sums after it.
    sums = {"sum_impressions": Sum("impressions"), "sum_clicks": Sum("clicks")}
    for audience in AUDIENCES:
        only = Q(audience=audience)
        sums[f"sum_{audience}_impressions"] = Sum("impressions", filter=only)
        sums[f"sum_{audience}_clicks"] = Sum("clicks", filter=only)
    return sums


def _with_rates(row):
    for name in CTA_COUNTS:
        row[name] = row.pop(f"sum_{name}", None) or 0
    row["conversion"] = rate(row["clicks"], row["impressions"])
    for audience in AUDIENCES:
        row[f"{audience}_conversion"] = rate(
            row[f"{audience}_clicks"], row[f"{audience}_impressions"]
        )
    return row


def cta_labels(keys, period):
    """The latest name each call to action was counted under."""
    labels = {}
    rows = (
        CtaDay.objects.filter(cta__in=keys, day__lte=period.end)
        .exclude(label="")
        .order_by("cta", "-day")
        .values_list("cta", "label")
    )
    for key, label in rows:
        labels.setdefault(key, label)
    return labels


def cta_kind(key):
    return "Snippet" if key.startswith("s") else "In the post"


def cta_rows(period, *, page_ids=None, audience=None):
    """One row per call to action: seen and clicked, by guests and members, overall."""
    filters = {**_audience_filter(audience)}
    if page_ids is not None:
        filters["page_id__in"] = page_ids
    rows = [
        _with_rates(row)
        for row in _in(CtaDay, period, **filters).values("cta").annotate(**_cta_sums())
    ]
    labels = cta_labels([row["cta"] for row in rows], period)
    for row in rows:
        row["label"] = labels.get(row["cta"], row["cta"])
        row["kind"] = cta_kind(row["cta"])
        row["report_url"] = reverse("analytics_reports:cta", args=[row["cta"]])
    return sorted(rows, key=lambda row: (-row["clicks"], -row["impressions"], row["label"]))


def cta_page_rows(cta, period, *, audience=None):
    """Every page the call to action was seen or clicked on, with its numbers there, and
    the live pages showing it that nobody has seen it on yet (zeros)."""
    rows = [
        _with_rates(row)
        for row in _in(CtaDay, period, cta=cta, **_audience_filter(audience))
        .values("page")
        .annotate(**_cta_sums())
    ]
    counted = {row["page"] for row in rows}
    rows += [_with_rates({"page": page}) for page in pages_showing(cta) if page not in counted]
    info = _page_info([row["page"] for row in rows])
    views = {
        row["page"]: row["n"]
        for row in _in(PageDay, period, page_id__in=list(info))
        .values("page")
        .annotate(n=Sum("views"))
    }
    kept = []
    for row in rows:
        if row["page"] in info:
            row.update(info[row["page"]], page_id=row.pop("page"))
            row["views"] = views.get(row["page_id"], 0)
            kept.append(row)
    return sorted(kept, key=lambda row: (-row["clicks"], -row["impressions"], row["title"]))


def pages_showing(cta):
    """Live pages whose body uses the call-to-action snippet ``cta`` (``s<id>``), from
    Wagtail's reference index. The site-wide guests' one is on every post: not listed."""
    if not cta.startswith("s"):
        return []
    from blog.snippets import CallToAction

    page_ids = ReferenceIndex.objects.filter(
        to_content_type=ContentType.objects.get_for_model(CallToAction),
        to_object_id=cta[1:],
        base_content_type=ContentType.objects.get_for_model(Page),
    ).values_list("object_id", flat=True)
    return list(
        Page.objects.live().filter(pk__in=[int(pk) for pk in page_ids]).values_list("pk", flat=True)
    )


# --- what draws readers: tags, categories, authors -----------------------------------------


def topic_rows(period, kind):
    """Views, finished reads and clicks of the posts under each tag, category or author
    (as they are tagged today); a post under two tags counts for both."""
    from blog.models import BlogPageAuthor, BlogPageCategory, BlogPageTag

    per_page = {row["page_id"]: row for row in page_rows(period)}
    if kind == "tag":
        links = BlogPageTag.objects.values_list("content_object_id", "tag__name", "tag__slug")
    elif kind == "category":
        links = BlogPageCategory.objects.values_list("page_id", "category__name", "category__slug")
    elif kind == "author":
        links = BlogPageAuthor.objects.values_list("page_id", "author__name", "author__slug")
    else:
        raise ValueError("kind must be tag, category or author")
    topics = {}
    for page_id, name, slug in links.filter(**{_page_field(kind) + "__in": list(per_page)}):
        page = per_page[page_id]
        topic = topics.setdefault(
            slug,
            {"name": name, "slug": slug, "posts": 0, "views": 0, "read_100": 0, "clicks": 0},
        )
        topic["posts"] += 1
        for field in ("views", "read_100", "clicks"):
            topic[field] += page[field]
    for topic in topics.values():
        topic["finish_rate"] = rate(topic["read_100"], topic["views"])
    return sorted(topics.values(), key=lambda row: (-row["views"], row["name"]))


def _page_field(kind):
    return "content_object_id" if kind == "tag" else "page_id"
