"""The one settings class: what each runtime mode turns into."""

import pytest

from lewis_site.config import LewisSettings


def settings_from(tmp_path, **env) -> LewisSettings:
    return LewisSettings(_env_file=None, var_dir=tmp_path, **env)


def test_nothing_set_is_the_embedded_default(tmp_path, monkeypatch):
    for name in ("DATABASE_URL", "REDIS_URL", "SECRET_KEY"):
        monkeypatch.delenv(name, raising=False)
    config = settings_from(tmp_path)

    assert config.databases()["default"]["ENGINE"] == "django.db.backends.sqlite3"
    assert config.databases()["default"]["NAME"] == str(tmp_path / "lewis.sqlite3")
    assert config.caches()["default"]["BACKEND"].endswith("FileBasedCache")  # one for all processes
    assert config.caches()["default"]["LOCATION"] == str(tmp_path / "cache")
    assert config.celery() == {"broker_url": "memory://", "task_always_eager": True}


def test_the_embedded_secret_key_is_made_once_and_kept(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    first = settings_from(tmp_path).django_secret_key()
    assert len(first) >= 50
    assert settings_from(tmp_path).django_secret_key() == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_service_urls_switch_to_postgres_redis_and_a_worker(tmp_path):
    config = settings_from(
        tmp_path,
        database_url="postgres://lewis:pw@db.internal:5432/lewis",
        redis_url="redis://cache.internal:6379/0",
        secret_key="s" * 50,
    )
    database = config.databases()["default"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["HOST"], database["NAME"]) == ("db.internal", "lewis")
    assert config.caches()["default"]["LOCATION"] == "redis://cache.internal:6379/0"
    assert config.celery() == {
        "broker_url": "redis://cache.internal:6379/0",
        "task_always_eager": False,
    }


def test_production_mode_refuses_to_run_without_a_secret_key(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    config = settings_from(tmp_path, database_url="postgres://db/lewis")
    with pytest.raises(ValueError, match="SECRET_KEY must be set"):
        config.django_secret_key()


@pytest.mark.parametrize("blank", ["", "  "])
def test_a_blank_secret_key_counts_as_unset_and_stops_production_mode_at_once(tmp_path, blank):
    config = settings_from(tmp_path, database_url="postgres://db/lewis", secret_key=blank)
    with pytest.raises(ValueError, match="SECRET_KEY must be set"):
        config.django_secret_key()


def test_logs_are_json_in_production_mode_and_plain_on_the_embedded_default(tmp_path, monkeypatch):
    for name in ("DATABASE_URL", "LOG_FORMAT"):
        monkeypatch.delenv(name, raising=False)
    assert not settings_from(tmp_path).logs_as_json
    assert settings_from(tmp_path, database_url="postgres://db/lewis").logs_as_json
    assert not settings_from(
        tmp_path, database_url="postgres://db/l", log_format="plain"
    ).logs_as_json
    assert settings_from(tmp_path, log_format="json").logs_as_json


def test_the_token_signing_key_is_made_once_on_the_embedded_default_and_required_in_production(
    tmp_path, monkeypatch
):
    monkeypatch.delenv("JWT_PRIVATE_KEY", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    first = settings_from(tmp_path).jwt_signing_key()
    assert first.startswith("-----BEGIN PRIVATE KEY-----")
    assert settings_from(tmp_path).jwt_signing_key() == first
    assert (tmp_path / "jwt_private_key.pem").stat().st_mode & 0o077 == 0
    with pytest.raises(ValueError, match="JWT_PRIVATE_KEY must be set"):
        settings_from(tmp_path, database_url="postgres://db/lewis").jwt_signing_key()
    one_line = first.replace("\n", "\\n")  # as some secret stores hold it
    configured = settings_from(
        tmp_path, database_url="postgres://db/lewis", jwt_private_key=one_line
    )
    assert configured.jwt_signing_key() == first


def test_hosts_come_comma_separated_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("ALLOWED_HOSTS", "api.lewis.example, cms.lewis.example")
    assert settings_from(tmp_path).allowed_hosts == ["api.lewis.example", "cms.lewis.example"]


def test_the_cache_can_live_apart_from_the_broker_or_be_switched_off(tmp_path):
    separate = settings_from(
        tmp_path, redis_url="redis://broker:6379/0", cache_url="redis://cache:6379/1"
    )
    assert separate.caches()["default"]["LOCATION"] == "redis://cache:6379/1"
    assert separate.celery()["broker_url"] == "redis://broker:6379/0"
    off = settings_from(tmp_path, redis_url="redis://broker:6379/0", cache_url="dummy://")
    assert off.caches()["default"]["BACKEND"].endswith("DummyCache")


def test_mail_goes_to_the_console_until_smtp_is_configured(tmp_path):
    assert settings_from(tmp_path).email()["EMAIL_BACKEND"].endswith("console.EmailBackend")
    config = settings_from(
        tmp_path,
        email_host="smtp.example.org",
        email_host_password="pw",
        admins="ops@example.org, editor@example.org",
    )
    mail = config.email()
    assert mail["EMAIL_BACKEND"].endswith("smtp.EmailBackend")
    assert (mail["EMAIL_HOST"], mail["EMAIL_HOST_PASSWORD"]) == ("smtp.example.org", "pw")
    assert mail["ADMINS"] == [
        ("ops@example.org", "ops@example.org"),
        ("editor@example.org", "editor@example.org"),
    ]


def test_audio_is_text_only_until_an_elevenlabs_key_and_voice_are_set(tmp_path, monkeypatch):
    assert settings_from(tmp_path).audio()["TTS"] == "lewis_audio.tts.none.NoSpeech"
    monkeypatch.setenv("ELEVENLABS_VOICE_SETTINGS", '{"stability": 0.4, "use_speaker_boost": true}')
    audio = settings_from(tmp_path, elevenlabs_api_key="sk-1", elevenlabs_voice_id="v1").audio()
    assert audio["TTS"] == "lewis_audio.tts.elevenlabs.ElevenLabsVoice"
    assert audio["MONTHLY_BUDGET_USD"] == 50
    assert str(audio["PRICE_PER_1000_CHARACTERS_USD"]) == "0.30"
    assert audio["ELEVENLABS"] == {
        "API_KEY": "sk-1",
        "VOICE_ID": "v1",
        "MODEL_ID": "eleven_multilingual_v2",
        "OUTPUT_FORMAT": "mp3_44100_128",
        "VOICE_SETTINGS": {"stability": 0.4, "use_speaker_boost": True},
    }


def test_media_urls_can_be_plain_http_for_a_local_s3(tmp_path):
    from pydantic import ValidationError

    local = settings_from(
        tmp_path,
        aws_storage_bucket_name="lewis-media",
        media_cdn_domain="localhost:9000/lewis-media",
        media_url_protocol="http:",
    )
    options = local.storages()["audio"]["OPTIONS"]
    assert (options["custom_domain"], options["url_protocol"]) == (
        "localhost:9000/lewis-media",
        "http:",
    )
    cloudfront = settings_from(tmp_path, aws_storage_bucket_name="b").storages()["default"]
    assert cloudfront["OPTIONS"]["url_protocol"] == "https:"
    with pytest.raises(ValidationError):
        settings_from(tmp_path, media_url_protocol="ftp:")
