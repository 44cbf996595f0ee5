"""The JWT strategy: allauth's, plus theft detection on refresh (docs/adr/0014).

allauth signs RS256 tokens with the key id (the key's RFC 7638 thumbprint) in the header, ties
each token to a server-side session and, with stateful validation, refuses any token whose
session is gone. Refresh tokens rotate: each refresh token is good once. What allauth does not do
is notice a refresh token presented a second time: that means two parties hold it (the app and a
thief, or a replay), so here the whole session ends, and with it every token issued in it, as
the OAuth 2.0 Security Best Current Practice (RFC 9700, 4.14.2) recommends.

Our API checks access tokens itself (`reader_of_token`, used by `lewis_accounts.auth.Bearer`):
the signature and expiry, then that the token's session still exists for the same reader. It
does not read the reader's row: Django's check that the session was made under the current
password needs it, so instead a new password or a deactivation ends every session at once
(`User.save`, `end_sessions_of`). allauth's own endpoints keep allauth's check.
"""

import logging
from importlib import import_module

from allauth.headless.tokens.strategies.jwt import JWTTokenStrategy, internal
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, SESSION_KEY, get_user_model
from django.db import DEFAULT_DB_ALIAS

logger = logging.getLogger(__name__)


def end_session(session) -> None:
    """End a reader's session: its tokens stop working at their next use."""
    UserSession.objects.filter(session_key=session.session_key).delete()
    session.delete()


def end_sessions_of(user) -> None:
    """End every session of a user (each sign-in makes one): every token dies."""
    sessions = UserSession.objects.filter(user_id=user.pk)
    keys = list(sessions.values_list("session_key", flat=True))
    if not keys:
        return
    sessions.delete()
    store = import_module(settings.SESSION_ENGINE).SessionStore
    for key in keys:
        store(key).delete()


def reader_of_token(token: str):
    """The reader an access token speaks for, as `(reader, claims)`, or None if the token is
    forged, expired, or its session has ended. The reader comes with its id only; other fields
    are read when first used (`User.load_unread_fields` reads them in one go)."""
    payload = internal.decode_token(token, "access")
    if payload is None:
        return None
    session = internal.get_token_session(payload)
    if (
        session is None
        or session.get(SESSION_KEY) != payload["sub"]
        or session.get(BACKEND_SESSION_KEY) not in settings.AUTHENTICATION_BACKENDS
    ):
        return None
    reader = get_user_model().from_db(DEFAULT_DB_ALIAS, ["id"], [int(payload["sub"])])
    return reader, payload


class RevocableJWTStrategy(JWTTokenStrategy):
    def refresh_token(self, refresh_token: str) -> tuple[str, str] | None:
        payload = internal.decode_token(refresh_token, "refresh")
        if payload is not None:
            session = internal.get_token_session(payload)
            if session is not None and payload["jti"] not in internal.get_refresh_token_state(
                session
            ):
                logger.warning(
                    "A refresh token was presented again after rotation: session ended (user %s)",
                    payload["sub"],
                )
                end_session(session)
                return None
        return super().refresh_token(refresh_token)
