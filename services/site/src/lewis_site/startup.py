"""Start-up validation shared by every entry point (web, worker, beat)."""

from django.core import checks
from django.core.exceptions import ImproperlyConfigured


def verify_swap_points() -> None:
    """Fail the process at boot when a swap-point setting is wrong, never on a request."""
    errors = [e for e in checks.run_checks(tags=["lewis"]) if e.is_serious()]
    if errors:
        raise ImproperlyConfigured("; ".join(f"{e.id}: {e.msg}" for e in errors))
