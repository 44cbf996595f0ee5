"""ElevenLabs, through its official SDK: the client's cloned voice, with character timings.

Settings (LEWIS_AUDIO["ELEVENLABS"], filled from the environment by the site): API_KEY,
VOICE_ID, MODEL_ID, OUTPUT_FORMAT, VOICE_SETTINGS (stability, similarity_boost, style,
use_speaker_boost, speed) and TIMEOUT_SECONDS. The SDK's own retries are switched off: the
caller (a Celery task) retries transient failures with backoff, so every attempt is counted.
"""

import base64
import binascii

import httpx
from django.core.exceptions import ImproperlyConfigured
from elevenlabs import ElevenLabs, VoiceSettings
from elevenlabs.core import ApiError

from lewis_audio.conf import audio_settings
from lewis_audio.types import CharacterTimings, Speech, SpeechFailed

# Tests put an httpx transport here (httpx.MockTransport) to stand in for ElevenLabs.
TRANSPORT: httpx.BaseTransport | None = None

TRANSIENT_STATUSES = {408, 409, 425, 429}
# What ElevenLabs says when asking again cannot help, whatever the HTTP status.
PERMANENT_REASONS = {"quota_exceeded", "voice_not_found", "invalid_api_key"}


class ElevenLabsVoice:
    provider = "elevenlabs"

    def __init__(self) -> None:
        conf = audio_settings()["ELEVENLABS"]
        if not (conf["API_KEY"] and conf["VOICE_ID"]):
            raise ImproperlyConfigured("ElevenLabs needs an API key and a voice id.")
        self.voice = conf["VOICE_ID"]
        self.model = conf["MODEL_ID"]
        self.output_format = conf["OUTPUT_FORMAT"]
        self.voice_settings = VoiceSettings(**conf["VOICE_SETTINGS"])
        self.client = ElevenLabs(
            api_key=conf["API_KEY"],
            timeout=None,  # the httpx client's, below
            httpx_client=httpx.Client(transport=TRANSPORT, timeout=conf["TIMEOUT_SECONDS"]),
        )

    def synthesize(self, text: str) -> Speech:
        try:
            answer = self.client.text_to_speech.with_raw_response.convert_with_timestamps(
                voice_id=self.voice,
                text=text,
                model_id=self.model,
                output_format=self.output_format,
                voice_settings=self.voice_settings,
                request_options={"max_retries": 0},
            )
        except ApiError as error:
            raise refusal(error) from error
        except httpx.HTTPError as error:  # timeouts, refused connections
            raise SpeechFailed(f"ElevenLabs unreachable: {error!r}", transient=True) from error
        reading = answer.data
        try:
            audio = base64.b64decode(reading.audio_base_64, validate=True)
            alignment = reading.alignment
            timings = CharacterTimings(
                characters=list(alignment.characters),
                starts=[float(s) for s in alignment.character_start_times_seconds],
                ends=[float(e) for e in alignment.character_end_times_seconds],
            )
        except (AttributeError, TypeError, ValueError, binascii.Error) as error:
            raise SpeechFailed(f"ElevenLabs answered garbled: {error!r}", transient=True) from error
        if not audio or not (
            len(timings.characters) == len(timings.starts) == len(timings.ends) > 0
        ):
            raise SpeechFailed("ElevenLabs answered without audio or timings", transient=True)
        return Speech(
            audio=audio,
            duration_seconds=max(timings.ends),
            characters_billed=int(answer.headers.get("x-character-count") or len(text)),
            request_id=answer.headers.get("request-id", ""),
            timings=timings,
        )


def refusal(error: ApiError) -> SpeechFailed:
    status = error.status_code or 0
    body = error.body if isinstance(error.body, dict) else {}
    detail = body.get("detail") if isinstance(body.get("detail"), dict) else {}
    reason = detail.get("status", "")
    said = detail.get("message") or reason or repr(error.body)[:200]
    message = f"ElevenLabs answered {status}: {said}"
    if reason in PERMANENT_REASONS:
        return SpeechFailed(message, transient=False)
    if status < 400:  # a success the SDK could not read: a garbled answer
        return SpeechFailed(f"ElevenLabs answered garbled: {error.body!r:.200}", transient=True)
    if status in TRANSIENT_STATUSES or status >= 500:
        return SpeechFailed(message, transient=True, retry_after=retry_after(error.headers))
    return SpeechFailed(message, transient=False)  # the request itself is wrong: 400, 401, 422


def retry_after(headers: dict | None) -> float | None:
    try:
        return float((headers or {}).get("retry-after", ""))
    except ValueError:
        return None
