from django.apps import AppConfig


class SiteConfig(AppConfig):
    """Holds no models: the site composes the packages and owns the demo command."""

    name = "lewis_site"
    label = "lewis_site"
    verbose_name = "Lewis site"

    def ready(self) -> None:
        from lewis_site import checks  # noqa: F401  (registers them)
