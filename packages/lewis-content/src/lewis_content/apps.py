from django.apps import AppConfig


class ContentConfig(AppConfig):
    name = "lewis_content"
    label = "lewis_content"
    verbose_name = "Content"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from lewis_content.sync import signals

        signals.connect()
