"""Authors, categories and calls to action are reviewed like posts (issue #12, point 6).

* The "Marketing" workflow moderates the three snippet models (Wagtail attaches a
  workflow to a non-page model through its content type).
* Writers add and change all three (as drafts), without publishing; editors also
  publish, lock and unlock them. Wagtail makes the publish/lock/unlock permissions after
  migrating; the groups need them now, so they are made here under the same names.
* Every existing row stays live and gets a first revision holding what readers see
  today, recorded as the live revision: the history starts from it, a writer's draft
  can be compared with it, and Wagtail keeps the row live if a later revision is
  scheduled (it unpublishes a live object that has no live revision).
"""

from django.db import migrations
from django.utils import timezone
from modelcluster.models import get_serializable_data_for_fields

EDITORS = "Marketing editors"
WRITERS = "Marketing writers"
WORKFLOW = "Marketing"
MODELS = {"author": "author", "category": "category", "calltoaction": "call to action"}
ACTIONS = {
    EDITORS: ["add", "change", "delete", "view", "publish", "lock", "unlock"],
    WRITERS: ["add", "change", "view"],
}
# What this migration gave that 0002 did not (taken back when it is reversed).
ADDED = {
    EDITORS: ["publish", "lock", "unlock"],
    WRITERS: [("calltoaction", "add"), ("calltoaction", "change")],
}


def content_type(apps, model):
    ContentType = apps.get_model("contenttypes", "ContentType")
    return ContentType.objects.get_or_create(app_label="blog", model=model)[0]


def permission(apps, model, action):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.get_or_create(
        content_type=content_type(apps, model),
        codename=f"{action}_{model}",
        defaults={"name": f"Can {action} {MODELS[model]}"},
    )[0]


def grant_snippet_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group_name, actions in ACTIONS.items():
        group = Group.objects.filter(name=group_name).first()
        if group is None:
            continue
        group.permissions.add(
            *[permission(apps, model, action) for model in MODELS for action in actions]
        )


def revoke_snippet_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    editors = Group.objects.filter(name=EDITORS).first()
    if editors is not None:
        editors.permissions.remove(
            *[permission(apps, model, action) for model in MODELS for action in ADDED[EDITORS]]
        )
    writers = Group.objects.filter(name=WRITERS).first()
    if writers is not None:
        writers.permissions.remove(*[permission(apps, m, a) for m, a in ADDED[WRITERS]])


def attach_workflow(apps, schema_editor):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    workflow = Workflow.objects.filter(name=WORKFLOW).first()
    if workflow is None:
        return
    for model in MODELS:
        # A workflow an administrator already chose for the model is kept.
        WorkflowContentType.objects.get_or_create(
            content_type=content_type(apps, model), defaults={"workflow": workflow}
        )


def detach_workflow(apps, schema_editor):
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    WorkflowContentType.objects.filter(
        content_type__app_label="blog", content_type__model__in=list(MODELS)
    ).delete()


def record_live_revisions(apps, schema_editor):
    Revision = apps.get_model("wagtailcore", "Revision")
    now = timezone.now()
    for model in MODELS:
        Model = apps.get_model("blog", model)
        ct = content_type(apps, model)
        for row in Model.objects.filter(latest_revision__isnull=True):
            row.live = True
            revision = Revision.objects.create(
                content_type=ct,
                base_content_type=ct,
                object_id=str(row.pk),
                created_at=now,
                object_str=row.name,
                content=get_serializable_data_for_fields(row),
            )
            Model.objects.filter(pk=row.pk).update(
                live=True, latest_revision=revision, live_revision=revision
            )


def forget_revisions(apps, schema_editor):
    """Reversed, the models have no revisions any more: their rows would be orphans."""
    Revision = apps.get_model("wagtailcore", "Revision")
    Revision.objects.filter(
        base_content_type__app_label="blog", base_content_type__model__in=list(MODELS)
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0004_snippets_draft_state_revisions_locking"),
        ("wagtailcore", "0098_apitoken"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(grant_snippet_permissions, revoke_snippet_permissions),
        migrations.RunPython(attach_workflow, detach_workflow),
        migrations.RunPython(record_live_revisions, forget_revisions),
    ]
