"""The shared response cache of guest reads: one mechanism for ETags, Cache-Control, 304s and
replaying cached responses, with or without Django.

Content says which reads are cacheable (every operation on `lewis_content.api.router` depends
only on published content, the date and its path and query) and keeps the content generation;
everything HTTP is here:

- `cached_read`, a ninja operation decorator the API puts on those routers: a hit answers from
  the cache, a miss runs the operation and marks its 200 for storing. Both carry the ETag (a
  digest of the body) and `Cache-Control: public, no-cache`, and answer 304 to a matching
  If-None-Match.
- `StoreSharedResponses`, the outermost middleware: stores a marked response exactly as Django
  produced it (every middleware's headers included), under a key of the content generation, the
  day, the scheme, the path, the sorted query and the Origin when CORS allows it. A publish
  moves the generation, so nothing is ever scanned or deleted.
- `FastPathWSGI` / `FastPathASGI`, in front of Django: a GET that Django would answer from the
  cache is replayed from it without Django, after the same ALLOWED_HOSTS check Django makes.

A request that carries `Authorization` or a session cookie is never served from, nor stored
in, the shared cache. When the cache is down, reads are built from the database: slower, never
an error.

One signed-in read is kept too, for its reader alone: the Soul Map (`GET me/soul-map`), read far
more often than it changes. `kept_for_its_reader` marks its 200s, `StoreSharedResponses` keeps
them under a key naming the reader, their Soul Map's version (lewis_accounts: a save, unsave or
import makes a new one) and the content generation; the fast path answers a GET from it only
after the token check the API makes, to the reader the key names. Every such answer says
`Cache-Control: private, no-store`.
"""

import functools
import hashlib
import logging
from collections.abc import Iterable
from urllib.parse import parse_qsl

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.http.request import split_domain_port, validate_host
from django.utils import timezone
from django.utils.http import parse_etags

from lewis_accounts import services as accounts
from lewis_content import services as content
from lewis_site.logs import USER_KEY, user_hash

logger = logging.getLogger(__name__)

CACHE_CONTROL = "public, no-cache"  # store, but revalidate with the ETag every time
PRIVATE = "private, no-store"  # any answer to a signed-in request
SOUL_MAP = "me/soul-map"  # under the API's root: the read kept for its reader
TIMEOUT = 60 * 60 * 24
# Headers that belong to one response only: never replayed to another client.
PER_RESPONSE_HEADERS = frozenset({"date", "server", "x-request-id", "set-cookie"})
NOT_MODIFIED_DROPS = frozenset({"content-type", "content-length"})

Entry = tuple[list[tuple[str, str]], bytes]  # (headers, body) of a 200 as Django sent it


def cors_origin(origin: str | None) -> str:
    """The request's Origin when CORS lets it in (its response names it), else ""."""
    return origin if origin and origin in settings.CORS_ALLOWED_ORIGINS else ""


def entry_key(
    path: str, query: Iterable[tuple[str, str]], secure: bool, origin: str = ""
) -> str | None:
    """The cache key of a read now, or None when the cache (or the generation) is down."""
    generation = content.content_generation()
    if generation is None:
        return None
    day = timezone.localdate().isoformat()  # /today changes at midnight with no publish
    varies = (path, sorted(query), secure, origin)  # HSTS on https; CORS names the origin
    digest = hashlib.blake2b(repr(varies).encode(), digest_size=16)
    return f"response:{generation}:{day}:{digest.hexdigest()}"


def soul_map_key(
    reader_id: int, path: str, query: Iterable[tuple[str, str]], secure: bool, origin: str = ""
) -> str | None:
    """The key of a reader's Soul Map answer now, or None when the cache is down."""
    try:
        version = accounts.soul_map_version(reader_id)
    except Exception:
        logger.warning("Cache unavailable: the Soul Map is not kept", exc_info=True)
        return None
    generation = content.content_generation()
    if version is None or generation is None:
        return None
    digest = hashlib.blake2b(repr((path, sorted(query), secure, origin)).encode(), digest_size=16)
    return f"reader-response:{reader_id}:{version}:{generation}:{digest.hexdigest()}"


def read_entry(key: str | None) -> Entry | None:
    if key is None:
        return None
    try:
        return cache.get(key)
    except Exception:
        logger.warning("Cache read failed for %s", key, exc_info=True)
        return None


def etag_matches(if_none_match: str, etag: str) -> bool:
    """If-None-Match against our (strong) ETag, by weak comparison as RFC 9110 asks."""
    if not if_none_match:
        return False
    wanted = parse_etags(if_none_match)
    return "*" in wanted or etag.removeprefix("W/") in {t.removeprefix("W/") for t in wanted}


def is_private(authorization: str | None, cookie_header: str) -> bool:
    """A signed-in request (a Bearer token or a session) never uses the shared cache."""
    return bool(authorization) or f"{settings.SESSION_COOKIE_NAME}=" in cookie_header


def header(headers: list[tuple[str, str]], name: str) -> str:
    return next((value for key, value in headers if key.lower() == name), "")


# The decorator (per operation) and the middleware (outermost) of the Django path.


def with_etag(request, response: HttpResponse) -> HttpResponse:
    etag = '"' + hashlib.blake2b(response.content, digest_size=16).hexdigest() + '"'
    response["ETag"] = etag
    response["Cache-Control"] = CACHE_CONTROL
    if etag_matches(request.headers.get("If-None-Match", ""), etag):
        not_modified = HttpResponseNotModified()
        not_modified["ETag"] = etag
        not_modified["Cache-Control"] = CACHE_CONTROL
        return not_modified
    return response


def cached_read(run):
    """Answer a cacheable read from the shared cache, or run it and mark its 200 for storing."""

    @functools.wraps(run)
    def answer(request, *args, **kwargs):
        # Only GETs get here: ninja answers other methods itself, and HEAD runs as a GET.
        if is_private(request.headers.get("Authorization"), request.headers.get("Cookie", "")):
            response = run(request, *args, **kwargs)
            return with_etag(request, response) if response.status_code == 200 else response
        query = [(k, v) for k, values in request.GET.lists() for v in values]
        origin = cors_origin(request.headers.get("Origin"))
        key = entry_key(request.path_info, query, request.is_secure(), origin)
        entry = read_entry(key)
        if entry is not None:
            headers, body = entry
            etag = header(headers, "etag")
            if etag_matches(request.headers.get("If-None-Match", ""), etag):
                response = HttpResponseNotModified()
            else:
                response = HttpResponse(body, content_type=header(headers, "content-type"))
            response["ETag"] = etag
            response["Cache-Control"] = header(headers, "cache-control")
            return response
        response = run(request, *args, **kwargs)
        if response.status_code != 200:
            return response
        response = with_etag(request, response)
        if response.status_code == 200 and key is not None:
            response.shared_cache_key = key  # StoreSharedResponses stores it, headers and all
        return response

    return answer


def kept_for_its_reader(run):
    """An operation decorator for the reader's routes (it runs after the token check): notes,
    before the Soul Map read runs, the key its answer will be kept under. Taken first, so that
    a save or a publish committing while the read runs renews the version past it: an answer
    read before a change is never kept under the version that follows it."""

    @functools.wraps(run)
    def answer(request, *args, **kwargs):
        if request.method == "GET" and request.path_info.endswith("/" + SOUL_MAP):
            query = [(k, v) for k, values in request.GET.lists() for v in values]
            origin = cors_origin(request.headers.get("Origin"))
            request.reader_cache_key = soul_map_key(
                request.user.pk, request.path_info, query, request.is_secure(), origin
            )
        return run(request, *args, **kwargs)

    return answer


def keep(key: str, response: HttpResponse, timeout: int = TIMEOUT) -> None:
    """Store a response as Django sends it, but for what belongs to it alone."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return
    headers = [
        (name, value)
        for name, value in response.items()
        if name.lower() not in PER_RESPONSE_HEADERS
    ]
    try:
        cache.set(key, (headers, response.content), timeout)
    except Exception:
        logger.warning("Cache write failed for %s", key, exc_info=True)


class StoreSharedResponses:
    """Outermost middleware: stores the responses `cached_read` and `kept_for_its_reader`
    marked, as Django sends them, and tells every cache on the way that an answer to a
    signed-in request is not to be kept."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.headers.get("Authorization"):
            response["Cache-Control"] = PRIVATE
            if key := getattr(request, "reader_cache_key", None):
                # No longer than the reader's Soul Map version lives: then it is unreachable.
                keep(key, response, accounts.SOUL_MAP_CACHE_SECONDS)
            return response
        if key := getattr(response, "shared_cache_key", None):
            keep(key, response)
        return response


# The fast path in front of Django.


def host_allowed(host: str) -> bool:
    """Django's ALLOWED_HOSTS check (HttpRequest.get_host), without a request object."""
    allowed = settings.ALLOWED_HOSTS
    if settings.DEBUG and not allowed:
        allowed = [".localhost", "127.0.0.1", "[::1]"]
    domain, _ = split_domain_port(host)
    return bool(domain) and validate_host(domain, allowed)


def bearer_token(authorization: str) -> str | None:
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def replay(
    root: str,
    method: str,
    path: str,
    query_string: str,
    secure: bool,
    host: str,
    get_header,
    notes: dict,
) -> tuple[int, list[tuple[str, str]], bytes] | None:
    """The kept response Django would send for this request, or None to ask Django. `notes`
    takes the reader's pseudonym for the log line, as RouteAndReader does."""
    if method != "GET" or not path.startswith(root):
        return None
    if settings.SECURE_SSL_REDIRECT and not secure:
        return None  # Django redirects to https
    if not host_allowed(host):
        return None  # Django refuses the host
    query = parse_qsl(query_string, keep_blank_values=True)
    origin = cors_origin(get_header("origin"))
    authorization = get_header("authorization")
    if authorization and path == root + SOUL_MAP:
        token = bearer_token(authorization)
        try:
            reader_id = accounts.reader_of_access_token(token) if token else None
        except Exception:  # the session's database away, or no database here (ASGI's loop)
            logger.debug("Token check in front of Django failed: Django answers", exc_info=True)
            return None
        if reader_id is None:
            return None  # Django answers 401
        entry = read_entry(soul_map_key(reader_id, path, query, secure, origin))
        if entry is None:
            return None
        notes[USER_KEY] = user_hash(reader_id)
        return 200, *entry
    if is_private(authorization, get_header("cookie")):
        return None  # signed in: Django answers
    entry = read_entry(entry_key(path, query, secure, origin))
    if entry is None:
        return None
    headers, body = entry
    if etag_matches(get_header("if-none-match"), header(headers, "etag")):
        return 304, [(k, v) for k, v in headers if k.lower() not in NOT_MODIFIED_DROPS], b""
    return 200, headers, body


def forwarded_host(get_header, fallback: str) -> str:
    if settings.USE_X_FORWARDED_HOST and (host := get_header("x-forwarded-host")):
        return host
    return get_header("host") or fallback


def scheme_is_secure(get_header, scheme: str) -> bool:
    proxy_header = settings.SECURE_PROXY_SSL_HEADER
    if proxy_header:
        name = proxy_header[0].removeprefix("HTTP_").replace("_", "-").lower()
        value = get_header(name)
        if value:
            return value.split(",", 1)[0].strip() == proxy_header[1]
    return scheme == "https"


STATUS_LINES = {200: "200 OK", 304: "304 Not Modified"}


class FastPathWSGI:
    """WSGI middleware: cached reads under `root` answered without Django."""

    def __init__(self, app, root: str):
        self.app, self.root = app, root

    def __call__(self, environ, start_response):
        def get_header(name: str) -> str:
            return environ.get("HTTP_" + name.upper().replace("-", "_"), "")

        server = environ.get("SERVER_NAME", "")
        port = environ.get("SERVER_PORT", "")
        answer = replay(
            self.root,
            environ.get("REQUEST_METHOD", ""),
            environ.get("PATH_INFO", ""),
            environ.get("QUERY_STRING", ""),
            scheme_is_secure(get_header, environ.get("wsgi.url_scheme", "http")),
            forwarded_host(get_header, f"{server}:{port}" if port else server),
            get_header,
            environ,
        )
        if answer is None:
            return self.app(environ, start_response)
        status, headers, body = answer
        start_response(STATUS_LINES[status], headers)
        return [body] if body else []


class FastPathASGI:
    """ASGI middleware: cached reads under `root` answered without Django."""

    def __init__(self, app, root: str):
        self.app, self.root = app, root

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        server = scope.get("server") or ("", None)
        fallback = f"{server[0]}:{server[1]}" if server[1] else server[0]
        answer = replay(
            self.root,
            scope["method"],
            scope["path"],
            scope.get("query_string", b"").decode("latin-1"),
            scheme_is_secure(lambda name: headers.get(name, ""), scope.get("scheme", "http")),
            forwarded_host(lambda name: headers.get(name, ""), fallback),
            lambda name: headers.get(name, ""),
            scope.get("lewis", {}),  # RequestLogASGI's notes
        )
        if answer is None:
            return await self.app(scope, receive, send)
        status, replayed, body = answer
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [(k.encode("latin-1"), v.encode("latin-1")) for k, v in replayed],
            }
        )
        await send({"type": "http.response.body", "body": body})
