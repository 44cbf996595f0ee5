"""The reader's view of each published passage, rendered when it changes (a read model).

A cache miss on /passages/{id}, /today or a related list then reads one row instead of
assembling the passage from five tables. `reading.actions` keeps these rows in step with
everything they are rendered from, in the same transaction.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone


class SnapshotQuerySet(models.QuerySet):
    def visible(self):
        """Rows readers may see now: expiry is checked here, not only by the minutely beat job."""
        return self.filter(Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now()))


class PassageSnapshot(models.Model):
    passage = models.OneToOneField(
        "lewis_content.Passage", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    register = models.ForeignKey(
        "lewis_content.Register", on_delete=models.CASCADE, related_name="+"
    )
    # The earlier of the passage's and its work's expiry.
    expires_at = models.DateTimeField(null=True, blank=True)
    # lewis_audio's key for the passage's text: a new reading refreshes the rows that carry it.
    audio_key = models.CharField(max_length=64, blank=True, db_index=True)
    detail = models.TextField(help_text="The PassageDetail JSON readers get.")
    card = models.TextField(help_text="The PassageCard JSON used in lists.")
    rendered_at = models.DateTimeField(auto_now=True)

    objects = SnapshotQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["register", "passage"], name="snapshot_register"),
            # The next expiry (lewis_content.generation): few rows have one.
            models.Index(
                fields=["expires_at"],
                condition=Q(expires_at__isnull=False),
                name="snapshot_expiry",
            ),
        ]

    def __str__(self) -> str:
        return f"snapshot of passage {self.passage_id}"
