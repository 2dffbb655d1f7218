"""Admin wiring: the import's URLs, its Settings menu item, its permission in group editing."""

from django.contrib.auth.models import Permission
from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .models import PERMISSION
from .upload import urls


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(PERMISSION)


@hooks.register("register_admin_urls")
def register_import_urls():
    return [path("jekyll-import/", include(urls, namespace="jekyll_imports"))]


@hooks.register("register_settings_menu_item")
def register_import_menu_item():
    return ImportMenuItem(
        "Jekyll import",
        reverse("jekyll_imports:index"),
        name="jekyll-import",
        icon_name="download",
        order=900,
    )


@hooks.register("register_permissions")
def register_import_permission():
    app_label, codename = PERMISSION.split(".")
    return Permission.objects.filter(content_type__app_label=app_label, codename=codename)
