"""Celery tasks of lewis_content: thin, they call services or management commands."""

from celery import shared_task
from django.core.management import call_command


@shared_task
def publish_scheduled() -> None:
    """Run Wagtail's scheduled go-live and expiry (beat runs this every minute)."""
    call_command("publish_scheduled")
