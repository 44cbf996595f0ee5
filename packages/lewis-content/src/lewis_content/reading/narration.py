"""Audio readings of published passages (lewis_audio makes and stores them).

A passage published without a reading, in a work whose rights allow audio, gets one queued when
the publish commits (`queue_readings`, called by the snapshot refresh). The task checks the rights
again before asking for anything, so a work whose audio is switched off in between is never sent
to the provider; transient provider or storage failures are retried with backoff, and after the
last attempt the reading is marked failed, with why.
"""

import logging
import random

from celery import shared_task
from django.db import transaction

from lewis_audio import services as audio
from lewis_content.conf import content_settings
from lewis_content.library.models import Passage, Work
from lewis_content.library.rendering import spoken_blocks
from lewis_content.reading.models import PassageSnapshot
from lewis_content.reading.queries import published_passages

logger = logging.getLogger(__name__)
MISSING_BATCH = 1000  # keys per query: inside SQLite's limit on parameters


def queue_readings(passage_ids) -> None:
    """Ask for the readings of these passages once the current transaction commits."""
    ids = sorted(set(passage_ids))
    if ids:
        transaction.on_commit(lambda: send_readings(ids))


def send_readings(passage_ids: list[int]) -> None:
    """Queue the reading tasks. With the broker away the publish that asked stands: what was not
    queued has no reading asked for, and `ask_for_missing_readings` queues it later."""
    for passage_id in passage_ids:
        try:
            generate_audio_reading.delay(passage_id)
        except Exception:
            logger.warning(
                "Could not queue audio readings (passages %s...): asked again within the hour",
                passage_id,
                exc_info=True,
            )
            return


def retry_delay(retries: int, asked: float | None) -> float:
    """Exponential backoff with jitter, never shorter than the provider asked, at most an hour."""
    base = content_settings()["AUDIO_RETRY_SECONDS"] * 2**retries
    return min(max(asked or 0.0, random.uniform(base / 2, base)), 3600.0)  # noqa: S311


@shared_task(bind=True, max_retries=None, name="lewis_content.tasks.generate_audio_reading")
def generate_audio_reading(self, passage_id: int) -> str:
    """Make the audio reading of a published passage (idempotent: a reading made before, or
    being made by another worker, is not made again)."""
    passage = published_passages().filter(pk=passage_id).first()
    if passage is None:
        return "not published"
    if not passage.work.audio_allowed:
        return "audio not allowed"
    text = [block_text for _, block_text in spoken_blocks(passage.body.raw_data)]
    if not text:
        return "nothing to read"
    try:
        made = audio.generate_reading(text)
    except audio.SpeechFailed as failure:
        if failure.transient and self.request.retries + 1 < content_settings()["AUDIO_ATTEMPTS"]:
            delay = retry_delay(self.request.retries, failure.retry_after)
            raise self.retry(countdown=delay, exc=failure) from failure
        audio.give_up_reading(text, str(failure))
        return f"failed: {failure}"
    return "ready" if made else "not made"


@shared_task(name="lewis_content.tasks.cleanup_audio")
def cleanup_audio() -> dict:
    """Remove the readings no published passage reads out (once untouched for the retention
    period; a work whose audio rights end loses its readings so) and the stored objects no
    reading owns. Beat runs this daily."""
    in_use = PassageSnapshot.objects.exclude(audio_key="").values_list("audio_key", flat=True)
    return audio.remove_unused_readings(set(in_use))


@shared_task(name="lewis_content.tasks.resume_audio_readings")
def resume_audio_readings() -> int:
    """Queue again the readings paused at the monthly budget, once there is budget again (a new
    month, or a raised budget). Beat runs this hourly; returns how many passages were queued."""
    paused = audio.paused_readings()
    if not paused:
        return 0
    ids = list(
        PassageSnapshot.objects.filter(audio_key__in=paused).values_list("passage_id", flat=True)
    )
    queue_readings(ids)
    return len(ids)


@shared_task(name="lewis_content.tasks.ask_for_missing_readings")
def ask_for_missing_readings() -> int:
    """Queue the readings of published passages that no one has asked for: their task could not
    be queued when they were published (the broker was away). Beat runs this hourly; returns how
    many passages were queued."""
    if not audio.speaks():
        return 0
    keys = dict(
        PassageSnapshot.objects.exclude(audio_key="").values_list("audio_key", "passage_id")
    )
    listed = list(keys)
    missing: set[str] = set()
    for start in range(0, len(listed), MISSING_BATCH):
        missing |= audio.missing_readings(listed[start : start + MISSING_BATCH])
    queue_readings(keys[key] for key in missing)
    return len(missing)


# For editors (cms/audio.py): where a passage's reading stands, and asking for readings again.

WAITING = {"failed", "paused"}  # asked for, not made, not being made


def reading_of(passage: Passage) -> tuple[str, audio.ReadingState | None]:
    """The key of a published passage's reading ("" when it has none: not published, its work's
    rights forbid audio, nothing to read) and where that reading stands (None: never asked)."""
    key = (
        PassageSnapshot.objects.filter(passage_id=passage.pk)
        .values_list("audio_key", flat=True)
        .first()
    ) or ""
    return key, audio.reading_states([key]).get(key) if key else None


def readings_wanted(work: Work) -> list[tuple[int, str, int]]:
    """The published passages of a work whose reading was never asked for, failed or is paused:
    (passage id, reading key, characters to read), in the work's order."""
    keys = dict(
        PassageSnapshot.objects.filter(passage__work=work)
        .exclude(audio_key="")
        .values_list("passage_id", "audio_key")
    )
    states = audio.reading_states(keys.values())
    wanted = {
        pk: key for pk, key in keys.items() if key not in states or states[key].status in WAITING
    }
    passages = Passage.objects.filter(pk__in=wanted).order_by("position", "pk")
    return [
        (
            p.pk,
            wanted[p.pk],
            audio.characters_to_read([text for _, text in spoken_blocks(p.body.raw_data)]),
        )
        for p in passages.only("pk", "body", "position")
    ]


def ask_for_readings(wanted: list[tuple[int, str]]) -> None:
    """Queue again, on commit, the readings of these (passage id, key): failed or paused ones
    are queued once more first."""
    for _, key in wanted:
        audio.retry_reading(key)
    queue_readings(pk for pk, _ in wanted)
