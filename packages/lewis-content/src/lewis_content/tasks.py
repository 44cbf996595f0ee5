"""Celery tasks of lewis_content: thin, they call the rooms' actions and reads.

Celery discovers this module; the drafting and audio tasks live with their rooms
(tagreview.tasks, reading.narration) under the names `lewis_content.tasks.draft_tags_for_passage`
and `lewis_content.tasks.generate_audio_reading`.
"""

from celery import shared_task
from django.core.management import call_command
from django.utils import timezone

from lewis_content.ingest import substack
from lewis_content.library.models import Register
from lewis_content.reading.narration import (
    ask_for_missing_readings,
    cleanup_audio,
    generate_audio_reading,
    resume_audio_readings,
)
from lewis_content.reading.queries import todays_passage
from lewis_content.tagreview.tasks import draft_tags_for_passage, retry_delay, send_unsent_drafts

__all__ = [
    "ask_for_missing_readings",
    "cleanup_audio",
    "draft_tags_for_passage",
    "generate_audio_reading",
    "ingest_substack",
    "publish_scheduled",
    "resume_audio_readings",
    "retry_delay",
    "send_unsent_drafts",
    "warm_today",
]


@shared_task
def publish_scheduled() -> None:
    """Run Wagtail's scheduled go-live and expiry (beat runs this every minute)."""
    call_command("publish_scheduled")


@shared_task
def warm_today() -> list[str]:
    """Pick and cache today's passage for every register (beat runs this after midnight)."""
    day = timezone.localdate()
    warmed = []
    for slug in ["", *Register.objects.values_list("slug", flat=True)]:
        todays_passage(slug or None, day)
        warmed.append(slug or "(default)")
    return warmed


@shared_task
def ingest_substack() -> dict[str, int]:
    """Poll the configured Substack feeds (beat runs this every 30 minutes)."""
    reports = substack.ingest_all()
    return {r.url: len(r.created) + len(r.updated) for r in reports}
