"""Site-wide housekeeping tasks."""

from celery import shared_task
from django.core.management import call_command

from lewis_accounts import services as accounts


@shared_task
def clear_expired_sessions() -> None:
    """Nightly: sessions past their age (and with them the tokens bound to them) and
    Idempotency-Key records past their day."""
    call_command("clearsessions")
    accounts.purge_expired_idempotency_records()
