"""The protocol every text-to-speech provider implements, and what it returns."""

from dataclasses import dataclass
from typing import Protocol, runtime_checkable


@dataclass(frozen=True)
class Speech:
    audio: bytes
    duration_seconds: float
    voice: str
    extension: str = "mp3"


@runtime_checkable
class SpeechSynthesizer(Protocol):
    """Reads a text aloud; chosen by LEWIS_AUDIO["TTS"]. Returns None when it makes no audio."""

    voice: str

    def synthesize(self, text: str) -> Speech | None: ...
