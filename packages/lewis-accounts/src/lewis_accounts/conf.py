"""How lewis_accounts wants django-allauth configured: headless only, the app client, email and
password with codes (no links), Google and Apple sign-in with id_tokens from the device, and
revocable JWTs (docs/adr/0014). The site composes these into its settings; the package's own
tests use the same function, so both run the configuration that ships."""

from typing import Any

INSTALLED_APPS = [
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.google",
    "allauth.socialaccount.providers.apple",
    "allauth.usersessions",
    "allauth.headless",
    "axes",  # staff sign-in lockout (STAFF_SIGN_IN below)
]
MIDDLEWARE = [  # after AuthenticationMiddleware
    "lewis_accounts.middleware.RateLimitAnswers",
    "allauth.account.middleware.AccountMiddleware",
    "axes.middleware.AxesMiddleware",  # answers a locked-out sign-in with 429
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out sign-in before checking
    "django.contrib.auth.backends.ModelBackend",  # the CMS and the Django admin
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    # Verifies (and upgrades on sign-in) hashes made before Argon2 was first.
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
ACCESS_TOKEN_SECONDS = 5 * 60
REFRESH_TOKEN_SECONDS = 30 * 24 * 60 * 60


# Staff sign-in (the CMS, the Django admin: Django's login forms) locks out after 5 failures
# for a username from one address, for 15 minutes; a success clears the count. Readers sign in
# through allauth's app endpoints, which keep allauth's own rate limits, so axes leaves them be
# (lewis_accounts.middleware.not_staff_sign_in). Only failures are recorded (no log of every
# sign-in); an operator unlocks at once with `lewis axes_reset_username <name>`.
STAFF_SIGN_IN = {
    "AXES_FAILURE_LIMIT": 5,
    "AXES_COOLOFF_TIME": 0.25,  # hours
    "AXES_LOCKOUT_PARAMETERS": [["username", "ip_address"]],
    "AXES_RESET_ON_SUCCESS": True,
    "AXES_DISABLE_ACCESS_LOG": True,
    "AXES_WHITELIST_CALLABLE": "lewis_accounts.middleware.not_staff_sign_in",
    "AXES_VERBOSE": False,  # the failure is logged by our request line and axes' warning
}


def allauth_settings(
    *,
    jwt_private_key: str,
    app_url: str,
    google_client_ids: list[str],
    apple_client_ids: list[str],
    apple_team_id: str = "",
    apple_key_id: str = "",
    apple_private_key: str = "",
) -> dict[str, Any]:
    """allauth's settings. `jwt_private_key`: an RSA private key (PEM) that signs tokens;
    `app_url`: where the app handles links in the few mails that carry one; the client ids:
    Google OAuth client ids and Apple bundle ids whose id_tokens are accepted (their `aud`);
    the Apple team, key id and private key (.p8) sign the client secret that exchanges and
    revokes Apple tokens (lewis_accounts.apple)."""

    def apps(client_ids: list[str], **extra: Any) -> list[dict[str, Any]]:
        return [
            {"client_id": client_id, "secret": "", "key": "", **extra} for client_id in client_ids
        ]

    apple = {
        "secret": apple_key_id,  # allauth's names for them
        "key": apple_team_id,
        "settings": {"certificate_key": apple_private_key},
    }

    return {
        "HEADLESS_ONLY": True,
        "HEADLESS_CLIENTS": ("app",),
        "HEADLESS_TOKEN_STRATEGY": "lewis_accounts.tokens.RevocableJWTStrategy",
        "HEADLESS_JWT_ALGORITHM": "RS256",
        "HEADLESS_JWT_PRIVATE_KEY": jwt_private_key,
        "HEADLESS_JWT_ACCESS_TOKEN_EXPIRES_IN": ACCESS_TOKEN_SECONDS,
        "HEADLESS_JWT_REFRESH_TOKEN_EXPIRES_IN": REFRESH_TOKEN_SECONDS,
        "HEADLESS_JWT_ROTATE_REFRESH_TOKEN": True,
        # Every request checks the token's session still exists: logout, password change or
        # reset and deletion end it, and with it every token issued in it (docs/adr/0014).
        "HEADLESS_JWT_STATEFUL_VALIDATION_ENABLED": True,
        "HEADLESS_SERVE_SPECIFICATION": True,
        "HEADLESS_SPECIFICATION_TEMPLATE_NAME": "headless/spec/swagger_cdn.html",
        "HEADLESS_FRONTEND_URLS": {
            "account_signup": f"{app_url.rstrip('/')}/account/signup",
            "account_reset_password": f"{app_url.rstrip('/')}/account/password/reset",
        },
        "ACCOUNT_LOGIN_METHODS": {"email"},
        "ACCOUNT_SIGNUP_FIELDS": ["email*", "password1*"],
        "ACCOUNT_UNIQUE_EMAIL": True,
        "ACCOUNT_EMAIL_VERIFICATION": "mandatory",
        "ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED": True,
        "ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED": True,
        # Django gives the changing session a new key and every other session fails its
        # password-hash check, so every token issued before dies anyway (tests/test_tokens.py).
        "ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE": False,
        "ACCOUNT_EMAIL_SUBJECT_PREFIX": "The Lewis Reader: ",
        "SOCIALACCOUNT_PROVIDERS": {
            "google": {"APPS": apps(google_client_ids)},
            "apple": {"APPS": apps(apple_client_ids, **apple)},
        },
        "SOCIALACCOUNT_EMAIL_AUTHENTICATION": False,  # never sign in by a provider's email claim
        "USERSESSIONS_TRACK_ACTIVITY": False,  # a write per request otherwise
    }
