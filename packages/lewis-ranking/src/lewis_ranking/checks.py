"""Start-up validation of LEWIS_RANKING: a bad backend fails `check` and boot, not a request."""

from django.core.checks import Error, register
from django.db import connection

from lewis_ranking.conf import ranker, ranking_settings
from lewis_ranking.types import Ranker


@register("lewis")
def check_ranking_backend(app_configs, **kwargs) -> list[Error]:
    path = ranking_settings()["BACKEND"]
    try:
        backend = ranker()
    except Exception as exc:
        return [
            Error(
                f"LEWIS_RANKING['BACKEND'] = {path!r} cannot be loaded: {exc!r}",
                id="lewis_ranking.E001",
            )
        ]
    if not isinstance(backend, Ranker):
        return [
            Error(
                f"LEWIS_RANKING['BACKEND'] = {path!r} does not implement Ranker.",
                id="lewis_ranking.E002",
            )
        ]
    vendor = getattr(backend, "database_vendor", None)
    if vendor is not None and vendor != connection.vendor:
        return [
            Error(
                f"LEWIS_RANKING['BACKEND'] = {path!r} needs a {vendor} database; the default "
                f"database is {connection.vendor}.",
                hint="Choose lewis_ranking.backends.memory.MemoryRanker (any database).",
                id="lewis_ranking.E004",
            )
        ]
    return []
