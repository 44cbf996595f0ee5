"""ElevenLabs through its official SDK, faked at the HTTP transport the SDK uses."""

import base64
import json

import httpx
import pytest
from django.test import override_settings

from lewis_audio import services
from lewis_audio.models import AudioAsset
from lewis_audio.tts import elevenlabs
from lewis_audio.types import SpeechFailed

pytestmark = pytest.mark.django_db

AUDIO = b"ID3\x04 an mp3 of the text"
TEXT = "Joy is the serious business of Heaven."
SETTINGS = {
    "TTS": "lewis_audio.tts.elevenlabs.ElevenLabsVoice",
    "ELEVENLABS": {
        "API_KEY": "sk-test",
        "VOICE_ID": "cloned-voice",
        "MODEL_ID": "eleven_multilingual_v2",
        "OUTPUT_FORMAT": "mp3_44100_128",
        "VOICE_SETTINGS": {"stability": 0.5, "similarity_boost": 0.75},
    },
}


def spoken(text: str = TEXT, **headers) -> httpx.Response:
    ends = [round(0.05 * (n + 1), 3) for n in range(len(text))]
    return httpx.Response(
        200,
        headers={"request-id": "req-42", "x-character-count": str(len(text)), **headers},
        json={
            "audio_base64": base64.b64encode(AUDIO).decode(),
            "alignment": {
                "characters": list(text),
                "character_start_times_seconds": [e - 0.05 for e in ends],
                "character_end_times_seconds": ends,
            },
            "normalized_alignment": None,
        },
    )


class FakeElevenLabs:
    """Answers the SDK's requests in order from a script; keeps what it was sent."""

    def __init__(self):
        self.script: list = []
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        answer = self.script.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer


@pytest.fixture
def fake(monkeypatch, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    fake = FakeElevenLabs()
    monkeypatch.setattr(elevenlabs, "TRANSPORT", httpx.MockTransport(fake))
    with override_settings(LEWIS_AUDIO=SETTINGS):
        yield fake


def test_a_reading_is_asked_for_with_the_configured_voice_and_stored_with_its_timings(fake):
    fake.script = [spoken()]
    reading = services.generate_reading(TEXT)

    (request,) = fake.requests
    assert request.method == "POST"
    assert request.url.path == "/v1/text-to-speech/cloned-voice/with-timestamps"
    assert request.url.params["output_format"] == "mp3_44100_128"
    assert request.headers["xi-api-key"] == "sk-test"
    sent = json.loads(request.content)
    assert sent["text"] == TEXT
    assert sent["model_id"] == "eleven_multilingual_v2"
    assert sent["voice_settings"] == {"stability": 0.5, "similarity_boost": 0.75}

    asset = AudioAsset.objects.get()
    assert asset.file.read() == AUDIO
    assert reading.duration_seconds == pytest.approx(0.05 * len(TEXT))
    assert (asset.provider, asset.model, asset.voice, asset.output_format) == (
        "elevenlabs",
        "eleven_multilingual_v2",
        "cloned-voice",
        "mp3_44100_128",
    )
    assert (asset.characters_billed, asset.provider_request_id) == (len(TEXT), "req-42")


def test_a_rate_limit_is_transient_with_the_providers_wait_and_is_not_retried_by_the_sdk(fake):
    fake.script = [
        httpx.Response(
            429,
            headers={"retry-after": "3"},
            json={"detail": {"status": "too_many_concurrent_requests", "message": "slow down"}},
        ),
        spoken(),
    ]
    with pytest.raises(SpeechFailed) as failed:
        services.generate_reading(TEXT)
    assert (failed.value.transient, failed.value.retry_after) == (True, 3.0)
    assert "slow down" in str(failed.value)
    assert len(fake.requests) == 1  # our task retries, with backoff, not the SDK
    assert services.generate_reading(TEXT).url.endswith(".mp3")  # the next attempt
    assert AudioAsset.objects.get().attempts == 2


@pytest.mark.parametrize(
    "answer",
    [
        httpx.Response(503, text="upstream busy"),
        httpx.ReadTimeout("no answer in time"),
        httpx.ConnectError("connection refused"),
        httpx.Response(200, text="{not json"),  # garbled
        httpx.Response(200, json={"audio_base64": None, "alignment": None}),
        httpx.Response(200, json={"audio_base64": "bm90IGF1ZGlv", "alignment": {"x": 1}}),
    ],
    ids=["503", "timeout", "refused", "not-json", "no-audio", "bad-alignment"],
)
def test_server_errors_timeouts_and_garbled_answers_are_transient(fake, answer):
    fake.script = [answer]
    with pytest.raises(SpeechFailed) as failed:
        services.generate_reading(TEXT)
    assert failed.value.transient
    assert AudioAsset.objects.get().status == "queued"


@pytest.mark.parametrize(
    ("status", "reason"),
    [
        (401, "quota_exceeded"),
        (400, "voice_not_found"),
        (401, "invalid_api_key"),
        (422, "value_error"),
        (429, "quota_exceeded"),
    ],
)
def test_a_bad_voice_an_exhausted_quota_or_refused_text_is_permanent(fake, status, reason):
    fake.script = [
        httpx.Response(status, json={"detail": {"status": reason, "message": f"no: {reason}"}})
    ]
    with pytest.raises(SpeechFailed) as failed:
        services.generate_reading(TEXT)
    assert not failed.value.transient
    asset = AudioAsset.objects.get()
    assert (asset.status, asset.error) == ("failed", f"ElevenLabs answered {status}: no: {reason}")
