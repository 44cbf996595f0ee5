"""Sign in with Apple, the part allauth does not do: exchanging the authorization code the app
gets at sign-in for a refresh token, and revoking that token when the account is deleted (App
Store Review Guideline 5.1.1(v); Apple's "Revoke tokens" REST API).

Apple authenticates us by a client secret: a short-lived ES256 JWT signed with the team's key
(APPLE_PRIVATE_KEY, its id APPLE_KEY_ID, the team APPLE_TEAM_ID). Refresh tokens are kept
encrypted with a key derived from SECRET_KEY (so rotating SECRET_KEY makes pending revocations
unreadable: revoke first).
"""

import base64
import hashlib
import logging
import time

import httpx
import jwt
from cryptography.fernet import Fernet
from django.conf import settings

logger = logging.getLogger(__name__)

APPLE = "https://appleid.apple.com"
TIMEOUT = 10
# Tests replace this with an httpx.MockTransport: a fake Apple at the transport, the real client.
TRANSPORT: httpx.BaseTransport | None = None


class AppleRefused(Exception):
    """Apple answered, and said no (an invalid or used code, an unknown client)."""


class AppleUnavailable(Exception):
    """Apple could not be reached or failed: try again later."""


def app_config(client_id: str) -> dict:
    for app in settings.SOCIALACCOUNT_PROVIDERS.get("apple", {}).get("APPS", []):
        if app["client_id"] == client_id:
            return app
    raise AppleRefused(f"'{client_id}' is not one of this site's Apple client ids.")


def client_ids() -> list[str]:
    return [
        a["client_id"] for a in settings.SOCIALACCOUNT_PROVIDERS.get("apple", {}).get("APPS", [])
    ]


def client_secret(client_id: str) -> str:
    app = app_config(client_id)
    key = app.get("settings", {}).get("certificate_key")
    if not (key and app.get("key") and app.get("secret")):
        raise AppleUnavailable("APPLE_TEAM_ID, APPLE_KEY_ID and APPLE_PRIVATE_KEY are not set.")
    now = int(time.time())
    claims = {"iss": app["key"], "iat": now, "exp": now + 300, "aud": APPLE, "sub": client_id}
    return jwt.encode(claims, key, algorithm="ES256", headers={"kid": app["secret"]})


def fernet() -> Fernet:
    digest = hashlib.sha256(b"lewis-accounts/apple-tokens:" + settings.SECRET_KEY.encode())
    return Fernet(base64.urlsafe_b64encode(digest.digest()))


def encrypt(token: str) -> str:
    return fernet().encrypt(token.encode()).decode()


def decrypt(token: str) -> str:
    return fernet().decrypt(token.encode()).decode()


def post(path: str, form: dict) -> httpx.Response:
    try:
        with httpx.Client(timeout=TIMEOUT, transport=TRANSPORT) as client:
            response = client.post(f"{APPLE}{path}", data=form)
    except httpx.HTTPError as exc:
        raise AppleUnavailable(f"Apple unreachable: {exc}") from exc
    if response.status_code >= 500:
        raise AppleUnavailable(f"Apple answered {response.status_code}.")
    if response.status_code != 200:
        error = response.json().get("error", "") if response.content else ""
        raise AppleRefused(f"Apple answered {response.status_code} {error}".strip())
    return response


def call(path: str, client_id: str, **fields: str) -> httpx.Response:
    """POST to Apple as this app: its client id and a fresh client secret, and the fields."""
    form = {"client_id": client_id, "client_secret": client_secret(client_id), **fields}
    return post(path, form)


def exchange_code(code: str, client_id: str) -> str:
    """The refresh token for an authorization code the app got at sign-in."""
    answer = call("/auth/token", client_id, code=code, grant_type="authorization_code")
    refresh_token = answer.json().get("refresh_token")
    if not refresh_token:
        raise AppleRefused("Apple gave no refresh token for this code.")
    return refresh_token


def revoke(refresh_token: str, client_id: str) -> None:
    hint = {"token_type_hint": "refresh_token"}  # which kind of token this is
    call("/auth/revoke", client_id, token=refresh_token, **hint)
