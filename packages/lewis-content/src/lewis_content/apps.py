from django.apps import AppConfig


class ContentConfig(AppConfig):
    name = "lewis_content"
    label = "lewis_content"
    verbose_name = "Content"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from lewis_content import generation
        from lewis_content.reading.queries import next_expiry_at
        from lewis_content.sync import signals

        signals.connect()
        generation.find_expiries_with(next_expiry_at)
