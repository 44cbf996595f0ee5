"""What on-call sees: request ids and one log line per request and task, /metrics, readiness
that names what failed, liveness of worker and beat, 503 (not 500) while the database is away,
and error reports with nothing personal in them."""

import contextlib
import io
import json
import logging
import time
import uuid
from wsgiref.util import setup_testing_defaults

import pytest
import sentry_sdk
from celery.contrib.testing.worker import start_worker
from django.core import mail, signals
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.db import close_old_connections, connection
from django.test import override_settings
from pythonjsonlogger.orjson import OrjsonFormatter as JsonFormatter
from sentry_sdk.transport import Transport

from lewis_site import broker, liveness, logs
from lewis_site.celery import Scheduler, app
from lewis_site.config import LewisSettings
from lewis_site.error_reporting import start_sentry
from lewis_site.tasks import clear_expired_sessions
from lewis_site.wsgi import application  # sets Django up again: before any test captures logs

from .conftest import services_only

ADMINS = [("On call", "oncall@lewis.example")]


def wsgi_get(path: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    """A request through the real WSGI entry point (request log, fast path, Django)."""
    environ: dict = {"PATH_INFO": path.split("?")[0], "QUERY_STRING": path.partition("?")[2]}
    setup_testing_defaults(environ)
    environ["HTTP_HOST"] = "127.0.0.1"
    for name, value in headers.items():
        environ["HTTP_" + name.upper().replace("-", "_")] = value
    answer = {}

    def start_response(status, response_headers, exc_info=None):
        answer["status"] = int(status.split()[0])
        answer["headers"] = dict(response_headers)

    # As Django's test client does: the test's transaction keeps its connection.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        response = application(environ, start_response)
        body = b"".join(response)
        getattr(response, "close", lambda: None)()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)
    return answer["status"], answer["headers"], body


def request_lines(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "lewis.request"]


@pytest.mark.django_db
def test_every_request_gets_a_request_id_and_one_log_line_even_from_the_cache(passage, caplog):
    caplog.set_level(logging.INFO, logger="lewis.request")
    path = f"/api/v1/passages/{passage.pk}"

    status, headers, _ = wsgi_get(path, x_request_id="app-3f2a9c")  # a miss: Django answers
    assert (status, headers["X-Request-ID"]) == (200, "app-3f2a9c")
    status, headers, _ = wsgi_get(path)  # a hit, answered in front of Django
    assert status == 200
    made = headers["X-Request-ID"]
    assert len(made) == 32
    assert made != "app-3f2a9c"
    _, headers, _ = wsgi_get(path, x_request_id="not a token; <script>")
    assert headers["X-Request-ID"] != "not a token; <script>"

    first, second, _third = request_lines(caplog)
    assert (first.request_id, second.request_id) == ("app-3f2a9c", made)
    for line in (first, second):
        assert line.route == "api/v1/passages/<passage_id>"  # a bounded label, not the path
        assert (line.method, line.path, line.status) == ("GET", path, 200)
        assert line.duration_ms >= 0
        assert not hasattr(line, "user")


@pytest.mark.django_db
def test_a_signed_in_request_is_logged_with_a_pseudonym_never_the_email_or_token(client, caplog):
    from .test_accounts import signed_up  # a real allauth sign-up, verified by code

    token = signed_up(client)
    caplog.set_level(logging.INFO, logger="lewis.request")
    status, _, _ = wsgi_get("/api/v1/me", authorization=f"Bearer {token}")
    assert status == 200
    (line,) = request_lines(caplog)
    assert line.route == "api/v1/me"
    assert len(line.user) == 16
    rendered = json.dumps(line.__dict__, default=str)
    assert "reader@example.org" not in rendered
    assert token not in rendered


def test_json_lines_carry_the_context_and_mask_secrets():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    config = logs.logging_config("json")["formatters"]["json"]
    handler.setFormatter(JsonFormatter(**{k: v for k, v in config.items() if k != "()"}))
    handler.addFilter(logs.ContextFilter())
    logger = logging.getLogger("lewis.test.json")
    logger.addHandler(handler)
    logger.propagate = False
    token = logs.request_id_var.set("req-1")
    try:
        logger.warning("Sign-in failed for %s with Bearer abc.def", "ada@example.org")
    finally:
        logs.request_id_var.reset(token)
        logger.removeHandler(handler)
    line = json.loads(stream.getvalue())
    assert line["level"] == "WARNING"
    assert line["logger"] == "lewis.test.json"
    assert line["request_id"] == "req-1"
    assert "timestamp" in line
    assert line["message"] == "Sign-in failed for [redacted] with [redacted]"


@pytest.fixture
def task_lines():
    """The task log's records, from whichever thread (a test worker sets logging up anew)."""
    lines: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = lines.append
    task_logger = logging.getLogger("lewis.task")
    task_logger.addHandler(handler)
    yield lines
    task_logger.removeHandler(handler)


def test_a_task_logs_one_line_with_the_request_id_that_queued_it(task_lines, db):
    token = logs.request_id_var.set("req-queued-it")
    try:
        if app.conf.task_always_eager:
            clear_expired_sessions.delay()
        else:
            with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
                clear_expired_sessions.delay()
                assert liveness.problem("worker") is None  # the worker's heartbeat
                deadline = time.monotonic() + 20
                while time.monotonic() < deadline and not task_lines:
                    time.sleep(0.1)
    finally:
        logs.request_id_var.reset(token)
    (line,) = task_lines
    assert line.request_id == "req-queued-it"
    assert line.task == "lewis_site.tasks.clear_expired_sessions"
    uuid.UUID(line.task_id)
    assert line.outcome == "succeeded"
    outcomes = broker.task_outcomes()
    assert outcomes[("lewis_site.tasks.clear_expired_sessions", "succeeded")] >= 1


@pytest.mark.django_db
def test_metrics_expose_requests_queue_depth_task_outcomes_and_spend(client, passage):
    wsgi_get(f"/api/v1/passages/{passage.pk}")
    broker.record_task_outcome("lewis_content.tasks.generate_audio_reading", "failed")
    response = client.get("/metrics")
    assert response.status_code == 200
    text = response.content.decode()
    assert (
        'lewis_http_requests_total{method="GET",route="api/v1/passages/<passage_id>",status="200"}'
    ) in text
    assert "lewis_http_request_duration_seconds_bucket" in text
    assert 'lewis_celery_queue_length{queue="celery"} 0.0' in text
    assert (
        'lewis_celery_tasks_total{outcome="failed",task="lewis_content.tasks.generate_audio_reading"}'
        in text
    )
    assert 'lewis_spend_usd{meter="AI"} 0.0' in text
    assert 'lewis_spend_budget_usd{meter="audio"} 50.0' in text


@pytest.mark.django_db
def test_metrics_ask_for_the_token_when_one_is_set(client):
    with override_settings(METRICS_TOKEN="scrape-me"):
        assert client.get("/metrics").status_code == 404
        assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 404
        assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer scrape-me").status_code == 200


@pytest.fixture
def unreachable_broker():
    with override_settings(CELERY_BROKER_URL="redis://127.0.0.1:1/0"):
        broker.client.cache_clear()
        yield
    broker.client.cache_clear()


@pytest.mark.django_db
def test_readyz_names_an_unreachable_broker_and_mails_nobody(client, unreachable_broker, caplog):
    with override_settings(ADMINS=ADMINS):
        response = client.get("/readyz")
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["database"] == checks["cache"] == "ok"
    assert checks["broker"].startswith("error: ConnectionError")
    assert mail.outbox == []  # a probe every few seconds must not mail on-call each time
    assert any(r.getMessage().startswith("Not ready: {'broker'") for r in caplog.records)


@contextlib.contextmanager
def database_away():
    """The database stops answering (as in a restart): nothing listens where it was."""
    saved = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict.update(HOST="127.0.0.1", PORT="1")
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)


@services_only
@pytest.mark.django_db(transaction=True)
def test_while_the_database_is_away_reads_and_the_cms_answer_503_and_mail_nobody(client):
    from lewis_accounts.models import User

    editor = User.objects.create_superuser("editor", "editor@lewis.example", "x" * 20)
    client.force_login(editor)
    client.raise_request_exception = False  # answer as the server would
    with override_settings(ADMINS=ADMINS), database_away():
        api = client.get("/api/v1/passages/1")
        cms = client.get("/cms/pages/")
    assert (api.status_code, api["Retry-After"]) == (503, "5")
    assert api.json()["code"] == "unavailable"
    assert (cms.status_code, cms["Retry-After"]) == (503, "5")
    assert mail.outbox == []


def test_the_worker_and_beat_keep_heartbeats_for_their_liveness_checks(tmp_path, monkeypatch):
    monkeypatch.setenv("VAR_DIR", str(tmp_path))
    assert liveness.main(["beat"]) == 1  # not started
    monkeypatch.setitem(app.conf, "beat_schedule", {})
    scheduler = Scheduler(app=app, schedule_filename=str(tmp_path / "schedule"))
    scheduler.tick()
    assert liveness.main(["beat"]) == 0
    old = time.time() - liveness.STALE_AFTER["beat"] - 1
    heartbeat = liveness.heartbeat_file("beat")
    import os

    os.utime(heartbeat, (old, old))
    assert "last heartbeat" in liveness.problem("beat")
    scheduler.close()
    assert not heartbeat.exists()
    assert liveness.main(["worker"]) == 1
    assert LewisSettings().var_dir == tmp_path


def test_check_deploy_refuses_the_local_public_url_in_production_mode():
    with (
        override_settings(LEWIS_EMBEDDED=False, PUBLIC_URL="http://127.0.0.1:8000"),
        pytest.raises(SystemCheckError, match=r"lewis_site\.E001"),
    ):
        call_command("check", "--deploy")
    with override_settings(LEWIS_EMBEDDED=False, PUBLIC_URL="https://api.lewis.example"):
        call_command("check", "--deploy", "--fail-level", "ERROR")


class Captured(Transport):
    def __init__(self, options=None):
        super().__init__(options)
        self.envelopes = []

    def capture_envelope(self, envelope):
        self.envelopes.append(envelope)


@pytest.fixture
def sentry_transport(settings):
    transport = Captured()
    config = LewisSettings(
        _env_file=None,
        sentry_dsn="https://public@sentry.example/1",
        sentry_environment="staging",
        sentry_release="lewis@2026.12.02",
    )
    start_sentry(config, transport=transport)
    yield transport
    sentry_sdk.get_client().close()
    sentry_sdk.init()  # no DSN: reporting off for the other tests


@pytest.mark.django_db
def test_error_reports_carry_release_and_environment_and_nothing_personal(
    client, sentry_transport, monkeypatch
):
    from lewis_content import api as content_api

    def fail(*args, **kwargs):
        raise RuntimeError("lookup failed for ada@example.org")

    monkeypatch.setattr(content_api.reader, "list_works", fail)
    response = client.get(
        "/api/v1/works",
        HTTP_AUTHORIZATION="Bearer eyJhbGciOi.eyJzdWIiOi.c2lnbmF0dXJl",
        HTTP_COOKIE="sessionid=abc123",
    )
    assert response.status_code == 500
    sentry_sdk.flush()
    events = [
        item.payload.json
        for envelope in sentry_transport.envelopes
        for item in envelope.items
        if item.type == "event"
    ]
    assert events
    sent = json.dumps(events)
    assert "ada@example.org" not in sent
    assert "eyJhbGciOi" not in sent
    assert "abc123" not in sent
    event = events[0]
    assert (event["release"], event["environment"]) == ("lewis@2026.12.02", "staging")
    assert "user" not in event
    assert "data" not in event.get("request", {})


def test_the_asgi_entry_point_gives_request_ids_and_log_lines_too(caplog):
    import asyncio

    seen, sent = [], []

    async def django(scope, receive, send):
        seen.append(dict(scope["headers"])[b"x-request-id"])
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    async def send(message):
        sent.append(message)

    caplog.set_level(logging.INFO, logger="lewis.request")
    scope = {
        "type": "http",
        "method": "GET",
        "path": "/api/v1/works",
        "headers": [(b"host", b"testserver"), (b"x-request-id", b"app-77")],
    }
    asyncio.run(logs.RequestLogASGI(django)(scope, None, send))
    assert seen == [b"app-77"]  # Django reads the same id
    assert (b"x-request-id", b"app-77") in sent[0]["headers"]
    (line,) = request_lines(caplog)
    assert (line.request_id, line.route, line.status) == ("app-77", "api/v1/works", 204)


def test_only_a_database_that_cannot_be_reached_is_a_503_a_bug_or_contention_stays_a_500():
    import sqlite3

    import psycopg
    from django.db import InterfaceError, OperationalError

    from lewis_site.api import database_is_away

    def wrapped(cause):
        error = OperationalError(str(cause))
        error.__cause__ = cause
        return error

    assert database_is_away(wrapped(psycopg.OperationalError("connection refused")))
    assert database_is_away(wrapped(psycopg.errors.AdminShutdown("terminating connection")))
    assert database_is_away(InterfaceError("connection already closed"))
    assert not database_is_away(wrapped(psycopg.errors.DeadlockDetected("deadlock detected")))
    assert not database_is_away(wrapped(psycopg.errors.QueryCanceled("statement timeout")))
    assert not database_is_away(wrapped(sqlite3.OperationalError("no such table: x")))
    assert not database_is_away(ValueError("not a database error"))


def test_check_deploy_warns_while_metrics_answer_anyone():
    with (
        override_settings(LEWIS_EMBEDDED=False, PUBLIC_URL="https://api.lewis.example"),
        pytest.raises(SystemCheckError, match=r"lewis_site\.W002"),
    ):
        call_command("check", "--deploy", "--fail-level", "WARNING")
