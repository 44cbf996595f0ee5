"""Django settings for the Lewis site, derived from the one `LewisSettings` class."""

from datetime import timedelta

from celery.schedules import crontab

from lewis_accounts import conf as accounts_conf
from lewis_site.config import LewisSettings
from lewis_site.logs import logging_config

config = LewisSettings()

SECRET_KEY = config.django_secret_key()
DEBUG = config.debug
ALLOWED_HOSTS = config.allowed_hosts
CSRF_TRUSTED_ORIGINS = config.csrf_trusted_origins
# CORS (django-cors-headers, docs/adr/0012): closed unless origins are listed, and only for the API.
CORS_ALLOWED_ORIGINS = config.cors_allowed_origins
CORS_URLS_REGEX = r"^/(api|_allauth)/.*$"

INSTALLED_APPS = [
    "lewis_site",
    "lewis_accounts",
    "lewis_content",
    "lewis_tagging",
    "lewis_audio",
    "lewis_spend",
    "lewis_ranking",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "ninja",  # serves the API docs' assets locally instead of from a CDN
    "corsheaders",
    "taggit",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    *accounts_conf.INSTALLED_APPS,
]

MIDDLEWARE = [
    # Notes the URL pattern and the signed-in user's pseudonym for the request's log line,
    # which the entry points write (lewis_site.logs.RequestLogWSGI/ASGI).
    "lewis_site.logs.RouteAndReader",
    # Outermost: stores cached guest reads with every header the others add (response_cache).
    "lewis_site.response_cache.StoreSharedResponses",
    "lewis_site.views.AnswerProbes",  # whatever the Host: load balancers probe by IP address
    "lewis_site.views.ApiErrorsMiddleware",  # the one error shape under /api/, DEBUG or not
    "corsheaders.middleware.CorsMiddleware",  # before anything that answers (CommonMiddleware)
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    *accounts_conf.MIDDLEWARE,
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "lewis_site.urls"
CSRF_FAILURE_VIEW = "lewis_site.views.csrf_failure"  # JSON under /api/
WSGI_APPLICATION = "lewis_site.wsgi.application"
AUTH_USER_MODEL = "lewis_accounts.User"
AUTHENTICATION_BACKENDS = accounts_conf.AUTHENTICATION_BACKENDS
globals().update(accounts_conf.STAFF_SIGN_IN)  # lockout after repeated staff sign-in failures
PASSWORD_HASHERS = accounts_conf.PASSWORD_HASHERS
# Reader accounts: allauth, headless, for the app (lewis_accounts.conf, docs/adr/0014).
globals().update(
    accounts_conf.allauth_settings(
        jwt_private_key=config.jwt_signing_key(),
        app_url=config.app_url or config.public_url,
        google_client_ids=config.google_client_ids,
        apple_client_ids=config.apple_client_ids,
        apple_team_id=config.apple_team_id,
        apple_key_id=config.apple_key_id,
        apple_private_key=(
            config.apple_private_key.get_secret_value().replace("\\n", "\n")
            if config.apple_private_key
            else ""
        ),
    )
)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = config.databases()
CACHES = config.caches()
# Sessions are read on every signed-in request (tokens are checked against them): through Redis
# when there is one, with PostgreSQL as the record (lewis_accounts.sessions).
SESSION_ENGINE = (
    "lewis_accounts.sessions" if config.shared_cache else "django.contrib.sessions.backends.db"
)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = config.time_zone
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = config.static_root or config.var_dir / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = config.var_dir / "media"
STORAGES = config.storages()
# Local media (the embedded default, or no bucket) is served by this process under MEDIA_URL.
SERVE_MEDIA = DEBUG or config.aws_storage_bucket_name is None
# Serve static files from the apps in place, so the embedded mode needs no collectstatic.
WHITENOISE_USE_FINDERS = config.embedded
if config.embedded:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# Wagtail
WAGTAIL_SITE_NAME = "Lewis"
PUBLIC_URL = config.public_url  # where clients reach this site; the API schema's server
LEWIS_EMBEDDED = config.embedded  # no services: SQLite, local memory, tasks inline
WAGTAILADMIN_BASE_URL = config.public_url
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "txt", "mp3", "m4a"]

# Celery: the app reads every CELERY_* setting (lewis_site.celery).
_celery = config.celery()
CELERY_BROKER_URL = _celery["broker_url"]
CELERY_TASK_ALWAYS_EAGER = _celery["task_always_eager"]
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_WORKER_HIJACK_ROOT_LOGGER = False  # LOGGING below: one format for web, worker and beat
# Beat keeps its schedule state under VAR_DIR and touches a heartbeat file on every tick
# (lewis_site.liveness), ticking at least every 30 s.
CELERY_BEAT_SCHEDULER = "lewis_site.celery:Scheduler"
CELERY_BEAT_SCHEDULE_FILENAME = str(config.var_dir / "celerybeat-schedule")
CELERY_BEAT_MAX_LOOP_INTERVAL = 30
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "publish-scheduled-content": {
        "task": "lewis_content.tasks.publish_scheduled",
        "schedule": timedelta(minutes=1),
    },
    # The outbox's delivery: drafts whose task could not be queued (the broker was away).
    "send-unsent-drafts": {
        "task": "lewis_content.tasks.send_unsent_drafts",
        "schedule": timedelta(minutes=1),
    },
    "ask-for-missing-readings": {  # readings whose task could not be queued at publish
        "task": "lewis_content.tasks.ask_for_missing_readings",
        "schedule": timedelta(hours=1),
    },
    "warm-todays-passage": {
        "task": "lewis_content.tasks.warm_today",
        "schedule": crontab(hour=0, minute=1),  # just after midnight in TIME_ZONE
    },
    "ingest-substack": {
        "task": "lewis_content.tasks.ingest_substack",
        "schedule": timedelta(minutes=30),
    },
    "revoke-apple-tokens": {  # retries revocations that failed at account deletion
        "task": "lewis_accounts.tasks.revoke_apple_tokens",
        "schedule": timedelta(hours=1),
    },
    "resume-audio-readings": {  # readings paused at the monthly budget, once there is budget
        "task": "lewis_content.tasks.resume_audio_readings",
        "schedule": timedelta(hours=1),
    },
    "cleanup-audio": {  # readings no published passage uses, after LEWIS_AUDIO["RETENTION_DAYS"]
        "task": "lewis_content.tasks.cleanup_audio",
        "schedule": crontab(hour=4, minute=0),
    },
    "clear-expired-sessions": {
        "task": "lewis_site.tasks.clear_expired_sessions",
        "schedule": crontab(hour=3, minute=30),
    },
}

# Swap-points: one dotted path per replaceable service (docs/adr/0002-swap-points.md).
LEWIS_RANKING = {"BACKEND": "lewis_ranking.backends.memory.MemoryRanker"}
LEWIS_TAGGING = config.tagging()

# Mail: budget alerts and error reports go to ADMINS.
globals().update(config.email())
LEWIS_AUDIO = config.audio()
LEWIS_CONTENT = {"SUBSTACK_FEEDS": config.substack_feeds}
LEWIS_ACCOUNTS = {"WRITE_RATE": config.accounts_write_rate}

NINJA_PAGINATION_MAX_LIMIT = 50

# One line per record, per request and per task, with request ids (lewis_site.logs).
LOGGING = logging_config("json" if config.logs_as_json else "plain")
METRICS_TOKEN = config.metrics_token.get_secret_value() if config.metrics_token else ""

if not DEBUG and not config.embedded:
    SECURE_SSL_REDIRECT = config.secure_ssl_redirect
    # Load balancers probe, and the metrics agent scrapes, over plain http inside the network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # HSTS preload is a one-way commitment for the whole domain: an operator's decision.
    SILENCED_SYSTEM_CHECKS = ["security.W021"]

if config.sentry_dsn:
    from lewis_site.error_reporting import start_sentry

    start_sentry(config)
