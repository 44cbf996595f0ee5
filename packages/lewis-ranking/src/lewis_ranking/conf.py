"""lewis_ranking's settings, read from the one namespaced dict `LEWIS_RANKING`."""

from functools import cache
from typing import Any

from django.conf import settings
from django.core.signals import setting_changed
from django.utils.module_loading import import_string

from lewis_ranking.types import Ranker

DEFAULTS: dict[str, Any] = {
    # Dotted path to a class implementing lewis_ranking.types.Ranker.
    "BACKEND": "lewis_ranking.backends.scan.ScanRanker",
}
# Weights are not a setting: the caller passes them with every query (for Lewis, the axes'
# ranking weights that editors set), so there is one source of truth.


def ranking_settings() -> dict[str, Any]:
    return {**DEFAULTS, **getattr(settings, "LEWIS_RANKING", {})}


@cache
def ranker() -> Ranker:
    """The configured backend, built once per process."""
    return import_string(ranking_settings()["BACKEND"])()


def _forget_backend(*, setting: str, **kwargs: Any) -> None:
    if setting == "LEWIS_RANKING":
        ranker.cache_clear()


setting_changed.connect(_forget_backend)
