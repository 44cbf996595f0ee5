"""The one Bearer scheme of our API: allauth's access tokens (JWT), checked against their
session on every request, so a token from an ended session is refused at once."""

from allauth.core.internal.httpkit import get_authorization_credential
from allauth.headless import app_settings
from allauth.headless.contrib.ninja.security import JWTTokenAuth

from lewis_accounts.tokens import reader_of_token


class Bearer(JWTTokenAuth):
    """`Authorization: Bearer <access_token>`, as allauth's app endpoints hand it out. Sets
    `request.user` (the reader, id loaded) and `request.auth` (the token's claims); 401
    otherwise (the site adds `WWW-Authenticate`). allauth's check, without reading the reader's
    row (lewis_accounts.tokens)."""

    openapi_type = "http"
    openapi_scheme = "bearer"
    openapi_bearerFormat = "JWT"

    def __call__(self, request):
        token = get_authorization_credential(request, app_settings.JWT_AUTHORIZATION_HEADER_SCHEME)
        checked = reader_of_token(token) if token else None
        if checked is None:
            return None
        request.user, claims = checked
        return claims


bearer = Bearer()
