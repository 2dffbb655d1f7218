"""The Analytics reports in Wagtail's admin: Wagtail's ReportView (date range and other
filters, sortable columns, CSV and XLSX export) over the rows ``reports.py`` computes."""

import datetime

from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.functional import cached_property
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.admin.widgets.button import HeaderButton
from wagtail.models import Page

from . import reports
from .filters import (
    PeriodFilterSet,
    PostsFilterSet,
    SourcesFilterSet,
    TopicsFilterSet,
)
from .models import PERMISSION
from .reports import percent, percent_number


def permission_denied(request):
    """A plain 403: Wagtail's admin would turn PermissionDenied into a redirect home."""
    return TemplateResponse(
        request,
        "analytics/permission_denied.html",
        {"page_title": "Analytics", "header_icon": "view"},
        status=403,
    )


class RateColumn(Column):
    """A fraction shown as a percentage (a dash when there was nothing to divide)."""

    def get_value(self, instance):
        return percent(super().get_value(instance))


class AnalyticsReportView(ReportView):
    header_icon = "view"
    filterset_class = PeriodFilterSet
    paginate_by = 50
    default_ordering = "-views"
    export_name = "report"
    rate_fields = ()

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(PERMISSION):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    def filter(self, name, default=None):
        if self.filters is not None and self.filters.is_valid():
            value = self.filters.form.cleaned_data.get(name)
            if value not in (None, ""):
                return value
        return default

    @cached_property
    def period(self):
        span = self.filter("day")
        start = _date(span.start) if span else None
        end = _date(span.stop) if span else None
        try:
            return reports.Period.between(start, end)
        except ValueError:
            return reports.Period.last()

    def get_page_subtitle(self):
        return str(self.period)

    def get_rows(self):
        raise NotImplementedError

    def get_queryset(self):
        rows = self.get_rows()
        ordering = self.ordering or ""
        key = ordering.lstrip("-")
        if not key:
            return rows
        # Rows without a value (a rate with nothing to divide) go last either way.
        known = [row for row in rows if row.get(key) is not None]
        unknown = [row for row in rows if row.get(key) is None]
        known.sort(key=lambda row: row[key], reverse=ordering.startswith("-"))
        return known + unknown

    def filter_queryset(self, queryset):
        return queryset  # the rows are computed with the filters already (get_rows)

    def get_filename(self):
        return f"analytics-{self.export_name}-{self.period.start}-{self.period.end}"

    @cached_property
    def custom_field_preprocess(self):
        as_number = {self.FORMAT_CSV: percent_number, self.FORMAT_XLSX: percent_number}
        return {name: as_number for name in self.rate_fields}

    def url_args(self):
        return []

    def get_index_url(self):
        return reverse(self.index_url_name, args=self.url_args())

    def get_index_results_url(self):
        return reverse(self.index_results_url_name, args=self.url_args())


def _date(value):
    return value.date() if isinstance(value, datetime.datetime) else value


def number(name, label, **kwargs):
    return Column(name, label=label, sort_key=name, **kwargs)


POST_EXPORT = {
    "title": "Post",
    "views": "Views",
    "visitors": "Visitors (daily)",
    "guest_views": "Guest views",
    "member_views": "Member views",
    "read_50": "Read half",
    "read_100": "Finished reads",
    "finish_rate": "Finished (%)",
    "impressions": "CTA impressions",
    "clicks": "CTA clicks",
    "conversion": "CTA conversion (%)",
}


class PostsReportView(AnalyticsReportView):
    index_url_name = "analytics_reports:posts"
    index_results_url_name = "analytics_reports:posts_results"
    page_title = "Posts"
    filterset_class = PostsFilterSet
    export_name = "posts"
    export_headings = POST_EXPORT
    list_export = list(POST_EXPORT)
    rate_fields = ("finish_rate", "conversion")
    columns = [
        TitleColumn("title", label="Post", get_url=lambda row: row["report_url"]),
        number("views", "Views"),
        number("visitors", "Visitors"),
        number("guest_views", "Guests"),
        number("member_views", "Members"),
        number("read_100", "Finished reads"),
        RateColumn("finish_rate", label="Finished", sort_key="finish_rate"),
        number("impressions", "CTA seen"),
        number("clicks", "CTA clicks"),
        RateColumn("conversion", label="Conversion", sort_key="conversion"),
    ]

    def get_rows(self):
        from blog.models import BlogPage

        posts = BlogPage.objects.all()
        narrowed = False
        for name, lookup in (
            ("category", "post_categories__category"),
            ("tag", "tags"),
            ("author", "post_authors__author"),
        ):
            value = self.filter(name)
            if value is not None:
                posts, narrowed = posts.filter(**{lookup: value}), True
        every_page = self.filter("pages") == "all" and not narrowed
        page_ids = None if every_page else posts.values("pk")
        return reports.page_rows(self.period, page_ids=page_ids, audience=self.filter("audience"))


class PageReportView(AnalyticsReportView):
    """One page: its days as the listing, with its sources, devices, audiences and calls
    to action beside them."""

    index_url_name = "analytics_reports:page"
    index_results_url_name = "analytics_reports:page_results"

    results_template_name = "analytics/page_report_results.html"
    export_name = "post"
    default_ordering = "day"
    paginate_by = None
    export_headings = {
        "day": "Day",
        "views": "Views",
        "visitors": "Visitors",
        "read_50": "Read half",
        "read_100": "Finished reads",
        "impressions": "CTA impressions",
        "clicks": "CTA clicks",
    }
    list_export = list(export_headings)
    columns = [
        Column("day", label="Day", sort_key="day"),
        number("views", "Views"),
        number("visitors", "Visitors"),
        number("read_50", "Read half"),
        number("read_100", "Finished reads"),
        number("impressions", "CTA seen"),
        number("clicks", "CTA clicks"),
    ]

    def setup(self, request, *args, page_id, **kwargs):
        super().setup(request, *args, **kwargs)
        self.page_id = page_id

    def url_args(self):
        return [self.page_id]

    @cached_property
    def page(self):
        return get_object_or_404(Page, pk=self.page_id).specific_deferred

    def get_page_title(self):
        return self.page.title

    def get_filename(self):
        return f"analytics-{self.page.slug}-{self.period.start}-{self.period.end}"

    def get_rows(self):
        return reports.daily_rows(self.period, page_ids=[self.page.pk])

    def get_header_buttons(self):
        return [
            HeaderButton(
                "Edit post",
                reverse("wagtailadmin_pages:edit", args=[self.page.pk]),
                icon_name="edit",
            )
        ]

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("analytics_reports:posts"), "label": "Analytics"},
            {"url": "", "label": self.page.title, "sublabel": str(self.period)},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page_ids = [self.page.pk]
        context.update(
            totals=reports.page_totals(self.page.pk, self.period),
            sources=reports.source_rows(self.period, page_ids=page_ids)[:20],
            devices=reports.breakdown(self.period, "device", page_ids=page_ids),
            audiences=reports.breakdown(self.period, "audience", page_ids=page_ids),
            ctas=reports.cta_rows(self.period, page_ids=page_ids),
            sources_url=reverse("analytics_reports:sources") + f"?post={self.page.pk}",
        )
        return context


SOURCE_EXPORT = {
    "channel_label": "Channel",
    "referrer": "Referring site",
    "utm_source": "utm_source",
    "utm_medium": "utm_medium",
    "utm_campaign": "utm_campaign",
    "views": "Views",
    "share": "Share (%)",
}


class SourcesReportView(AnalyticsReportView):
    index_url_name = "analytics_reports:sources"
    index_results_url_name = "analytics_reports:sources_results"
    page_title = "Sources"
    filterset_class = SourcesFilterSet
    export_name = "sources"
    export_headings = SOURCE_EXPORT
    list_export = list(SOURCE_EXPORT)
    rate_fields = ("share",)
    columns = [
        Column("channel_label", label="Channel", sort_key="channel"),
        Column("referrer", label="Referring site", sort_key="referrer"),
        Column("utm_source", label="utm_source"),
        Column("utm_medium", label="utm_medium"),
        Column("utm_campaign", label="utm_campaign", sort_key="utm_campaign"),
        number("views", "Views"),
        RateColumn("share", label="Share"),
    ]

    def get_rows(self):
        post = self.filter("post")
        return reports.source_rows(
            self.period,
            page_ids=[post] if post else None,
            audience=self.filter("audience"),
            device=self.filter("device"),
            channel=self.filter("channel"),
        )


class TopicsReportView(AnalyticsReportView):
    index_url_name = "analytics_reports:topics"
    index_results_url_name = "analytics_reports:topics_results"
    page_title = "Tags, categories and authors"
    filterset_class = TopicsFilterSet
    export_name = "topics"
    export_headings = {
        "name": "Name",
        "posts": "Posts read",
        "views": "Views",
        "read_100": "Finished reads",
        "finish_rate": "Finished (%)",
        "clicks": "CTA clicks",
    }
    list_export = list(export_headings)
    rate_fields = ("finish_rate",)
    columns = [
        Column("name", label="Name", sort_key="name"),
        number("posts", "Posts read"),
        number("views", "Views"),
        number("read_100", "Finished reads"),
        RateColumn("finish_rate", label="Finished", sort_key="finish_rate"),
        number("clicks", "CTA clicks"),
    ]

    def get_rows(self):
        return reports.topic_rows(self.period, self.filter("kind", "tag"))
