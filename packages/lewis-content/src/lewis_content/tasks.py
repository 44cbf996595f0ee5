"""Celery tasks of lewis_content: thin, they call services or management commands."""

import logging
import random

from celery import shared_task
from django.core.management import call_command
from django.utils import timezone

from lewis_content import editorial, ingest, reader
from lewis_content.cache import cached_entry
from lewis_content.conf import content_settings
from lewis_content.models import Register
from lewis_content.schemas import TodayOut
from lewis_tagging import services as tagging

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


def retry_delay(retries: int, asked: float | None) -> float:
    """Exponential backoff with jitter, never shorter than what the provider asked for, and
    never longer than a third of DRAFT_STALE_SECONDS: a draft still retrying is not presumed
    lost. A provider asking for hours gets the remaining attempts, then the offline drafter."""
    conf = content_settings()
    base = conf["DRAFT_RETRY_SECONDS"] * 2**retries
    wanted = max(asked or 0.0, random.uniform(base / 2, base))  # noqa: S311 (jitter, not secrets)
    return min(wanted, conf["DRAFT_STALE_SECONDS"] / 3)


@shared_task(bind=True, max_retries=None)
def draft_tags_for_passage(self, passage_id: int, force: bool = False) -> str:
    """Draft tag suggestions for a passage's current text (queued when its text changes).

    Idempotent: the same text against the same taxonomy calls no model. While the provider is
    unavailable it retries with backoff; the last attempt falls back to the offline drafter and
    says so on the passage, where editors can ask for a new draft.
    """
    attempts = content_settings()["DRAFT_ATTEMPTS"]
    attempt = self.request.retries + 1
    key = editorial.current_key(passage_id)  # what this run drafts, for recording a failure
    try:
        draft = editorial.draft_passage_tags(
            passage_id, force=force, fallback=attempt >= attempts, attempt=attempt
        )
    except tagging.DraftingUnavailable as exc:
        delay = retry_delay(self.request.retries, exc.retry_after)
        editorial.record_retry(passage_id, exc, attempt, delay, key)
        raise self.retry(exc=exc, countdown=delay) from exc
    except Exception as exc:
        editorial.record_failure(passage_id, exc, key)
        raise
    return draft.status if draft else "passage deleted"
