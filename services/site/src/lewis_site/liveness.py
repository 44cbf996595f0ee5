"""Liveness of this container's process, for a container health check (Docker, ECS):

    python -m lewis_site.liveness web      # /healthz answers on 127.0.0.1:$PORT (8000)
    python -m lewis_site.liveness worker   # the worker's heartbeat file is fresh
    python -m lewis_site.liveness beat     # beat has ticked lately

Exit 0 when alive, 1 (and why, on stderr) when not. The worker touches
`$VAR_DIR/run/worker.alive` every HEARTBEAT_SECONDS from its timer (a hung worker stops
touching it); beat touches `$VAR_DIR/run/beat.alive` on every tick (at least every
BEAT_MAX_LOOP_SECONDS). Imports no Django: cheap enough to run every few seconds.
"""

import os
import sys
import time
import urllib.request
from pathlib import Path

HEARTBEAT_SECONDS = 10
BEAT_MAX_LOOP_SECONDS = 30  # CELERY_BEAT_MAX_LOOP_INTERVAL
STALE_AFTER = {"worker": 6 * HEARTBEAT_SECONDS, "beat": 4 * BEAT_MAX_LOOP_SECONDS}


def heartbeat_file(process: str) -> Path:
    from lewis_site.config import LewisSettings

    return LewisSettings().var_dir / "run" / f"{process}.alive"


def touch(process: str) -> None:
    path = heartbeat_file(process)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch()


def forget(process: str) -> None:
    heartbeat_file(process).unlink(missing_ok=True)


def problem(process: str) -> str | None:
    """Why the process is not alive, or None."""
    if process == "web":
        url = f"http://127.0.0.1:{os.environ.get('PORT', '8000')}/healthz"
        try:
            with urllib.request.urlopen(url, timeout=3) as response:
                return None if response.status == 200 else f"{url} answered {response.status}"
        except OSError as error:
            return f"{url}: {error}"
    path = heartbeat_file(process)
    try:
        age = time.time() - path.stat().st_mtime
    except FileNotFoundError:
        return f"no heartbeat at {path} (not started, or stopped)"
    if age > STALE_AFTER[process]:
        return f"last heartbeat {age:.0f} s ago at {path} (limit {STALE_AFTER[process]} s)"
    return None


def main(argv: list[str]) -> int:
    if len(argv) != 1 or argv[0] not in ("web", "worker", "beat"):
        print("usage: python -m lewis_site.liveness web|worker|beat", file=sys.stderr)
        return 2
    why = problem(argv[0])
    if why:
        print(f"{argv[0]} not alive: {why}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
