"""The one Bearer scheme of our API: allauth's access tokens (JWT), validated against their
session on every request, so a token from an ended session is refused at once."""

from allauth.headless.contrib.ninja.security import JWTTokenAuth


class Bearer(JWTTokenAuth):
    """`Authorization: Bearer <access_token>`, as allauth's app endpoints hand it out. Sets
    `request.user`; 401 otherwise (the site adds `WWW-Authenticate`)."""

    openapi_type = "http"
    openapi_scheme = "bearer"
    openapi_bearerFormat = "JWT"


bearer = Bearer()
