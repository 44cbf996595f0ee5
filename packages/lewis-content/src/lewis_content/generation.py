"""The content generation: one counter that moves once for every committed change readers see.

Anything derived from published content (the site's response cache, per-process memos) is keyed
by it, so a publish is visible on the next read and nothing is ever scanned or deleted. The
counter lives in the shared cache; when the cache is down, `generation()` is None and readers are
served from the database instead: slower, never an error.
"""

import logging
import time
from collections.abc import Callable, Collection
from typing import Any

from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger(__name__)

GENERATION_KEY = "content:generation"


def fresh_generation() -> int:
    """A starting generation above any earlier one, should the counter be lost or evicted:
    restarting from 1 could serve entries cached under an old 1."""
    return time.time_ns() // 1000


# Each process re-reads the generation at most this often: a publish reaches readers served by
# other processes within this time (the budget is 2 s); the process that published sees it at
# once. Saves a cache round trip on most reads.
GENERATION_MEMO_SECONDS = 0.25
_memo: dict[str, float | int] = {"generation": 0, "until": 0.0}


def generation(*, after_expiry: bool = False) -> int | None:
    """The current content generation, or None when the cache cannot be reached. Content that
    expires moves it at that moment (`next_expiry`), not at the scheduler's next run."""
    now = time.monotonic()
    if now < _memo["until"]:
        current = int(_memo["generation"])
    else:
        try:
            current = cache.get(GENERATION_KEY)
            if current is None:
                cache.add(GENERATION_KEY, fresh_generation(), timeout=None)
                current = cache.get(GENERATION_KEY)
        except Exception:
            logger.warning("Cache unavailable: serving from the database", exc_info=True)
            return None
        if current is None:  # a cache that keeps nothing (CACHE_URL=dummy://)
            return None
        _memo.update(generation=current, until=now + GENERATION_MEMO_SECONDS)
    if after_expiry:
        return current
    expiry = next_expiry(current)
    if expiry is not None and time.time() >= expiry:
        _expired(current)
        return generation(after_expiry=True)
    return current


# When something readers see next expires (epoch seconds), per generation: found once (by the
# first process that asks) and shared through the cache; each process remembers its own copy.
# A publish moves the generation, so the next expiry is looked up again then.
NEXT_EXPIRY_KEY = "content:next-expiry:{}"
NO_EXPIRY = -1.0  # what the cache keeps for "nothing expires" (it cannot tell None from a miss)
_next_expiry: dict[str, Any] = {"generation": None, "at": None, "retry_after": 0.0}
EXPIRY_RETRY_SECONDS = 5.0  # after a failed lookup (the database away): no query per request
_expiry_source: list[Callable[[], float | None]] = []


def find_expiries_with(source: Callable[[], float | None]) -> None:
    """Name the query that finds the next expiry among published content (lewis_content.reading
    registers it; this module knows no models)."""
    _expiry_source[:] = [source]


def next_expiry(current: int) -> float | None:
    if _next_expiry["generation"] == current:
        return _next_expiry["at"]
    if not _expiry_source or time.monotonic() < _next_expiry["retry_after"]:
        return None
    key = NEXT_EXPIRY_KEY.format(current)
    try:
        at = cache.get(key)
        if at is None:
            at = _expiry_source[0]()
            at = NO_EXPIRY if at is None else at
            cache.set(key, at, timeout=60 * 60 * 24)
    except Exception:
        logger.warning("Could not find the next expiry; checking again shortly", exc_info=True)
        _next_expiry["retry_after"] = time.monotonic() + EXPIRY_RETRY_SECONDS
        return None
    at = None if at == NO_EXPIRY else at
    _next_expiry.update(generation=current, at=at)
    return at


def _expired(current: int) -> None:
    """Content expired under generation `current`: the first process to notice moves it on."""
    try:
        if cache.add(f"content:expired:{current}", 1, timeout=60):
            bump_generation()
    except Exception:
        logger.warning("Cache unavailable: could not move on at an expiry", exc_info=True)
    forget_generation()
    _next_expiry.update(generation=None, at=None)


def forget_generation() -> None:
    _memo["until"] = 0.0


def bump_generation() -> None:
    """Move the generation on now. Changes inside a transaction use `changed_on_commit`."""
    forget_generation()
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # no generation yet (or it was evicted): start a fresh one
        cache.add(GENERATION_KEY, fresh_generation(), timeout=None)
    except Exception:
        logger.warning("Cache unavailable: could not bump the content generation", exc_info=True)


class _Change:
    """What one transaction changed for readers: follow-ups by function, with their ids."""

    def __init__(self) -> None:
        self.follow_ups: dict[Callable[[set[int]], None], set[int]] = {}
        self.applied = False

    def apply(self) -> None:
        self.applied = True
        for follow_up, ids in self.follow_ups.items():
            try:
                follow_up(ids)
            except Exception:  # the bump must still happen: readers see the committed rows
                logger.exception("%s failed after a commit", follow_up.__name__)
        bump_generation()


class _OnCommit:
    """One on-commit callback per call; the first to run applies the whole change, the others
    (registered later in the same transaction) find it applied: one generation move."""

    def __init__(self, change: _Change) -> None:
        self.change = change

    def __call__(self) -> None:
        if not self.change.applied:
            self.change.apply()


def _open_change() -> _Change | None:
    # Django keeps the callbacks of the open transaction in run_on_commit (and drops those of a
    # savepoint that rolls back), so a change made earlier in this transaction is found there.
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return None
    for _, callback, _ in reversed(connection.run_on_commit):
        if isinstance(callback, _OnCommit) and not callback.change.applied:
            return callback.change
    return None


def changed_on_commit(
    follow_up: Callable[[set[int]], None] | None = None, ids: Collection[int] = ()
) -> None:
    """Readers' view changes when the current transaction commits: then run `follow_up(ids)`,
    with the ids of every call in the transaction merged, and move the generation once."""
    change = _open_change() or _Change()
    if follow_up is not None:
        change.follow_ups.setdefault(follow_up, set()).update(ids)
    transaction.on_commit(_OnCommit(change))  # outside a transaction: runs at once


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
