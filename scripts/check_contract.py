"""The API as an outside client meets it (`nox -s contract`), on a running demo site.

1. schemathesis fuzzes the schema the site serves, every check on, with a fixed seed and a
   bounded number of examples per operation: any failure fails the run, "schema-valid request
   rejected" included. Then the signed-in operations (tag `me`) again, as the demo reader with
   a Bearer token (signed in through allauth's app endpoint; `DELETE /me` left out, since it
   would end the run's account); the write limits are lifted for the run so that they do not
   hide what lies behind them.
2. openapi-python-client generates a client from the committed docs/openapi.json, and that
   client walks the reading flow as the app does, then parses a passage holding a block type it
   does not know and a portal holding an item kind it does not know.

Expects the environment of a migrated site with the demo loaded (the nox session makes one);
serves it with gunicorn, through the production WSGI entry point.
"""

import argparse
import contextlib
import importlib
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = ROOT / "docs" / "openapi.json"
PACKAGE = "lewis_api_client"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def served():
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "ACCOUNTS_WRITE_RATE": "100000/m",  # the fuzzing writes far faster than a reader
    }
    process = subprocess.Popen(
        ["gunicorn", "lewis_site.wsgi", "-b", f"127.0.0.1:{port}", "-w", "2"],
        env=env,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/readyz") as response:  # noqa: S310 (http)
                    if response.status == 200:
                        break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise
                time.sleep(0.5)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def reader_token(base: str) -> str:
    """The demo reader's access token (CONTRACT_READER_PASSWORD: the demo's password)."""
    body = {"email": "reader@example.org", "password": os.environ["CONTRACT_READER_PASSWORD"]}
    request = urllib.request.Request(  # noqa: S310 (http on this machine)
        f"{base}/_allauth/app/v1/auth/login",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request) as response:  # noqa: S310 (http)
        return json.loads(response.read())["meta"]["access_token"]


def fuzz(base: str, examples: int, seed: int, *only: str) -> None:
    subprocess.run(
        [
            "schemathesis",
            "run",
            f"{base}/api/v1/openapi.json",
            *only,
            "--url",
            base,  # the schema's `servers` names the public URL, not this test server
            "--checks",
            "all",
            "--seed",
            str(seed),
            "--max-examples",
            str(examples),
            "--generation-database",
            "none",
            # One worker: CPython 3.11's ast is not thread-safe ("AST constructor recursion depth
            # mismatch" from schemathesis' parallel workers).
            "--workers",
            "1",
            "--no-color",
        ],
        check=True,
    )


def generate_client(into: Path):
    config = into / "config.yaml"
    config.write_text("post_hooks: []\n")  # no formatter needed to import it
    result = subprocess.run(
        [
            "openapi-python-client",
            "generate",
            "--path",
            str(SCHEMA),
            "--meta",
            "none",
            "--config",
            str(config),
            "--output-path",
            str(into / PACKAGE),
        ],
        capture_output=True,
        text=True,
    )
    print(result.stdout, result.stderr)
    if result.returncode or "Warning" in result.stdout + result.stderr:
        raise SystemExit("openapi-python-client could not generate a whole client")
    sys.path.insert(0, str(into))
    return importlib.import_module(PACKAGE)


def walk(base: str, generated) -> None:
    """The reading flow of the app, every answer parsed into the generated models."""
    import httpx

    axes_api = importlib.import_module(f"{PACKAGE}.api.taxonomy.list_axes")
    models = importlib.import_module(f"{PACKAGE}.models")
    ops = {
        name: importlib.import_module(f"{PACKAGE}.api.reading.{name}")
        for name in [
            *("get_today", "list_passages", "get_passage", "list_related_passages"),
            *("list_connections", "list_works", "get_work", "get_chapter", "list_themes"),
            *("get_theme", "list_journeys", "get_journey", "list_portals", "get_portal"),
            *("list_podcasts", "list_tags", "list_registers"),
        ]
    }
    client = generated.Client(base_url=base, raise_on_unexpected_status=True)

    def call(name: str, expected, **kwargs):
        answer = ops[name].sync(client=client, **kwargs)
        if not isinstance(answer, expected):
            raise AssertionError(f"{name}({kwargs}) gave {answer!r}")
        return answer

    registers = call("list_registers", list)
    for register in registers:
        today = call("get_today", models.TodayOut, register=register.slug)
        assert today.register.slug == register.slug, today.register
    cursor, seen = None, []
    while True:
        page = call("list_passages", models.PassagePage, limit=50, cursor=cursor)
        seen += [card.id for card in page.items]
        cursor = page.next_cursor
        if not cursor:
            break
    assert seen, "the cursor walk found no passage"
    assert len(seen) == len(set(seen)), "the cursor walk repeated a passage"
    for passage_id in seen[:: max(1, len(seen) // 25)]:
        detail = call("get_passage", models.PassageDetail, passage_id=passage_id)
        unknown = [b for b in detail.body if isinstance(b, models.UnknownBlock)]
        assert not unknown, f"passage {passage_id}: a known block parsed as unknown: {unknown}"
        call("list_related_passages", models.RelatedOut, passage_id=passage_id, limit=5)
        call("list_connections", models.ConnectionsOut, passage_id=passage_id, limit=5)
    for work in call("list_works", list):
        detail = call("get_work", models.WorkDetail, work_id=work.id)
        for chapter in detail.chapters[:3]:
            call("get_chapter", models.ChapterDetail, chapter_id=chapter.id)
    for theme in call("list_themes", list):
        call("get_theme", models.ThemeDetail, slug=theme.slug)
    for journey in call("list_journeys", list):
        call("get_journey", models.JourneyDetail, slug=journey.slug)
    portals = call("list_portals", list)
    for portal in portals:
        call("get_portal", models.PortalDetail, slug=portal.slug)
    call("list_podcasts", list)
    call("list_tags", list)
    assert isinstance(axes_api.sync(client=client), list)
    print(f"walked: {len(seen)} passages in pages of 50, {len(registers)} registers")

    # The server ships a block type and a portal item kind after this client was generated.
    passage = httpx.get(f"{base}/api/v1/passages/{seen[0]}").json()
    passage["body"].insert(1, {"type": "video", "id": "v1", "url": "https://cdn.example/v.mp4"})
    portal = httpx.get(f"{base}/api/v1/portals/{portals[0].slug}").json()
    portal["items"].insert(0, {"type": "quiz", "quiz": {"slug": "joy", "questions": 3}})

    def later_server(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=portal if "/portals/" in request.url.path else passage)

    later = generated.Client(
        base_url=base,
        raise_on_unexpected_status=True,
        httpx_args={"transport": httpx.MockTransport(later_server)},
    )
    parsed = ops["get_passage"].sync(client=later, passage_id=seen[0])
    video = parsed.body[1]
    assert isinstance(video, models.UnknownBlock), video
    assert (video.type_, video["url"]) == ("video", "https://cdn.example/v.mp4")
    assert not isinstance(parsed.body[0], models.UnknownBlock), parsed.body[0]
    item = ops["get_portal"].sync(client=later, slug=portals[0].slug).items[0]
    assert isinstance(item, models.UnknownPortalItem), item
    assert item.type_ == "quiz", item
    print("a passage with a new block type and a portal with a new item kind parsed")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=25, help="per operation (fuzzing)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--skip-fuzz", action="store_true")
    args = parser.parse_args()
    with served() as base, tempfile.TemporaryDirectory() as tmp:
        generated = generate_client(Path(tmp))
        walk(base, generated)
        if not args.skip_fuzz:
            fuzz(base, args.examples, args.seed)
            signed_in = ["--include-tag", "me", "--exclude-operation-id", "deleteMe"]
            bearer = ["--header", f"Authorization: Bearer {reader_token(base)}"]
            fuzz(base, args.examples, args.seed, *signed_in, *bearer)


if __name__ == "__main__":
    main()
