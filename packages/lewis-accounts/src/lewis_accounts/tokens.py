"""The JWT strategy: allauth's, plus theft detection on refresh (docs/adr/0014).

allauth signs RS256 tokens with the key id (the key's RFC 7638 thumbprint) in the header, ties
each token to a server-side session and, with stateful validation, refuses any token whose
session is gone. Refresh tokens rotate: each refresh token is good once. What allauth does not do
is notice a refresh token presented a second time: that means two parties hold it (the app and a
thief, or a replay), so here the whole session ends, and with it every token issued in it, as
the OAuth 2.0 Security Best Current Practice (RFC 9700, 4.14.2) recommends.
"""

import logging

from allauth.headless.tokens.strategies.jwt import JWTTokenStrategy, internal
from allauth.usersessions.models import UserSession

logger = logging.getLogger(__name__)


def end_session(session) -> None:
    """End a reader's session: its tokens stop working at their next use."""
    UserSession.objects.filter(session_key=session.session_key).delete()
    session.delete()


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
