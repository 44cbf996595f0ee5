import lewis_audio.conf
from django.db import migrations, models


def forget_old_keys(apps, schema_editor):
    """Readings keyed by voice and text alone can never be found by the new keys (provider,
    model, voice, format, normalised text): they go, and cleanup_audio removes their files."""
    apps.get_model("lewis_audio", "AudioAsset").objects.all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ("lewis_audio", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(forget_old_keys, migrations.RunPython.noop),
        migrations.AddField(
            model_name="audioasset",
            name="provider",
            field=models.CharField(max_length=50, default="none"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="audioasset",
            name="model",
            field=models.CharField(blank=True, max_length=100),
        ),
        migrations.AddField(
            model_name="audioasset",
            name="output_format",
            field=models.CharField(blank=True, max_length=50),
        ),
        migrations.AddField(
            model_name="audioasset",
            name="characters",
            field=models.PositiveIntegerField(default=0, help_text="Of the normalised text read."),
        ),
        migrations.AddField(
            model_name="audioasset",
            name="status",
            field=models.CharField(
                choices=[
                    ("queued", "Queued"),
                    ("generating", "Generating"),
                    ("ready", "Ready"),
                    ("failed", "Failed"),
                ],
                db_index=True,
                default="queued",
                max_length=16,
            ),
        ),
        migrations.AlterField(
            model_name="audioasset",
            name="file",
            field=models.FileField(
                blank=True, storage=lewis_audio.conf.audio_storage, upload_to="audio/"
            ),
        ),
        migrations.AddField(
            model_name="audioasset",
            name="timings_file",
            field=models.CharField(blank=True, max_length=255),
        ),
        migrations.AddField(
            model_name="audioasset",
            name="content_type",
            field=models.CharField(blank=True, max_length=50),
        ),
        migrations.AlterField(
            model_name="audioasset",
            name="duration_seconds",
            field=models.FloatField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="audioasset",
            name="size_bytes",
            field=models.PositiveIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="audioasset",
            name="characters_billed",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="audioasset",
            name="provider_request_id",
            field=models.CharField(blank=True, max_length=100),
        ),
        migrations.AddField(
            model_name="audioasset",
            name="attempts",
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="audioasset",
            name="error",
            field=models.TextField(blank=True),
        ),
        migrations.AddField(
            model_name="audioasset",
            name="claimed_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="audioasset",
            name="updated_at",
            field=models.DateTimeField(auto_now=True),
        ),
        migrations.AddField(
            model_name="audioasset",
            name="ready_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
    ]
