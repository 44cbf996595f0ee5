"""The protocol every text-to-speech provider implements, what it returns, and how it fails."""

from dataclasses import dataclass
from typing import Protocol, runtime_checkable


@dataclass(frozen=True)
class CharacterTimings:
    """When each character of the text sent is spoken: parallel lists, seconds from the start."""

    characters: list[str]
    starts: list[float]
    ends: list[float]


@dataclass(frozen=True)
class Speech:
    audio: bytes
    duration_seconds: float
    characters_billed: int  # as the provider counted them
    request_id: str = ""  # the provider's id of the call, for support and billing questions
    timings: CharacterTimings | None = None


class SpeechFailed(Exception):
    """No reading was made: the provider, or the storage after it, failed. `transient`: worth
    trying again later (rate limits, server errors, timeouts, a garbled answer, the storage
    unreachable), after `retry_after` seconds if the provider said so; otherwise trying again
    fails the same way (a bad voice, quota exhausted, text refused)."""

    def __init__(self, message: str, *, transient: bool, retry_after: float | None = None):
        super().__init__(message)
        self.transient = transient
        self.retry_after = retry_after


@runtime_checkable
class SpeechSynthesizer(Protocol):
    """Reads a text aloud; chosen by LEWIS_AUDIO["TTS"]. Its `provider`, `model`, `voice` and
    `output_format` (the provider's name for it, such as "mp3_44100_128") are part of every
    reading's key: changing any of them makes new readings. Returns None when it makes no
    audio; raises SpeechFailed when it could not."""

    provider: str
    model: str
    voice: str
    output_format: str

    def synthesize(self, text: str) -> Speech | None: ...
