"""Marketing editors change the brand (Settings → Brand), not only superusers.

Writers do not: the brand is the whole site's, like the publishing decision.
"""

from django.db import migrations

EDITORS = "Marketing editors"
CODENAMES = ("change_brandsettings", "view_brandsettings")


def ensure_permissions(apps):
    """Permissions are normally made after migrating; the group needs them now."""
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("brand")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None


def grant(apps, schema_editor):
    ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=EDITORS)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="brand", codename__in=CODENAMES)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=EDITORS).first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="brand", codename__in=CODENAMES)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("brand", "0001_initial"),
        ("blog", "0002_marketing_groups_and_workflow"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
