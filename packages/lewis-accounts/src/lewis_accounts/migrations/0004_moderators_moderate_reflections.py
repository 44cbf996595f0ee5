"""Moderators see and moderate reflections in the Wagtail admin (view and change; readers
write them, nobody adds them there)."""

from django.db import migrations

ACTIONS = ["view", "change"]


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    content_type, _ = ContentType.objects.get_or_create(
        app_label="lewis_accounts", model="reflection"
    )
    moderators, _ = Group.objects.get_or_create(name="Moderators")
    for action in ACTIONS:
        # Created here if post_migrate has not made it yet (a fresh database).
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type,
            codename=f"{action}_reflection",
            defaults={"name": f"Can {action} reflection"},
        )
        moderators.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("lewis_accounts", "0003_account_deletion"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
