"""lewis_accounts's Celery tasks."""

import logging

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from lewis_accounts import apple
from lewis_accounts.models import AppleRevocation

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 10  # hourly retries by beat: about half a day before giving up


@shared_task
def revoke_apple_tokens() -> int:
    """Revoke every pending Apple token of deleted accounts; returns how many are left. Queued
    when an account is deleted, and run hourly by beat for those that failed."""
    for revocation_id in AppleRevocation.objects.filter(
        status=AppleRevocation.Status.PENDING
    ).values_list("pk", flat=True):
        with transaction.atomic():
            revocation = (
                AppleRevocation.objects.select_for_update(skip_locked=True)
                .filter(pk=revocation_id, status=AppleRevocation.Status.PENDING)
                .first()
            )
            if revocation is not None:
                attempt(revocation)
    return AppleRevocation.objects.filter(status=AppleRevocation.Status.PENDING).count()


def attempt(revocation: AppleRevocation) -> None:
    revocation.attempts += 1
    try:
        apple.revoke(apple.decrypt(revocation.encrypted_refresh_token), revocation.client_id)
    except Exception as exc:  # whatever failed is recorded and tried again, never dropped
        revocation.last_error = f"{type(exc).__name__}: {exc}"
        if revocation.attempts >= MAX_ATTEMPTS:
            revocation.status = AppleRevocation.Status.FAILED
            revocation.finished_at = timezone.now()
            logger.error(
                "Gave up revoking an Apple token (revocation %s) after %s attempts: %s",
                revocation.pk,
                revocation.attempts,
                revocation.last_error,
            )
        else:
            logger.warning("Apple token revocation %s failed: %s", revocation.pk, exc)
    else:
        revocation.status = AppleRevocation.Status.DONE
        revocation.encrypted_refresh_token = ""
        revocation.last_error = ""
        revocation.finished_at = timezone.now()
    revocation.save()
