"""Passages go through a review workflow before they publish (moderators approve)."""

from django.db import migrations

WORKFLOW = "Passage review"
TASK = "Moderators approval"


def assign_workflow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Group = apps.get_model("auth.Group")
    GroupApprovalTask = apps.get_model("wagtailcore.GroupApprovalTask")
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowTask = apps.get_model("wagtailcore.WorkflowTask")
    WorkflowContentType = apps.get_model("wagtailcore.WorkflowContentType")

    task = GroupApprovalTask.objects.filter(name=TASK, active=True).first()
    if task is None:
        task_type, _ = ContentType.objects.get_or_create(
            app_label="wagtailcore", model="groupapprovaltask"
        )
        task = GroupApprovalTask.objects.create(name=TASK, content_type=task_type, active=True)
        task.groups.set(Group.objects.filter(name="Moderators"))
    workflow, created = Workflow.objects.get_or_create(name=WORKFLOW, defaults={"active": True})
    if created:
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    passage_type, _ = ContentType.objects.get_or_create(app_label="lewis_content", model="passage")
    WorkflowContentType.objects.update_or_create(
        content_type=passage_type, defaults={"workflow": workflow}
    )


class Migration(migrations.Migration):
    dependencies = [
        ("lewis_content", "0002_site_root"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
    ]

    operations = [migrations.RunPython(assign_workflow, migrations.RunPython.noop)]
