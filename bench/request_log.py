"""What the request line costs: `RequestLogWSGI` (request id, one JSON log line, request
metrics in multiprocess mode) around a WSGI app that does nothing, against that app alone, in
one process. Logs go to /dev/null, so the figure is the Python work, not the write.

Usage: python bench/request_log.py (any settings mode; the embedded default needs nothing).
"""

import logging
import os
import statistics
import sys
import tempfile
import time
from wsgiref.util import setup_testing_defaults

os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", tempfile.mkdtemp(prefix="lewis-bench-metrics-"))
os.environ["LOG_FORMAT"] = "json"
os.environ.setdefault("VAR_DIR", tempfile.mkdtemp(prefix="lewis-bench-var-"))

from report import write_section

from lewis_site.logs import RequestLogWSGI
from lewis_site.wsgi import application  # noqa: F401  (sets Django and logging up)

ROUNDS, CALLS = 15, 2000


def nothing(environ, start_response):
    start_response("200 OK", [("Content-Type", "application/json")])
    return [b"{}"]


def microseconds_per_call(app) -> list[float]:
    base = {"PATH_INFO": "/api/v1/passages/5", "QUERY_STRING": ""}
    setup_testing_defaults(base)
    rounds = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        for _ in range(CALLS):
            b"".join(app(dict(base), lambda status, headers, exc_info=None: None))
        rounds.append((time.perf_counter() - started) / CALLS * 1e6)
    return rounds


def main() -> int:
    for handler in logging.getLogger().handlers:
        handler.setStream(open(os.devnull, "w"))  # noqa: SIM115 (for the whole run)
    logged = RequestLogWSGI(nothing)
    microseconds_per_call(logged)  # warm: label children, metric files
    bare, wrapped = microseconds_per_call(nothing), microseconds_per_call(logged)
    cost = [w - b for w, b in zip(wrapped, bare, strict=True)]
    p50 = statistics.median(cost)
    p95 = statistics.quantiles(cost, n=20)[-1]
    lines = [
        "## The request line",
        "",
        "`RequestLogWSGI` (request id, one JSON log line, request metrics in multiprocess mode) "
        f"around a WSGI app that does nothing, in one process: {ROUNDS} rounds of {CALLS:,} "
        "calls, logs to /dev/null. Command: `uv run nox -s bench -- --only request_log`.",
        "",
        "| | µs per request, median of rounds | p95 of rounds |",
        "|---|---:|---:|",
        f"| added by the request line | {p50:.1f} | {p95:.1f} |",
        f"| the app alone (the floor) | {statistics.median(bare):.1f} | "
        f"{statistics.quantiles(bare, n=20)[-1]:.1f} |",
    ]
    write_section("request_log", "\n".join(lines))
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
