"""Writes one benchmark's section of docs/benchmarks.md, between its markers."""

import re
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"
HEADER = """# Benchmarks

Measured by `uv run nox -s bench` on this project's machines (2 cores, 24 GiB), PostgreSQL 15 and
Redis 7 on the same machine. Each section is rewritten by the benchmark that owns it; tests never
assert wall-clock times.
"""


def write_section(name: str, markdown: str) -> None:
    text = BENCHMARKS.read_text() if BENCHMARKS.exists() else HEADER
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    block = f"{start}\n{markdown.strip()}\n{end}"
    if start in text:
        text = re.sub(
            re.escape(start) + ".*?" + re.escape(end), lambda _: block, text, flags=re.DOTALL
        )
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    BENCHMARKS.write_text(text)
