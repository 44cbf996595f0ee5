"""Reader accounts on the composed site: allauth's app endpoints hand out the tokens our API
takes, and nothing a signed-in reader gets is shared or kept by a cache."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from lewis_accounts.models import IdempotencyRecord
from lewis_site.tasks import clear_expired_sessions

pytestmark = pytest.mark.django_db

APP = "/_allauth/app/v1"


def signed_up(client) -> str:
    """Sign up and verify by code, as the app does: the access token."""
    body = {"email": "reader@example.org", "password": "a long reader passphrase"}
    pending = client.post(f"{APP}/auth/signup", body, content_type="application/json")
    assert pending.status_code == 401, pending.json()
    session_token = pending.json()["meta"]["session_token"]
    code = re.search(r"^\s*([0-9A-Z]{4}-[0-9A-Z]{4})\s*$", mail.outbox[-1].body, re.M)[1]
    verified = client.post(
        f"{APP}/auth/email/verify",
        {"key": code},
        content_type="application/json",
        HTTP_X_SESSION_TOKEN=session_token,
    )
    assert verified.status_code == 200, verified.json()
    return verified.json()["meta"]["access_token"]


def test_a_reader_signs_up_on_the_site_and_reads_their_profile_privately(client, passage):
    token = signed_up(client)
    me = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert me.status_code == 200
    assert me.json()["email"] == "reader@example.org"
    assert me["Cache-Control"] == "private, no-store"
    # A guest read asked with a token is answered but kept by no cache either.
    read = client.get(f"/api/v1/passages/{passage.pk}", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert (read.status_code, read["Cache-Control"]) == (200, "private, no-store")


def test_allauths_specification_is_served_next_to_ours(client):
    spec = client.get("/_allauth/openapi.json")
    assert spec.status_code == 200
    assert f"{APP}/auth/provider/token" in spec.json()["paths"]


def test_the_nightly_housekeeping_forgets_idempotency_keys_past_their_day(client, passage):
    token = signed_up(client)
    client.put(
        f"/api/v1/me/soul-map/passages/{passage.pk}",
        HTTP_AUTHORIZATION=f"Bearer {token}",
        HTTP_IDEMPOTENCY_KEY="save-1",
    )
    assert IdempotencyRecord.objects.count() == 1
    clear_expired_sessions.apply().get()
    assert IdempotencyRecord.objects.count() == 1
    IdempotencyRecord.objects.update(created_at=timezone.now() - timedelta(days=2))
    clear_expired_sessions.apply().get()
    assert IdempotencyRecord.objects.count() == 0
