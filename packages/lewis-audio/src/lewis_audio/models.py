"""Audio readings: one row per distinct reading key (services.reading_key), whatever its state."""

from django.db import models

from lewis_audio.conf import audio_storage


class AudioAsset(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        GENERATING = "generating", "Generating"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"
        PAUSED = "paused", "Paused: the month's audio budget is spent"

    content_hash = models.CharField(max_length=64, unique=True)
    provider = models.CharField(max_length=50)
    model = models.CharField(max_length=100, blank=True)
    voice = models.CharField(max_length=100)
    output_format = models.CharField(max_length=50, blank=True)
    characters = models.PositiveIntegerField(default=0, help_text="Of the normalised text read.")
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    # Its name is the storage key (audio/<content_hash>.<extension>), set once ready.
    file = models.FileField(upload_to="audio/", storage=audio_storage, blank=True)
    # Word timings for reading along (audio/<content_hash>.json), when the provider gave them.
    timings_file = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=50, blank=True)
    duration_seconds = models.FloatField(null=True, blank=True)
    size_bytes = models.PositiveIntegerField(null=True, blank=True)
    characters_billed = models.PositiveIntegerField(default=0)
    provider_request_id = models.CharField(max_length=100, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    # A reading paid for and not yet stored (the storage failed after the provider answered):
    # the next attempt stores these instead of paying again. Emptied once stored.
    paid_audio = models.BinaryField(null=True, blank=True, editable=False)
    paid_timings = models.JSONField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    ready_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"audio {self.content_hash[:12]} ({self.status})"


class AudioUsage(models.Model):
    """One paid reading: the characters the provider billed and what they cost. This month's
    spend against the audio budget is the sum of these (lewis_spend)."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    provider = models.CharField(max_length=50)
    model = models.CharField(max_length=100, blank=True)
    voice = models.CharField(max_length=100)
    characters = models.PositiveIntegerField()
    cost_usd = models.DecimalField(max_digits=12, decimal_places=6)
    reading = models.CharField(max_length=64, help_text="The reading's key (content hash).")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "audio usage record"

    def __str__(self) -> str:
        return f"{self.provider} {self.created_at:%Y-%m-%d %H:%M} ${self.cost_usd}"
