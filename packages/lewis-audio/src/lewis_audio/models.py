"""Generated audio readings, one per distinct (text, voice): no text is paid for twice."""

from django.db import models

from lewis_audio.conf import audio_storage


class AudioAsset(models.Model):
    content_hash = models.CharField(max_length=64, unique=True)
    file = models.FileField(upload_to="audio/", storage=audio_storage)
    duration_seconds = models.FloatField()
    voice = models.CharField(max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"audio {self.content_hash[:12]}"
