from django.apps import AppConfig


class RankingConfig(AppConfig):
    name = "lewis_ranking"
    label = "lewis_ranking"
    verbose_name = "Ranking"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from lewis_ranking import checks  # noqa: F401  (registers the system check)
