"""Operational endpoints outside the versioned API: liveness and readiness."""

import logging
import sys

from django.core.cache import cache, caches
from django.core.cache.backends.dummy import DummyCache
from django.core.exceptions import DisallowedHost
from django.db import connection
from django.http import Http404, JsonResponse
from django.views import csrf, defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from lewis_site import broker
from lewis_site.api import error_response, outage_response

logger = logging.getLogger(__name__)


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
    """Ready for traffic when the database, the cache and the broker answer (each with a
    timeout of a few seconds at most); 503 naming what failed, logged as a warning (a probe
    every few seconds from every load balancer must not mail ADMINS)."""
    checks, details = {}, {}
    for name, probe in (("database", _database), ("cache", _cache), ("broker", broker.ping)):
        try:
            probe()
            checks[name] = "ok"
        except Exception as exc:  # any failure means not ready; report it, never raise
            # The body names the failure's kind only (it answers any Host); the log says more.
            checks[name] = f"error: {type(exc).__name__}"
            details[name] = f"{type(exc).__name__}: {exc}"
    ready = all(v == "ok" for v in checks.values())
    response = JsonResponse(
        {"status": "ok" if ready else "unavailable", "checks": checks}, status=200 if ready else 503
    )
    if not ready:
        logger.warning("Not ready: %s", details)
        response._has_been_logged = True
    return response


class AnswerProbes:
    """Middleware, before anything that checks the Host: `/healthz` and `/readyz` answer
    whatever Host the request names. A load balancer's health check sends the task's private
    IP, which ALLOWED_HOSTS cannot list; the probes reveal nothing a host check would guard."""

    PROBES = {"/healthz": healthz, "/readyz": readyz}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        probe = self.PROBES.get(request.path_info)
        if probe is not None:
            return probe(request)
        return self.get_response(request)


def api_not_found(request):
    """Unknown paths under /api/ answer in the API's error shape, not an HTML page."""
    return error_response(request, 404, f"No API endpoint at {request.path}.")


# Django's own error pages (a refused host, a CSRF failure, an unmatched path, a crash outside
# the API's handlers): the one error shape under /api/, Django's pages elsewhere (the CMS).


def under_api(request) -> bool:
    return request.path_info.startswith("/api/")


def bad_request(request, exception=None):
    if under_api(request):
        return error_response(request, 400, "The request cannot be served (bad Host header?).")
    return defaults.bad_request(request, exception)


def permission_denied(request, exception=None):
    if under_api(request):
        return error_response(request, 403, str(exception or "") or "You may not do this.")
    return defaults.permission_denied(request, exception)


def page_not_found(request, exception=None):
    if under_api(request):
        return api_not_found(request)
    return defaults.page_not_found(request, exception)


def server_error(request):
    outage = outage_response(request, sys.exc_info()[1])
    if outage is not None:
        return outage  # the database or Redis is away, not a bug: 503 and no error mail
    if under_api(request):
        return error_response(request, 500, "Something went wrong on our side.")
    return defaults.server_error(request)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a write under /api/ without a CSRF token (a session-signed-in browser
    client) answers 403 in the one error shape."""
    if under_api(request):
        message = "CSRF check failed: send the X-CSRFToken header, or sign in with a token."
        return error_response(request, 403, message)
    return csrf.csrf_failure(request, reason)


# The largest body any operation of the API takes: a Soul Map import of 500 ids and 200 slugs,
# or a 2,000-character reflection, is well under it. Bodies without a length are bounded by
# Django's DATA_UPLOAD_MAX_MEMORY_SIZE when read.
API_MAX_BODY_BYTES = 64 * 1024


def declared_length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


class ApiErrorsMiddleware:
    """Under /api/, the refusals Django makes itself answer in the one error shape with DEBUG on
    too (the embedded default): Django then shows its debug pages instead of the handlers above.
    A Host the site does not serve, or a body over API_MAX_BODY_BYTES (413), is refused before
    anything reads it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if under_api(request):
            try:
                request.get_host()
            except DisallowedHost as refused:
                logging.getLogger("django.security.DisallowedHost").warning(str(refused))
                return bad_request(request, refused)
            if declared_length(request) > API_MAX_BODY_BYTES:
                message = f"The body is larger than {API_MAX_BODY_BYTES // 1024} KB."
                return error_response(request, 413, message)  # before anything reads it
        return self.get_response(request)

    def process_exception(self, request, exception):
        if under_api(request) and isinstance(exception, Http404):
            return page_not_found(request, exception)
        return None
