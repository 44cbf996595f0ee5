"""Rehearse the image's build and boot on the host: no container engine runs here.

    python scripts/rehearse_image.py [--keep]

Reads the Dockerfile and .dockerignore and does what `docker build` and `docker run` would, in a
fresh temporary directory standing in for the image's filesystem (the image's /app,
/var/lib/lewis and /tmp live under it; of the host it writes only uv's cache, the rehearsal
database and the rehearsal Redis database):

1. the build context: this checkout's files that .dockerignore lets in;
2. the builder stage, replayed: its WORKDIR, ENV, COPY and RUN lines (the `uv sync` steps into
   /app/.venv with the uv cache of this machine, then collectstatic), with the dependency layer
   built from the manifests alone, as in the image (one departure: uv hard-links from its cache
   instead of copying, the same files sooner);
3. the runtime stage: only the venv, the static files and deploy/ are copied; the source tree
   is deleted before anything boots. Checked: no dev/test packages, every workspace package the
   site needs installed as a wheel (no editable .pth into a source tree), bytecode compiled,
   and the code imported from the venv alone;
4. `lewis check --deploy --fail-level WARNING` in production mode, `entrypoint.sh migrate`, then
   `entrypoint.sh web` (gunicorn with deploy/gunicorn.conf.py on a free port): /healthz,
   /readyz (database, cache and broker ok), a collected static file and /api/v1/docs behind the
   load balancer's X-Forwarded-Proto, the https redirect without it, the image's HEALTHCHECK and
   /metrics; then `entrypoint.sh worker` and `beat` until `python -m lewis_site.liveness`
   says they are alive; then SIGTERM to everything, each must stop cleanly. Nothing may have
   been written under /app (read-only for the image's user).

Environment: REHEARSAL_DATABASE_URL (postgres://postgres@127.0.0.1:5432/lewis_rehearsal:
created if missing, dropped at the end), REHEARSAL_REDIS_URL (redis://127.0.0.1:6379/13: a
database it may flush). Needs `uv` on PATH. Cleans up after itself, failing or not (--keep
leaves the directory for a look). Exits non-zero on any failure, printing that step's output.
"""

import argparse
import contextlib
import fnmatch
import hashlib
import json
import os
import re
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import tomllib
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATABASE_URL = os.environ.get(
    "REHEARSAL_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/lewis_rehearsal"
)
REDIS_URL = os.environ.get("REHEARSAL_REDIS_URL", "redis://127.0.0.1:6379/13")
# The image's own directories; the rehearsal keeps them under its temporary root.
IMAGE_PATHS = ("/app", "/var/lib/lewis", "/tmp")  # noqa: S108 (the image's, mapped under ours)
# Absolute paths a builder RUN line may name besides those (read, never written).
READ_ONLY_PATHS = ("/bin/", "/usr/", "/dev/null")
DEV_PACKAGES = {
    "pytest",
    "pytest-django",
    "ruff",
    "nox",
    "import-linter",
    "moto",
    "schemathesis",
    "openapi-python-client",
}
# Host variables the rehearsal passes on: the tools' own (uv's cache and index, certificates),
# never the app's settings (those come from the Dockerfile and the production env below).
PASS_ENV = re.compile(
    r"^(PATH|HOME|LANG|LC_\w+|TERM|USER|LOGNAME|UV_\w+|PIP_\w+|SSL_\w+|"
    r"REQUESTS_CA_BUNDLE|CURL_CA_BUNDLE|XDG_CACHE_HOME)$"
)
DROP_UV_ENV = {"UV_PROJECT_ENVIRONMENT", "UV_PYTHON", "UV_SYSTEM_PYTHON"}
# The one departure from the Dockerfile's ENV: the image copies out of uv's cache (a build
# mount, gone afterwards); here hard links from the host's cache install the same files, in
# half the time on this disk.
HOST_OVERRIDES = {"UV_LINK_MODE": "hardlink"}
STATIC_CANDIDATES = ("wagtailadmin/css/core.css", "admin/css/base.css")


class Failed(Exception):
    def __init__(self, message: str, output: str = ""):
        super().__init__(message)
        self.output = output


# --- reporting ------------------------------------------------------------------------------


@dataclass
class Report:
    started: float = field(default_factory=time.monotonic)
    steps: list[tuple[str, float, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @contextlib.contextmanager
    def step(self, name: str) -> Iterator[None]:
        began = time.monotonic()
        print(f"-> {name}", flush=True)
        try:
            yield
        except Failed:
            self.steps.append((name, time.monotonic() - began, "FAILED"))
            raise
        except Exception as error:
            self.steps.append((name, time.monotonic() - began, "FAILED"))
            raise Failed(f"{type(error).__name__}: {error}") from error
        self.steps.append((name, time.monotonic() - began, "ok"))

    def note(self, text: str) -> None:
        print(f"   note: {text}", flush=True)
        self.notes.append(text)

    def summary(self, outcome: str) -> None:
        print("\n=== image rehearsal: " + outcome + " ===")
        for name, seconds, status in self.steps:
            print(f"  {status:6} {seconds:6.1f} s  {name}")
        for text in self.notes:
            print(f"  note: {text}")
        print(f"  total  {time.monotonic() - self.started:6.1f} s")


def run(argv, *, env, cwd, timeout=600, shell=False) -> str:
    """Runs a command to completion; its output, or Failed with it."""
    result = subprocess.run(
        argv,
        env=env,
        cwd=cwd,
        shell=shell,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=timeout,
        check=False,
    )
    if result.returncode != 0:
        shown = argv if isinstance(argv, str) else shlex.join(str(a) for a in argv)
        raise Failed(f"exit {result.returncode}: {shown}", result.stdout)
    return result.stdout


def tail(text: str, lines: int = 120) -> str:
    kept = text.rstrip().splitlines()
    cut = len(kept) - lines
    return (f"[... {cut} lines ...]\n" if cut > 0 else "") + "\n".join(kept[-lines:])


# --- the build context ----------------------------------------------------------------------


def ignore_patterns(text: str) -> list[tuple[bool, list[str]]]:
    """.dockerignore: (negated, path components) per pattern, in order."""
    patterns = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        negated = line.startswith("!")
        pattern = os.path.normpath(line.lstrip("!").strip().strip("/"))
        patterns.append((negated, pattern.split("/")))
    return patterns


def match_parts(pattern: list[str], parts: list[str]) -> bool:
    """Docker's pattern match (filepath.Match per component, `**` any number of them)."""
    if not pattern:
        return not parts
    if pattern[0] == "**":
        return any(match_parts(pattern[1:], parts[i:]) for i in range(len(parts) + 1))
    return (
        bool(parts)
        and fnmatch.fnmatchcase(parts[0], pattern[0])
        and match_parts(pattern[1:], parts[1:])
    )


def excluded(parts: list[str], patterns) -> bool:
    """Docker's rule: the last pattern matching the path, or one of its parents, decides."""
    verdict = False
    for negated, pattern in patterns:
        if any(match_parts(pattern, parts[:n]) for n in range(1, len(parts) + 1)):
            verdict = not negated
    return verdict


def could_reinclude(parts: list[str], patterns) -> bool:
    """Whether a `!pattern` might let in something under an excluded directory."""
    for negated, pattern in patterns:
        if not negated:
            continue
        prefix = pattern[: len(parts)]
        if "**" in pattern[: len(parts) + 1] or match_parts(prefix, parts[: len(prefix)]):
            return True
    return False


def build_context(destination: Path) -> list[str]:
    """Copies what `docker build .` would send (the working tree, as Docker sees it)."""
    patterns = ignore_patterns((ROOT / ".dockerignore").read_text())
    files = []
    for directory, dirnames, filenames in os.walk(ROOT):
        relative = Path(directory).relative_to(ROOT)
        base = [] if str(relative) == "." else list(relative.parts)
        for name in list(dirnames):
            parts = [*base, name]
            if excluded(parts, patterns) and not could_reinclude(parts, patterns):
                dirnames.remove(name)
        for name in filenames:
            parts = [*base, name]
            if not excluded(parts, patterns):
                files.append("/".join(parts))
    for name in files:
        target = destination / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)
    return sorted(files)


# --- the Dockerfile -------------------------------------------------------------------------


@dataclass
class Instruction:
    line: int
    keyword: str
    rest: str


@dataclass
class Stage:
    name: str
    image: str
    instructions: list[Instruction] = field(default_factory=list)


def parse_dockerfile(text: str) -> tuple[list[Stage], dict[str, str]]:
    stages: list[Stage] = []
    global_args: dict[str, str] = {}
    pending, first = "", 0
    for number, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        if stripped.startswith("#") or (not stripped and not pending):
            continue
        if not pending:
            first = number
        if stripped.endswith("\\"):
            pending += stripped[:-1] + " "
            continue
        logical, pending = pending + stripped, ""
        if not logical:
            continue
        keyword, _, rest = logical.partition(" ")
        keyword, rest = keyword.upper(), rest.strip()
        if keyword == "FROM":
            words = rest.split()
            name = words[2] if len(words) >= 3 and words[1].lower() == "as" else str(len(stages))
            stages.append(Stage(name=name, image=words[0]))
        elif not stages and keyword == "ARG":
            key, _, value = rest.partition("=")
            global_args[key] = value
        else:
            stages[-1].instructions.append(Instruction(first, keyword, rest))
    return stages, global_args


VARIABLE = re.compile(r"\$(?:\{(\w+)(?::-([^}]*))?\}|(\w+))")


def expand(value: str, env: dict[str, str]) -> str:
    """Dockerfile variable substitution: $NAME, ${NAME}, ${NAME:-default}."""

    def replace(match: re.Match) -> str:
        name, default = match.group(1) or match.group(3), match.group(2)
        if default is not None:
            return env.get(name) or default
        return env.get(name, "")

    return VARIABLE.sub(replace, value)


def env_pairs(rest: str, env: dict[str, str]) -> dict[str, str]:
    words = shlex.split(rest)
    if words and "=" not in words[0]:  # the legacy `ENV NAME value` form
        return {words[0]: expand(" ".join(words[1:]), env)}
    pairs = {}
    for word in words:
        key, _, value = word.partition("=")
        pairs[key] = expand(value, {**env, **pairs})
    return pairs


def flags_and_words(rest: str) -> tuple[dict[str, str], list[str]]:
    if rest.startswith("["):
        return {}, json.loads(rest)
    flags, words = {}, []
    for word in shlex.split(rest):
        if word.startswith("--") and not words:
            key, _, value = word[2:].partition("=")
            flags[key] = value
        else:
            words.append(word)
    return flags, words


class ImageFS:
    """The image's paths (/app, /var/lib/lewis, /tmp) under a host directory."""

    def __init__(self, root: Path):
        self.root = root

    def host(self, path: str) -> Path:
        if not path.startswith("/"):
            raise Failed(f"not an absolute image path: {path}")
        if not any(path == p or path.startswith(p + "/") for p in IMAGE_PATHS):
            raise Failed(
                f"the rehearsal keeps only {', '.join(IMAGE_PATHS)}; the Dockerfile uses {path}"
            )
        return self.root / path.lstrip("/")

    def translate(self, text: str) -> str:
        """Image paths in a command or a value, as the rehearsal's host paths."""
        prefixes = "|".join(re.escape(p) for p in IMAGE_PATHS)
        return re.sub(
            rf"(?:(?<=^)|(?<=[\s=:\"'(]))({prefixes})(?=[/\s\"':;)]|$)",
            lambda m: str(self.root) + m.group(1),
            text,
        )


def copy_into(
    sources: list[Path], destination: str, target: Path, chmod: str | None, link: bool
) -> None:
    """COPY's rules: a directory's contents go into the target; several sources need a dir.
    With `link`, files are hard links (from a stage deleted afterwards: the same result, without
    copying half a gigabyte of venv again)."""
    into_dir = destination.endswith("/") or len(sources) > 1 or target.is_dir()
    # Never chmod through a hard link: it could be one into uv's cache.
    copy_file = os.link if link and not chmod else shutil.copy2
    copied: list[Path] = []
    for source in sources:
        if not source.exists():
            raise Failed(f"COPY: {source.name} is not in the build context (.dockerignore?)")
        if source.is_dir():
            shutil.copytree(
                source, target, symlinks=True, dirs_exist_ok=True, copy_function=copy_file
            )
            copied.append(target)
        else:
            place = target / source.name if into_dir else target
            place.parent.mkdir(parents=True, exist_ok=True)
            copy_file(source, place)
            copied.append(place)
    if chmod:
        mode = int(chmod, 8)
        for path in copied:
            for item in [path, *path.rglob("*")] if path.is_dir() else [path]:
                item.chmod(mode)


@dataclass
class Built:
    root: Path  # the runtime stage's filesystem
    env: dict[str, str]  # its ENV, as host paths
    workdir: Path
    entrypoint: list[str]
    healthcheck: list[str] | None
    venv: Path


def workspace_members() -> dict[str, str]:
    """Workspace packages (name -> directory) from uv.lock."""
    lock = tomllib.loads((ROOT / "uv.lock").read_text())
    return {
        package["name"]: package["source"]["editable"]
        for package in lock["package"]
        if "editable" in package.get("source", {})
    }


def site_closure() -> set[str]:
    """The workspace packages lewis-site needs (itself included), from uv.lock."""
    lock = tomllib.loads((ROOT / "uv.lock").read_text())
    graph = {p["name"]: [d["name"] for d in p.get("dependencies", [])] for p in lock["package"]}
    members = set(workspace_members())
    seen, todo = set(), ["lewis-site"]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        todo.extend(graph.get(name, []))
    return seen & members


def replay(
    stages: list[Stage],
    global_args: dict[str, str],
    context: Path,
    temp: Path,
    base_env: dict[str, str],
    report: Report,
) -> Built:
    """Replays the Dockerfile's stages that build this project; returns the last (runtime)."""
    roots: dict[str, Path] = {}
    current = temp / "root"
    members = workspace_members()
    for index, stage in enumerate(stages):
        stage_image = expand(stage.image, global_args)
        if not stage.instructions:
            # A stage that only names an image (the uv binary): the host's uv stands in for it.
            if "astral-sh/uv:" in stage_image:
                wanted = stage_image.rsplit(":", 1)[1]
                have = run(["uv", "--version"], env=base_env, cwd=temp).split()[1]
                if have != wanted:
                    report.note(f"host uv {have} stands in for the image's uv {wanted}")
            continue
        last = index == len(stages) - 1
        if current.exists():  # the previous stage's filesystem moves aside, to copy from
            aside = temp / f"stage-{len(roots)}"
            current.rename(aside)
            for name, path in roots.items():
                if path == current:
                    roots[name] = aside
        current.mkdir(parents=True)
        fs = ImageFS(current)
        roots[stage.name] = current
        args = dict(global_args)
        env: dict[str, str] = {}
        workdir = "/"
        entrypoint: list[str] = []
        healthcheck = None
        first_sync_checked = False
        for instruction in stage.instructions:
            keyword, rest = instruction.keyword, instruction.rest
            where = f"Dockerfile:{instruction.line}"
            if keyword == "ARG":
                key, _, value = rest.partition("=")
                args[key] = value
            elif keyword == "ENV":  # image paths become host paths before $PATH is expanded
                env.update(env_pairs(fs.translate(rest), {**base_env, **args, **env}))
            elif keyword == "WORKDIR":
                workdir = rest
                fs.host(workdir).mkdir(parents=True, exist_ok=True)
            elif keyword == "COPY":
                flags, words = flags_and_words(rest)
                *sources, destination = words
                destination = (
                    destination
                    if destination.startswith("/")
                    else (workdir.rstrip("/") + "/" + destination)
                )
                if "from" in flags:
                    if flags["from"] not in roots:
                        continue  # from an image the host stands in for (uv)
                    origin = roots[flags["from"]]
                    paths = [origin / s.lstrip("/") for s in sources]
                else:
                    paths = [context / s for s in sources]
                target = fs.host(destination.rstrip("/") if destination != "/" else destination)
                copy_into(paths, destination, target, flags.get("chmod"), link="from" in flags)
            elif keyword == "RUN" and last:
                report.note(f"{where}: RUN skipped on the host (user and directories): {rest[:60]}")
            elif keyword == "RUN":
                command = rest
                while command.startswith("--"):  # --mount=type=cache...: the host's uv cache
                    command = command.split(None, 1)[1]
                command = fs.translate(command)
                for word in shlex.split(command):
                    if word.startswith("/") and not (
                        word.startswith(str(temp)) or word.startswith(READ_ONLY_PATHS)
                    ):
                        raise Failed(f"{where}: RUN names {word}, outside the image's paths")
                if "uv sync" in command and not first_sync_checked:
                    first_sync_checked = True
                    base = fs.host(workdir)
                    missing = [
                        d for d in members.values() if not (base / d / "pyproject.toml").exists()
                    ]
                    if missing:
                        raise Failed(
                            f"{where}: the dependency layer lacks the manifests of "
                            + ", ".join(missing)
                            + " (add a COPY line for each workspace member)"
                        )
                host_env = {**base_env, **env, **HOST_OVERRIDES}
                began = time.monotonic()
                # A RUN line is shell form: /bin/sh -c, as Docker runs it.
                run(command, env=host_env, cwd=fs.host(workdir), shell=True, timeout=900)  # noqa: S604
                print(f"   {where} ({time.monotonic() - began:.1f} s): {command}", flush=True)
            elif keyword == "ENTRYPOINT":
                entrypoint = json.loads(rest)
            elif keyword == "HEALTHCHECK":
                _, _, command = rest.partition("CMD")
                healthcheck = json.loads(command.strip())
        if last:
            host_env = {**base_env, **env}
            for key in ("VAR_DIR", "PROMETHEUS_MULTIPROC_DIR", "STATIC_ROOT"):
                if key in host_env:
                    Path(host_env[key]).mkdir(parents=True, exist_ok=True)
            venv = Path(host_env["PATH"].split(":")[0]).parent
            # The builder stages (with the source tree) are gone, as in the image.
            for path in roots.values():
                if path != current:
                    shutil.rmtree(path)
            return Built(
                root=current,
                env=host_env,
                workdir=fs.host(workdir),
                entrypoint=[fs.translate(word) for word in entrypoint],
                healthcheck=healthcheck,
                venv=venv,
            )
    raise Failed("the Dockerfile has no runtime stage")


# --- the runtime checks ---------------------------------------------------------------------

INSPECT = r"""
import importlib, importlib.metadata as md, json, pathlib, sys, sysconfig
site = pathlib.Path(sysconfig.get_paths()["purelib"])
dists = {}
for d in md.distributions():
    direct = d.read_text("direct_url.json")
    dists[d.metadata["Name"].lower().replace("_", "-")] = json.loads(direct) if direct else None
pth = {p.name: p.read_text() for p in site.glob("*.pth")}
modules = {}
for name in sys.argv[1:]:
    module = importlib.import_module(name)
    modules[name] = module.__file__
print(json.dumps({"site": str(site), "dists": dists, "pth": pth, "modules": modules}))
"""


def check_venv(built: Built, report: Report) -> None:
    python = built.venv / "bin" / "python"
    needed = site_closure()
    modules = [name.replace("-", "_") for name in sorted(needed)]
    out = run([python, "-c", INSPECT, *modules], env=built.env, cwd=built.workdir)
    facts = json.loads(out.strip().splitlines()[-1])
    present = set(facts["dists"])
    dev = sorted(present & DEV_PACKAGES)
    if dev:
        raise Failed("dev/test packages in the image's venv: " + ", ".join(dev))
    missing = sorted(needed - present)
    if missing:
        raise Failed("workspace packages missing from the venv: " + ", ".join(missing))
    for name in sorted(needed):
        direct = facts["dists"][name] or {}
        if direct.get("dir_info", {}).get("editable"):
            raise Failed(f"{name} is installed editable (points at {direct.get('url')})")
    for name, text in facts["pth"].items():
        for line in text.splitlines():
            if line.strip().startswith("/") and not line.strip().startswith(str(built.root)):
                raise Failed(f"{name} in site-packages points outside the image: {line.strip()}")
    for name, path in facts["modules"].items():
        if not path.startswith(facts["site"]):
            raise Failed(f"{name} imports from {path}, not from the venv")
    compiled = list((Path(facts["site"]) / "lewis_site" / "__pycache__").glob("settings.*.pyc"))
    if not compiled:
        raise Failed("lewis_site has no compiled bytecode (UV_COMPILE_BYTECODE)")
    print(
        f"   {len(present)} distributions; workspace wheels: {', '.join(sorted(needed))}; "
        "no dev/test packages",
        flush=True,
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def http(url: str, headers: dict[str, str] | None = None, timeout: float = 10):
    """GET without following redirects: (status, headers, body)."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 (http://127.0.0.1)
    try:
        with opener.open(request, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@dataclass
class Process:
    name: str
    popen: subprocess.Popen
    log: Path

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""


class Processes:
    def __init__(self, logs: Path):
        self.logs = logs
        self.running: list[Process] = []

    def start(self, name: str, argv: list[str], env, cwd) -> Process:
        log = self.logs / f"{name}.log"
        handle = log.open("w")
        popen = subprocess.Popen(
            argv, env=env, cwd=cwd, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True
        )
        handle.close()
        process = Process(name, popen, log)
        self.running.append(process)
        return process

    def stop(self, stopping: list[Process], timeout: float = 30) -> dict[str, int]:
        """SIGTERM to each at once, as `docker compose stop` sends; their exit codes, or Failed
        for one still running after the timeout."""
        for process in stopping:
            if process.popen.poll() is None:
                process.popen.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + timeout
        codes = {}
        for process in stopping:
            try:
                codes[process.name] = process.popen.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                self.kill(process)
                raise Failed(
                    f"{process.name} did not stop within {timeout:.0f} s of SIGTERM",
                    process.output(),
                ) from None
            self.running.remove(process)
        return codes

    def kill(self, process: Process) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.popen.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.popen.wait(10)
        if process in self.running:
            self.running.remove(process)

    def kill_all(self) -> None:
        for process in list(self.running):
            self.kill(process)


def wait_until(what: str, probe, process: Process, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        if process.popen.poll() is not None:
            raise Failed(
                f"{process.name} exited ({process.popen.returncode}) before {what}",
                process.output(),
            )
        last = probe()
        if last is True:
            return
        time.sleep(0.5)
    raise Failed(f"{what}: not within {timeout:.0f} s ({last})", process.output())


def snapshot(directory: Path) -> dict[str, str]:
    state = {}
    for path in sorted(directory.rglob("*")):
        if path.is_file() and not path.is_symlink():
            stat = path.stat()
            state[str(path.relative_to(directory))] = f"{stat.st_size}:{stat.st_mtime_ns}"
    return state


def venv_python(built: Built, code: str, *args: str) -> str:
    return run([built.venv / "bin" / "python", "-c", code, *args], env=built.env, cwd=built.workdir)


DATABASE = r"""
import sys, urllib.parse, psycopg
from psycopg import sql
url = urllib.parse.urlsplit(sys.argv[2]); name = url.path.lstrip("/")
admin = urllib.parse.urlunsplit(url._replace(path="/postgres"))
with psycopg.connect(admin, autocommit=True) as connection:
    exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
    if sys.argv[1] == "create" and not exists:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        print("created")
    elif sys.argv[1] == "drop" and exists:
        connection.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
        print("dropped")
"""
FLUSH_REDIS = "import sys, redis; redis.Redis.from_url(sys.argv[1]).flushdb()"
HAS_MODULE = "import importlib.util, sys; print(importlib.util.find_spec(sys.argv[1]) is not None)"


def boot(built: Built, temp: Path, report: Report, processes: Processes) -> None:
    entry = built.entrypoint
    secret_key = secrets.token_urlsafe(50)
    with report.step("production settings: a signing key, the rehearsal database"):
        jwt_key = run(
            [built.venv / "bin" / "python", "-m", "lewis_accounts.keys"],
            env=built.env,
            cwd=built.workdir,
        )
        created = venv_python(built, DATABASE, "create", DATABASE_URL).strip()
        print(f"   {DATABASE_URL} {created or 'exists'}; Redis {REDIS_URL}", flush=True)
        venv_python(built, FLUSH_REDIS, REDIS_URL)
    port = free_port()
    metrics_token = secrets.token_urlsafe(24)
    env = {
        **built.env,
        "DATABASE_URL": DATABASE_URL,
        "REDIS_URL": REDIS_URL,
        "SECRET_KEY": secret_key,
        "JWT_PRIVATE_KEY": jwt_key,
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "PUBLIC_URL": "https://api.lewis.example",
        "SECURE_SSL_REDIRECT": "true",
        "METRICS_TOKEN": metrics_token,
        "PORT": str(port),
    }
    has_liveness = venv_python(built, HAS_MODULE, "lewis_site.liveness").strip() == "True"
    before = snapshot(built.workdir)

    with report.step("lewis check --deploy --fail-level WARNING"):
        out = run(
            [*entry, "lewis", "check", "--deploy", "--fail-level", "WARNING"],
            env=env,
            cwd=built.workdir,
        )
        print("   " + tail(out, 3).replace("\n", "\n   "), flush=True)

    with report.step("entrypoint.sh migrate"):
        out = run([*entry, "migrate"], env=env, cwd=built.workdir)
        applied = sum(1 for line in out.splitlines() if " OK" in line or '"OK' in line)
        print(f"   {applied} migration lines OK", flush=True)

    base = f"http://127.0.0.1:{port}"
    behind_alb = {"X-Forwarded-Proto": "https"}
    role_env = {}
    for role in ("worker", "beat"):  # a container each: their own metrics directory
        role_env[role] = {**env, "PROMETHEUS_MULTIPROC_DIR": str(temp / f"metrics-{role}")}
    with report.step(f"entrypoint.sh web (gunicorn on :{port}), worker, beat: /healthz answers"):
        web = processes.start("web", [*entry, "web"], env, built.workdir)
        # Started now, judged later: they boot while the web checks run.
        worker = processes.start("worker", [*entry, "worker"], role_env["worker"], built.workdir)
        beat = processes.start("beat", [*entry, "beat"], role_env["beat"], built.workdir)

        def healthz():
            with contextlib.suppress(OSError):
                return http(f"{base}/healthz", timeout=2)[0] == 200 or "not 200"
            return "no answer"

        wait_until("/healthz answered 200", healthz, web, timeout=60)

    with report.step("/readyz: database, cache and broker ok"):
        status, _, body = http(f"{base}/readyz")
        payload = json.loads(body or b"{}")
        checks = payload.get("checks", {})
        if status != 200 or payload.get("status") != "ok":
            raise Failed(f"/readyz answered {status}: {body[:500]!r}", web.output())
        for name in ("database", "cache"):
            if checks.get(name) != "ok":
                raise Failed(f"/readyz {name}: {checks.get(name)}", web.output())
        if "broker" in checks:
            if checks["broker"] != "ok":
                raise Failed(f"/readyz broker: {checks['broker']}", web.output())
        else:
            report.note("/readyz has no broker check yet")
        print(f"   {json.dumps(payload)}", flush=True)

    with report.step("static files and the API docs, served in production mode"):
        static_root = Path(env["STATIC_ROOT"]) if "STATIC_ROOT" in env else None
        candidates = [c for c in STATIC_CANDIDATES if static_root and (static_root / c).exists()]
        if not candidates:
            raise Failed(f"none of {STATIC_CANDIDATES} collected into {static_root}")
        url = f"{base}/static/{candidates[0]}"
        status, headers, body = http(url, behind_alb)
        expected = (static_root / candidates[0]).read_bytes()
        if status != 200 or hashlib.sha256(body).digest() != hashlib.sha256(expected).digest():
            raise Failed(f"GET {url}: {status}, {len(body)} bytes", web.output())
        status, _, body = http(f"{base}/api/v1/docs", behind_alb)
        if status != 200:
            raise Failed(f"GET /api/v1/docs: {status}: {body[:300]!r}", web.output())
        status, headers, _ = http(f"{base}/api/v1/docs")
        location = headers.get("Location", "")
        if status != 301 or not location.startswith("https://"):
            raise Failed(f"plain http /api/v1/docs: {status} {location} (expected 301 to https)")
        print(
            f"   /static/{candidates[0]} 200 ({len(body)} bytes), /api/v1/docs 200, "
            "plain http 301 to https",
            flush=True,
        )

    with report.step("the image's HEALTHCHECK and /metrics"):
        if built.healthcheck and has_liveness:
            run(built.healthcheck, env=env, cwd=built.workdir, timeout=30)
            print(f"   HEALTHCHECK {shlex.join(built.healthcheck)}: exit 0", flush=True)
        elif built.healthcheck:
            report.note("HEALTHCHECK not run: lewis_site.liveness is not in the site yet")
        status, _, body = http(f"{base}/metrics", {"Authorization": f"Bearer {metrics_token}"})
        multiproc = Path(env.get("PROMETHEUS_MULTIPROC_DIR", "/nonexistent"))
        if status == 200:
            if b"lewis_http_requests" not in body:
                raise Failed("/metrics has no lewis_http_requests", body[:2000].decode())
            files = list(multiproc.glob("*.db"))
            if not files:
                raise Failed(
                    f"/metrics answered, but nothing in PROMETHEUS_MULTIPROC_DIR {multiproc}"
                )
            print(
                f"   /metrics 200, {len(body.splitlines())} lines; {len(files)} multiprocess files",
                flush=True,
            )
        elif status == 404:
            report.note("/metrics answered 404 (not in the site yet, or METRICS_TOKEN set)")
        else:
            raise Failed(f"/metrics answered {status}", web.output())

    with report.step("worker and beat: alive"):
        for process in (worker, beat):
            if has_liveness:
                argv = [
                    str(built.venv / "bin" / "python"),
                    "-m",
                    "lewis_site.liveness",
                    process.name,
                ]

                def alive(argv=argv, process=process):
                    result = subprocess.run(
                        argv,
                        env=role_env[process.name],
                        cwd=built.workdir,
                        capture_output=True,
                        text=True,
                        check=False,
                    )
                    return result.returncode == 0 or result.stderr.strip()

                wait_until(f"liveness {process.name}", alive, process, timeout=30)
            else:
                marker = "ready." if process.name == "worker" else "beat: Starting"
                wait_until(
                    f"{process.name} logged {marker!r}",
                    lambda process=process, marker=marker: marker in process.output() or "waiting",
                    process,
                    timeout=30,
                )
        if not has_liveness:
            report.note("lewis_site.liveness is not in the site yet: worker/beat judged by log")
        print(
            f"   worker and beat alive ({'liveness' if has_liveness else 'log lines'})", flush=True
        )

    with report.step("SIGTERM: web, worker and beat stop cleanly"):
        codes = processes.stop([beat, worker, web])
        bad = {name: code for name, code in codes.items() if code != 0}
        if bad:
            outputs = "\n".join(
                f"--- {p.name}\n{tail(p.output(), 40)}" for p in (web, worker, beat)
            )
            raise Failed(f"exit codes after SIGTERM: {bad}", outputs)
        print(f"   exit codes {codes}", flush=True)

    with report.step("nothing written under /app (read-only for the image's user)"):
        after = snapshot(built.workdir)
        written = sorted(k for k in after if before.get(k) != after[k])
        if written:
            raise Failed("written under the image's /app at run time: " + ", ".join(written[:10]))

    with report.step("log lines are JSON (LOG_FORMAT=json)"):
        plain = []
        total = 0
        for process in (web, worker, beat):
            for line in process.output().splitlines():
                if not line.strip():
                    continue
                total += 1
                try:
                    json.loads(line)
                except ValueError:
                    plain.append(f"{process.name}: {line[:160]}")
        if plain:
            as_root = (
                " (run as root here: Celery's superuser warning is one)"
                if os.geteuid() == 0
                else ""
            )
            report.note(f"{len(plain)} of {total} log lines are not JSON{as_root}")
            for line in plain[:8]:
                print(f"   not JSON: {line}", flush=True)
        else:
            print(f"   all {total} lines JSON", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    options = parser.parse_args()
    report = Report()

    def interrupted(signum, frame):  # a SIGTERM (nox, CI) cleans up as Ctrl+C does
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupted)
    temp = Path(tempfile.mkdtemp(prefix="lewis-image-"))
    (temp / "logs").mkdir()
    processes = Processes(temp / "logs")
    base_env = {k: v for k, v in os.environ.items() if PASS_ENV.match(k) and k not in DROP_UV_ENV}
    if os.environ.get("VIRTUAL_ENV"):  # a calling venv (nox's) is no part of the image
        venv_bin = str(Path(os.environ["VIRTUAL_ENV"]) / "bin")
        base_env["PATH"] = ":".join(p for p in base_env["PATH"].split(":") if p != venv_bin)
    built = None
    outcome = "FAILED"
    try:
        with report.step("build context (.dockerignore)"):
            context = temp / "context"
            files = build_context(context)
            forbidden = [
                f
                for f in files
                if re.search(
                    r"(^|/)(\.env|var|\.venv|\.git|\.nox|\.tools|__pycache__)(/|$)|\.sqlite3$", f
                )
            ]
            if forbidden:
                raise Failed("the build context lets in: " + ", ".join(forbidden[:10]))
            print(f"   {len(files)} files", flush=True)
        with report.step("Dockerfile: builder and runtime stages replayed"):
            stages, global_args = parse_dockerfile((ROOT / "Dockerfile").read_text())
            built = replay(stages, global_args, context, temp, base_env, report)
            shutil.rmtree(context)
        with report.step("runtime venv: wheels only, no dev packages, no source tree"):
            check_venv(built, report)
        boot(built, temp, report, processes)
        outcome = "passed"
    except Failed as failure:
        print(f"\nFAILED: {failure}", file=sys.stderr)
        if failure.output:
            print("--- output ---\n" + tail(failure.output), file=sys.stderr)
        for process in processes.running:
            print(
                f"--- {process.name} (still running) ---\n{tail(process.output(), 40)}",
                file=sys.stderr,
            )
    except KeyboardInterrupt:
        print("\ninterrupted", file=sys.stderr)
    finally:
        processes.kill_all()
        if built is not None:
            with contextlib.suppress(Failed, OSError, subprocess.TimeoutExpired):
                if (
                    urllib.parse.urlsplit(DATABASE_URL)
                    .path.lstrip("/")
                    .startswith("lewis_rehearsal")
                ):
                    venv_python(built, DATABASE, "drop", DATABASE_URL)
                venv_python(built, FLUSH_REDIS, REDIS_URL)
        if options.keep:
            print(f"kept {temp}")
        else:
            shutil.rmtree(temp, ignore_errors=True)
        report.summary(outcome)
    return 0 if outcome == "passed" else 1


if __name__ == "__main__":
    sys.exit(main())
