"""Error reports to Sentry (when SENTRY_DSN is set), with nothing personal in them.

Django and Celery integrations; the release (the image tag, SENTRY_RELEASE) and environment
set; a share of requests traced (SENTRY_TRACES_SAMPLE_RATE). What leaves: no request bodies, no
cookies, no user but the pseudonym the logs use; headers and variables named like credentials
or personal fields are scrubbed at any depth; emails, bearer tokens and JWTs are masked in every
message, exception value and breadcrumb (lewis_site.logs.redact).
"""

from typing import Any

import sentry_sdk
from sentry_sdk.integrations.celery import CeleryIntegration
from sentry_sdk.integrations.django import DjangoIntegration
from sentry_sdk.scrubber import DEFAULT_DENYLIST, DEFAULT_PII_DENYLIST, EventScrubber

from lewis_site.logs import redact

# Beyond Sentry's own list: what our API and allauth's carry.
DENYLIST = [
    *DEFAULT_DENYLIST,
    *DEFAULT_PII_DENYLIST,
    "email",
    "new_email",
    "display_name",
    "code",
    "key",
    "id_token",
    "access_token",
    "refresh_token",
    "client_secret",
    "text",  # a reflection
    "jwt_private_key",
    "secret_key",
]


def _mask(value: Any) -> Any:
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {k: _mask(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_mask(v) for v in value]
    return value


def scrub(event: dict, hint: dict | None = None) -> dict:
    """before_send: what EventScrubber does not know about our data."""
    event.pop("user", None)
    request = event.get("request")
    if isinstance(request, dict):
        for part in ("data", "cookies", "query_string"):
            request.pop(part, None)
    for part in ("message", "logentry", "exception", "breadcrumbs", "extra", "tags"):
        if part in event:
            event[part] = _mask(event[part])
    return event


def start_sentry(config, transport=None) -> None:
    """sentry_sdk.init from the settings class; `transport` is for tests only."""
    sentry_sdk.init(
        dsn=config.sentry_dsn,
        environment=config.sentry_environment,
        release=config.sentry_release,
        traces_sample_rate=config.sentry_traces_sample_rate,
        max_request_body_size="never",
        event_scrubber=EventScrubber(denylist=DENYLIST, recursive=True),
        before_send=scrub,
        before_send_transaction=scrub,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        transport=transport,
    )
