"""HTTP benchmark of the reader's signed-in endpoints, and of token validation on its own.

The same set-up as the reader API bench (bench/reader_api.py: gunicorn on PostgreSQL + Redis,
`wrk -t2 -c8`, the demo plus the generated corpus; `--reuse` keeps its database). A bench reader
with 20 saves signs in through allauth's app endpoint; wrk then sends its Bearer token.

Baseline in the same run: `GET /api/v1/axes`, an unauthenticated PostgreSQL read through the
same stack that no cache answers; each endpoint's p95 is also given as a ratio of it. Token
validation is timed in process: the JWT decode alone (stateless) against our check (decode +
the token's session, docs/adr/0014) and allauth's (decode + session + user), against a
PostgreSQL `SELECT 1`.
"""

import json
import subprocess
import sys
import urllib.request

import redis
from reader_api import ENV, REDIS, WORKERS, gunicorn, prepare_database, wrk
from report import write_section

READER = "bench-reader@example.org"
PASSWORD = "bench reader passphrase"  # noqa: S105 (a throwaway database)
SAVES = 20
BUDGETS = {"soul map": 15.0, "save a passage": 25.0}

MAKE_READER = f"""
from allauth.account.models import EmailAddress
from lewis_accounts import services
from lewis_accounts.models import User
from lewis_content import services as content
user, _ = User.objects.get_or_create(username="bench-reader", defaults={{"email": "{READER}"}})
user.set_password("{PASSWORD}")
user.save()
EmailAddress.objects.update_or_create(
    user=user, email="{READER}", defaults={{"verified": True, "primary": True}}
)
for passage_id in content.first_passage_ids({SAVES}):
    services.save_passage(user, passage_id)
print(content.first_passage_ids({SAVES})[0])
"""

TIME_VALIDATION = """
import json, time, statistics
from django.db import connection
from allauth.headless.tokens.strategies.jwt import internal
from lewis_accounts.tokens import reader_of_token
token = "{token}"
def timed(fn, n=2000):
    for _ in range(200):
        fn()
    samples = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return {{"p50_ms": samples[n // 2], "p95_ms": samples[int(n * 0.95)]}}
def select_one():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
def allauths():
    result = internal.validate_access_token(token)
    assert result is not None and result.user.pk
def ours():
    assert reader_of_token(token) is not None
print(json.dumps({{
    "postgres SELECT 1": timed(select_one),
    "decode only (stateless)": timed(lambda: internal.decode_token(token, "access")),
    "ours: decode + session (stateful, session through Redis)": timed(ours),
    "allauth's: decode + session + user": timed(allauths),
}}))
"""


def lewis_shell(code: str) -> str:
    result = subprocess.run(
        ["lewis", "shell", "-c", code], env=ENV, check=True, capture_output=True, text=True
    )
    return result.stdout.strip().splitlines()[-1]


def sign_in(base: str) -> str:
    request = urllib.request.Request(
        f"{base}/_allauth/app/v1/auth/login",
        data=json.dumps({"email": READER, "password": PASSWORD}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request) as response:
        return json.loads(response.read())["meta"]["access_token"]


def main() -> int:
    if "--reuse" not in sys.argv:
        prepare_database()
    redis.Redis.from_url(REDIS).flushdb()
    passage_id = lewis_shell(MAKE_READER)
    results = {}
    with gunicorn(8103, ACCOUNTS_WRITE_RATE="1000000/m") as base:
        token = sign_in(base)
        bearer = {"Authorization": f"Bearer {token}"}
        wrk(f"{base}/api/v1/axes", seconds="3")  # warm every worker
        wrk(f"{base}/api/v1/me/soul-map", headers=bearer, seconds="3")
        results["baseline: axes (PostgreSQL, no auth, no cache)"] = wrk(f"{base}/api/v1/axes")
        results["soul map"] = wrk(f"{base}/api/v1/me/soul-map", headers=bearer)
        results["save a passage"] = wrk(
            f"{base}/api/v1/me/soul-map/passages/{passage_id}", headers=bearer, method="PUT"
        )
        results["profile (auth only)"] = wrk(f"{base}/api/v1/me", headers=bearer)
        validation = json.loads(lewis_shell(TIME_VALIDATION.format(token=token)))
    # Every request a miss: no cache, so sessions and Soul Maps come from PostgreSQL each time.
    with gunicorn(8104, ACCOUNTS_WRITE_RATE="1000000/m", CACHE_URL="dummy://") as base:
        bearer = {"Authorization": f"Bearer {sign_in(base)}"}
        wrk(f"{base}/api/v1/me/soul-map", headers=bearer, seconds="3")
        results["soul map, cache off (every read from PostgreSQL)"] = wrk(
            f"{base}/api/v1/me/soul-map", headers=bearer
        )

    baseline = results["baseline: axes (PostgreSQL, no auth, no cache)"]["p95_ms"]
    lines = [
        "## Reader accounts over HTTP",
        "",
        f"gunicorn ({WORKERS} sync workers) on PostgreSQL + Redis, the reader API bench's corpus, "
        f"a reader with {SAVES} saves and a Bearer access token (stateful validation: the "
        "token's session, read through Redis, is checked on every request), "
        "`wrk -t2 -c8`, 10 s per run. `soul map` is the reader's Soul Map as kept in Redis "
        "between changes; `cache off` is the same request on a second server with no cache "
        "(`CACHE_URL=dummy://`). `save a passage` PUTs the same saved passage (idempotent, "
        "throttle lifted for the run). Command: `uv run nox -s bench -- --only accounts`.",
        "",
        "| endpoint | requests/s | p50 ms | p95 ms | p99 ms | p95 / baseline | p95 budget ms "
        "| within budget |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for name, r in results.items():
        assert r["non_2xx"] == 0, (name, r)
        budget = BUDGETS.get(name)
        verdict = "" if budget is None else ("yes" if r["p95_ms"] <= budget else "NO")
        lines.append(
            f"| {name} | {r['rps']:,} | {r['p50_ms']:.2f} | {r['p95_ms']:.2f} | "
            f"{r['p99_ms']:.2f} | {r['p95_ms'] / baseline:.2f} | "
            f"{'' if budget is None else f'{budget:.0f}'} | {verdict} |"
        )
    select_one = validation["postgres SELECT 1"]["p95_ms"]
    lines += [
        "",
        "Token validation per request, in process (2,000 calls after 200 to warm up; "
        "PostgreSQL and Redis on this machine):",
        "",
        "| step | p50 ms | p95 ms | p95 / PostgreSQL SELECT 1 |",
        "|---|---:|---:|---:|",
    ]
    for name, r in validation.items():
        lines.append(
            f"| {name} | {r['p50_ms']:.3f} | {r['p95_ms']:.3f} | {r['p95_ms'] / select_one:.2f} |"
        )
    write_section("accounts", "\n".join(lines))
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
