import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import override_settings

from lewis_audio import services
from lewis_audio.models import AudioAsset
from lewis_audio.types import Speech

pytestmark = pytest.mark.django_db


class CountingVoice:
    """A provider that reads text as its UTF-8 bytes and counts how often it is asked."""

    voice = "counting"
    calls = 0

    def synthesize(self, text: str) -> Speech:
        type(self).calls += 1
        return Speech(audio=text.encode(), duration_seconds=len(text) / 10, voice=self.voice)


@pytest.fixture
def counting_voice():
    CountingVoice.calls = 0
    with override_settings(LEWIS_AUDIO={"TTS": f"{__name__}.CountingVoice"}):
        yield CountingVoice


def test_a_reading_is_stored_once_and_reused_for_the_same_text(counting_voice):
    first = services.generate_reading("Joy is the serious business of Heaven.")
    again = services.generate_reading("Joy is the serious business of Heaven.")

    assert first == again
    assert counting_voice.calls == 1
    assert first.url.startswith("/media/audio/")
    assert first.url.endswith(".mp3")
    asset = AudioAsset.objects.get()
    assert asset.file.read() == b"Joy is the serious business of Heaven."
    key = services.reading_key("Joy is the serious business of Heaven.")
    assert services.readings([key, "unknown"]) == {key: first}


def test_a_changed_text_gets_a_new_reading(counting_voice):
    services.generate_reading("First words.")
    services.generate_reading("First words, edited.")
    assert counting_voice.calls == 2
    assert AudioAsset.objects.count() == 2


def test_without_a_speech_provider_there_is_no_audio():
    assert services.generate_reading("Any text at all.") is None
    assert services.readings([services.reading_key("Any text at all.")]) == {}
    assert not AudioAsset.objects.exists()


@pytest.mark.parametrize(
    ("audio_settings", "error_id"),
    [
        ({"TTS": "lewis_audio.tts.nothing.Voice"}, "lewis_audio.E001"),
        ({"TTS": "lewis_audio.models.AudioAsset"}, "lewis_audio.E002"),
        ({"STORAGE": "audio-bucket"}, "lewis_audio.E003"),
    ],
)
def test_misconfigured_audio_fails_the_system_check(audio_settings, error_id):
    with (
        override_settings(LEWIS_AUDIO=audio_settings),
        pytest.raises(SystemCheckError, match=error_id),
    ):
        call_command("check")


def test_a_new_or_removed_reading_is_announced_with_its_key(counting_voice, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    heard = []

    def listen(sender, keys, **kwargs):
        heard.append(set(keys))

    services.readings_changed.connect(listen)
    try:
        services.generate_reading("Affection is humble.")
        key = services.reading_key("Affection is humble.")
        AudioAsset.objects.get(content_hash=key).delete()
    finally:
        services.readings_changed.disconnect(listen)
    assert heard == [{key}, {key}]
