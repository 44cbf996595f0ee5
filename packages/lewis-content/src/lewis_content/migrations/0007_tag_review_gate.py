"""The passage workflow's step becomes "Tag review" (approval waits for every suggested tag to be
reviewed), and the Editors and Moderators groups get the passage permissions that make the gate
hold: editors edit and submit, only moderators publish."""

from django.db import migrations

WORKFLOW = "Passage review"
OLD_TASK = "Moderators approval"
TASK = "Tag review"

EDITORS = {
    "passage": ["add", "change", "view"],
    "passagetag": ["add", "change", "delete", "view"],
    "work": ["view"],
    "chapter": ["view"],
    "register": ["view"],
}
MODERATORS = {**EDITORS, "passage": ["add", "change", "delete", "view", "publish", "lock", "unlock"]}


def permissions(apps, spec):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    found = []
    for model, actions in spec.items():
        content_type, _ = ContentType.objects.get_or_create(app_label="lewis_content", model=model)
        verbose_name = apps.get_model("lewis_content", model)._meta.verbose_name
        for action in actions:
            # Created here if post_migrate has not made them yet (a fresh database); the
            # post_migrate handlers of Django and Wagtail then find them and skip them.
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type,
                codename=f"{action}_{model}",
                defaults={"name": f"Can {action} {verbose_name}"},
            )
            found.append(permission)
    return found


def install_gate(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Group = apps.get_model("auth.Group")
    TagReviewTask = apps.get_model("lewis_content.TagReviewTask")
    Task = apps.get_model("wagtailcore.Task")
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowTask = apps.get_model("wagtailcore.WorkflowTask")

    moderators, _ = Group.objects.get_or_create(name="Moderators")
    editors, _ = Group.objects.get_or_create(name="Editors")
    moderators.permissions.add(*permissions(apps, MODERATORS))
    editors.permissions.add(*permissions(apps, EDITORS))

    task = TagReviewTask.objects.filter(name=TASK).first()
    if task is None:
        task_type, _ = ContentType.objects.get_or_create(
            app_label="lewis_content", model="tagreviewtask"
        )
        task = TagReviewTask.objects.create(name=TASK, content_type=task_type, active=True)
        task.groups.set([moderators])
    elif not task.active:
        task.active = True
        task.save(update_fields=["active"])
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW, defaults={"active": True})
    steps = WorkflowTask.objects.filter(workflow=workflow)
    steps.filter(task__name=OLD_TASK).delete()
    if not steps.filter(task=task).exists():
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    # The plain approval step is no longer used by any workflow.
    Task.objects.filter(name=OLD_TASK, workflow_tasks__isnull=True).update(active=False)


class Migration(migrations.Migration):
    dependencies = [
        ("lewis_content", "0006_tag_review"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(install_gate, migrations.RunPython.noop)]
