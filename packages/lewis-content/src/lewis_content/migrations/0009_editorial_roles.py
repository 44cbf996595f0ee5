"""The Editors and Moderators groups get what their daily work needs (docs/adr/0010): editors
curate the library and the schedule and view the taxonomy, publishing nothing; moderators may do
all that, publish works too and edit the taxonomy. Pages' permissions are Wagtail's own."""

from django.db import migrations

CURATE = ["add", "change", "delete", "view"]
EDITORS = {
    "lewis_content": {
        "work": ["add", "change", "view"],
        "chapter": CURATE,
        "register": ["view"],
        "dailydrop": CURATE,
        "podcast": ["add", "change", "view"],
        "podcastepisode": CURATE,
    },
    "lewis_tagging": {"axis": ["view"], "tag": ["view"]},
}
MODERATORS = {
    "lewis_content": {
        **EDITORS["lewis_content"],
        "work": ["add", "change", "delete", "view", "publish"],
        "register": ["add", "change", "view"],
        "podcast": CURATE,
    },
    "lewis_tagging": {"axis": ["add", "change", "view"], "tag": CURATE},
}


def permissions(apps, spec):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    found = []
    for app_label, models in spec.items():
        for model, actions in models.items():
            content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
            verbose_name = apps.get_model(app_label, model)._meta.verbose_name
            for action in actions:
                # Made here on a fresh database, before post_migrate would; it then skips them.
                permission, _ = Permission.objects.get_or_create(
                    content_type=content_type,
                    codename=f"{action}_{model}",
                    defaults={"name": f"Can {action} {verbose_name}"},
                )
                found.append(permission)
    return found


def grant(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    editors, _ = Group.objects.get_or_create(name="Editors")
    moderators, _ = Group.objects.get_or_create(name="Moderators")
    editors.permissions.add(*permissions(apps, EDITORS))
    moderators.permissions.add(*permissions(apps, MODERATORS))


class Migration(migrations.Migration):
    dependencies = [
        ("lewis_content", "0008_tag_draft_status_index"),
        ("lewis_tagging", "0005_budget_alerts_in_lewis_spend"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
