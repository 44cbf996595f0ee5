"""Settings for lewis_accounts's own tests: the package, allauth as lewis_accounts.conf
configures it, and what it declares below it (lewis_content, with Wagtail).

DATABASE_URL picks the database (nox sets it); in-memory SQLite otherwise.
"""

import os

import dj_database_url

from lewis_accounts import conf
from tests.keys import new_apple_key_pem, new_private_key, pem

SECRET_KEY = "lewis-accounts-tests"
USE_TZ = True
INSTALLED_APPS = [
    "lewis_accounts",
    "lewis_spend",
    "lewis_content",
    "lewis_tagging",
    "lewis_audio",
    "lewis_ranking",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.sites",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.embeds",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    *conf.INSTALLED_APPS,
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    *conf.MIDDLEWARE,
]
ROOT_URLCONF = "tests.urls"
AUTH_USER_MODEL = "lewis_accounts.User"
AUTHENTICATION_BACKENDS = conf.AUTHENTICATION_BACKENDS
globals().update(conf.STAFF_SIGN_IN)
DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL", "sqlite://:memory:"))}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast, tests only
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]
STATIC_URL = "/static/"
WAGTAIL_SITE_NAME = "Lewis (accounts tests)"
WAGTAILADMIN_BASE_URL = "http://testserver"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
CELERY_TASK_ALWAYS_EAGER = True
GOOGLE_CLIENT_ID = "reader-app.apps.googleusercontent.com"
APPLE_CLIENT_ID = "org.lewis.reader"
APPLE_TEAM_ID = "TEAM123456"
APPLE_KEY_ID = "KEY1234567"
APPLE_PRIVATE_KEY = new_apple_key_pem()  # the team's .p8 key: EC P-256
globals().update(
    conf.allauth_settings(
        jwt_private_key=pem(new_private_key()),
        app_url="https://app.lewis.example",
        google_client_ids=[GOOGLE_CLIENT_ID],
        apple_client_ids=[APPLE_CLIENT_ID],
        apple_team_id=APPLE_TEAM_ID,
        apple_key_id=APPLE_KEY_ID,
        apple_private_key=APPLE_PRIVATE_KEY,
    )
)
