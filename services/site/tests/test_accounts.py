"""Reader accounts on the composed site: allauth's app endpoints hand out the tokens our API
takes, and nothing a signed-in reader gets is shared or kept by a cache."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from lewis_accounts.conf import ACCESS_TOKEN_SECONDS
from lewis_accounts.models import IdempotencyRecord
from lewis_site.tasks import clear_expired_sessions

pytestmark = pytest.mark.django_db

APP = "/_allauth/app/v1"


def signed_up(client, email="reader@example.org") -> str:
    """Sign up and verify by code, as the app does: the access token."""
    body = {"email": email, "password": "a long reader passphrase"}
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


# Redis on a closed port: the real client, refused at once.
REDIS_DOWN = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1},
    }
}


def test_a_cache_outage_signs_nobody_out_and_a_logout_in_it_still_ends_the_session(client, passage):
    token = signed_up(client)
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    client.put(f"/api/v1/me/soul-map/passages/{passage.pk}", **bearer)
    with override_settings(CACHES=REDIS_DOWN, SESSION_ENGINE="lewis_accounts.sessions"):
        assert client.get("/api/v1/me", **bearer).status_code == 200
        soul_map = client.get("/api/v1/me/soul-map", **bearer)
        assert soul_map.status_code == 200
        assert [i["passage"]["id"] for i in soul_map.json()["passages"]["items"]] == [passage.pk]
        assert client.delete(f"{APP}/auth/session", **bearer).status_code == 401  # signed out
        assert client.get("/api/v1/me", **bearer).status_code == 401


def test_with_redis_away_reads_go_on_and_what_counts_attempts_fails_closed_with_503(
    client, passage, caplog
):
    """The drill: Redis pointed at a closed port. Guests read from the database, signed-in
    readers stay signed in (sessions fall back to the database, docs/adr/0014), and what must
    count attempts (writes, sign-in, password reset) refuses with 503 rather than letting them
    through uncounted."""
    token = signed_up(client)
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    client.raise_request_exception = False  # answered as in production
    with override_settings(CACHES=REDIS_DOWN, SESSION_ENGINE="lewis_accounts.sessions"):
        assert client.get(f"/api/v1/passages/{passage.pk}").status_code == 200
        assert client.get("/api/v1/me", **bearer).status_code == 200
        write = client.put(f"/api/v1/me/soul-map/passages/{passage.pk}", **bearer)
        sign_in = client.post(
            f"{APP}/auth/login",
            {"email": "reader@example.org", "password": "a long reader passphrase"},
            content_type="application/json",
        )
        reset = client.post(
            f"{APP}/auth/password/request",
            {"email": "reader@example.org"},
            content_type="application/json",
        )
    for refused in (write, sign_in, reset):
        assert (refused.status_code, refused["Retry-After"]) == (503, "5")
        assert refused.json()["code"] == "unavailable"
    assert "Redis unavailable" in caplog.text
    assert client.get("/api/v1/me/soul-map", **bearer).json()["passages"]["items"] == []


@pytest.mark.skipif(
    settings.SESSION_ENGINE != "lewis_accounts.sessions", reason="sessions are cached with Redis"
)
def test_a_cached_session_is_kept_no_longer_than_an_access_token_lives(client):
    from django.core.cache import cache

    signed_up(client)
    kept = cache.keys("django.contrib.sessions.cached_db*")
    assert kept
    assert all(0 < cache.ttl(key) <= ACCESS_TOKEN_SECONDS for key in kept)


# The Soul Map read, kept for its reader and answered in front of Django


def test_the_soul_map_is_answered_in_front_of_django_to_its_reader_only(client, passage):
    from .test_response_cache import call, fast

    token = signed_up(client)
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    soul_map = "/api/v1/me/soul-map"
    client.put(f"/api/v1/me/soul-map/passages/{passage.pk}", **bearer)
    via_django = client.get(soul_map, **bearer)
    assert via_django["Cache-Control"] == "private, no-store"

    # Kept: the same token is answered without Django, exactly as Django answered.
    status, headers, body = call(fast(), soul_map, **bearer)
    assert (status, body) == ("200 OK", via_django.content)
    assert headers == dict(via_django.items())

    reached = []

    def django(environ, start_response):
        reached.append(environ.get("HTTP_AUTHORIZATION", "")[-8:])
        start_response("401 Unauthorized", [])
        return [b""]

    # Another reader, a forged token, another page: Django answers each.
    other = signed_up(client, email="another.reader@example.org")
    call(fast(django), soul_map, HTTP_AUTHORIZATION=f"Bearer {other}")
    call(fast(django), soul_map, HTTP_AUTHORIZATION=f"Bearer {token[:-4]}abcd")
    call(fast(django), soul_map, "limit=1", **bearer)
    assert len(reached) == 3

    # A change to the Soul Map, or the end of the session, is seen at once.
    client.delete(f"/api/v1/me/soul-map/passages/{passage.pk}", **bearer)
    call(fast(django), soul_map, **bearer)
    assert len(reached) == 4
    after = client.get(soul_map, **bearer).json()
    assert after["passages"]["items"] == []
    assert call(fast(), soul_map, **bearer)[2] == client.get(soul_map, **bearer).content
    client.delete(f"{APP}/auth/session", **bearer)
    call(fast(django), soul_map, **bearer)
    assert len(reached) == 5


def test_writes_are_throttled_per_reader_in_the_sites_cache_with_retry_after(client, passage):
    """Counted in Redis (one atomic round trip) under PostgreSQL, in the embedded cache else."""
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {signed_up(client)}"}
    url = f"/api/v1/me/soul-map/passages/{passage.pk}"
    statuses = [client.put(url, **bearer).status_code for _ in range(61)]
    assert statuses == [200] * 60 + [429]
    refused = client.put(url, **bearer)
    assert refused.json()["code"] == "too_many_requests"
    assert 0 < int(refused["Retry-After"]) <= 60
    assert client.get("/api/v1/me/soul-map", **bearer).status_code == 200  # reads are not


# Staff sign-in: the CMS and the Django admin lock out after repeated failures (django-axes)


@pytest.mark.parametrize("login", ["/cms/login/", "/admin/login/"])
def test_staff_sign_in_locks_out_after_five_failures_and_an_operator_can_unlock(
    client, django_user_model, login
):
    from django.core.management import call_command

    django_user_model.objects.create_superuser("ops", "ops@example.org", "the right one")
    wrong = {"username": "ops", "password": "a guess"}
    # The form again four times; the fifth failure is answered with the lockout.
    assert [client.post(login, wrong).status_code for _ in range(5)] == [200] * 4 + [429]
    right = {"username": "ops", "password": "the right one"}
    locked = client.post(login, right)
    assert locked.status_code == 429
    assert "too many login attempts" in locked.content.decode()
    assert "_auth_user_id" not in client.session

    call_command("axes_reset_username", "ops")  # the runbook's unlock
    assert client.post(login, right).status_code == 302
    assert client.session["_auth_user_id"]


def test_a_readers_failed_app_sign_ins_are_left_to_allauths_limits(client):
    from axes.models import AccessAttempt

    signed_up(client)
    wrong = {"email": "reader@example.org", "password": "not it"}
    for _ in range(3):
        client.post(f"{APP}/auth/login", wrong, content_type="application/json")
    assert not AccessAttempt.objects.exists()


def test_a_soul_map_read_racing_a_save_is_never_replayed_after_it(client, passage, monkeypatch):
    from lewis_accounts import services as accounts

    from .test_response_cache import call, fast

    bearer = {"HTTP_AUTHORIZATION": f"Bearer {signed_up(client)}"}
    soul_map = "/api/v1/me/soul-map"
    reading = accounts.soul_map_of

    def racing(reader, **page):
        answer = reading(reader, **page)  # the Soul Map as it was: empty
        accounts.save_passage(reader, passage.pk)  # a save lands while the read is answered
        return answer

    monkeypatch.setattr(accounts, "soul_map_of", racing)
    assert client.get(soul_map, **bearer).json()["passages"]["items"] == []
    monkeypatch.undo()

    reached = []

    def django(environ, start_response):
        reached.append(True)
        start_response("200 OK", [])
        return [b""]

    call(fast(django), soul_map, **bearer)  # the empty answer was kept under the old version
    assert reached == [True]
    saved = client.get(soul_map, **bearer).json()["passages"]["items"]
    assert [item["passage"]["id"] for item in saved] == [passage.pk]
