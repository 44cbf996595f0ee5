"""Driving allauth's app endpoints as the Flutter app does, for the tests."""

import re

from django.core import mail
from django.test import Client

APP = "/_allauth/app/v1"
PASSWORD = "a long reader passphrase"


class AppClient(Client):
    """The app's HTTP client: JSON bodies, the X-Session-Token of a flow in progress, and the
    Bearer access token once signed in."""

    session_token: str | None = None
    access_token: str | None = None
    refresh_token: str | None = None

    def generic(self, method, path, data="", content_type="application/json", **extra):
        if self.session_token:
            extra.setdefault("HTTP_X_SESSION_TOKEN", self.session_token)
        if self.access_token:
            extra.setdefault("HTTP_AUTHORIZATION", f"Bearer {self.access_token}")
        response = super().generic(method, path, data, content_type, **extra)
        if response.get("Content-Type", "").startswith("application/json"):
            meta = response.json().get("meta") or {}
            self.session_token = meta.get("session_token", self.session_token)
            if meta.get("access_token"):
                self.access_token = meta["access_token"]
                self.refresh_token = meta["refresh_token"]
        return response

    def post_json(self, path, body, **extra):
        return self.generic("POST", path, __import__("json").dumps(body), **extra)

    def refresh(self, refresh_token: str):
        """As the app refreshes: the refresh token alone, no Authorization header."""
        return AppClient().post_json(f"{APP}/tokens/refresh", {"refresh_token": refresh_token})


def last_code() -> str:
    """The code in the newest mail, as a reader would copy it."""
    return re.search(r"^\s*([0-9A-Z]{4,6}-?[0-9A-Z]{0,6})\s*$", mail.outbox[-1].body, re.M)[1]


def sign_up(email: str = "reader@example.org", password: str = PASSWORD) -> AppClient:
    """Sign-up, then email verification by code: a signed-in app client."""
    app = AppClient()
    pending = app.post_json(f"{APP}/auth/signup", {"email": email, "password": password})
    assert pending.status_code == 401, pending.json()
    pending_flows = [f["id"] for f in pending.json()["data"]["flows"] if f.get("is_pending")]
    assert pending_flows == ["verify_email"], pending.json()
    verified = app.post_json(f"{APP}/auth/email/verify", {"key": last_code()})
    assert verified.status_code == 200, verified.json()
    assert app.access_token
    return app


def sign_in(email: str = "reader@example.org", password: str = PASSWORD) -> AppClient:
    app = AppClient()
    response = app.post_json(f"{APP}/auth/login", {"email": email, "password": password})
    assert response.status_code == 200, response.json()
    return app


def bearer(token: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}
