"""Budget alerts already sent: one per meter, month and threshold."""

from django.db import models


class BudgetAlert(models.Model):
    """An alert sent when a meter's spend in a month crossed a share of its budget."""

    meter = models.SlugField(max_length=50, help_text='The paid service, e.g. "ai" or "audio".')
    month = models.DateField(help_text="The first day of the month.")
    threshold = models.PositiveSmallIntegerField(help_text="Percent of the monthly budget.")
    spend_usd = models.DecimalField(max_digits=12, decimal_places=6)
    budget_usd = models.DecimalField(max_digits=12, decimal_places=2)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-month", "meter", "threshold"]
        constraints = [
            models.UniqueConstraint(
                fields=["meter", "month", "threshold"], name="one_alert_per_meter_threshold"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meter} {self.month:%Y-%m}: {self.threshold} % of ${self.budget_usd}"
