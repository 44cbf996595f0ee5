"""Start-up validation of LEWIS_AUDIO: a bad provider or storage fails `check` and boot."""

from django.conf import settings
from django.core.checks import Error, register

from lewis_audio.conf import audio_settings, synthesizer
from lewis_audio.formats import audio_format
from lewis_audio.types import SpeechSynthesizer


@register("lewis")
def check_audio_settings(app_configs, **kwargs) -> list[Error]:
    path = audio_settings()["TTS"]
    try:
        tts = synthesizer()
    except Exception as exc:
        return [
            Error(f"LEWIS_AUDIO['TTS'] = {path!r} cannot be loaded: {exc!r}", id="lewis_audio.E001")
        ]
    if not isinstance(tts, SpeechSynthesizer):
        return [
            Error(
                f"LEWIS_AUDIO['TTS'] = {path!r} does not implement SpeechSynthesizer.",
                id="lewis_audio.E002",
            )
        ]
    if tts.provider != "none":
        try:
            audio_format(tts.output_format)
        except Exception as exc:
            return [Error(str(exc), id="lewis_audio.E004")]
    if audio_settings()["STORAGE"] not in settings.STORAGES:
        return [
            Error(
                f"LEWIS_AUDIO['STORAGE'] = {audio_settings()['STORAGE']!r} is not a key "
                "of STORAGES.",
                id="lewis_audio.E003",
            )
        ]
    return []
