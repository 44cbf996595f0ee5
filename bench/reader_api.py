"""HTTP benchmark of the reader API: gunicorn on PostgreSQL + Redis, wrk with 8 connections.

Corpus: the demo plus a 10,000-passage benchmark corpus. Cache hits: repeated requests for the
same resource. Cache misses: /passages/{id} and /passages/{id}/related walking distinct
published ids (each asked once), and /today on a second server whose cache is switched off
(CACHE_URL=dummy://).
"""

import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import psycopg
import redis
from report import write_section

from lewis_accounts.keys import new_private_key_pem

ROOT = Path(__file__).resolve().parent.parent
POSTGRES = os.environ.get("LEWIS_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/lewis")
REDIS = os.environ.get("LEWIS_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
DATABASE = "lewis_bench_http"
CORPUS = int(os.environ.get("LEWIS_BENCH_HTTP_PASSAGES", "10000"))
WORKERS = int(os.environ.get("LEWIS_BENCH_WORKERS", "8"))
DURATION = os.environ.get("LEWIS_BENCH_SECONDS", "10")
LUA = str(ROOT / "bench" / "wrk_report.lua")


def server_url(db: str) -> str:
    return POSTGRES.rsplit("/", 1)[0] + "/" + db


ENV = {
    **os.environ,
    "DATABASE_URL": server_url(DATABASE),
    "REDIS_URL": REDIS,
    "SECRET_KEY": secrets.token_urlsafe(50),
    "JWT_PRIVATE_KEY": new_private_key_pem(),
    "DEBUG": "false",
    "SECURE_SSL_REDIRECT": "false",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
}


def lewis(*args: str) -> None:
    subprocess.run(["lewis", *args], env=ENV, check=True)


def prepare_database() -> None:
    with psycopg.connect(server_url("postgres"), autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DATABASE}")
    lewis("migrate", "-v0")
    lewis("demo", "--password", secrets.token_urlsafe(16))
    lewis("generate_corpus", "--passages", str(CORPUS))


@contextmanager
def gunicorn(port: int, workers: int = WORKERS, **extra_env: str):
    """gunicorn as production runs it: JSON log lines (one per request) written to a file, as a
    container's log driver takes them, and request metrics in multiprocess mode."""
    run_dir = Path(tempfile.mkdtemp(prefix="lewis-bench-gunicorn-"))
    (run_dir / "metrics").mkdir()
    log = (run_dir / "gunicorn.log").open("wb")
    process = subprocess.Popen(
        # One sync worker per connection: measured steadier tails here than gthread workers.
        [
            "gunicorn",
            "lewis_site.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            str(workers),
            "--log-level",
            "warning",
        ],
        env={
            **ENV,
            "LOG_FORMAT": "json",
            "PROMETHEUS_MULTIPROC_DIR": str(run_dir / "metrics"),
            **extra_env,
        },
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz") as response:
                    if response.status == 200:
                        break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()
        shutil.rmtree(run_dir, ignore_errors=True)


def wrk(
    url: str,
    *lua_args: str,
    seconds: str = DURATION,
    headers: dict[str, str] | None = None,
    method: str = "GET",
) -> dict:
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            "-c8",
            f"-d{seconds}s",
            *(arg for name, value in (headers or {}).items() for arg in ("-H", f"{name}: {value}")),
            "-s",
            LUA,
            url,
            *(["--", *lua_args] if lua_args else []),
        ],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "WRK_METHOD": method},
    ).stdout
    result = json.loads(out.strip().splitlines()[-1])
    result["rps"] = round(result["requests"] / result["seconds"], 1)
    return result


def published_ids() -> list[int]:
    with psycopg.connect(server_url(DATABASE)) as conn:
        rows = conn.execute(
            "SELECT p.id FROM lewis_content_passage p JOIN lewis_content_work w "
            "ON w.id = p.work_id WHERE p.live AND w.live ORDER BY p.id"
        ).fetchall()
    return [r[0] for r in rows]


def warm_up(base: str, ids_file: str) -> None:
    """Let every worker import and compile what a first request needs, before measuring."""
    wrk(f"{base}/api/v1/today?register=reflective", seconds="3")
    wrk(f"{base}/api/v1/passages/0", "/api/v1/passages/", ids_file, seconds="3")
    wrk(f"{base}/api/v1/passages/0", "/api/v1/passages/", ids_file, "/related", seconds="3")


def get(url: str) -> None:
    with urllib.request.urlopen(url) as response:
        response.read()


def main() -> int:
    if "--reuse" not in sys.argv:
        prepare_database()
    redis.Redis.from_url(REDIS).flushdb()
    ids = published_ids()
    seed_id = ids[len(ids) // 2]
    results = {}
    # Warm-up walks the ids from the far end, the measured misses from the start.
    with tempfile.NamedTemporaryFile("w", suffix=".ids", delete=False) as f:
        f.write("\n".join(map(str, ids)))
        ids_file = f.name
    with tempfile.NamedTemporaryFile("w", suffix=".ids", delete=False) as f:
        f.write("\n".join(map(str, reversed(ids))))
        warm_ids_file = f.name
    with gunicorn(8101) as base:
        warm_up(base, warm_ids_file)
        redis.Redis.from_url(REDIS).flushdb()
        get(f"{base}/api/v1/today?register=reflective")
        get(f"{base}/api/v1/passages/{seed_id}")
        get(f"{base}/api/v1/passages/{seed_id}/related")
        # The first run after start-up reads slower on this machine: settle, then measure.
        wrk(f"{base}/api/v1/passages/{seed_id}", seconds="3")
        results["today, cache hit"] = wrk(f"{base}/api/v1/today?register=reflective")
        results["passage, cache hit"] = wrk(f"{base}/api/v1/passages/{seed_id}")
        results["related, cache hit"] = wrk(f"{base}/api/v1/passages/{seed_id}/related")
        redis.Redis.from_url(REDIS).flushdb()
        results["passage, cache miss"] = wrk(
            f"{base}/api/v1/passages/0", "/api/v1/passages/", ids_file, seconds="5"
        )
        redis.Redis.from_url(REDIS).flushdb()
        results["related, cache miss"] = wrk(
            f"{base}/api/v1/passages/0", "/api/v1/passages/", ids_file, "/related", seconds="5"
        )
    with gunicorn(8102, CACHE_URL="dummy://") as base:
        warm_up(base, warm_ids_file)
        results["today, cache miss"] = wrk(f"{base}/api/v1/today?register=reflective")
    os.unlink(ids_file)
    os.unlink(warm_ids_file)

    budgets = {"hit": 10.0, "miss": 50.0}
    lines = [
        "## Reader API over HTTP",
        "",
        f"gunicorn ({WORKERS} sync workers, cached reads answered in front of Django by "
        f"`lewis_site.response_cache.FastPathWSGI`) on PostgreSQL + Redis, corpus of {len(ids):,} "
        f"published passages (demo + {CORPUS:,} generated), `wrk -t2 -c8` (8 concurrent "
        f"connections), {DURATION} s per hit run, 5 s per miss run (each id asked once). "
        "Command: `uv run nox -s bench`.",
        "",
        "| endpoint | requests/s | p50 ms | p95 ms | p99 ms | socket errors | p95 budget ms "
        "| within budget |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for name, r in results.items():
        budget = budgets["hit" if "hit" in name else "miss"]
        assert r["non_2xx"] == 0, (name, r)
        lines.append(
            f"| {name} | {r['rps']:,} | {r['p50_ms']:.2f} | {r['p95_ms']:.2f} | "
            f"{r['p99_ms']:.2f} | {r['socket_errors']} | {budget:.0f} | "
            f"{'yes' if r['p95_ms'] <= budget else 'NO'} |"
        )
    write_section("http", "\n".join(lines))
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
