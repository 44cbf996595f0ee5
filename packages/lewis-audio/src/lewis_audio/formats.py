"""The audio formats readings are stored in: file extension and content type, by the provider's
output format name ("mp3_44100_128" is an MP3)."""

from django.core.exceptions import ImproperlyConfigured

FORMATS = {
    "mp3": ("mp3", "audio/mpeg"),
    "opus": ("opus", "audio/ogg"),
    "wav": ("wav", "audio/wav"),
}


def audio_format(output_format: str) -> tuple[str, str]:
    """(extension, content type) of a provider's output format."""
    family = output_format.split("_", 1)[0]
    if family not in FORMATS:
        raise ImproperlyConfigured(
            f"Audio output format {output_format!r} is not one of {sorted(FORMATS)} "
            "(mp3_44100_128, opus_48000_64, wav_44100...)."
        )
    return FORMATS[family]
