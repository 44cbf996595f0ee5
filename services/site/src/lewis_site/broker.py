"""The Celery broker as the site sees it: is it there, how many tasks wait, how tasks ended.

Redis in production (REDIS_URL); on the embedded default tasks run inline in the process
(`memory://`), so nothing waits and outcomes are counted in the process.
"""

import functools
import logging
from collections import Counter

import redis
from django.conf import settings

logger = logging.getLogger(__name__)

QUEUES = ("celery",)  # every task goes to Celery's default queue
# kombu's Redis transport keeps a list per queue and priority step: "celery", "celery\x06\x163"...
PRIORITY_LISTS = ("", "\x06\x163", "\x06\x166", "\x06\x169")
TASK_OUTCOMES_KEY = "lewis:metrics:task-outcomes"
_in_process_outcomes: Counter[tuple[str, str]] = Counter()


@functools.cache
def client() -> redis.Redis | None:
    """A client for the broker's Redis, with short timeouts; None for the in-process broker."""
    url = settings.CELERY_BROKER_URL
    if not url.startswith(("redis://", "rediss://")):
        return None
    return redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)


def ping() -> None:
    """Raises when the broker cannot be reached (the in-process broker always can)."""
    if (broker := client()) is not None:
        broker.ping()


def queue_lengths() -> dict[str, int]:
    """Tasks waiting for a worker, per queue."""
    broker = client()
    if broker is None:
        return dict.fromkeys(QUEUES, 0)
    with broker.pipeline(transaction=False) as pipe:
        for queue in QUEUES:
            for suffix in PRIORITY_LISTS:
                pipe.llen(queue + suffix)
        lengths = pipe.execute()
    per_queue = len(PRIORITY_LISTS)
    return {
        queue: sum(lengths[i * per_queue : (i + 1) * per_queue]) for i, queue in enumerate(QUEUES)
    }


def record_task_outcome(task: str, outcome: str) -> None:
    """Counts a task's end (succeeded, failed, retried) where every process can read it."""
    broker = client()
    if broker is None:
        _in_process_outcomes[task, outcome] += 1
        return
    try:
        broker.hincrby(TASK_OUTCOMES_KEY, f"{task}|{outcome}", 1)
    except redis.RedisError:
        logger.warning("Broker unavailable: task outcome not counted", exc_info=True)


def task_outcomes() -> dict[tuple[str, str], int]:
    """How many times each task ended each way, since the broker's data began."""
    broker = client()
    if broker is None:
        return dict(_in_process_outcomes)
    counts = broker.hgetall(TASK_OUTCOMES_KEY)
    return {
        tuple(field.decode().split("|", 1)): int(value)  # type: ignore[misc]
        for field, value in counts.items()
    }
