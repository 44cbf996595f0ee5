"""The numbers on-call needs, at /metrics in Prometheus' text format (prometheus-client,
docs/adr/0017): requests and their latency per route, tasks waiting and how tasks ended, and
this month's AI and audio spend against their budgets.

Request metrics are counted in each web process; with several processes (gunicorn), set
`PROMETHEUS_MULTIPROC_DIR` to an empty directory per container (the image does, and
deploy/gunicorn.conf.py clears it at start) and every scrape sums them. The other numbers are
read when scraped: the broker's queue lengths and task outcome counts, the spend from the
database.
"""

import hmac
import logging
import os

from django.conf import settings
from django.http import Http404, HttpResponse
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily

from lewis_audio import services as audio
from lewis_site import broker
from lewis_spend import services as spend
from lewis_tagging import services as tagging

logger = logging.getLogger(__name__)

REQUESTS = Counter(
    "lewis_http_requests",
    "Requests answered, by URL pattern, method and status.",
    ["route", "method", "status"],
)
DURATION = Histogram(
    "lewis_http_request_duration_seconds",
    "Time to answer a request, by URL pattern and method.",
    ["route", "method"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
METERS = {"AI": tagging.AI, "audio": audio.AUDIO}


# Label lookups, once per process and label set (routes, methods and statuses are bounded).
_children: dict[tuple[str, str, int], tuple] = {}


METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def count_request(route: str, method: str, status: int, seconds: float) -> None:
    method = method if method in METHODS else "other"  # the client chooses it: keep it bounded
    key = (route, method, status)
    children = _children.get(key)
    if children is None:
        children = (REQUESTS.labels(route, method, str(status)), DURATION.labels(route, method))
        _children[key] = children
    requests, duration = children
    requests.inc()
    duration.observe(seconds)


class WorkCollector:
    """Numbers read at scrape time; a part that cannot be read is left out (and logged)."""

    def collect(self):
        try:
            waiting = GaugeMetricFamily(
                "lewis_celery_queue_length", "Tasks waiting for a worker.", labels=["queue"]
            )
            for queue, length in broker.queue_lengths().items():
                waiting.add_metric([queue], length)
            yield waiting
            ended = CounterMetricFamily(
                "lewis_celery_tasks",
                "Tasks that ended, by task and outcome (succeeded, failed, retried).",
                labels=["task", "outcome"],
            )
            for (task, outcome), count in sorted(broker.task_outcomes().items()):
                ended.add_metric([task, outcome], count)
            yield ended
        except Exception:
            logger.warning("Broker unavailable: queue metrics left out", exc_info=True)
        try:
            spent = GaugeMetricFamily(
                "lewis_spend_usd", "Spend this month (USD), by meter.", labels=["meter"]
            )
            budget = GaugeMetricFamily(
                "lewis_spend_budget_usd", "This month's budget (USD), by meter.", labels=["meter"]
            )
            for name, meter in METERS.items():
                spent.add_metric([name], float(spend.spend_in_month(meter)))
                budget.add_metric([name], float(meter.budget()))
            yield spent
            yield budget
        except Exception:
            logger.warning("Database unavailable: spend metrics left out", exc_info=True)


def exposition() -> bytes:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        registry.register(WorkCollector())
        return generate_latest(registry)
    scrape = CollectorRegistry()
    scrape.register(WorkCollector())
    return generate_latest(REGISTRY) + generate_latest(scrape)


def metrics_view(request):
    """GET /metrics. With METRICS_TOKEN set, only for `Authorization: Bearer <token>` (404
    otherwise, so the path gives nothing away)."""
    token = settings.METRICS_TOKEN
    if token:
        offered = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        if not hmac.compare_digest(offered.encode(), token.encode()):
            raise Http404
    return HttpResponse(exposition(), content_type=CONTENT_TYPE_LATEST)
