"""Reader responses cached by content generation, with ETags.

Every change to published content bumps one counter (an atomic increment, on commit); cache keys
carry it, so a publish is visible on the next request and nothing is ever scanned or deleted.
When the cache is down, responses are built from the database instead: slower, never an error.
"""

import hashlib
import logging
from collections.abc import Callable, Hashable
from functools import cache as memoize
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from pydantic import TypeAdapter

logger = logging.getLogger(__name__)

GENERATION_KEY = "content:generation"
TIMEOUT = 60 * 60 * 24
CACHE_CONTROL = "public, no-cache"  # store, but revalidate with the ETag every time


def generation() -> int | None:
    """The current content generation, or None when the cache cannot be reached."""
    try:
        current = cache.get(GENERATION_KEY)
        if current is None:
            cache.add(GENERATION_KEY, 1, timeout=None)
            current = cache.get(GENERATION_KEY, 1)
        return current
    except Exception:
        logger.warning("Cache unavailable: serving from the database", exc_info=True)
        return None


def bump_generation() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # no generation yet (or it was evicted): start a fresh one
        cache.add(GENERATION_KEY, 1, timeout=None)
    except Exception:
        logger.warning("Cache unavailable: could not bump the content generation", exc_info=True)


@memoize
def adapter(schema: Any) -> TypeAdapter:
    return TypeAdapter(schema)


def cached_entry(
    key: tuple[Hashable, ...], schema: Any, build: Callable[[], Any]
) -> tuple[bytes, str]:
    """(JSON body, ETag) of `build()` serialised as `schema`, from the cache when it can be."""
    current = generation()
    digest = hashlib.blake2b(repr(key).encode(), digest_size=16).hexdigest()
    cache_key = f"api:{current}:{key[0]}:{digest}"
    entry = None
    if current is not None:
        try:
            entry = cache.get(cache_key)
        except Exception:
            logger.warning("Cache read failed for %s", cache_key, exc_info=True)
    if entry is None:
        body = adapter(schema).dump_json(build())
        entry = (body, '"' + hashlib.blake2b(body, digest_size=16).hexdigest() + '"')
        if current is not None:
            try:
                cache.set(cache_key, entry, TIMEOUT)
            except Exception:
                logger.warning("Cache write failed for %s", cache_key, exc_info=True)
    return entry


def cached_json(
    request: HttpRequest, key: tuple[Hashable, ...], schema: Any, build: Callable[[], Any]
) -> HttpResponse:
    """The cached JSON response, or 304 when the client's If-None-Match is current."""
    body, etag = cached_entry(key, schema, build)
    if etag in {t.strip() for t in request.headers.get("If-None-Match", "").split(",")}:
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(body, content_type="application/json")
    response["ETag"] = etag
    response["Cache-Control"] = CACHE_CONTROL
    return response
