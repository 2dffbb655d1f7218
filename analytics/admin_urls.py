"""Admin routes of the reports, mounted under /admin/analytics/ by wagtail_hooks.py."""

from django.urls import path

from . import cta_report_views as cta_views
from . import report_views as views

app_name = "analytics_reports"


def report(route, view, name):
    """The report and its results-only twin, which the filters refresh in place."""
    return [
        path(route, view.as_view(), name=name),
        path(route + "results/", view.as_view(results_only=True), name=name + "_results"),
    ]


urlpatterns = [
    *report("", views.PostsReportView, "posts"),
    *report("pages/<int:page_id>/", views.PageReportView, "page"),
    *report("sources/", views.SourcesReportView, "sources"),
    *report("ctas/", cta_views.CtasReportView, "ctas"),
    *report("ctas/<str:cta>/", cta_views.CtaReportView, "cta"),
    *report("topics/", views.TopicsReportView, "topics"),
]
