"""Operational endpoints outside the versioned API: liveness and readiness."""

from django.core.cache import cache, caches
from django.core.cache.backends.dummy import DummyCache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@require_GET
@never_cache
def healthz(request):
    """The process is up and serving; checks nothing else, so it never flaps with a dependency."""
    return JsonResponse({"status": "ok"})


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _cache() -> None:
    if isinstance(caches["default"], DummyCache):  # switched off on purpose (CACHE_URL=dummy://)
        return
    cache.set("readyz", "ok", 10)
    if cache.get("readyz") != "ok":
        raise RuntimeError("cache did not return what was written")


@require_GET
@never_cache
def readyz(request):
    """Ready for traffic when the database and the cache answer; 503 naming what failed."""
    checks = {}
    for name, probe in (("database", _database), ("cache", _cache)):
        try:
            probe()
            checks[name] = "ok"
        except Exception as exc:  # any failure means not ready; report it, never raise
            checks[name] = f"error: {type(exc).__name__}: {exc}"
    ready = all(v == "ok" for v in checks.values())
    return JsonResponse(
        {"status": "ok" if ready else "unavailable", "checks": checks}, status=200 if ready else 503
    )


def api_not_found(request):
    """Unknown paths under /api/ answer in the API's error shape, not an HTML page."""
    from lewis_site.api import error_response

    return error_response(request, 404, f"No API endpoint at {request.path}.")
