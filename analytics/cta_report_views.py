"""The calls-to-action reports: every call to action, and one across the posts showing it."""

from django.http import Http404
from django.urls import reverse
from wagtail.admin.ui.tables import Column, TitleColumn

from . import reports
from .filters import AudienceFilterSet
from .report_views import AnalyticsReportView, RateColumn, number
from .targets import CTA_KEY

CTA_EXPORT = {
    "label": "Call to action",
    "kind": "Kind",
    "impressions": "Impressions",
    "clicks": "Clicks",
    "conversion": "Conversion (%)",
    "guest_impressions": "Guest impressions",
    "guest_clicks": "Guest clicks",
    "guest_conversion": "Guest conversion (%)",
    "member_impressions": "Member impressions",
    "member_clicks": "Member clicks",
    "member_conversion": "Member conversion (%)",
}
CTA_COLUMNS = [
    number("impressions", "Seen"),
    number("clicks", "Clicks"),
    RateColumn("conversion", label="Conversion", sort_key="conversion"),
    number("guest_impressions", "Seen by guests"),
    number("guest_clicks", "Guest clicks"),
    RateColumn("guest_conversion", label="Guests", sort_key="guest_conversion"),
    number("member_impressions", "Seen by members"),
    number("member_clicks", "Member clicks"),
    RateColumn("member_conversion", label="Members", sort_key="member_conversion"),
]
CTA_RATES = ("conversion", "guest_conversion", "member_conversion")


class CtasReportView(AnalyticsReportView):
    index_url_name = "analytics_reports:ctas"
    index_results_url_name = "analytics_reports:ctas_results"
    page_title = "Calls to action"
    filterset_class = AudienceFilterSet
    export_name = "calls-to-action"
    default_ordering = "-clicks"
    export_headings = CTA_EXPORT
    list_export = list(CTA_EXPORT)
    rate_fields = CTA_RATES
    columns = [
        TitleColumn("label", label="Call to action", get_url=lambda row: row["report_url"]),
        Column("kind", label="Kind"),
        *CTA_COLUMNS,
    ]

    def get_rows(self):
        return reports.cta_rows(self.period, audience=self.filter("audience"))


class CtaReportView(AnalyticsReportView):
    """One call to action: every post it was seen or clicked on."""

    index_url_name = "analytics_reports:cta"
    index_results_url_name = "analytics_reports:cta_results"

    filterset_class = AudienceFilterSet
    default_ordering = "-clicks"
    export_headings = {"title": "Post", "views": "Post views", **CTA_EXPORT}
    list_export = ["title", "views", *list(CTA_EXPORT)[2:]]
    rate_fields = CTA_RATES
    columns = [
        TitleColumn("title", label="Post", get_url=lambda row: row["report_url"]),
        number("views", "Post views"),
        *CTA_COLUMNS,
    ]

    def setup(self, request, *args, cta, **kwargs):
        super().setup(request, *args, **kwargs)
        if not CTA_KEY.match(cta):
            raise Http404("No such call to action.")
        self.cta = cta

    def url_args(self):
        return [self.cta]

    def get_page_title(self):
        labels = reports.cta_labels([self.cta], self.period)
        return labels.get(self.cta, self.cta)

    @property
    def export_name(self):
        return f"call-to-action-{self.cta}"

    def get_rows(self):
        return reports.cta_page_rows(self.cta, self.period, audience=self.filter("audience"))

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("analytics_reports:ctas"), "label": "Calls to action"},
            {"url": "", "label": self.get_page_title(), "sublabel": str(self.period)},
        ]
