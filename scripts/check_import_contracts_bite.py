"""Show the import contracts are not vacuous: each must fail when a wrong import is added.

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
]


def lint_imports(pythonpath: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(pythonpath)}
    return subprocess.run(
        ["lint-imports", "--no-cache", "--config", str(ROOT / "pyproject.toml")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def main() -> int:
    missed = 0
    for module, line, contract in CASES:
        with tempfile.TemporaryDirectory() as tmp:
            for src in SOURCES:
                shutil.copytree(src, Path(tmp) / src.name)
            (Path(tmp) / module).write_text(line)
            result = lint_imports(Path(tmp))
        caught = result.returncode != 0 and f"{contract}" in result.stdout
        broken = [ln for ln in result.stdout.splitlines() if "BROKEN" in ln]
        print(f"{'caught' if caught else 'MISSED'}: {line.strip()} in {module} -> {broken}")
        missed += not caught
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
