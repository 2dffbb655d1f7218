"""Analytics where editors already are: a tab on the post's edit view, a dashboard panel.

Both read ``reports.py`` and show only to users with the analytics permission (a tab
whose only panel is hidden is left out of the edit view altogether).
"""

from django.urls import reverse
from wagtail.admin.panels import Panel
from wagtail.admin.ui.components import Component

from .models import PERMISSION

TAB_DAYS = 30
DASHBOARD_DAYS = 7
DASHBOARD_ROWS = 5


class AnalyticsPanel(Panel):
    """The last 30 days of a post: views, visitors, reads, sources, calls to action."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "analytics/edit_tab.html"

        def is_shown(self):
            return bool(
                self.instance.pk and self.request and self.request.user.has_perm(PERMISSION)
            )

        def get_context_data(self, parent_context=None):
            from . import reports

            context = super().get_context_data(parent_context)
            period = reports.Period.last(TAB_DAYS)
            page_ids = [self.instance.pk]
            context.update(
                period=period,
                totals=reports.page_totals(self.instance.pk, period),
                sources=reports.source_rows(period, page_ids=page_ids)[:10],
                devices=reports.breakdown(period, "device", page_ids=page_ids),
                ctas=reports.cta_rows(period, page_ids=page_ids),
                report_url=reverse("analytics_reports:page", args=[self.instance.pk]),
            )
            return context


class DashboardPanel(Component):
    """This week's most read posts and most clicked calls to action."""

    name = "analytics"
    template_name = "analytics/dashboard_panel.html"
    order = 150

    def get_context_data(self, parent_context=None):
        from blog.models import BlogPage

        from . import reports

        period = reports.Period.last(DASHBOARD_DAYS)
        posts = BlogPage.objects.values("pk")
        return {
            "period": period,
            "posts": reports.page_rows(period, page_ids=posts)[:DASHBOARD_ROWS],
            "ctas": reports.cta_rows(period)[:DASHBOARD_ROWS],
            "posts_url": reverse("analytics_reports:posts"),
            "ctas_url": reverse("analytics_reports:ctas"),
        }
