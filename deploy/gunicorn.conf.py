"""Gunicorn for the web role (deploy/entrypoint.sh `web`), behind the ALB in a private subnet.

Environment: PORT (8000), WEB_CONCURRENCY (worker processes; default 2 x CPUs + 1, at most 4:
each process holds its own ranking index, docs/operations.md "Ranking"), WEB_THREADS (threads
per process, 2), WEB_TIMEOUT (30 s), GUNICORN_LOG_LEVEL (info), PROMETHEUS_MULTIPROC_DIR.
"""

import contextlib
import json
import logging
import math
import os
import shutil
from datetime import UTC, datetime
from pathlib import Path


def _cpus() -> int:
    """CPUs this container may use: its cgroup quota (ECS task cpu, `docker run --cpus`), else
    the CPUs it may be scheduled on."""
    with contextlib.suppress(OSError, ValueError):
        quota, period = Path("/sys/fs/cgroup/cpu.max").read_text().split()
        if quota != "max":
            return max(1, math.ceil(int(quota) / int(period)))
    return len(os.sched_getaffinity(0))


bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY") or min(2 * _cpus() + 1, 4))
# gthread: keeps connections alive between requests (the sync worker closes every one).
worker_class = "gthread"
threads = int(os.environ.get("WEB_THREADS") or 2)
timeout = int(os.environ.get("WEB_TIMEOUT") or 30)
graceful_timeout = 25  # inside the 30 s a stop allows before SIGKILL (ECS, compose.yaml)
# Longer than the ALB's idle timeout (60 s), so the ALB always closes first and never sends a
# request on a connection gunicorn is closing (a 502).
keepalive = 75
# The ALB terminates TLS and sets X-Forwarded-For/-Proto; only it can reach the container.
forwarded_allow_ips = "*"
# The heartbeat files live in memory: a disk-backed /tmp can stall workers into timeouts.
worker_tmp_dir = "/dev/shm"  # noqa: S108 (gunicorn's documented choice for containers)
# The app logs one line per request itself (lewis_site.logs); gunicorn logs only its own news.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Gunicorn 25.1+ opens a control socket under $HOME by default; nothing here uses gunicornc.
control_socket_disable = True


class JsonFormatter(logging.Formatter):
    """Gunicorn's own lines (boot, worker timeouts, signals) as JSON like the app's
    (LOG_FORMAT=json), so every stderr line parses."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "timestamp": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            line["exc_info"] = self.formatException(record.exc_info)
        return json.dumps(line)


# As the app chooses (lewis_site.config): JSON unless LOG_FORMAT=plain or on the embedded default.
if (
    os.environ.get("LOG_FORMAT") or ("json" if os.environ.get("DATABASE_URL") else "plain")
) == "json":
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": JsonFormatter}},
        "handlers": {
            "error_console": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "stream": "ext://sys.stderr",
            },
        },
        # Replaces gunicorn's defaults, whose root and access loggers print plain lines.
        "root": {"level": "INFO", "handlers": ["error_console"]},
        "loggers": {
            "gunicorn.error": {
                "level": loglevel.upper(),
                "handlers": ["error_console"],
                "propagate": False,
            },
            "gunicorn.access": {"level": "INFO", "handlers": [], "propagate": False},
        },
    }


def on_starting(server) -> None:
    """Prometheus multiprocess mode: start from an empty directory (files left by an earlier
    run in the same container would be summed into this one's numbers)."""
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if directory:
        shutil.rmtree(directory, ignore_errors=True)
        os.makedirs(directory, exist_ok=True)


def child_exit(server, worker) -> None:
    """A worker's gauges stop counting once it exits (prometheus-client multiprocess mode)."""
    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        return
    try:
        from prometheus_client import multiprocess
    except ImportError:  # the site without prometheus-client: nothing to tidy
        return
    multiprocess.mark_process_dead(worker.pid)
