"""No text-to-speech: the app shows text only. The embedded default."""

from lewis_audio.types import Speech


class NoSpeech:
    provider = "none"
    model = ""
    voice = "none"
    output_format = ""

    def synthesize(self, text: str) -> Speech | None:
        return None
