"""System checks of the deployment (`lewis check --deploy`)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


@register(Tags.security, deploy=True)
def public_url_is_set(app_configs, **kwargs) -> list[Error]:
    """In production mode, PUBLIC_URL names this site as its users reach it (workflow mails
    link to it; the API schema names it): an https URL, not the local default."""
    if settings.LEWIS_EMBEDDED:
        return []
    url = urlsplit(settings.PUBLIC_URL)
    if url.scheme == "https" and url.hostname not in (None, "localhost", "127.0.0.1"):
        return []
    return [
        Error(
            f"PUBLIC_URL is {settings.PUBLIC_URL!r}.",
            hint="Set PUBLIC_URL to the https URL editors and the app reach this site at, "
            "e.g. https://api.lewis.example (it is in workflow mails and the API schema).",
            id="lewis_site.E001",
        )
    ]


@register(Tags.security, deploy=True)
def metrics_need_a_token(app_configs, **kwargs) -> list[Warning]:
    """In production mode /metrics (routes, task names, spend) asks for METRICS_TOKEN, so it is
    not public wherever the load balancer in front happens to route it."""
    if settings.LEWIS_EMBEDDED or settings.METRICS_TOKEN:
        return []
    return [
        Warning(
            "/metrics answers anyone: METRICS_TOKEN is not set.",
            hint="Set METRICS_TOKEN and give it to the scraper (Authorization: Bearer ...).",
            id="lewis_site.W002",
        )
    ]
