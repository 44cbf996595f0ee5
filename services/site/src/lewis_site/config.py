"""The one settings class: everything the site reads from the environment (or `.env`).

Nothing set means the embedded default: SQLite under var/, a file cache under var/ shared by its
processes, Celery tasks run inline, media on local disk. DATABASE_URL and REDIS_URL switch to
PostgreSQL, Redis and a worker.
"""

import secrets
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal

import dj_database_url
from pydantic import SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

CommaList = Annotated[list[str], NoDecode]


class LewisSettings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    database_url: str | None = None
    redis_url: str | None = None
    # Defaults to REDIS_URL; "dummy://" turns response caching off (benchmarks of the miss path).
    cache_url: str | None = None
    secret_key: SecretStr | None = None
    debug: bool = False
    allowed_hosts: CommaList = ["localhost", "127.0.0.1"]
    csrf_trusted_origins: CommaList = []
    # Browser origins (Flutter web) allowed to call the API cross-origin; none by default.
    cors_allowed_origins: CommaList = []
    substack_feeds: CommaList = []
    # Error reports (docs/operations.md "Errors and logs"): Sentry when a DSN is set, with the
    # release (the image tag) and environment it runs as; a share of requests traced.
    sentry_dsn: str | None = None
    sentry_environment: str = "production"
    sentry_release: str | None = None
    sentry_traces_sample_rate: float = 0.0
    # One JSON object per log line ("json", the default in production mode) or readable lines
    # ("plain", the default on the embedded default).
    log_format: Literal["json", "plain"] | None = None
    # /metrics asks for `Authorization: Bearer <METRICS_TOKEN>` when set.
    metrics_token: SecretStr | None = None
    time_zone: str = "Europe/London"
    var_dir: Path = Path("var")
    # Where collectstatic writes and WhiteNoise serves from; $VAR_DIR/static unless set (the
    # image collects into /app/static at build time).
    static_root: Path | None = None
    public_url: str = "http://127.0.0.1:8000"
    # Reader accounts (docs/adr/0014). The RSA key (PEM) that signs access and refresh tokens;
    # generated once under var/ on the embedded default, required in production.
    jwt_private_key: SecretStr | None = None
    # Where the app handles the links in account mails (sign-up, password reset).
    app_url: str | None = None
    # id_tokens accepted for Sign in with Google (OAuth client ids) and Apple (bundle ids).
    google_client_ids: CommaList = []
    apple_client_ids: CommaList = []
    # Sign in with Apple's server side (exchanging and revoking tokens): the team id, the key id
    # and the private key (.p8, PEM) from the Apple developer account.
    apple_team_id: str = ""
    apple_key_id: str = ""
    apple_private_key: SecretStr | None = None
    # Writes a reader may make per minute (the Soul Map, reflections); then 429.
    accounts_write_rate: str = "60/m"
    # Behind a TLS-terminating proxy in production: redirect to https and send HSTS.
    secure_ssl_redirect: bool = True
    # AI tag drafting: Anthropic when a key is set, else the offline drafter (docs/adr/0008).
    anthropic_api_key: SecretStr | None = None
    anthropic_model: str = "claude-sonnet-4-6"
    ai_monthly_budget_usd: Decimal = Decimal("20")
    # Media (Wagtail images and documents, audio readings): local disk under var/media unless a
    # bucket is set; then S3, with URLs on the CloudFront domain (MEDIA_CDN_DOMAIN). The
    # endpoint is for a local S3 (MinIO, moto) in the compose stack.
    aws_storage_bucket_name: str | None = None
    aws_s3_region_name: str = "eu-west-2"
    aws_s3_endpoint_url: str | None = None
    media_cdn_domain: str | None = None
    # The scheme of media URLs on MEDIA_CDN_DOMAIN: "https:" (CloudFront); "http:" for a local S3.
    media_url_protocol: Literal["https:", "http:"] = "https:"
    # Audio readings: ElevenLabs when a key is set (with the client's cloned voice), else none
    # (text only). VOICE_SETTINGS is JSON: {"stability": 0.5, "similarity_boost": 0.75, ...}.
    elevenlabs_api_key: SecretStr | None = None
    elevenlabs_voice_id: str = ""
    elevenlabs_model_id: str = "eleven_multilingual_v2"
    elevenlabs_output_format: str = "mp3_44100_128"
    elevenlabs_voice_settings: dict[str, float | bool] = {}
    # Paid readings pause once this month's spend reaches the budget (USD), costed at the
    # plan's price per 1,000 characters; admins are alerted at 50, 80, 95 and 100 %.
    audio_monthly_budget_usd: Decimal = Decimal("50")
    elevenlabs_price_per_1000_characters_usd: Decimal = Decimal("0.30")
    # Mail (AI budget alerts and errors to ADMINS): SMTP when EMAIL_HOST is set, else printed
    # to the console log.
    admins: CommaList = []
    email_host: str | None = None
    email_port: int = 587
    email_host_user: str = ""
    email_host_password: SecretStr | None = None
    email_use_tls: bool = True
    default_from_email: str = "The Lewis Reader <noreply@lewis.example>"

    @field_validator(
        "secret_key",
        "jwt_private_key",
        "apple_private_key",
        "anthropic_api_key",
        "elevenlabs_api_key",
        "email_host_password",
        "metrics_token",
        "sentry_dsn",
        mode="before",
    )
    @classmethod
    def blank_is_unset(cls, value: Any) -> Any:
        """`SECRET_KEY=` (an empty line in .env, an unset CI variable) means unset, so
        production mode refuses to start instead of failing on first use."""
        if isinstance(value, str) and not value.strip():
            return None
        return value

    @field_validator(
        "allowed_hosts",
        "csrf_trusted_origins",
        "cors_allowed_origins",
        "substack_feeds",
        "admins",
        "google_client_ids",
        "apple_client_ids",
        mode="before",
    )
    @classmethod
    def split_commas(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [item.strip() for item in value.split(",") if item.strip()]
        return value

    def tagging(self) -> dict[str, Any]:
        """LEWIS_TAGGING: the drafter, its provider settings and the monthly AI budget."""
        key = self.anthropic_api_key.get_secret_value() if self.anthropic_api_key else None
        drafter = "anthropic.AnthropicDrafter" if key else "offline.KeywordDrafter"
        return {
            "DRAFTER": f"lewis_tagging.drafters.{drafter}",
            "ANTHROPIC": {"API_KEY": key, "MODEL": self.anthropic_model},
            "MONTHLY_BUDGET_USD": self.ai_monthly_budget_usd,
        }

    def storages(self) -> dict[str, Any]:
        """Django's STORAGES: `default` (Wagtail images, renditions, documents) and `audio`
        (readings, written once under their content hash: cached for a year, immutable)."""
        static = {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"}
        if self.aws_storage_bucket_name is None:
            disk = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
            return {"default": disk, "audio": disk, "staticfiles": static}

        def bucket(prefix: str, cache_control: str) -> dict[str, Any]:
            return {
                "BACKEND": "storages.backends.s3.S3Storage",
                "OPTIONS": {
                    "bucket_name": self.aws_storage_bucket_name,
                    "region_name": self.aws_s3_region_name,
                    "endpoint_url": self.aws_s3_endpoint_url,
                    "location": prefix,
                    "custom_domain": self.media_cdn_domain,  # URLs on CloudFront
                    "url_protocol": self.media_url_protocol,
                    "querystring_auth": False,  # public through the CDN; the bucket stays private
                    "file_overwrite": False,
                    "object_parameters": {"CacheControl": cache_control},
                },
            }

        return {
            "default": bucket("media", "public, max-age=86400"),
            "audio": bucket("media", "public, max-age=31536000, immutable"),
            "staticfiles": static,
        }

    def audio(self) -> dict[str, Any]:
        """LEWIS_AUDIO: the speech provider and its settings."""
        key = self.elevenlabs_api_key.get_secret_value() if self.elevenlabs_api_key else ""
        tts = "elevenlabs.ElevenLabsVoice" if key else "none.NoSpeech"
        return {
            "TTS": f"lewis_audio.tts.{tts}",
            "STORAGE": "audio",
            "MONTHLY_BUDGET_USD": self.audio_monthly_budget_usd,
            "PRICE_PER_1000_CHARACTERS_USD": self.elevenlabs_price_per_1000_characters_usd,
            "ELEVENLABS": {
                "API_KEY": key,
                "VOICE_ID": self.elevenlabs_voice_id,
                "MODEL_ID": self.elevenlabs_model_id,
                "OUTPUT_FORMAT": self.elevenlabs_output_format,
                "VOICE_SETTINGS": self.elevenlabs_voice_settings,
            },
        }

    def email(self) -> dict[str, Any]:
        """Django's EMAIL_* settings, ADMINS and the sender addresses."""
        common = {
            "ADMINS": [(address, address) for address in self.admins],
            "DEFAULT_FROM_EMAIL": self.default_from_email,
            "SERVER_EMAIL": self.default_from_email,
        }
        if self.email_host is None:
            return {**common, "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
        password = self.email_host_password
        return {
            **common,
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": self.email_host,
            "EMAIL_PORT": self.email_port,
            "EMAIL_HOST_USER": self.email_host_user,
            "EMAIL_HOST_PASSWORD": password.get_secret_value() if password else "",
            "EMAIL_USE_TLS": self.email_use_tls,
            "EMAIL_TIMEOUT": 10,
        }

    @property
    def logs_as_json(self) -> bool:
        return (self.log_format or ("plain" if self.embedded else "json")) == "json"

    @property
    def embedded(self) -> bool:
        """True when no database is configured: the zero-services local mode."""
        return self.database_url is None

    def databases(self) -> dict[str, Any]:
        if self.embedded:
            self.var_dir.mkdir(parents=True, exist_ok=True)
            url = f"sqlite:///{(self.var_dir / 'lewis.sqlite3').resolve()}"
            return {"default": dj_database_url.parse(url)}
        database = dj_database_url.parse(
            self.database_url, conn_max_age=60, conn_health_checks=True
        )
        if database["ENGINE"] == "django.db.backends.postgresql":
            # Fail fast while the database is away (a restart, a failover): 503s, not hung
            # workers; connections come back on their own when it returns.
            database.setdefault("OPTIONS", {}).setdefault("connect_timeout", 3)
        return {"default": database}

    @property
    def shared_cache(self) -> bool:
        """True when the cache is Redis: fast enough to read sessions through (the embedded
        default's file cache is shared by its processes too, but sessions stay in SQLite)."""
        return (self.cache_url or self.redis_url) not in (None, "dummy://")

    def caches(self) -> dict[str, Any]:
        url = self.cache_url or self.redis_url
        if url is None:
            # The embedded default: files under var/, so every process (the server, beat, a
            # `lewis` command) sees the same content generation and response cache.
            return {
                "default": {
                    "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                    "LOCATION": str((self.var_dir / "cache").resolve()),
                    "OPTIONS": {"MAX_ENTRIES": 10_000},
                }
            }
        if url == "dummy://":
            return {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
        return {
            "default": {
                # django-redis keeps one client per process; Django's own backend builds a
                # client per call, which costs more than the Redis round trip (docs/adr/0005).
                "BACKEND": "django_redis.cache.RedisCache",
                "LOCATION": url,
                "KEY_PREFIX": "lewis",
                "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1},
            }
        }

    def celery(self) -> dict[str, Any]:
        if self.redis_url is None:
            return {"broker_url": "memory://", "task_always_eager": True}
        return {"broker_url": self.redis_url, "task_always_eager": False}

    def jwt_signing_key(self) -> str:
        """The configured token signing key (PEM; `\\n` escapes are read as line breaks, for
        environments that hold one line); in embedded mode one is made once under var/."""
        if self.jwt_private_key is not None:
            return self.jwt_private_key.get_secret_value().replace("\\n", "\n")
        if not self.embedded:
            raise ValueError("JWT_PRIVATE_KEY must be set when DATABASE_URL is (production mode).")
        key_file = self.var_dir / "jwt_private_key.pem"
        if not key_file.exists():
            from lewis_accounts.keys import new_private_key_pem

            self.var_dir.mkdir(parents=True, exist_ok=True)
            key_file.write_text(new_private_key_pem())
            key_file.chmod(0o600)
        return key_file.read_text()

    def django_secret_key(self) -> str:
        """The configured key; in embedded mode one is made once and kept under var/."""
        if self.secret_key is not None:
            return self.secret_key.get_secret_value()
        if not self.embedded:
            raise ValueError("SECRET_KEY must be set when DATABASE_URL is (production mode).")
        key_file = self.var_dir / "secret_key"
        if not key_file.exists():
            self.var_dir.mkdir(parents=True, exist_ok=True)
            key_file.write_text(secrets.token_urlsafe(50))
            key_file.chmod(0o600)
        return key_file.read_text().strip()
