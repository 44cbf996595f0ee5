"""Celery tasks of lewis_content: thin, they call services or management commands."""

import logging

from celery import shared_task
from django.core.management import call_command
from django.utils import timezone

from lewis_content import ingest, reader
from lewis_content.cache import cached_entry
from lewis_content.models import Register
from lewis_content.schemas import TodayOut

logger = logging.getLogger(__name__)

TODAY_PATH = "/api/v1/today"  # where the site mounts the reader API


@shared_task
def publish_scheduled() -> None:
    """Run Wagtail's scheduled go-live and expiry (beat runs this every minute)."""
    call_command("publish_scheduled")


@shared_task
def warm_today() -> list[str]:
    """Compute and cache today's passage for every register (beat runs this after midnight)."""
    day = timezone.localdate()
    warmed = []
    for slug in ["", *Register.objects.values_list("slug", flat=True)]:
        query = [("register", slug)] if slug else []
        cached_entry(TODAY_PATH, query, TodayOut, lambda r=slug or None: reader.today(r, day))
        warmed.append(slug or "(default)")
    return warmed


@shared_task
def ingest_substack() -> dict[str, int]:
    """Poll the configured Substack feeds (beat runs this every 30 minutes)."""
    reports = ingest.ingest_all()
    return {r.url: len(r.created) + len(r.updated) for r in reports}
