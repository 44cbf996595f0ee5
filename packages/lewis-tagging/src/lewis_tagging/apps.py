from django.apps import AppConfig


class TaggingConfig(AppConfig):
    name = "lewis_tagging"
    label = "lewis_tagging"
    verbose_name = "Taxonomy and tagging"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from lewis_tagging import (
            announcements,
            checks,  # noqa: F401  (registers the system check)
        )

        announcements.connect()
