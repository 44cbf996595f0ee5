"""The tag drafting task: thin, it runs the pipeline (tagreview.drafting) with retries.

Named as the package's other tasks (`lewis_content.tasks.*`), where Celery discovers it.
"""

import random

from celery import shared_task

from lewis_content.conf import content_settings
from lewis_content.tagreview import drafting
from lewis_tagging import services as tagging


def retry_delay(retries: int, asked: float | None) -> float:
    """Exponential backoff with jitter, never shorter than what the provider asked for, and
    never longer than a third of DRAFT_STALE_SECONDS: a draft still retrying is not presumed
    lost. A provider asking for hours gets the remaining attempts, then the offline drafter."""
    conf = content_settings()
    base = conf["DRAFT_RETRY_SECONDS"] * 2**retries
    wanted = max(asked or 0.0, random.uniform(base / 2, base))  # noqa: S311 (jitter, not secrets)
    return min(wanted, conf["DRAFT_STALE_SECONDS"] / 3)


@shared_task(bind=True, max_retries=None, name="lewis_content.tasks.draft_tags_for_passage")
def draft_tags_for_passage(self, passage_id: int, force: bool = False) -> str:
    """Draft tag suggestions for a passage's current text (queued when its text changes).

    Idempotent: the same text against the same taxonomy calls no model. While the provider is
    unavailable it retries with backoff; the last attempt falls back to the offline drafter and
    says so on the passage, where editors can ask for a new draft.
    """
    attempts = content_settings()["DRAFT_ATTEMPTS"]
    attempt = self.request.retries + 1
    key = drafting.current_key(passage_id)  # what this run drafts, for recording a failure
    try:
        draft = drafting.draft_passage_tags(
            passage_id, force=force, fallback=attempt >= attempts, attempt=attempt
        )
    except tagging.DraftingUnavailable as exc:
        delay = retry_delay(self.request.retries, exc.retry_after)
        drafting.record_retry(passage_id, exc, attempt, delay, key)
        raise self.retry(exc=exc, countdown=delay) from exc
    except Exception as exc:
        drafting.record_failure(passage_id, exc, key)
        raise
    return draft.status if draft else "passage deleted"


UNSENT_BATCH = 500  # a minute's worth, at most, of drafts to send again


@shared_task(name="lewis_content.tasks.send_unsent_drafts")
def send_unsent_drafts() -> int:
    """The outbox's delivery: queue the drafts whose task could not be queued when their text was
    saved (the broker was away). Beat runs it every minute; once the broker is back each draft is
    sent (at least once: drafting is idempotent by text). Returns how many were sent."""
    sent = 0
    for passage_id in drafting.unsent_passage_ids(UNSENT_BATCH):
        if not drafting.claim_unsent(passage_id):
            continue  # another sweep took it
        try:
            draft_tags_for_passage.delay(passage_id)
        except Exception as exc:  # still away: it waits for the next sweep
            drafting.record_unsent(passage_id, exc)
            break
        sent += 1
    return sent
