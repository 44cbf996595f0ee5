"""Show the import checks are not vacuous: each must fail when a wrong import is added.

Copies the packages' sources to a temporary folder, adds one offending import per case, and runs
lint-imports against the copy (it is first on PYTHONPATH, so it shadows the installed packages).
Exits non-zero if any case is *not* caught.
"""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [*ROOT.glob("packages/*/src/lewis_*"), *ROOT.glob("services/*/src/lewis_*")]

CASES = [
    # (module to write, its offending line, the contract that must break)
    ("lewis_ranking/_wrong.py", "import wagtail.models\n", "The ranking engine never imports"),
    (
        "lewis_ranking/_wrong.py",
        "import lewis_content.services\n",
        "Packages depend only downwards",
    ),
    ("lewis_tagging/_wrong.py", "import lewis_audio.services\n", "Packages depend only downwards"),
    (
        "lewis_content/_wrong.py",
        "import lewis_accounts.services\n",
        "Packages depend only downwards",
    ),
    # Inside lewis_content: a room importing a room above it.
    (
        "lewis_content/library/_wrong.py",
        "import lewis_content.reading.queries\n",
        "lewis_content's rooms depend only downwards",
    ),
    (
        "lewis_content/reading/_wrong.py",
        "import lewis_content.tagreview.actions\n",
        "lewis_content's rooms depend only downwards",
    ),
    (
        "lewis_content/tagreview/_wrong.py",
        "import lewis_content.models\n",  # the re-exports: a room imports its own models
        "lewis_content's rooms depend only downwards",
    ),
]

# A cycle inside a room, hidden by a deferred import: scripts/check_import_cycles.py finds it.
CYCLE = {
    "lewis_content/library/_first.py": "import lewis_content.library._second\n",
    "lewis_content/library/_second.py": (
        "def later():\n    import lewis_content.library._first  # noqa: F401\n"
    ),
}


def run(command: list[str], pythonpath: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(pythonpath)}
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)


def lint_imports(pythonpath: Path) -> subprocess.CompletedProcess:
    return run(["lint-imports", "--no-cache", "--config", str(ROOT / "pyproject.toml")], pythonpath)


def copy_sources(tmp: str) -> None:
    for src in SOURCES:
        shutil.copytree(src, Path(tmp) / src.name)


def main() -> int:
    missed = 0
    for module, line, contract in CASES:
        with tempfile.TemporaryDirectory() as tmp:
            copy_sources(tmp)
            (Path(tmp) / module).write_text(line)
            result = lint_imports(Path(tmp))
        caught = result.returncode != 0 and f"{contract}" in result.stdout
        broken = [ln for ln in result.stdout.splitlines() if "BROKEN" in ln]
        print(f"{'caught' if caught else 'MISSED'}: {line.strip()} in {module} -> {broken}")
        missed += not caught
    with tempfile.TemporaryDirectory() as tmp:
        copy_sources(tmp)
        for module, text in CYCLE.items():
            (Path(tmp) / module).write_text(text)
        result = run([sys.executable, str(ROOT / "scripts" / "check_import_cycles.py")], Path(tmp))
    caught = result.returncode != 0 and "library._first <-> " in result.stdout
    print(f"{'caught' if caught else 'MISSED'}: a deferred-import cycle -> {result.stdout.strip()}")
    missed += not caught
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
