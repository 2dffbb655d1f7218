"""Admin wiring: the Analytics menu, its reports' URLs, the dashboard panel and the
permission in group editing. All of it only for users with ``analytics.view_analytics``."""

from django.contrib.auth.models import Permission
from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from . import admin_urls
from .models import PERMISSION
from .panels import DashboardPanel


class AnalyticsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(PERMISSION)


def analytics_menu_items():
    items = [
        ("Posts", "posts", "doc-full"),
        ("Calls to action", "ctas", "pick"),
        ("Sources", "sources", "site"),
        ("Tags, categories, authors", "topics", "tag"),
    ]
    return [
        AnalyticsMenuItem(
            label,
            reverse(f"analytics_reports:{name}"),
            name=f"analytics-{name}",
            icon_name=icon,
            order=100 * (order + 1),
        )  # fmt: skip
        for order, (label, name, icon) in enumerate(items)
    ]


@hooks.register("register_admin_urls")
def register_analytics_urls():
    return [path("analytics/", include(admin_urls, namespace="analytics_reports"))]


@hooks.register("register_admin_menu_item")
def register_analytics_menu():
    return SubmenuMenuItem(
        "Analytics",
        Menu(register_hook_name=None, items=analytics_menu_items()),
        name="analytics",
        icon_name="view",
        order=250,
    )


@hooks.register("construct_homepage_panels")
def add_dashboard_panel(request, panels):
    if request.user.has_perm(PERMISSION):
        panels.append(DashboardPanel())


@hooks.register("register_permissions")
def register_analytics_permission():
    app_label, codename = PERMISSION.split(".")
    return Permission.objects.filter(content_type__app_label=app_label, codename=codename)
