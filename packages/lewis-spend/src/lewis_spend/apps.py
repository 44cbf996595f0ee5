from django.apps import AppConfig


class SpendConfig(AppConfig):
    name = "lewis_spend"
    label = "lewis_spend"
    verbose_name = "Spend"
    default_auto_field = "django.db.models.BigAutoField"
