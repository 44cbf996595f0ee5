from django.db import models


class Call(models.Model):
    """A paid service's usage row, as lewis_spend reads them."""

    created_at = models.DateTimeField(auto_now_add=True)
    cost_usd = models.DecimalField(max_digits=12, decimal_places=6)
    characters = models.PositiveIntegerField(default=0)

    class Meta:
        app_label = "usage_app"

    def __str__(self) -> str:
        return f"${self.cost_usd}"
