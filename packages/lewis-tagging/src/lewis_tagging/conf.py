"""lewis_tagging's settings, read from the one namespaced dict `LEWIS_TAGGING`."""

from functools import cache
from typing import Any

from django.conf import settings
from django.core.signals import setting_changed
from django.utils.module_loading import import_string

from lewis_tagging.types import TagDrafter

DEFAULTS: dict[str, Any] = {
    # Dotted path to a class implementing lewis_tagging.types.TagDrafter.
    "DRAFTER": "lewis_tagging.drafters.offline.KeywordDrafter",
}


def tagging_settings() -> dict[str, Any]:
    return {**DEFAULTS, **getattr(settings, "LEWIS_TAGGING", {})}


@cache
def drafter() -> TagDrafter:
    """The configured drafter, built once per process."""
    return import_string(tagging_settings()["DRAFTER"])()


def _forget_drafter(*, setting: str, **kwargs: Any) -> None:
    if setting == "LEWIS_TAGGING":
        drafter.cache_clear()


setting_changed.connect(_forget_drafter)
