"""Sign in with Apple, deleted properly: the authorization code is exchanged for a refresh
token kept encrypted, and deleting the account revokes it through Apple's REST API (faked at
the transport: the real httpx client talks to an httpx.MockTransport that checks what Apple
checks, including the ES256 client secret)."""

from urllib.parse import parse_qs

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives.serialization import load_pem_private_key
from django.conf import settings
from django.test import Client

from lewis_accounts import apple
from lewis_accounts.models import AccountDeletion, AppleRevocation, AppleToken
from lewis_accounts.tasks import revoke_apple_tokens
from tests.flows import bearer, sign_up
from tests.test_provider_sign_in import APPLE, id_token, provider_keys, provider_sign_in

pytestmark = pytest.mark.django_db

__all__ = ["provider_keys"]  # a fixture used below

API = "/api/v1"


class FakeApple:
    """Apple's token and revoke endpoints, as far as these flows use them."""

    def __init__(self):
        self.revoked: list[str] = []
        self.down = False
        self.public_key = load_pem_private_key(
            settings.APPLE_PRIVATE_KEY.encode(), password=None
        ).public_key()

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if self.down:
            return httpx.Response(503)
        form = {k: v[0] for k, v in parse_qs(request.content.decode()).items()}
        secret = form["client_secret"]
        assert jwt.get_unverified_header(secret)["kid"] == settings.APPLE_KEY_ID
        claims = jwt.decode(
            secret, self.public_key, algorithms=["ES256"], audience="https://appleid.apple.com"
        )
        assert (claims["iss"], claims["sub"]) == (settings.APPLE_TEAM_ID, form["client_id"])
        if request.url.path == "/auth/token":
            if form["code"] != "good-code" or form["grant_type"] != "authorization_code":
                return httpx.Response(400, json={"error": "invalid_grant"})
            return httpx.Response(200, json={"refresh_token": "apple-refresh-1", "id_token": "x"})
        if request.url.path == "/auth/revoke":
            assert form["token_type_hint"] == "refresh_token"
            self.revoked.append(form["token"])
            return httpx.Response(200)
        return httpx.Response(404)


@pytest.fixture
def fake_apple(monkeypatch):
    fake = FakeApple()
    monkeypatch.setattr(apple, "TRANSPORT", httpx.MockTransport(fake))
    return fake


@pytest.fixture
def apple_reader(provider_keys):
    app, response = provider_sign_in("apple", APPLE, id_token(APPLE))
    assert response.status_code == 200
    return Client(**bearer(app.access_token))


def hand_over(client, code="good-code"):
    return client.post(f"{API}/me/apple-authorization", {"code": code}, "application/json")


def test_the_authorization_code_becomes_an_encrypted_refresh_token(apple_reader, fake_apple):
    assert hand_over(apple_reader).status_code == 204
    stored = AppleToken.objects.get()
    assert "apple-refresh-1" not in stored.encrypted_refresh_token
    assert apple.decrypt(stored.encrypted_refresh_token) == "apple-refresh-1"
    refused = hand_over(apple_reader, code="used-code")
    assert refused.status_code == 422
    assert "invalid_grant" in refused.content.decode()
    fake_apple.down = True
    assert hand_over(apple_reader).status_code == 503
    assert AppleToken.objects.count() == 1


def test_deleting_an_apple_account_revokes_its_token(
    apple_reader, fake_apple, django_capture_on_commit_callbacks
):
    hand_over(apple_reader)
    with django_capture_on_commit_callbacks(execute=True):
        assert apple_reader.delete(f"{API}/me").status_code == 200
    assert fake_apple.revoked == ["apple-refresh-1"]
    revocation = AppleRevocation.objects.get()
    assert (revocation.status, revocation.encrypted_refresh_token) == ("done", "")
    assert AccountDeletion.objects.get().signed_in_with == "apple"
    assert not AppleToken.objects.exists()


def test_a_failed_revocation_never_blocks_deletion_and_is_retried(
    apple_reader, fake_apple, django_capture_on_commit_callbacks
):
    hand_over(apple_reader)
    fake_apple.down = True
    with django_capture_on_commit_callbacks(execute=True):
        assert apple_reader.delete(f"{API}/me").status_code == 200
    revocation = AppleRevocation.objects.get()
    assert (revocation.status, revocation.attempts) == ("pending", 1)
    assert "503" in revocation.last_error
    fake_apple.down = False
    assert revoke_apple_tokens.apply().get() == 0  # beat's hourly retry
    revocation.refresh_from_db()
    assert revocation.status == "done"
    assert fake_apple.revoked == ["apple-refresh-1"]


def test_only_an_apple_account_hands_over_a_code(fake_apple):
    reader = Client(**bearer(sign_up().access_token))
    assert hand_over(reader).status_code == 404


def test_giving_up_is_loud(apple_reader, fake_apple, caplog, django_capture_on_commit_callbacks):
    hand_over(apple_reader)
    fake_apple.down = True
    with django_capture_on_commit_callbacks(execute=True):
        apple_reader.delete(f"{API}/me")
    AppleRevocation.objects.update(attempts=9)
    revoke_apple_tokens.apply().get()
    assert AppleRevocation.objects.get().status == "failed"
    assert any(r.levelname == "ERROR" and "Gave up" in r.message for r in caplog.records)
