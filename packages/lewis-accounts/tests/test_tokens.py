"""Email and password accounts on allauth's app endpoints, and the JWTs they hand out: what a
token carries, rotation, theft detection, and that ending a session kills every token of it."""

import jwt
import pytest
from django.core import mail
from django.test import Client

from lewis_accounts.models import User
from tests.flows import APP, PASSWORD, AppClient, bearer, last_code, sign_in, sign_up

pytestmark = pytest.mark.django_db

ME = "/api/v1/me"


def me(token: str) -> int:
    return Client().get(ME, **bearer(token)).status_code


def test_sign_up_verifies_the_email_by_code_and_the_token_opens_our_endpoints():
    app = sign_up("clive@example.org")
    assert "verify" in mail.outbox[0].subject.lower() or "confirm" in mail.outbox[0].subject.lower()
    profile = Client().get(ME, **bearer(app.access_token))
    assert profile.status_code == 200
    assert profile.json()["email"] == "clive@example.org"
    assert User.objects.get(email="clive@example.org").emailaddress_set.get().verified


def test_an_unverified_reader_gets_no_tokens():
    app = AppClient()
    app.post_json(f"{APP}/auth/signup", {"email": "new@example.org", "password": PASSWORD})
    login = AppClient().post_json(
        f"{APP}/auth/login", {"email": "new@example.org", "password": PASSWORD}
    )
    # 401 with the verify_email flow pending, or 400 while a code sent moments ago is fresh.
    assert login.status_code in (400, 401), login.json()
    assert "access_token" not in (login.json().get("meta") or {})


def test_tokens_are_rs256_with_a_key_id_and_short_lived():
    app = sign_up()
    header = jwt.get_unverified_header(app.access_token)
    assert header["alg"] == "RS256"
    assert header["kid"]
    claims = jwt.decode(app.access_token, options={"verify_signature": False})
    assert claims["exp"] - claims["iat"] == 300
    assert claims["token_use"] == "access"


def test_guests_and_forged_tokens_get_401_with_www_authenticate_from_the_site():
    assert Client().get(ME).status_code == 401
    app = sign_up()
    header, payload, signature = app.access_token.split(".")
    assert me(f"{header}.{payload}.{signature[:-4]}AAAA") == 401
    claims = jwt.decode(app.access_token, options={"verify_signature": False})
    unsigned = jwt.encode(claims, "a guessed secret of thirty-two bytes")
    assert me(unsigned) == 401  # HS256 with a guessed secret


def test_refresh_rotates_and_a_replayed_refresh_token_ends_the_session():
    app = sign_up()
    first_refresh, first_access = app.refresh_token, app.access_token
    rotated = app.refresh(first_refresh)
    assert rotated.status_code == 200
    second_access = rotated.json()["data"]["access_token"]
    second_refresh = rotated.json()["data"]["refresh_token"]
    assert second_refresh != first_refresh
    assert me(second_access) == 200
    # The first refresh token again: someone else holds a copy. The session ends.
    assert app.refresh(first_refresh).status_code == 400
    assert app.refresh(second_refresh).status_code == 400
    assert me(second_access) == 401
    assert me(first_access) == 401


def test_logout_kills_the_access_and_refresh_tokens():
    app = sign_up()
    access, refresh = app.access_token, app.refresh_token
    assert me(access) == 200
    logout = app.generic("DELETE", f"{APP}/auth/session")
    assert logout.status_code == 401  # allauth: "now signed out"
    assert me(access) == 401
    assert app.refresh(refresh).status_code == 400
    # allauth's own endpoints refuse the old access token too (410: that session is gone).
    old = AppClient()
    old.access_token = access
    assert old.generic("GET", f"{APP}/auth/session").status_code in (401, 410)
    assert old.generic("GET", f"{APP}/account/email").status_code in (401, 410)


def test_a_password_change_ends_the_sessions_it_was_made_in_and_elsewhere():
    phone = sign_up()
    tablet = sign_in()
    changed = phone.post_json(
        f"{APP}/account/password/change",
        {"current_password": PASSWORD, "new_password": "another long passphrase"},
    )
    assert changed.status_code in (200, 401), changed.json()
    for app in (phone, tablet):
        assert me(app.access_token) == 401
        assert app.refresh(app.refresh_token).status_code == 400
    assert sign_in(password="another long passphrase").access_token


def test_a_password_reset_by_code_ends_every_session():
    phone = sign_up()
    forgot = AppClient()
    asked = forgot.post_json(f"{APP}/auth/password/request", {"email": "reader@example.org"})
    assert asked.status_code == 401  # a pending reset flow
    reset = forgot.post_json(
        f"{APP}/auth/password/reset", {"key": last_code(), "password": "a brand new passphrase"}
    )
    assert reset.status_code in (200, 401), reset.json()
    assert me(phone.access_token) == 401
    assert phone.refresh(phone.refresh_token).status_code == 400
    assert sign_in(password="a brand new passphrase").access_token


def test_a_password_set_by_staff_or_a_deactivation_ends_every_session():
    """Outside allauth's flows too (the Django admin, Wagtail's user editor, a shell): the token
    check reads the session only, so these must end the sessions themselves."""
    phone, tablet = sign_up(), sign_in()
    reader = User.objects.get(email="reader@example.org")
    reader.display_name = "Jack"
    reader.save()  # an ordinary edit leaves them signed in
    assert me(phone.access_token) == me(tablet.access_token) == 200
    reader.set_password("set by the support desk")
    reader.save()
    assert me(phone.access_token) == me(tablet.access_token) == 401
    laptop = sign_in(password="set by the support desk")
    assert me(laptop.access_token) == 200
    reader.is_active = False
    reader.save(update_fields=["is_active"])
    assert me(laptop.access_token) == 401
    assert laptop.refresh(laptop.refresh_token).status_code == 400


def test_a_user_deleted_outside_the_api_loses_every_token_at_once():
    app = sign_up()
    assert me(app.access_token) == 200
    User.objects.filter(email="reader@example.org").delete()  # the Django admin's bulk delete
    assert me(app.access_token) == 401


def test_the_reader_lists_their_sessions():
    app = sign_up()
    sign_in()
    sessions = app.generic("GET", f"{APP}/auth/sessions")
    assert sessions.status_code == 200, sessions.json()
    assert len(sessions.json()["data"]) == 2


def test_allauths_specification_is_served():
    spec = Client().get("/_allauth/openapi.json")
    assert spec.status_code == 200
    assert "/_allauth/app/v1/auth/login" in spec.json()["paths"]


def test_sign_up_is_rate_limited_with_retry_after_in_the_apis_shape():
    answers = [
        AppClient().post_json(
            f"{APP}/auth/signup", {"email": f"r{n}@example.org", "password": PASSWORD}
        )
        for n in range(21)
    ]
    assert [a.status_code for a in answers[:20]] == [401] * 20
    limited = answers[20]
    assert limited.status_code == 429
    assert limited["Retry-After"] == "60"
    assert limited.json()["status"] == 429  # allauth's field, kept
    assert limited.json()["code"] == "too_many_requests"
