"""Capacity: the app's traffic mix (bench/locustfile.py, locust headless) against gunicorn on
PostgreSQL + Redis with the demo corpus plus 10,000 generated passages (the reader API bench's
database), at rising concurrency until the guest reads' p95 leaves the 50 ms budget of a cache
miss or a request fails; then the best level again with half the web workers, to see how the
figure scales with them. Not part of the test command.

Usage: python bench/capacity.py [--reuse] [--levels 8,16,32,64] [--seconds 30]
(written into docs/benchmarks.md)
"""

import csv
import subprocess
import sys
import tempfile
from pathlib import Path

import redis
from reader_api import ENV, REDIS, WORKERS, gunicorn, lewis, prepare_database, published_ids
from report import write_section

LEVELS = [
    int(n)
    for n in (
        sys.argv[sys.argv.index("--levels") + 1] if "--levels" in sys.argv else "8,16,32,64"
    ).split(",")
]
SECONDS = int(sys.argv[sys.argv.index("--seconds") + 1]) if "--seconds" in sys.argv else 30
READERS = 200  # fresh accounts for every run of locust: a reader's limits count per day
PER_RUN = 25
PASSWORD = "capacity reader passphrase"  # noqa: S105 (a throwaway database)
BUDGET_MS = 50.0  # a guest read that misses the cache (docs/benchmarks.md)
GUEST_READS = ("today", "passage", "related", "connections", "list", "list, next page")

MAKE_READERS = f"""
from allauth.account.models import EmailAddress
from lewis_accounts.models import User
for n in range({READERS}):
    email = f"capacity-{{n}}@example.org"
    user, _ = User.objects.get_or_create(username=f"capacity-{{n}}", defaults={{"email": email}})
    user.set_password("{PASSWORD}")
    user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={{"verified": True, "primary": True}}
    )
"""


RUNS = iter(range(READERS // PER_RUN))


def run_level(base: str, users: int, workdir: Path, env: dict) -> dict[str, dict]:
    start = next(RUNS) * PER_RUN
    (workdir / "readers").write_text(
        "\n".join(f"capacity-{n}@example.org {PASSWORD}" for n in range(start, start + PER_RUN))
    )
    prefix = workdir / f"level-{users}-{start}"
    subprocess.run(
        [
            "locust",
            "-f",
            str(Path(__file__).with_name("locustfile.py")),
            "--headless",
            "--users",
            str(users),
            "--spawn-rate",
            str(users),
            "--run-time",
            f"{SECONDS}s",
            "--host",
            base,
            "--csv",
            str(prefix),
            "--only-summary",
            "--loglevel",
            "WARNING",
        ],
        env=env,
        check=False,  # locust exits 1 when a request failed: read in the stats
        capture_output=True,
    )
    with open(f"{prefix}_stats.csv") as stats:
        return {row["Name"]: row for row in csv.DictReader(stats)}


def number(row: dict, column: str) -> float:
    value = row.get(column) or "0"
    return float(value) if value != "N/A" else 0.0


def verdict(rows: dict[str, dict]) -> tuple[float, float, int]:
    """Requests/s of the whole mix, the p95 of guest reads (the worst endpoint's), failures."""
    total = rows["Aggregated"]
    guest_p95 = max(number(rows[n], "95%") for n in GUEST_READS if n in rows)
    return number(total, "Requests/s"), guest_p95, int(number(total, "Failure Count"))


def main() -> int:
    if "--reuse" not in sys.argv:
        prepare_database()
    else:
        lewis("migrate", "-v0")  # a database kept from an earlier run: bring its schema along
    subprocess.run(["lewis", "shell", "-c", MAKE_READERS], env=ENV, check=True)
    redis.Redis.from_url(REDIS).flushdb()  # no write limits or cache left from an earlier run
    workdir = Path(tempfile.mkdtemp(prefix="lewis-capacity-"))
    (workdir / "ids").write_text("\n".join(map(str, published_ids())))
    env = {
        **ENV,
        "CAPACITY_IDS": str(workdir / "ids"),
        "CAPACITY_READERS": str(workdir / "readers"),
    }
    ladder: list[tuple[int, dict]] = []
    best: tuple[int, dict] | None = None
    # Writes are not throttled for the run: simulated readers write far faster than people.
    with gunicorn(8106, ACCOUNTS_WRITE_RATE="1000000/m") as base:
        run_level(base, 4, workdir, env)  # warm every worker and the cache
        for users in LEVELS:
            rows = run_level(base, users, workdir, env)
            ladder.append((users, rows))
            rps, guest_p95, failures = verdict(rows)
            print(
                f"{users} users: {rps:.0f} requests/s, "
                f"guest p95 {guest_p95:.0f} ms, {failures} failed"
            )
            if failures or guest_p95 > BUDGET_MS:
                break
            best = (users, rows)
    halved = None
    if best is not None:
        with gunicorn(8107, workers=WORKERS // 2, ACCOUNTS_WRITE_RATE="1000000/m") as base:
            run_level(base, 4, workdir, env)
            halved = run_level(base, best[0], workdir, env)

    lines = [
        "## Capacity: the app's traffic mix at rising concurrency",
        "",
        f"locust headless (`bench/locustfile.py`) against gunicorn ({WORKERS} sync workers) on "
        "PostgreSQL + Redis, the reader API bench's corpus (demo + 10,000 generated passages). "
        "Four guests to one signed-in reader; a guest reads today (10), a passage (30), its "
        "related (15) and connections (10) passages, or walks three pages of the list (10); a "
        "signed-in reader (one account each, signed in at start) reads the Soul Map (8), saves a "
        "passage (4) or posts a reflection (1). Each user sends its next request when the last "
        f"is answered; {SECONDS} s per level, on this 2-core machine with the load generator on "
        "it. Capacity is the highest level with no failed request and every guest read's p95 "
        f"within {BUDGET_MS:.0f} ms. Command: `uv run nox -s capacity`.",
        "",
        "| users | requests/s | p50 ms | p95 ms | p99 ms | worst guest read p95 ms | failed |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for users, rows in ladder:
        total = rows["Aggregated"]
        rps, guest_p95, failures = verdict(rows)
        lines.append(
            f"| {users} | {rps:,.0f} | {number(total, '50%'):.0f} | {number(total, '95%'):.0f} "
            f"| {number(total, '99%'):.0f} | {guest_p95:.0f} | {failures} |"
        )
    if best is not None:
        users, rows = best
        lines += [
            "",
            f"At {users} users (the capacity), per endpoint:",
            "",
            "| endpoint | requests/s | p50 ms | p95 ms | p99 ms | failed |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for name, row in rows.items():
            if name == "Aggregated":
                continue
            lines.append(
                f"| {name} | {number(row, 'Requests/s'):,.1f} | {number(row, '50%'):.0f} | "
                f"{number(row, '95%'):.0f} | {number(row, '99%'):.0f} | "
                f"{int(number(row, 'Failure Count'))} |"
            )
        if halved is not None:
            rps, guest_p95, failures = verdict(halved)
            full_rps = verdict(rows)[0]
            lines += [
                "",
                f"The same {users} users with {WORKERS // 2} web workers instead of {WORKERS}: "
                f"{rps:,.0f} requests/s ({rps / full_rps:.0%} of {full_rps:,.0f}), worst guest "
                f"read p95 {guest_p95:.0f} ms, {failures} failed.",
            ]
    else:
        lines += ["", "Even the first level left the budget: no capacity to report."]
    write_section("capacity", "\n".join(lines))
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
