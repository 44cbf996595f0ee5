"""Logs: one line per record, one line per request and one per task, each carrying the request
id that can be followed from the app's `X-Request-ID` to the tasks its request queued.

- `LOG_FORMAT=json` (the default in production mode): one JSON object per line (timestamp,
  level, logger, message, and request_id / task_id / task / route / status / duration_ms / user
  where known). `plain` (the embedded default): readable lines.
- `RequestLogWSGI` / `RequestLogASGI`, outermost, in front of the response cache's fast path:
  take the request id from `X-Request-ID` (or make one), return it, log the request's line and
  count it for /metrics. `RouteAndReader`, a Django middleware, notes the URL pattern and a
  keyed hash of the signed-in user's id for that line: never an email, token or password.
- The Celery signals in `lewis_site.celery` carry the request id into the task's message and
  log each task's line with the task id.

Emails, bearer tokens and JWTs that reach a log message are masked (`redact`).
"""

import contextvars
import functools
import hashlib
import hmac
import logging
import re
import time
import uuid
from typing import Any

from django.conf import settings
from django.urls import Resolver404, resolve
from django.utils.functional import SimpleLazyObject, empty

request_id_var: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "request_id", default=None
)
task_var: contextvars.ContextVar[tuple[str, str] | None] = contextvars.ContextVar(
    "task", default=None
)

request_logger = logging.getLogger("lewis.request")
REQUEST_ID = re.compile(r"[A-Za-z0-9._:@/+=-]{1,128}")
PROBES = frozenset({"/healthz", "/readyz", "/metrics"})  # logged at DEBUG while they answer 200
ROUTE_KEY, USER_KEY = "lewis.route", "lewis.user"  # set in the WSGI environ by RouteAndReader

SECRETS = re.compile(
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # an email address
    r"|(?i:bearer)\s+[\w.~+/=-]+"  # an Authorization header's credential
    r"|eyJ[\w-]+\.[\w-]+\.[\w-]*"  # a JWT
)


def redact(text: str) -> str:
    return SECRETS.sub("[redacted]", text)


def new_request_id(offered: str) -> str:
    """The client's (or the load balancer's) X-Request-ID when it is a sane token, else new."""
    return offered if REQUEST_ID.fullmatch(offered) else uuid.uuid4().hex


def user_hash(user_id: Any) -> str:
    """A stable pseudonym of a user id for logs: keyed, so ids cannot be enumerated back."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, str(user_id).encode(), hashlib.sha256).hexdigest()[:16]


class ContextFilter(logging.Filter):
    """Adds the current request id, task id and task name to every record, and masks secrets
    in its message."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id") and (request_id := request_id_var.get()):
            record.request_id = request_id
        if not hasattr(record, "task_id") and (task := task_var.get()):
            record.task_id, record.task = task
        if isinstance(record.msg, str):
            message = record.getMessage()
            masked = redact(message)
            if masked != message:
                record.msg, record.args = masked, None
        return True


def logging_config(log_format: str) -> dict[str, Any]:
    """Django's LOGGING: everything to stderr, through `ContextFilter`, in the chosen format."""
    formatters = {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {
            "()": "pythonjsonlogger.orjson.OrjsonFormatter",  # half the json module's time
            "fmt": "%(levelname)s %(name)s %(message)s",
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": True,
        },
    }
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {
            "context": {"()": "lewis_site.logs.ContextFilter"},
            "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
        },
        "formatters": {log_format: formatters[log_format]},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": log_format,
                "filters": ["context"],
            },
            "mail_admins": {
                "class": "django.utils.log.AdminEmailHandler",
                "level": "ERROR",
                "filters": ["context", "require_debug_false"],
            },
        },
        "root": {"handlers": ["console"], "level": "INFO"},
        "loggers": {
            # Django's own config sends ERRORs to ADMINS by mail: errors a person should read.
            # Outages (503) are logged as warnings instead (lewis_site.views), not mailed.
            "django": {"handlers": ["mail_admins"], "level": "INFO"},
            "django.server": {"level": "WARNING"},  # runserver's lines; ours say more
            "django.db.backends": {"level": "WARNING"},
            "django_tasks": {"level": "WARNING"},  # one line per Wagtail index update otherwise
            "celery.app.trace": {"level": "WARNING"},  # our own line per task says it all
        },
    }


@functools.lru_cache(maxsize=4096)
def route_of(path: str) -> str:
    """The URL pattern a path matches (a bounded label for logs and metrics)."""
    try:
        return resolve(path).route or "unmatched"
    except Resolver404:
        return "unmatched"


def finish_request(
    environ: dict, method: str, path: str, status: int, started: float, request_id: str
) -> None:
    from lewis_site import metrics

    seconds = time.perf_counter() - started
    route = environ.get(ROUTE_KEY) or route_of(path)
    metrics.count_request(route, method, status, seconds)
    level = logging.DEBUG if path in PROBES and status == 200 else logging.INFO
    if not request_logger.isEnabledFor(level):
        return
    fields = {
        "request_id": request_id,
        "method": method,
        "path": path,
        "route": route,
        "status": status,
        "duration_ms": round(seconds * 1000, 2),
    }
    if user := environ.get(USER_KEY):
        fields["user"] = user
    # As Logger.log, without its search of the stack for the caller (once per request).
    record = request_logger.makeRecord(
        request_logger.name,
        level,
        __file__,
        0,
        "%s %s %s",
        (method, path, status),
        None,
        extra=fields,
    )
    request_logger.handle(record)


def with_request_id(headers: list, request_id: str, encode=lambda text: text) -> list:
    """`headers` with X-Request-ID set (lower case, as ASGI asks, when encoding to bytes)."""
    name = encode("x-request-id")
    replaced = [(k, v) for k, v in headers if k.lower() != name]
    return [*replaced, (name if isinstance(name, bytes) else "X-Request-ID", encode(request_id))]


class RequestLogWSGI:
    """WSGI middleware, outermost: the request id, one log line per request, its metrics."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        started = time.perf_counter()
        request_id = new_request_id(environ.get("HTTP_X_REQUEST_ID", ""))
        environ["HTTP_X_REQUEST_ID"] = request_id
        token = request_id_var.set(request_id)
        status = [500]

        def start(status_line, headers, exc_info=None):
            status[0] = int(status_line.split(" ", 1)[0])
            return start_response(status_line, with_request_id(headers, request_id), exc_info)

        try:
            return self.app(environ, start)
        finally:
            method, path = environ.get("REQUEST_METHOD", ""), environ.get("PATH_INFO", "")
            finish_request(environ, method, path, status[0], started, request_id)
            request_id_var.reset(token)


class RequestLogASGI:
    """ASGI middleware, outermost: as RequestLogWSGI."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = time.perf_counter()
        offered = dict(scope["headers"]).get(b"x-request-id", b"").decode("latin-1")
        request_id = new_request_id(offered)
        scope = {**scope, "headers": with_request_id(scope["headers"], request_id, str.encode)}
        scope.setdefault("extensions", {})
        environ: dict = {}  # what RouteAndReader notes, through the scope
        scope["lewis"] = environ
        token = request_id_var.set(request_id)
        status = [500]

        async def sending(message):
            if message["type"] == "http.response.start":
                status[0] = message["status"]
                message = {
                    **message,
                    "headers": with_request_id(message.get("headers", []), request_id, str.encode),
                }
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            finish_request(environ, scope["method"], scope["path"], status[0], started, request_id)
            request_id_var.reset(token)


class RouteAndReader:
    """Django middleware: notes the matched URL pattern and the signed-in user's pseudonym for
    the request's log line (RequestLogWSGI/ASGI)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        notes = request.scope.get("lewis", {}) if hasattr(request, "scope") else request.META
        match = request.resolver_match
        if match is not None:
            notes[ROUTE_KEY] = match.route or "unmatched"
        user = request.__dict__.get("user")
        if isinstance(user, SimpleLazyObject):  # the session's user: only if already loaded,
            user = None if user._wrapped is empty else user._wrapped  # never a query of ours
        if user is not None and user.is_authenticated:
            notes[USER_KEY] = user_hash(user.pk)
        return response
