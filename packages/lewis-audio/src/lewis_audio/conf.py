"""lewis_audio's settings, read from the one namespaced dict `LEWIS_AUDIO`."""

from decimal import Decimal
from functools import cache
from typing import Any

from django.conf import settings
from django.core.files.storage import Storage, storages
from django.core.signals import setting_changed
from django.utils.module_loading import import_string

from lewis_audio.types import SpeechSynthesizer

DEFAULTS: dict[str, Any] = {
    # Dotted path to a class implementing lewis_audio.types.SpeechSynthesizer.
    "TTS": "lewis_audio.tts.none.NoSpeech",
    # Which entry of Django's STORAGES holds audio files (local disk, or S3 behind CloudFront).
    "STORAGE": "default",
    # Paid readings stop (visibly: the reading waits as "paused") once this month's recorded
    # spend reaches the budget, and resume when a new month starts or the budget is raised.
    "MONTHLY_BUDGET_USD": "50",
    "BUDGET_ALERT_PERCENTS": (50, 80, 95, 100),
    # What ElevenLabs charges per 1,000 characters billed (the plan's overage rate).
    "PRICE_PER_1000_CHARACTERS_USD": "0.30",
    # A reading no published passage uses, and a stored object no reading owns (left by a
    # failure between upload and row), are removed by cleanup after this many days untouched.
    "RETENTION_DAYS": 30,
    # lewis_audio.tts.elevenlabs.ElevenLabsVoice (docs/operations.md lists the environment).
    "ELEVENLABS": {
        "API_KEY": "",
        "VOICE_ID": "",
        "MODEL_ID": "eleven_multilingual_v2",
        "OUTPUT_FORMAT": "mp3_44100_128",
        "VOICE_SETTINGS": {},  # stability, similarity_boost, style, use_speaker_boost, speed
        "TIMEOUT_SECONDS": 60,
    },
}


def audio_settings() -> dict[str, Any]:
    given = getattr(settings, "LEWIS_AUDIO", {})
    return {
        **DEFAULTS,
        **given,
        "ELEVENLABS": {**DEFAULTS["ELEVENLABS"], **given.get("ELEVENLABS", {})},
    }


@cache
def synthesizer() -> SpeechSynthesizer:
    """The configured provider, built once per process."""
    return import_string(audio_settings()["TTS"])()


def monthly_budget() -> Decimal:
    return Decimal(str(audio_settings()["MONTHLY_BUDGET_USD"]))


def audio_storage() -> Storage:
    return storages[audio_settings()["STORAGE"]]


def _forget_synthesizer(*, setting: str, **kwargs: Any) -> None:
    if setting == "LEWIS_AUDIO":
        synthesizer.cache_clear()


setting_changed.connect(_forget_synthesizer)
