"""Sign in with Google and Apple: the app sends the id_token it got on the device; allauth
verifies it against the provider's published keys, fetched over HTTP (faked here at the
transport, with `responses`, and signed by a test key)."""

import time
import uuid

import jwt
import pytest
import responses
from django.conf import settings
from django.test import Client

from lewis_accounts.models import User
from tests.flows import APP, AppClient, bearer
from tests.keys import certificate, jwk, new_private_key

pytestmark = pytest.mark.django_db

PROVIDER_KEY = new_private_key()
OTHER_KEY = new_private_key()
KID = "test-key-1"
GOOGLE = {
    "keys_url": "https://www.googleapis.com/oauth2/v1/certs",
    "issuer": "https://accounts.google.com",
    "client_id": settings.GOOGLE_CLIENT_ID,
}
APPLE = {
    "keys_url": "https://appleid.apple.com/auth/keys",
    "issuer": "https://appleid.apple.com",
    "client_id": settings.APPLE_CLIENT_ID,
}


@pytest.fixture
def provider_keys():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as fake:
        fake.get(GOOGLE["keys_url"], json={KID: certificate(PROVIDER_KEY)})
        fake.get(APPLE["keys_url"], json={"keys": [jwk(PROVIDER_KEY, KID)]})
        yield fake


def id_token(provider: dict, *, key=PROVIDER_KEY, **overrides) -> str:
    now = int(time.time())
    claims = {
        "iss": provider["issuer"],
        "aud": provider["client_id"],
        "sub": "provider-user-1",
        "email": "reader@privaterelay.appleid.com",
        "email_verified": True,
        "iat": now,
        "exp": now + 600,
        "jti": str(uuid.uuid4()),
        **overrides,
    }
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": KID})


def provider_sign_in(name: str, provider: dict, token: str):
    app = AppClient()
    body = {
        "provider": name,
        "process": "login",
        "token": {"client_id": provider["client_id"], "id_token": token},
    }
    return app, app.post_json(f"{APP}/auth/provider/token", body)


@pytest.mark.parametrize(("name", "provider"), [("google", GOOGLE), ("apple", APPLE)])
def test_a_valid_id_token_signs_the_reader_up_and_in(provider_keys, name, provider):
    app, response = provider_sign_in(name, provider, id_token(provider))
    assert response.status_code == 200, response.json()
    profile = Client().get("/api/v1/me", **bearer(app.access_token)).json()
    # Apple's private relay addresses are ordinary addresses here.
    assert profile["email"] == "reader@privaterelay.appleid.com"
    user = User.objects.get(pk=profile["id"])
    assert user.socialaccount_set.get().provider == name
    # Signing in again finds the same reader.
    again, response = provider_sign_in(name, provider, id_token(provider))
    assert response.status_code == 200
    assert Client().get("/api/v1/me", **bearer(again.access_token)).json()["id"] == user.pk


@pytest.mark.parametrize(("name", "provider"), [("google", GOOGLE), ("apple", APPLE)])
@pytest.mark.parametrize(
    "bad",
    [
        {"aud": "someone-elses-app"},
        {"iss": "https://evil.example"},
        {"exp": int(time.time()) - 60},
        {"key": OTHER_KEY},  # forged: not signed by the provider's key
    ],
    ids=["wrong audience", "wrong issuer", "expired", "forged"],
)
def test_id_tokens_that_are_not_the_providers_for_this_app_are_refused(
    provider_keys, name, provider, bad
):
    token = id_token(provider, **bad)
    app, response = provider_sign_in(name, provider, token)
    assert response.status_code == 400, response.json()
    assert app.access_token is None
    assert not User.objects.exists()


def test_an_id_token_is_good_once(provider_keys):
    token = id_token(GOOGLE)
    assert provider_sign_in("google", GOOGLE, token)[1].status_code == 200
    assert provider_sign_in("google", GOOGLE, token)[1].status_code == 400
