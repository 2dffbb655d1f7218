"""Give the "Marketing editors" group the permission to import Jekyll blogs in the admin.

Writers do not get it: an import can publish many posts at once, which is an editor's call.
"""

from django.db import migrations

EDITORS = "Marketing editors"
CODENAME = "run_jekyll_import"


def ensure_permissions(apps):
    """Permissions are normally made after migrating; the group needs this one now."""
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("imports")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None


def grant_to_editors(apps, schema_editor):
    ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permission = Permission.objects.get(content_type__app_label="imports", codename=CODENAME)
    group, _ = Group.objects.get_or_create(name=EDITORS)
    group.permissions.add(permission)


def revoke_from_editors(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name=EDITORS):
        group.permissions.remove(
            *group.permissions.filter(content_type__app_label="imports", codename=CODENAME)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("imports", "0001_initial"),
        ("blog", "0002_marketing_groups_and_workflow"),
    ]

    operations = [migrations.RunPython(grant_to_editors, revoke_from_editors)]
