"""The reader's own data. Passages and themes are referred to by content's public ids (a
passage id, a theme slug), not by foreign key: a save outlives its passage being unpublished,
and shows again when it is republished."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone

REFLECTION_MAX_LENGTH = 2000


class User(AbstractUser):
    display_name = models.CharField(max_length=100, blank=True)
    # A register slug (content's /registers): the app opens today's passage in it.
    preferred_register = models.SlugField(max_length=100, blank=True)

    def __str__(self) -> str:
        return self.display_name or self.get_username()

    def save(self, *args, **kwargs) -> None:
        # A new password or a deactivation ends every session, and with them every token
        # issued in them: token checks then need the session only, not this row (docs/adr/0014).
        password_changed = self._password is not None
        super().save(*args, **kwargs)
        if password_changed or not self.is_active:
            from lewis_accounts.tokens import end_sessions_of

            end_sessions_of(self)

    def load_unread_fields(self) -> None:
        """Read, in one query, the fields a token check left unread (it loads the id only)."""
        if unread := self.get_deferred_fields():
            self.refresh_from_db(fields=list(unread))


class SavedPassage(models.Model):
    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_passages"
    )
    passage_id = models.PositiveBigIntegerField()
    saved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["reader", "passage_id"], name="saved_passage_once")
        ]

    def __str__(self) -> str:
        return f"passage {self.passage_id}"


class SavedTheme(models.Model):
    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_themes"
    )
    theme_slug = models.SlugField(max_length=100)
    saved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["reader", "theme_slug"], name="saved_theme_once")
        ]

    def __str__(self) -> str:
        return f"theme {self.theme_slug}"


class Reflection(models.Model):
    """A reader's note on a passage: plain text, private to the reader for now, moderated so it
    is ready to be shared when the community features come."""

    class Status(models.TextChoices):
        PENDING = "pending", "Awaiting moderation"
        APPROVED = "approved", "Approved"
        HIDDEN = "hidden", "Hidden by a moderator"

    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reflections"
    )
    passage_id = models.PositiveBigIntegerField()
    text = models.TextField(max_length=REFLECTION_MAX_LENGTH)
    created_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    moderated_at = models.DateTimeField(null=True, blank=True)
    # A moderator's account may be deleted; the decision stays, without who made it.
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        indexes = [models.Index(fields=["status", "created_at"], name="reflection_queue")]

    def __str__(self) -> str:
        return self.text[:60]


class AccountDeletion(models.Model):
    """What is left of a deleted account: that one was deleted, and when. No personal data: the
    reference is random, handed to the reader at deletion so support can confirm it happened."""

    reference = models.UUIDField(unique=True, editable=False)
    deleted_at = models.DateTimeField(default=timezone.now)
    signed_in_with = models.CharField(
        max_length=100, blank=True, help_text="Providers the account was linked to, e.g. apple."
    )

    def __str__(self) -> str:
        return f"account deleted {self.deleted_at:%Y-%m-%d} ({self.reference})"


class IdempotencyRecord(models.Model):
    """The first answer to a write sent with an `Idempotency-Key`, replayed when the app retries
    it (idempotency.py). Kept for IDEMPOTENCY_HOURS."""

    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="idempotency_records"
    )
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64, help_text="sha256 of method, path and body.")
    created_at = models.DateTimeField(default=timezone.now)
    # Empty until the first request finishes.
    status = models.PositiveSmallIntegerField(null=True)
    content_type = models.CharField(max_length=100, blank=True)
    body = models.BinaryField(default=b"")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["reader", "key"], name="idempotency_key_once")
        ]

    def __str__(self) -> str:
        return self.key


class AppleToken(models.Model):
    """A reader's Sign in with Apple refresh token, encrypted (lewis_accounts.apple), kept only
    so that deleting the account can revoke it as Apple requires."""

    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="apple_tokens"
    )
    client_id = models.CharField(max_length=200)
    encrypted_refresh_token = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Apple token for {self.client_id}"


class AppleRevocation(models.Model):
    """An Apple token to revoke after its account was deleted: retried until Apple confirms,
    visible to operators (Django admin), never tied to the person."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        DONE = "done", "Revoked"
        FAILED = "failed", "Gave up"

    client_id = models.CharField(max_length=200)
    encrypted_refresh_token = models.TextField(blank=True, help_text="Emptied once revoked.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["status", "created_at"], name="apple_revocation_queue")]

    def __str__(self) -> str:
        return f"{self.client_id}: {self.status}"
