"""The CMS with 100,000 passages: the passage listing and a passage's edit view, as a signed-in
moderator, served in process by Django's test client (server time, no network), on PostgreSQL
and Redis; against PostgreSQL's `SELECT 1` in the same run. Budget: p95 <= 500 ms each.

Usage: python bench/cms_views.py [--reuse] [--passages N]   (written into docs/benchmarks.md)
"""

import os
import statistics
import subprocess
import sys
import time

import psycopg
from reader_api import ENV, server_url
from report import write_section

DATABASE = "lewis_bench_cms"
PASSAGES = int(sys.argv[sys.argv.index("--passages") + 1]) if "--passages" in sys.argv else 100_000
ROUNDS = 30
BUDGET_MS = 500.0


def lewis(*args: str) -> None:
    subprocess.run(["lewis", *args], env={**ENV, "DATABASE_URL": server_url(DATABASE)}, check=True)


def prepare_database() -> None:
    with psycopg.connect(server_url("postgres"), autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DATABASE}")
    lewis("migrate", "-v0")
    lewis("generate_corpus", "--passages", str(PASSAGES))
    # As autovacuum leaves a database in use (it may be off on a bench server): statistics for
    # the planner, a visibility map for index-only counts, GIN pending lists merged.
    with psycopg.connect(server_url(DATABASE), autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")


def timed(call) -> list[float]:
    call()  # warm: templates, the URL resolver, the first query plans
    samples = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def row(name: str, samples: list[float], baseline: float, budget: float | None) -> str:
    p50, p95 = statistics.median(samples), statistics.quantiles(samples, n=20)[-1]
    verdict = "" if budget is None else (" | yes" if p95 <= budget else " | NO")
    limit = "" if budget is None else f" | {budget:.0f}"
    return f"| {name} | {p50:.1f} | {p95:.1f} | {p50 / baseline:,.0f}x{limit}{verdict} |"


def main() -> int:
    if "--reuse" not in sys.argv:
        prepare_database()
    os.environ.update({**ENV, "DATABASE_URL": server_url(DATABASE)})
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lewis_site.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    from lewis_content.models import Passage

    moderator, _ = get_user_model().objects.get_or_create(
        username="bench-moderator", defaults={"email": "bench@lewis.example", "is_superuser": True}
    )
    client = Client(HTTP_HOST="localhost")  # one of ALLOWED_HOSTS
    client.force_login(moderator)
    count = Passage.objects.count()
    passage = Passage.objects.order_by("pk")[count // 2]  # one from the middle

    def get(url: str):
        def call():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        return call

    def select_one():
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")

    baseline = timed(select_one)
    base_p50 = statistics.median(baseline)
    listing = timed(get("/cms/snippets/lewis_content/passage/"))
    edit = timed(get(f"/cms/snippets/lewis_content/passage/edit/{passage.pk}/"))
    search = timed(get("/cms/snippets/lewis_content/passage/?q=grief"))
    lines = [
        "## The CMS at scale",
        "",
        f"{count:,} passages on PostgreSQL + Redis, a signed-in superuser, Django's test client in "
        f"process (server time, no network), {ROUNDS} requests each after one to warm. "
        "Command: `uv run nox -s bench -- --only cms`.",
        "",
        "| view | p50 ms | p95 ms | p50 vs SELECT 1 | p95 budget ms | within budget |",
        "|---|---:|---:|---:|---:|---|",
        row("passage listing (first page)", listing, base_p50, BUDGET_MS),
        row("passage edit view", edit, base_p50, BUDGET_MS),
        row("passage listing, search 'grief'", search, base_p50, BUDGET_MS),
        f"| PostgreSQL `SELECT 1` (baseline) | {base_p50:.3f} | "
        f"{statistics.quantiles(baseline, n=20)[-1]:.3f} | 1x | | |",
    ]
    write_section("cms", "\n".join(lines))
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
