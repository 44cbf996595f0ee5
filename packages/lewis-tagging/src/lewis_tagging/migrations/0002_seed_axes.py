"""Seed the axes every Lewis taxonomy has; editors add more in the CMS."""

from django.db import migrations

AXES = [
    ("motif", "Motif", "Recurring images and figures: longing, the shadowlands, the lion."),
    ("theme", "Theme", "What a passage is about: grief, joy, pride, love, doubt."),
    ("life-stage", "Life stage", "Where a reader may be in life: student, new parent, grieving."),
]


def seed(apps, schema_editor):
    Axis = apps.get_model("lewis_tagging", "Axis")
    for position, (slug, label, description) in enumerate(AXES):
        Axis.objects.get_or_create(
            slug=slug, defaults={"label": label, "description": description, "position": position}
        )


class Migration(migrations.Migration):
    dependencies = [("lewis_tagging", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
