"""Every live work, passage and page of ours gets a live revision (lewis_content.library.revisions): rows
written in bulk by `lewis demo` or `generate_corpus` before this had none, and scheduling a
change to one of them took it offline until the change went live."""

from django.db import migrations


def give_live_revisions(apps, schema_editor):
    names = ("Work", "Passage", "HomePage", "ThemePage", "JourneyPage", "PortalPage")
    historical = [apps.get_model("lewis_content", name) for name in names]
    if not any(m.objects.filter(live=True, live_revision__isnull=True).exists() for m in historical):
        return  # a new database: nothing to do (and the current models are not needed)
    # Revisions hold an object's serialised form, which only the current models can make: this
    # runs on an upgrade whose later migrations do not change works' or passages' fields.
    from lewis_content.curation.pages import HomePage, JourneyPage, PortalPage, ThemePage
    from lewis_content.library.models import Passage, Work
    from lewis_content.library.revisions import give_live_revisions as give

    for model in (Work, Passage, HomePage, ThemePage, JourneyPage, PortalPage):
        give(model)


class Migration(migrations.Migration):
    dependencies = [
        ("lewis_content", "0009_editorial_roles"),
    ]

    operations = [migrations.RunPython(give_live_revisions, migrations.RunPython.noop)]
