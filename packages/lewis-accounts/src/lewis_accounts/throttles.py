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
        now = time.time()
        key = f"throttle:reader:{request.user.pk}:{self.rate}"
        if cache.add(key, 0, self.seconds):  # a new window, from now
            cache.set(f"{key}:opened", now, self.seconds)
        try:
            count = cache.incr(key)
        except ValueError:  # expired or evicted between the two calls
            cache.add(key, 1, self.seconds)
            count = 1
        opened = cache.get(f"{key}:opened", now)
        self.seconds_left = max(opened + self.seconds - now, 1.0)
        return count <= self.limit

    def wait(self) -> float | None:
        return self.seconds_left
