"""The public surface of lewis_audio: the only module other packages import."""

import hashlib
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction
from django.dispatch import Signal

from lewis_audio.conf import synthesizer
from lewis_audio.models import AudioAsset

__all__ = ["AudioReading", "generate_reading", "reading_key", "readings", "readings_changed"]

# Sent after an audio asset is saved or deleted, inside the writing transaction, with the
# reading keys (`keys`) whose reading appeared, changed or went.
readings_changed = Signal()


@dataclass(frozen=True)
class AudioReading:
    url: str
    duration_seconds: float


def content_hash(text: str, voice: str) -> str:
    return hashlib.sha256(f"{voice}\n{text}".encode()).hexdigest()


def _reading(asset: AudioAsset) -> AudioReading:
    return AudioReading(url=asset.file.url, duration_seconds=asset.duration_seconds)


def reading_key(text: str) -> str:
    """The key a reading of this text in the configured voice is stored under."""
    return content_hash(text, synthesizer().voice)


def readings(keys) -> dict[str, AudioReading]:
    """The stored readings among these keys (one query), by key."""
    return {a.content_hash: _reading(a) for a in AudioAsset.objects.filter(content_hash__in=keys)}


def generate_reading(text: str) -> AudioReading | None:
    """Make (or reuse) the reading of a text; None when the provider makes no audio."""
    tts = synthesizer()
    digest = content_hash(text, tts.voice)
    if existing := AudioAsset.objects.filter(content_hash=digest).first():
        return _reading(existing)
    speech = tts.synthesize(text)
    if speech is None:
        return None
    asset = AudioAsset(
        content_hash=digest, duration_seconds=speech.duration_seconds, voice=speech.voice
    )
    with transaction.atomic():
        asset.file.save(f"{digest}.{speech.extension}", ContentFile(speech.audio), save=False)
        asset.save()
    return _reading(asset)
