"""Reader responses cached by content generation, with ETags.

Every change to published content bumps one counter (an atomic increment, on commit); cache keys
carry it, so a publish is visible on the next request and nothing is ever scanned or deleted.
When the cache is down, responses are built from the database instead: slower, never an error.
"""

import hashlib
import logging
import time
from collections.abc import Callable
from functools import cache as memoize
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils import timezone
from pydantic import TypeAdapter

logger = logging.getLogger(__name__)

GENERATION_KEY = "content:generation"
TIMEOUT = 60 * 60 * 24
CACHE_CONTROL = "public, no-cache"  # store, but revalidate with the ETag every time


def fresh_generation() -> int:
    """A starting generation above any earlier one, should the counter be lost or evicted:
    restarting from 1 could serve entries cached under an old 1."""
    return time.time_ns() // 1000


# Each process re-reads the generation at most this often: a publish reaches readers served by
# other processes within this time (the budget is 2 s); the process that published sees it at
# once. Saves a cache round trip on most reads.
GENERATION_MEMO_SECONDS = 0.25
_memo: dict[str, float | int] = {"generation": 0, "until": 0.0}


def generation() -> int | None:
    """The current content generation, or None when the cache cannot be reached."""
    now = time.monotonic()
    if now < _memo["until"]:
        return int(_memo["generation"])
    try:
        current = cache.get(GENERATION_KEY)
        if current is None:
            cache.add(GENERATION_KEY, fresh_generation(), timeout=None)
            current = cache.get(GENERATION_KEY)
    except Exception:
        logger.warning("Cache unavailable: serving from the database", exc_info=True)
        return None
    if current is not None:  # None: a cache that keeps nothing (CACHE_URL=dummy://)
        _memo.update(generation=current, until=now + GENERATION_MEMO_SECONDS)
    return current


def forget_generation() -> None:
    _memo["until"] = 0.0


def bump_generation() -> None:
    forget_generation()
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # no generation yet (or it was evicted): start a fresh one
        cache.add(GENERATION_KEY, fresh_generation(), timeout=None)
    except Exception:
        logger.warning("Cache unavailable: could not bump the content generation", exc_info=True)


def per_generation(build: Callable[[], Any]) -> Callable[[], Any]:
    """Memoise `build()` in this process for as long as the content generation stays the same
    (so a publish, a taxonomy edit included, renews it). Not memoised when the cache is off."""
    memo: dict[str, Any] = {}

    def current() -> Any:
        now = generation()
        if now is None:
            return build()
        if memo.get("generation") != now:
            memo.update(generation=now, value=build())
        return memo["value"]

    return current


@memoize
def adapter(schema: Any) -> TypeAdapter:
    return TypeAdapter(schema)


def response_key(path: str, query: list[tuple[str, str]]) -> str:
    """The cache key of a read: generation, day (for /today), path and sorted query."""
    day = timezone.localdate().isoformat()
    digest = hashlib.blake2b(repr((path, sorted(query))).encode(), digest_size=16).hexdigest()
    return f"api:{{generation}}:{day}:{digest}"


def entry_key(path: str, query: list[tuple[str, str]]) -> str | None:
    """The cache key of a read at the current generation; None when the cache is down."""
    current = generation()
    return None if current is None else response_key(path, query).format(generation=current)


def read(key: str | None, path: str) -> tuple[bytes, str] | None:
    if key is None:
        return None
    try:
        return cache.get(key)
    except Exception:
        logger.warning("Cache read failed for %s", path, exc_info=True)
        return None


def lookup(path: str, query: list[tuple[str, str]]) -> tuple[bytes, str] | None:
    """A cached (body, ETag) for this read, or None; never raises."""
    return read(entry_key(path, query), path)


def cached_entry(
    path: str, query: list[tuple[str, str]], schema: Any, build: Callable[[], Any]
) -> tuple[bytes, str]:
    """(JSON body, ETag) of `build()` serialised as `schema`, from the cache when it can be.

    The generation is read once: an entry built while a publish lands is stored under the
    generation it was looked up with, which that publish has already left behind.
    """
    key = entry_key(path, query)
    entry = read(key, path)
    if entry is None:
        body = adapter(schema).dump_json(build())
        entry = (body, '"' + hashlib.blake2b(body, digest_size=16).hexdigest() + '"')
        if key is not None:
            try:
                cache.set(key, entry, TIMEOUT)
            except Exception:
                logger.warning("Cache write failed for %s", path, exc_info=True)
    return entry


def not_modified(if_none_match: str, etag: str) -> bool:
    return etag in {t.strip() for t in if_none_match.split(",")}


def cached_json(request: HttpRequest, schema: Any, build: Callable[[], Any]) -> HttpResponse:
    """The cached JSON response, or 304 when the client's If-None-Match is current."""
    query = [(key, value) for key, values in request.GET.lists() for value in values]
    body, etag = cached_entry(request.path_info, query, schema, build)
    if not_modified(request.headers.get("If-None-Match", ""), etag):
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(body, content_type="application/json")
    response["ETag"] = etag
    response["Cache-Control"] = CACHE_CONTROL
    return response
