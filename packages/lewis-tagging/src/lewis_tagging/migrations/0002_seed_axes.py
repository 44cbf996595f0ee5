"""Seed the axes every Lewis taxonomy has; editors add more in the CMS."""

from django.db import migrations

AXES = [
    ("motif", "Motif", "Recurring images and figures: longing, the shadowlands, the lion.", 3),
    ("theme", "Theme", "What a passage is about: grief, joy, pride, love, doubt.", 2),
    ("life-stage", "Life stage", "Where a reader may be in life: student, new parent, grieving.", 1),
]


def seed(apps, schema_editor):
    Axis = apps.get_model("lewis_tagging", "Axis")
    for position, (slug, label, description, weight) in enumerate(AXES):
        Axis.objects.get_or_create(
            slug=slug,
            defaults={
                "label": label,
                "description": description,
                "position": position,
                "ranking_weight": weight,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("lewis_tagging", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
