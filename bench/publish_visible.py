"""Publish to reader-visible: how long after a moderator approves a passage's change a reader
sees it, on PostgreSQL + Redis with gunicorn, a real Celery worker and beat running.

Each round, as the CMS is used: a moderator (Moderators group, signed in to /cms/ with a session
and CSRF token) saves a new text of a live passage and submits it to moderation; the worker
drafts its tags; the moderator accepts what was suggested, then approves. The clock runs from
sending the approve request until `GET /api/v1/passages/{id}` (a guest read, through the
response cache and its fast path) returns the new text, polled every 10 ms. Budget: p95 <= 2 s.

Usage: python bench/publish_visible.py [--reuse] [--rounds N]   (written into docs/benchmarks.md)
"""

import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from http.cookies import SimpleCookie
from pathlib import Path

import httpx
from reader_api import ENV, gunicorn, prepare_database
from report import write_section

ROUNDS = int(sys.argv[sys.argv.index("--rounds") + 1]) if "--rounds" in sys.argv else 30
BUDGET_MS = 2000.0
USERNAME, PASSWORD = "bench-moderator", "bench moderator passphrase"
PASSAGES = "/cms/snippets/lewis_content/passage"
VAR_DIR = tempfile.mkdtemp(prefix="lewis-bench-publish-")
PROCESS_ENV = {**ENV, "VAR_DIR": VAR_DIR}

MAKE_MODERATOR = f"""
from django.contrib.auth.models import Group
from lewis_accounts.models import User
from lewis_content.models import Passage
user, _ = User.objects.get_or_create(username="{USERNAME}", defaults={{"email": "m@example.org"}})
user.set_password("{PASSWORD}")
user.save()
user.groups.add(Group.objects.get(name="Moderators"))
passage = (
    Passage.objects.filter(live=True, live_revision__isnull=False, work__live=True)
    .order_by("pk").first()
)
if passage.workflow_in_progress:  # left by an interrupted run
    passage.current_workflow_state.cancel(user=user)
print(passage.pk, passage.work_id, passage.chapter_id or "", passage.position,
      passage.register_id, passage.provenance, passage.author_byline or "-", passage.tier,
      passage.title, sep="|")
"""


def lewis_shell(code: str) -> str:
    done = subprocess.run(
        ["lewis", "shell", "-c", code], env=PROCESS_ENV, check=True, capture_output=True, text=True
    )
    return done.stdout.strip().splitlines()[-1]


@contextmanager
def celery(*args: str):
    """A Celery worker or beat, as deploy/entrypoint.sh runs them."""
    log = (Path(VAR_DIR) / f"{args[0]}.log").open("wb")
    process = subprocess.Popen(
        ["celery", "-A", "lewis_site", *args, "--loglevel=warning"],
        env=PROCESS_ENV,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        yield process
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


class Browser:
    """An editor's browser behind the load balancer: https as far as Django can tell
    (X-Forwarded-Proto), so it keeps the Secure session and CSRF cookies that production sets."""

    def __init__(self, base: str):
        self.client = httpx.Client(base_url=base, follow_redirects=False, timeout=30)
        self.origin = "https://" + base.split("://", 1)[1]
        self.cookies: dict[str, str] = {}

    def request(self, method: str, url: str, data: dict | None = None) -> httpx.Response:
        headers = {
            "X-Forwarded-Proto": "https",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        if method == "POST":
            token = self.cookies.get("csrftoken", "")
            data = {**(data or {}), "csrfmiddlewaretoken": token}
            headers |= {"Referer": self.origin + url, "X-CSRFToken": token}
        response = self.client.request(method, url, data=data, headers=headers)
        for line in response.headers.get_list("set-cookie"):
            cookie = SimpleCookie(line)
            self.cookies.update({name: morsel.value for name, morsel in cookie.items()})
        return response

    def get(self, url: str) -> httpx.Response:
        return self.request("GET", url)

    def post(self, url: str, data: dict | None = None) -> httpx.Response:
        return self.request("POST", url, data)


def signed_in(base: str) -> Browser:
    browser = Browser(base)
    browser.get("/cms/login/")
    answer = browser.post("/cms/login/", {"username": USERNAME, "password": PASSWORD})
    assert answer.status_code == 302, answer.text[-500:]
    return browser


def edit_form(fields: list[str], text: str) -> dict:
    """The passage edit form as the CMS posts it (Wagtail's own test helpers build it)."""
    from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

    _, work, chapter, position, register, provenance, byline, tier, title = fields
    return nested_form_data(
        {
            "title": title,
            "work": work,
            "chapter": chapter,
            "position": position,
            "register": register,
            "provenance": provenance,
            "author_byline": "" if byline == "-" else byline,
            "tier": tier,
            "body": streamfield([("paragraph", rich_text(f"<p>{text}</p>"))]),
            "action-submit": "1",
        }
    )


def ready_to_approve(client: Browser, edit: str) -> str:
    """Wait for the worker's draft of the new text, accept its suggestions; the approve URL."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        page = client.get(edit).text
        drafted = re.search(r'data-tag-draft="(drafted|fallback|failed)"', page)
        if drafted and 'data-tag-review="unreviewed"' in page:
            pk = edit.rstrip("/").rsplit("/", 1)[-1]
            client.post(f"/cms/tag-review/passages/{pk}/accept/")
            continue
        # Approve is offered once every tag is reviewed; the task state is in any action's URL.
        state = re.search(rf"{PASSAGES}/workflow/collect_action_data/\d+/\w+/(\d+)/", page)
        if drafted and state and 'data-workflow-action-name="approve"' in page:
            pk = edit.rstrip("/").rsplit("/", 1)[-1]
            return f"{PASSAGES}/workflow/action/{pk}/approve/{state.group(1)}/"
        time.sleep(0.05)
    Path(VAR_DIR, "edit-page.html").write_text(page)
    raise TimeoutError(f"no draft or no Approve: see {VAR_DIR} (edit-page.html, worker.log)")


def one_round(client: Browser, reader: httpx.Client, fields: list[str], n: int):
    pk = fields[0]
    edit = f"{PASSAGES}/edit/{pk}/"
    marker = f"bench revision {n} {time.time_ns()}"
    saved = client.post(edit, edit_form(fields, f"Of joy and grief, {marker}."))
    assert saved.status_code == 302, saved.text[-800:]
    approve = ready_to_approve(client, edit)
    started = time.perf_counter()
    approved = client.post(approve)
    approve_ms = (time.perf_counter() - started) * 1000
    assert approved.status_code in {200, 302}, approved.text[-800:]
    while marker not in reader.get(f"/api/v1/passages/{pk}").text:
        if time.perf_counter() - started > 30:
            raise TimeoutError(f"round {n}: the new text never reached readers")
        time.sleep(0.01)
    return (time.perf_counter() - started) * 1000, approve_ms


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20, method="inclusive")[-1]


def main() -> int:
    if "--reuse" not in sys.argv:
        prepare_database()
    fields = lewis_shell(MAKE_MODERATOR).split("|")
    os.environ.update(PROCESS_ENV)  # the form helpers render rich text as the CMS does
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lewis_site.settings")
    import django

    django.setup()
    visible, approving = [], []
    with celery("worker", "--concurrency=2"), celery("beat"), gunicorn(8105) as base:
        client, reader = signed_in(base), httpx.Client(base_url=base, timeout=30)
        one_round(client, reader, fields, 0)  # warm every path once
        for n in range(1, ROUNDS + 1):
            seen, approve = one_round(client, reader, fields, n)
            visible.append(seen)
            approving.append(approve)
    verdict = "yes" if p95(visible) <= BUDGET_MS else "NO"
    lines = [
        "## Publish to reader-visible",
        "",
        "gunicorn (the reader API bench's set-up) with a Celery worker (2 processes) and beat "
        "on PostgreSQL + Redis, the demo plus the generated corpus. Each round a moderator "
        "signed in to the CMS saves a new text of a live passage and submits it; the worker "
        "drafts its tags; the moderator accepts them and approves. Timed from sending the "
        "approve request until a guest's `GET /api/v1/passages/{id}` returns the new text "
        f"(polled every 10 ms), {ROUNDS} rounds after one to warm. "
        "Command: `uv run nox -s bench -- --only publish`.",
        "",
        "| step | p50 ms | p95 ms | max ms | p95 budget ms | within budget |",
        "|---|---:|---:|---:|---:|---|",
        f"| approve to reader-visible | {statistics.median(visible):.0f} | "
        f"{p95(visible):.0f} | {max(visible):.0f} | {BUDGET_MS:.0f} | {verdict} |",
        f"| the approve request alone | {statistics.median(approving):.0f} | "
        f"{p95(approving):.0f} | {max(approving):.0f} |  |  |",
    ]
    write_section("publish", "\n".join(lines))
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
