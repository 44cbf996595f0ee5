"""The public surface of lewis_audio: the only module other packages import."""

import hashlib
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction

from lewis_audio.conf import synthesizer
from lewis_audio.models import AudioAsset

__all__ = ["AudioReading", "audio_for", "generate_reading"]


@dataclass(frozen=True)
class AudioReading:
    url: str
    duration_seconds: float


def content_hash(text: str, voice: str) -> str:
    return hashlib.sha256(f"{voice}\n{text}".encode()).hexdigest()


def _reading(asset: AudioAsset) -> AudioReading:
    return AudioReading(url=asset.file.url, duration_seconds=asset.duration_seconds)


def audio_for(text: str) -> AudioReading | None:
    """The stored reading of this exact text in the configured voice, if one was generated."""
    asset = AudioAsset.objects.filter(content_hash=content_hash(text, synthesizer().voice)).first()
    return _reading(asset) if asset else None


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
