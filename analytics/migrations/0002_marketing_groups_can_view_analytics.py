"""Let the marketing team read analytics: both "Marketing editors" and "Marketing writers"
get the permission every analytics view and the API ask for. Nobody else does (a
superuser has every permission)."""

from django.db import migrations

GROUPS = ("Marketing editors", "Marketing writers")
CODENAME = "view_analytics"


def ensure_permissions(apps):
    """Permissions are normally made after migrating; the groups need this one now."""
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("analytics")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None


def grant(apps, schema_editor):
    ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permission = Permission.objects.get(content_type__app_label="analytics", codename=CODENAME)
    for name in GROUPS:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(permission)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.remove(
            *group.permissions.filter(content_type__app_label="analytics", codename=CODENAME)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("analytics", "0001_initial"),
        ("blog", "0002_marketing_groups_and_workflow"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
