"""lewis_tagging's settings, read from the one namespaced dict `LEWIS_TAGGING`."""

from decimal import Decimal
from functools import cache
from typing import Any

from django.conf import settings
from django.core.signals import setting_changed
from django.utils.module_loading import import_string

from lewis_tagging.types import TagDrafter

DEFAULTS: dict[str, Any] = {
    # Dotted path to a class implementing lewis_tagging.types.TagDrafter.
    "DRAFTER": "lewis_tagging.drafters.offline.KeywordDrafter",
    "ANTHROPIC": {
        "API_KEY": None,  # from the environment only (the site's ANTHROPIC_API_KEY)
        "MODEL": "claude-sonnet-4-6",
        "MAX_TOKENS": 1024,
        "TIMEOUT_SECONDS": 30.0,
        # None: the SDK's own HTTP client. Otherwise a callable (or a dotted path to one)
        # returning an httpx2.Client; tests pass one built on httpx2.MockTransport.
        "HTTP_CLIENT": None,
    },
    # Paid model calls stop once this month's recorded spend reaches the budget.
    "MONTHLY_BUDGET_USD": Decimal("20"),
    # Percentages of the budget at which admins are alerted, each once a month.
    "BUDGET_ALERT_PERCENTS": (50, 80, 95, 100),
    # USD per million tokens, per model. cache write = 5-minute prompt-cache writes.
    # Anthropic's published prices (platform.claude.com/docs/en/about-claude/pricing).
    "PRICES": {
        "claude-sonnet-4-6": {
            "INPUT": "3",
            "OUTPUT": "15",
            "CACHE_READ": "0.30",
            "CACHE_WRITE": "3.75",
        },
        "claude-sonnet-4-5": {
            "INPUT": "3",
            "OUTPUT": "15",
            "CACHE_READ": "0.30",
            "CACHE_WRITE": "3.75",
        },
        "claude-haiku-4-5": {
            "INPUT": "1",
            "OUTPUT": "5",
            "CACHE_READ": "0.10",
            "CACHE_WRITE": "1.25",
        },
        "claude-opus-4-6": {
            "INPUT": "5",
            "OUTPUT": "25",
            "CACHE_READ": "0.50",
            "CACHE_WRITE": "6.25",
        },
    },
}


def tagging_settings() -> dict[str, Any]:
    configured = getattr(settings, "LEWIS_TAGGING", {})
    merged = {**DEFAULTS, **configured}
    # Nested dicts are merged one level down, so a site sets only the keys it changes.
    merged["ANTHROPIC"] = {**DEFAULTS["ANTHROPIC"], **configured.get("ANTHROPIC", {})}
    merged["PRICES"] = {**DEFAULTS["PRICES"], **configured.get("PRICES", {})}
    return merged


def monthly_budget() -> Decimal:
    return Decimal(str(tagging_settings()["MONTHLY_BUDGET_USD"]))


@cache
def drafter() -> TagDrafter:
    """The configured drafter, built once per process."""
    return import_string(tagging_settings()["DRAFTER"])()


def _forget_drafter(*, setting: str, **kwargs: Any) -> None:
    if setting == "LEWIS_TAGGING":
        drafter.cache_clear()


setting_changed.connect(_forget_drafter)
