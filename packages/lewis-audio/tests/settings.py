"""Settings for lewis_audio's own tests: this package alone, media in a temporary folder.

DATABASE_URL picks the database (nox sets it); in-memory SQLite otherwise.
"""

import os
import tempfile

import dj_database_url

SECRET_KEY = "lewis-audio-tests"
USE_TZ = True
INSTALLED_APPS = ["lewis_audio", "lewis_spend"]
DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL", "sqlite://:memory:"))}
MEDIA_ROOT = tempfile.mkdtemp(prefix="lewis-audio-tests-")
MEDIA_URL = "/media/"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ADMINS = [("ops", "ops@example.org")]
