"""Per-reader limits on writes, counted atomically in the shared cache.

ninja's UserRateThrottle keeps each reader's request times as one cached list that every request
reads and writes back: two requests at once can both pass on the same count, and each request
costs more the higher the rate. Here a window's count is one cache key that `incr` moves
atomically (Redis INCR), at the same cost whatever the rate. A window opens with a reader's
first request and lasts the period (a minute, a day); the next request after it opens the next.
"""

import time

from django.core.cache import cache
from ninja.throttling import BaseThrottle

PERIODS = {"s": 1, "m": 60, "h": 60 * 60, "d": 24 * 60 * 60}


class ReaderRateThrottle(BaseThrottle):
    """`rate` as "60/m" or "200/d": so many requests a reader per window; then 429 with
    Retry-After (the seconds to the window's end)."""

    def __init__(self, rate: str):
        count, period = rate.split("/")
        self.rate, self.limit, self.seconds = rate, int(count), PERIODS[period[0]]
        self.seconds_left: float | None = None

    def allow_request(self, request) -> bool:
        if not request.user.is_authenticated:
            return True  # the endpoint answers 401 anyway
        key = f"throttle:reader:{request.user.pk}:{self.rate}"
        count, self.seconds_left = count_in_window(key, self.seconds)
        return count <= self.limit

    def wait(self) -> float | None:
        return self.seconds_left


def count_in_window(key: str, seconds: int) -> tuple[int, float]:
    """Count one more request in the window `key` (opened by its first request, `seconds`
    long): the count so far and the seconds the window has left."""
    client = getattr(getattr(cache, "client", None), "get_client", None)
    if client is not None:  # Redis (django-redis): one atomic round trip
        full_key = cache.make_key(key)
        with client(write=True).pipeline() as pipe:  # MULTI/EXEC
            pipe.set(full_key, 0, ex=seconds, nx=True).incr(full_key).ttl(full_key)
            _, count, ttl = pipe.execute()
        return count, float(max(ttl, 1))
    now = time.time()  # any other cache (the embedded default's files): three calls
    if cache.add(key, 0, seconds):  # a new window, from now
        cache.set(f"{key}:opened", now, seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # expired or evicted between the two calls
        cache.add(key, 1, seconds)
        count = 1
    opened = cache.get(f"{key}:opened", now)
    return count, max(opened + seconds - now, 1.0)
