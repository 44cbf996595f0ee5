"""Settings for lewis_tagging's own tests: this package alone, no other lewis package.

DATABASE_URL picks the database (nox sets it); in-memory SQLite otherwise.
"""

import os

import dj_database_url

SECRET_KEY = "lewis-tagging-tests"
USE_TZ = True
INSTALLED_APPS = ["lewis_tagging"]
DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL", "sqlite://:memory:"))}
