"""The one NinjaAPI at /api/v1/: mounts each package's router, caches the guest reads and owns
the error shape."""

import functools
import inspect
import json
import logging

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django_redis.exceptions import ConnectionInterrupted
from ninja import NinjaAPI, Router, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from lewis_accounts.api import router as accounts_router
from lewis_audio.api import router as audio_router
from lewis_content import services as content
from lewis_content.api import router as content_router
from lewis_ranking.api import router as ranking_router
from lewis_site.response_cache import CACHE_CONTROL, cached_read, kept_for_its_reader
from lewis_tagging.api import router as tagging_router

logger = logging.getLogger(__name__)

API_ROOT = "/api/v1/"  # urls.py mounts the API here; the fast path looks only under it
ALLAUTH_ROOT = "/_allauth/"  # allauth's app endpoints (lewis_accounts.conf)


class ErrorOut(Schema):
    """Every error the API returns has this shape, whatever the status."""

    code: str
    message: str
    details: list[dict] | None = None


ERROR_CODES = {
    400: "bad_request",
    401: "not_authenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "invalid_request",
    429: "too_many_requests",
    500: "server_error",
    503: "unavailable",
}

# Content's domain errors, as statuses.
CONTENT_ERRORS = {content.NotFound: 404, content.InvalidRequest: 422}

ERROR_SCHEMA = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}


def error_responses(path: str, operation: dict, raises: tuple) -> dict:
    """The errors one operation can answer with, for the schema: all of them are ErrorOut.
    `raises`: the domain errors its handler declares."""
    statuses = {CONTENT_ERRORS[error] for error in raises}
    known = {
        "401": bool(operation.get("security")) and "Sign in first.",
        # Whatever a path names may not exist (or not be published, or not be yours).
        "404": (404 in statuses or "{" in path) and "Nothing published has this id or slug.",
        "415": "requestBody" in operation and "Send the body as application/json.",
        # Every operation refuses a query parameter it does not read.
        "422": "A parameter is not valid or not known; `details` says which.",
    }
    responses = {
        status: {"description": text, "content": ERROR_SCHEMA}
        for status, text in known.items()
        if text
    }
    responses["default"] = {
        "description": "Any other error, in the same shape.",
        "content": ERROR_SCHEMA,
    }
    return responses


def known_query_parameters_only(run):
    """A query parameter the operation does not read is refused with 422, rather than ignored:
    a client's typo shows, and `?x=1` can neither vary a response nor add a cache entry."""
    operation = inspect.unwrap(run).__self__
    known = {
        name
        for model in operation.models
        if model.__ninja_param_source__ == "query"
        for name in (getattr(model, "__ninja_flatten_map__", None) or model.model_fields)
    }

    @functools.wraps(run)
    def check(request, *args, **kwargs):
        unknown = sorted(set(request.GET) - known)
        if unknown:
            details = [
                {"type": "extra_forbidden", "loc": ["query", name], "msg": "Unknown parameter"}
                for name in unknown
            ]
            message = f"Unknown query parameter: {', '.join(unknown)}."
            return error_response(request, 422, message, details=details)
        return run(request, *args, **kwargs)

    return check


def json_bodies_only(run):
    """An operation that reads a JSON body refuses any other media type with 415, before
    parsing, rather than guessing."""
    operation = inspect.unwrap(run).__self__
    reads_body = any(model.__ninja_param_source__ == "body" for model in operation.models)
    if not reads_body:
        return run

    @functools.wraps(run)
    def check(request, *args, **kwargs):
        media_type = request.content_type or ""
        if request.body and media_type != "application/json":
            message = f"Send the body as application/json, not {media_type or 'untyped'}."
            return error_response(request, 415, message)
        return run(request, *args, **kwargs)

    return check


def with_standard_methods(allowed: str) -> str:
    methods = [m.strip() for m in allowed.split(",") if m.strip()]
    if "GET" in methods:
        methods.append("HEAD")
    return ", ".join([*methods, "OPTIONS"])


def http_methods(view):
    """What ninja leaves to the site: HEAD answers as GET without the body, OPTIONS says which
    methods a path allows, and a wrong method gets 405 in the one error shape (ninja's own
    answer is text/html)."""

    @functools.wraps(view)
    def answer(request, *args, **kwargs):
        method = request.method
        if method == "HEAD":
            request.method = "GET"
            try:
                response = view(request, *args, **kwargs)
            finally:
                request.method = method
            if response.status_code != 405:
                length = len(response.content)
                response.content = b""
                response["Content-Length"] = str(length)  # what a GET would send
                return response
        else:
            response = view(request, *args, **kwargs)
        if response.status_code == 405 and response.has_header("Allow"):
            allowed = with_standard_methods(response["Allow"])
            if method == "OPTIONS":
                response = HttpResponse(status=204)
                del response["Content-Type"]
            else:
                message = f"{method} is not allowed here; use {allowed}."
                response = error_response(request, 405, message)
            response["Allow"] = allowed
        return response

    return answer


CACHING_HEADERS = {
    "ETag": {
        "description": "The version of this answer: send it back in If-None-Match.",
        "schema": {"type": "string"},
    },
    "Cache-Control": {
        "description": f"`{CACHE_CONTROL}`: keep it, but revalidate with the ETag.",
        "schema": {"type": "string"},
    },
}


def referenced_only(schema: dict) -> dict:
    """The component schemas the paths refer to, directly or through other components (ninja
    also emits the models it flattens into query parameters)."""
    components = schema["components"]["schemas"]
    prefix = "#/components/schemas/"
    used: set[str] = set()
    pending = [schema["paths"]]
    while pending:
        text = json.dumps(pending.pop())
        for name in components:
            if name not in used and f'"{prefix}{name}"' in text:
                used.add(name)
                pending.append(components[name])
    return {name: value for name, value in components.items() if name in used}


class LewisAPI(NinjaAPI):
    def __init__(self, *args, **kwargs):
        self.mounted_routers: list[Router] = []
        self.cached_routers: list[Router] = []
        super().__init__(*args, **kwargs)

    def add_router(self, prefix, router, **kwargs) -> None:
        router.add_decorator(json_bodies_only, mode="view")
        # Outermost of a router's decorators: an unknown parameter never reaches the cache.
        router.add_decorator(known_query_parameters_only, mode="view")
        self.mounted_routers.append(router)
        super().add_router(prefix, router, **kwargs)

    def add_cached_router(self, prefix: str, router: Router) -> None:
        """Mount a router of guest reads (its package says its answers depend only on
        published content): each operation is answered from the shared response cache."""
        router.add_decorator(cached_read, mode="view")  # wraps the whole operation
        self.cached_routers.append(router)
        self.add_router(prefix, router)

    def get_openapi_operation_id(self, operation) -> str:
        """The handler's name in camelCase (`get_passage` becomes `getPassage`): what a
        generated client calls the method."""
        first, *rest = operation.view_func.__name__.split("_")
        return first + "".join(word.capitalize() for word in rest)

    def handlers(self, routers) -> dict[str, object]:
        """The view function of each operation in these routers, by OpenAPI operation id."""
        return {
            self.get_openapi_operation_id(operation): operation.view_func
            for router in routers
            for path_view in router.path_operations.values()
            for operation in path_view.operations
        }

    @property
    def urls(self):
        patterns, app_name, namespace = super().urls
        for pattern in patterns:
            pattern.callback = http_methods(pattern.callback)
        return patterns, app_name, namespace

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        """Ninja's schema, plus the error shape, the caching headers and 304 of conditional reads,
        where the API is served, and only the components something refers to."""
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        schema["servers"] = [{"url": settings.PUBLIC_URL}]
        schema.setdefault("components", {}).setdefault("schemas", {})["ErrorOut"] = (
            ErrorOut.model_json_schema()
        )
        cached = self.handlers(self.cached_routers)
        handlers = self.handlers(self.mounted_routers)
        if len(handlers) != sum(
            len(p.operations) for r in self.mounted_routers for p in r.path_operations.values()
        ):
            raise ValueError("Two operations have the same operation id (handler name).")
        for path, operations in schema["paths"].items():
            for operation in operations.values():
                responses = {str(status): r for status, r in operation["responses"].items()}
                operation["responses"] = responses
                if operation["operationId"] in cached:
                    responses["200"]["headers"] = CACHING_HEADERS
                    responses["304"] = {
                        "description": "Not modified: If-None-Match matched the ETag.",
                        "headers": CACHING_HEADERS,
                    }
                view = handlers.get(operation["operationId"])
                raises = getattr(view, "raises", ())
                for status, response in error_responses(path, operation, raises).items():
                    responses.setdefault(status, response)
        schema["components"]["schemas"] = referenced_only(schema)
        return schema


api = LewisAPI(
    title="Lewis API",
    version="1",
    description=(
        "Passages from the works of C. S. Lewis, how they connect, and a reader's Soul Map."
    ),
    urls_namespace="api-v1",
)

api.add_cached_router("", content_router)
api.add_router("", tagging_router)
api.add_router("", ranking_router)
api.add_router("", audio_router)
accounts_router.add_decorator(kept_for_its_reader, mode="operation")  # the Soul Map read
api.add_router("", accounts_router)


def error_response(
    request: HttpRequest, status: int, message: str, details: list[dict] | None = None
) -> HttpResponse:
    body = ErrorOut(code=ERROR_CODES.get(status, "error"), message=message, details=details)
    return api.create_response(request, body.model_dump(), status=status)


@api.exception_handler(ValidationError)
def invalid_request(request, exc: ValidationError):
    return error_response(request, 422, "The request is not valid.", details=exc.errors)


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    return error_response(request, exc.status_code, str(exc))


@api.exception_handler(content.ContentError)
def content_error(request, exc: content.ContentError):
    return error_response(request, CONTENT_ERRORS.get(type(exc), 400), str(exc))


@api.exception_handler(AuthenticationError)
def not_authenticated(request, exc):
    response = error_response(request, 401, "Sign in to use this endpoint.")
    response["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


@api.exception_handler(PermissionDenied)
def forbidden(request, exc):
    return error_response(request, 403, str(exc) or "You may not do this.")


@api.exception_handler(Http404)
@api.exception_handler(ObjectDoesNotExist)
def not_found(request, exc):
    return error_response(request, 404, "Not found.")


# PostgreSQL's SQLSTATEs for a lost or refused connection: class 08, and the server shutting
# down or starting up (57P01-57P03). psycopg gives none when it could not connect at all.
CONNECTION_LOST = ("08", "57P01", "57P02", "57P03")


def database_is_away(exc: BaseException | None) -> bool:
    """True for a database that cannot be reached (a restart, a failover); False for what is a
    bug or contention (a missing table, a deadlock, a timeout), which stays a 500."""
    if isinstance(exc, InterfaceError):
        return True
    if not isinstance(exc, OperationalError):
        return False
    cause = exc.__cause__
    if type(cause).__module__.startswith("sqlite3"):
        return False  # a file on this machine: never "away"
    sqlstate = getattr(cause, "sqlstate", None)
    return sqlstate is None or sqlstate.startswith(CONNECTION_LOST)


def cache_is_away(exc: BaseException | None) -> bool:
    """True for a Redis that cannot be reached. Reads do without it (the database answers),
    sessions fall back to the database (lewis_accounts.sessions); what cannot is counting
    attempts: sign-in, sign-up, codes and writes then fail closed, never open."""
    return isinstance(exc, ConnectionInterrupted | RedisConnectionError | RedisTimeoutError)


def unavailable(request: HttpRequest, exc: BaseException, what: str = "Database") -> HttpResponse:
    """503 while the database or Redis is away (a restart, a failover): logged as a warning,
    not mailed to ADMINS as an error would be, once per request. In the one error shape under
    /api/ and allauth's app endpoints (beside allauth's `status`, as its 429s are)."""
    logger.warning(
        "%s unavailable: %s %s answered 503 (%s: %s)",
        what,
        request.method,
        request.path,
        type(exc).__name__,
        exc,
    )
    message = "Briefly unavailable; try again in a moment."
    if request.path_info.startswith(API_ROOT):
        response = error_response(request, 503, message)
    elif request.path_info.startswith(ALLAUTH_ROOT):
        body = {"status": 503, "code": "unavailable", "message": message, "details": None}
        response = JsonResponse(body, status=503)
    else:
        response = HttpResponse(message, status=503, content_type="text/plain")
    response["Retry-After"] = "5"
    response._has_been_logged = True  # Django's request logger would log (and mail) a 5xx
    return response


def outage_response(request: HttpRequest, exc: BaseException | None) -> HttpResponse | None:
    """The 503 for an exception that means the database or Redis is away; None for a bug."""
    if database_is_away(exc):
        return unavailable(request, exc, "Database")
    if cache_is_away(exc):
        return unavailable(request, exc, "Redis")
    return None


@api.exception_handler(OperationalError)
@api.exception_handler(InterfaceError)
@api.exception_handler(ConnectionInterrupted)
@api.exception_handler(RedisConnectionError)
@api.exception_handler(RedisTimeoutError)
def outage(request, exc):
    return outage_response(request, exc) or server_error(request, exc)


@api.exception_handler(Exception)
def server_error(request, exc):
    logger.exception("Unhandled error on %s", request.path)
    return error_response(request, 500, "Something went wrong on our side.")


__all__ = [
    "API_ROOT",
    "ErrorOut",
    "api",
    "cache_is_away",
    "database_is_away",
    "error_response",
    "outage_response",
]
