"""compose.yaml is a valid Compose file, and keeps the promises the schema cannot check.

    python scripts/check_compose.py [repo_root]

1. Validates compose.yaml against the Compose Specification's JSON schema: the copy vendored
   in check-jsonschema (`check-jsonschema --builtin-schema vendor.compose-spec`), so it works
   offline and moves only when the pinned check-jsonschema does. Its checksum is verified.
2. Then: every `depends_on` target is a service; every named volume a service mounts is
   declared; every long-running service of the app image has a health check (one-shots, with
   `restart: "no"`, switch the image's web check off instead); beat is never scaled past one;
   every required interpolation (`${NAME:?...}`) is documented in the file's header comment.

Needs PyYAML and check-jsonschema (which brings jsonschema).
"""

import hashlib
import importlib.metadata
import importlib.resources
import json
import re
import sys
from pathlib import Path

import jsonschema
import yaml

SCHEMA_PACKAGE = "check_jsonschema.builtin_schemas.vendor"
SCHEMA_NAME = "compose-spec"
REQUIRED_VARIABLE = re.compile(r"(?<!\$)\$\{([A-Za-z_][A-Za-z0-9_]*):?\?")
ONE_SHOT = "no"


def compose_schema() -> tuple[dict, str]:
    """The vendored schema and a line naming where it came from; its checksum verified."""
    vendor = importlib.resources.files(SCHEMA_PACKAGE)
    raw = (vendor / f"{SCHEMA_NAME}.json").read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    expected = (vendor / "sha256" / f"{SCHEMA_NAME}.sha256").read_text().strip()
    if digest != expected:
        raise SystemExit(f"The vendored {SCHEMA_NAME} schema does not match its sha256 file.")
    schema = json.loads(raw)
    version = importlib.metadata.version("check-jsonschema")
    origin = f"check-jsonschema {version}, vendor.{SCHEMA_NAME}, sha256 {digest[:12]}"
    return schema, origin


def schema_errors(document: dict, schema: dict) -> list[str]:
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema)
    errors = []
    for error in sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path)):
        where = "/".join(str(part) for part in error.absolute_path) or "(top level)"
        errors.append(f"{where}: {error.message}")
    return errors


def header_comment(text: str) -> str:
    """The comment lines at the top of the file (before the first line of YAML)."""
    lines = []
    for line in text.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            break
        lines.append(line)
    return "\n".join(lines)


def depends_on(service: dict) -> list[str]:
    targets = service.get("depends_on") or []
    return list(targets) if isinstance(targets, dict | list) else []


def app_image(document: dict) -> set[str]:
    """The images built from this repository (the services with a `build`)."""
    return {
        service["image"]
        for service in (document.get("services") or {}).values()
        if "build" in service and "image" in service
    }


def runs_app(service: dict, images: set[str]) -> bool:
    return "build" in service or service.get("image") in images


def command_words(service: dict) -> list[str]:
    command = service.get("command") or []
    return command.split() if isinstance(command, str) else [str(word) for word in command]


def policy_errors(document: dict, text: str) -> list[str]:
    errors = []
    services = document.get("services") or {}
    declared_volumes = set((document.get("volumes") or {}).keys())
    images = app_image(document)
    for name, service in services.items():
        for target in depends_on(service):
            if target not in services:
                errors.append(f"services/{name}/depends_on: no service named {target!r}")
        for volume in service.get("volumes") or []:
            source = volume.split(":", 1)[0] if isinstance(volume, str) else volume.get("source")
            kind = "volume" if isinstance(volume, str) else volume.get("type", "volume")
            if (
                kind == "volume"
                and source
                and not source.startswith((".", "/", "~", "$"))
                and source not in declared_volumes
            ):
                errors.append(f"services/{name}/volumes: {source!r} is not declared under volumes")
        if runs_app(service, images):
            healthcheck = service.get("healthcheck") or {}
            one_shot = str(service.get("restart", "")) == ONE_SHOT
            if one_shot and not healthcheck.get("disable"):
                errors.append(
                    f"services/{name}: a one-shot of the app image must disable the image's "
                    "(web) health check: healthcheck: {disable: true}"
                )
            if not one_shot and (healthcheck.get("disable") or not healthcheck.get("test")):
                errors.append(f"services/{name}: runs the app image but has no health check")
        if "beat" in command_words(service):
            replicas = (service.get("deploy") or {}).get("replicas", 1)
            scale = service.get("scale", 1)
            if int(replicas) > 1 or int(scale) > 1:
                errors.append(f"services/{name}: beat must run exactly once (replicas/scale 1)")
    header = header_comment(text)
    for variable in sorted(set(REQUIRED_VARIABLE.findall(text))):
        if not re.search(rf"\b{re.escape(variable)}\b", header):
            errors.append(f"${{{variable}}} is required but not explained in the header comment")
    return errors


def main(argv: list[str]) -> int:
    root = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent.parent
    path = root / "compose.yaml"
    text = path.read_text()
    document = yaml.safe_load(text)
    if not isinstance(document, dict):
        print(f"{path}: not a mapping", file=sys.stderr)
        return 1
    schema, origin = compose_schema()
    errors = [f"schema: {error}" for error in schema_errors(document, schema)]
    errors += [f"policy: {error}" for error in policy_errors(document, text)]
    if errors:
        print(f"{path}: {len(errors)} problem(s)", file=sys.stderr)
        for error in errors:
            print(f"  {error}", file=sys.stderr)
        return 1
    services = document.get("services") or {}
    print(f"{path.name}: valid against the Compose Specification ({origin})")
    print(
        f"{path.name}: {len(services)} services; depends_on targets, named volumes, app health "
        "checks, a single beat and documented required variables all hold"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
