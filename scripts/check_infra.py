"""Checks the Terraform under infra/ without Terraform (nothing is planned or applied):

1. every *.tf file parses (python-hcl2's parser, `hcl2.load`);
2. structure: every local module a `module` block names exists; every variable and output has a
   description; every argument passed to a local module is one of its variables, and every
   variable of it without a default is passed;
3. checkov's Terraform checks over infra/, and its Dockerfile checks over ./Dockerfile when there
   is one. A check is skipped only in place (`#checkov:skip=CKV_...:reason` in the resource).

Usage: python scripts/check_infra.py [repo_root]

Needs `hcl2` and `checkov` in the running Python environment (checkov pins the `hcl2` it needs:
bc-python-hcl2, its fork of python-hcl2). Exits non-zero when anything fails.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import hcl2

# Arguments of a module block that are Terraform's, not the module's variables.
META_ARGUMENTS = {"source", "version", "providers", "count", "for_each", "depends_on"}


def unwrap(value):
    """hcl2 wraps attribute values in one-element lists; strings may keep their quotes."""
    while isinstance(value, list) and len(value) == 1:
        value = value[0]
    if isinstance(value, str) and len(value) >= 2 and value[0] == value[-1] == '"':
        value = value[1:-1]
    return value


def attributes(body: dict) -> dict:
    return {key: value for key, value in body.items() if not key.startswith("__")}


def labelled_blocks(document: dict, kind: str):
    """(label, body) for every `kind "label" { ... }` block of a parsed file."""
    for entry in document.get(kind, []):
        for label, body in entry.items():
            yield label, attributes(body)


def parse(infra: Path) -> tuple[dict[Path, dict], list[str]]:
    documents, errors = {}, []
    for path in sorted(infra.rglob("*.tf")):
        if ".terraform" in path.parts:
            continue
        try:
            with path.open(encoding="utf-8") as handle:
                documents[path] = hcl2.load(handle)
        except Exception as error:  # any parser error is a failure of this check
            errors.append(f"{path}: {type(error).__name__}: {error}")
    return documents, errors


def check_structure(infra: Path, documents: dict[Path, dict]) -> tuple[list[str], dict]:
    errors = []
    counts = {"variables": 0, "outputs": 0, "module calls": 0}

    for path, document in documents.items():
        for kind, count_key in (("variable", "variables"), ("output", "outputs")):
            for label, body in labelled_blocks(document, kind):
                counts[count_key] += 1
                description = unwrap(body.get("description"))
                if not isinstance(description, str) or not description.strip():
                    errors.append(f"{path}: {kind} {label!r} has no description")

    def module_variables(directory: Path) -> dict[str, bool]:
        """Variable name => has a default, over the module's *.tf files."""
        found = {}
        for path, document in documents.items():
            if path.parent == directory:
                for label, body in labelled_blocks(document, "variable"):
                    found[label] = "default" in body
        return found

    for path, document in documents.items():
        for label, body in labelled_blocks(document, "module"):
            counts["module calls"] += 1
            source = unwrap(body.get("source"))
            if not isinstance(source, str) or not source.startswith(("./", "../")):
                continue  # a registry or remote module: nothing local to compare with
            directory = (path.parent / source).resolve()
            where = f"{path}: module {label!r}"
            if not directory.is_dir() or not any(directory.glob("*.tf")):
                errors.append(f"{where}: source {source} is not a module directory")
                continue
            declared = module_variables(directory)
            passed = set(body) - META_ARGUMENTS
            for name in sorted(passed - set(declared)):
                errors.append(f"{where}: passes {name!r}, which {source} does not declare")
            for name in sorted(n for n, has_default in declared.items() if not has_default):
                if name not in passed:
                    errors.append(f"{where}: does not pass {name!r}, which {source} requires")
    return errors, counts


def checkov_executable() -> str:
    beside = Path(sys.executable).parent / "checkov"
    if beside.exists():
        return str(beside)
    found = shutil.which("checkov")
    if not found:
        raise SystemExit("checkov is not installed in this environment")
    return found


def run_checkov(root: Path, target: list[str], framework: str) -> tuple[dict, list[str]]:
    """Runs checkov (compact failures on the console, counts from its JSON report)."""
    with tempfile.TemporaryDirectory() as report_dir:
        command = [
            checkov_executable(),
            *target,
            "--framework",
            framework,
            "--quiet",
            "--compact",
            "--download-external-modules",
            "false",
            "--skip-download",
            "-o",
            "cli",
            "-o",
            "json",
            "--output-file-path",
            f"console,{report_dir}/report.json",
        ]
        # Offline: no check for a newer checkov, no policy metadata from the Bridgecrew platform.
        env = {**os.environ, "CKV_SKIP_PACKAGE_UPDATE_CHECK": "true", "BC_SKIP_MAPPING": "TRUE"}
        completed = subprocess.run(command, cwd=root, env=env, check=False)
        reports = list(Path(report_dir).glob("*.json"))
        errors = []
        if completed.returncode not in (0, 1):
            errors.append(f"checkov ({framework}) exited {completed.returncode}")
        if not reports:
            errors.append(f"checkov ({framework}) wrote no report")
            return {}, errors
        report = json.loads(reports[0].read_text())
    results = report if isinstance(report, list) else [report]
    summary = {"passed": 0, "failed": 0, "skipped": 0, "parsing_errors": 0}
    for result in results:
        for key in summary:
            summary[key] += int(result.get("summary", {}).get(key, 0))
    if summary["failed"]:
        errors.append(f"checkov ({framework}): {summary['failed']} failed checks")
    if summary["parsing_errors"]:
        errors.append(f"checkov ({framework}): {summary['parsing_errors']} unparsed files")
    if completed.returncode == 1 and not errors:
        errors.append(f"checkov ({framework}) exited 1")
    return summary, errors


def main(argv: list[str]) -> int:
    root = Path(argv[0] if argv else Path(__file__).resolve().parent.parent).resolve()
    infra = root / "infra"
    if not infra.is_dir():
        print(f"no infra/ under {root}", file=sys.stderr)
        return 2
    started = time.monotonic()
    failures = []
    lines = []

    documents, parse_errors = parse(infra)
    failures += parse_errors
    lines.append(f"parse: {len(documents)} .tf files parsed, {len(parse_errors)} errors")

    structure_errors, counts = check_structure(infra, documents)
    failures += structure_errors
    lines.append(
        "structure: "
        + ", ".join(f"{n} {what}" for what, n in counts.items())
        + f", {len(structure_errors)} problems"
    )

    scans = [("terraform", ["-d", str(infra.relative_to(root))])]
    if (root / "Dockerfile").is_file():
        scans.append(("dockerfile", ["-f", "Dockerfile"]))
    else:
        lines.append("checkov-dockerfile: no Dockerfile at the repository root")
    for framework, target in scans:
        summary, errors = run_checkov(root, target, framework)
        failures += errors
        if summary:
            tally = "{passed} passed, {failed} failed, {skipped} skipped".format(**summary)
            lines.append(f"checkov-{framework}: {tally}")

    print()
    for failure in failures:
        print(f"FAIL {failure}")
    for line in lines:
        print(line)
    print(f"check_infra: {'failed' if failures else 'ok'} in {time.monotonic() - started:.0f} s")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
