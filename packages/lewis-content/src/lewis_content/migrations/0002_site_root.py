"""Make the Lewis home page the site root, replacing Wagtail's welcome page."""

from django.db import migrations


def create_site_root(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Locale = apps.get_model("wagtailcore.Locale")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    HomePage = apps.get_model("lewis_content.HomePage")
    if HomePage.objects.exists():
        return
    # Wagtail's welcome page; deleting it also deletes the default Site that points at it.
    Page.objects.filter(depth=2, content_type__app_label="wagtailcore", slug="home").delete()
    root = Page.objects.get(depth=1)
    content_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="lewis_content")
    home = HomePage.objects.create(
        title="Lewis",
        draft_title="Lewis",
        slug="lewis",
        content_type=content_type,
        path=root.path + "0001",
        depth=2,
        numchild=0,
        url_path="/lewis/",
        locale=Locale.objects.order_by("pk").first(),
    )
    root.numchild = Page.objects.filter(depth=2).count()
    root.save(update_fields=["numchild"])
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "Lewis"},
    )


class Migration(migrations.Migration):
    dependencies = [
        ("lewis_content", "0001_initial"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
    ]

    operations = [migrations.RunPython(create_site_root, migrations.RunPython.noop)]
