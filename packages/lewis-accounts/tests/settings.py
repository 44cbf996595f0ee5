"""Settings for lewis_accounts's own tests: the package, Django's auth apps and allauth as
lewis_accounts.conf configures it.

DATABASE_URL picks the database (nox sets it); in-memory SQLite otherwise.
"""

import os

import dj_database_url

from lewis_accounts import conf
from tests.keys import new_private_key, pem

SECRET_KEY = "lewis-accounts-tests"
USE_TZ = True
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "lewis_accounts",
    *conf.INSTALLED_APPS,
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    *conf.MIDDLEWARE,
]
ROOT_URLCONF = "tests.urls"
AUTH_USER_MODEL = "lewis_accounts.User"
AUTHENTICATION_BACKENDS = conf.AUTHENTICATION_BACKENDS
DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL", "sqlite://:memory:"))}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast, tests only
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "APP_DIRS": True}]
GOOGLE_CLIENT_ID = "reader-app.apps.googleusercontent.com"
APPLE_CLIENT_ID = "org.lewis.reader"
globals().update(
    conf.allauth_settings(
        jwt_private_key=pem(new_private_key()),
        app_url="https://app.lewis.example",
        google_client_ids=[GOOGLE_CLIENT_ID],
        apple_client_ids=[APPLE_CLIENT_ID],
    )
)
