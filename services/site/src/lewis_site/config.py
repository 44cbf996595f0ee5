"""The one settings class: everything the site reads from the environment (or `.env`).

Nothing set means the embedded default: SQLite under var/, local-memory cache, Celery tasks run
inline, media on local disk. DATABASE_URL and REDIS_URL switch to PostgreSQL, Redis and a worker.
"""

import secrets
from pathlib import Path
from typing import Annotated, Any

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
    substack_feeds: CommaList = []
    sentry_dsn: str | None = None
    sentry_environment: str = "production"
    time_zone: str = "Europe/London"
    var_dir: Path = Path("var")
    public_url: str = "http://127.0.0.1:8000"
    # Behind a TLS-terminating proxy in production: redirect to https and send HSTS.
    secure_ssl_redirect: bool = True

    @field_validator("allowed_hosts", "csrf_trusted_origins", "substack_feeds", mode="before")
    @classmethod
    def split_commas(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [item.strip() for item in value.split(",") if item.strip()]
        return value

    @property
    def embedded(self) -> bool:
        """True when no database is configured: the zero-services local mode."""
        return self.database_url is None

    def databases(self) -> dict[str, Any]:
        if self.embedded:
            self.var_dir.mkdir(parents=True, exist_ok=True)
            url = f"sqlite:///{(self.var_dir / 'lewis.sqlite3').resolve()}"
            return {"default": dj_database_url.parse(url)}
        return {
            "default": dj_database_url.parse(
                self.database_url, conn_max_age=60, conn_health_checks=True
            )
        }

    def caches(self) -> dict[str, Any]:
        url = self.cache_url or self.redis_url
        if url is None:
            return {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
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
