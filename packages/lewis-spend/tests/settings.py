"""Settings for lewis_spend's own tests: the package and a paid service's usage rows.

DATABASE_URL picks the database (nox sets it); in-memory SQLite otherwise.
"""

import os

import dj_database_url

SECRET_KEY = "lewis-spend-tests"
USE_TZ = True
TIME_ZONE = "Europe/London"
INSTALLED_APPS = ["lewis_spend", "tests.usage_app"]
DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL", "sqlite://:memory:"))}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ADMINS = [("ops", "ops@example.org")]
