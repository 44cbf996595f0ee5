from django.db import migrations


def move_alerts(apps, schema_editor):
    """Alerts already sent stay sent: they move to lewis_spend's table, as the "ai" meter's."""
    old = apps.get_model("lewis_tagging", "AIBudgetAlert")
    new = apps.get_model("lewis_spend", "BudgetAlert")
    new.objects.bulk_create(
        [
            new(
                meter="ai",
                month=a.month,
                threshold=a.threshold,
                spend_usd=a.spend_usd,
                budget_usd=a.budget_usd,
                sent_at=a.sent_at,
            )
            for a in old.objects.all()
        ],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("lewis_tagging", "0004_axis_ranking_weight_bound"),
        ("lewis_spend", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(move_alerts, migrations.RunPython.noop),
        migrations.DeleteModel(name="AIBudgetAlert"),
    ]
