from django.apps import AppConfig


class AudioConfig(AppConfig):
    name = "lewis_audio"
    label = "lewis_audio"
    verbose_name = "Audio"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from lewis_audio import (
            announcements,
            checks,  # noqa: F401  (registers the system check)
        )

        announcements.connect()
