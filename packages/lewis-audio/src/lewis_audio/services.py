"""The public surface of lewis_audio: the only module other packages import.

A reading reads a text given as segments (a passage's paragraphs and quotes, in order; a plain
string is one segment). It is made once per distinct (provider, model, voice, output format,
normalised segments): its key is a hash of those, so the same reading is never paid for or
stored twice and a key (and its URL) never changes meaning. Making one calls the provider and
the storage outside any database transaction, between short writes of its AudioAsset row:

    get or create the row (queued)  ->  claim it (queued or failed -> generating; one winner)
    ->  provider  ->  storage (the audio and its word timings, under the key)  ->  row ready

A failure after the upload leaves an object without a ready row, which `cleanup_audio` finds;
never a ready row without its object.
"""

import hashlib
import json
import logging
import re
import time
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Q, Subquery
from django.dispatch import Signal
from django.utils import timezone

from lewis_audio.conf import audio_settings, audio_storage, monthly_budget, synthesizer
from lewis_audio.formats import audio_format
from lewis_audio.models import AudioAsset, AudioUsage
from lewis_audio.types import CharacterTimings, Speech, SpeechFailed
from lewis_spend import services as spend

logger = logging.getLogger(__name__)

__all__ = [
    "AUDIO",
    "AUDIO_STATUSES",
    "AudioReading",
    "ReadingState",
    "SpeechFailed",
    "characters_to_read",
    "cost_of_characters",
    "generate_reading",
    "give_up_reading",
    "missing_readings",
    "paused_readings",
    "reading_key",
    "reading_states",
    "readings",
    "readings_changed",
    "remove_unused_readings",
    "retry_reading",
    "speaks",
    "status_of",
]

# Sent when a reading becomes ready or a ready one is deleted, inside the writing transaction,
# with the reading keys (`keys`) concerned.
readings_changed = Signal()

# Audio readings as lewis_spend meters them: spend, the stop at the budget, alerts, the report.
AUDIO = spend.Meter(
    slug="audio",
    label="Audio readings",
    usage=AudioUsage,
    budget=monthly_budget,
    alert_percents=lambda: audio_settings()["BUDGET_ALERT_PERCENTS"],
    at_the_cap="New readings are paused until next month (or a higher AUDIO_MONTHLY_BUDGET_USD).",
)
THOUSAND = Decimal(1000)
MICRODOLLAR = Decimal("0.000001")

# A claim older than this is presumed lost (its worker died): another may take the reading over.
STALE_CLAIM = timedelta(minutes=10)


@dataclass(frozen=True)
class AudioReading:
    url: str
    duration_seconds: float
    # Word timings for reading along (None if the provider gave none): a JSON document
    # {"words": [{"segment", "offset", "length", "start", "end"}]}, offsets into the segment's
    # normalised text, times in seconds.
    timings_url: str | None = None


Segments = str | Sequence[str]
SEGMENT_BREAK = "\n\n"  # between segments in the text sent: a paragraph's pause


def normalised(text: str) -> str:
    """A segment as it is read aloud and hashed: NFC, whitespace runs as one space."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def spoken_segments(segments: Segments) -> list[str]:
    return [normalised(s) for s in ([segments] if isinstance(segments, str) else segments)]


def speaks() -> bool:
    """Whether the configured provider makes readings at all ("none" does not)."""
    return synthesizer().provider != "none"


def reading_key(segments: Segments) -> str:
    """The key a reading of these segments is stored under, with the configured provider."""
    tts = synthesizer()
    identity = [tts.provider, tts.model, tts.voice, tts.output_format]
    text = "\x1e".join(spoken_segments(segments))
    return hashlib.sha256("\x1f".join([*identity, text]).encode()).hexdigest()


def _reading(asset: AudioAsset) -> AudioReading:
    storage = audio_storage()  # URLs on the CDN, where the storage is S3
    return AudioReading(
        url=storage.url(asset.file.name),
        duration_seconds=asset.duration_seconds,
        timings_url=storage.url(asset.timings_file) if asset.timings_file else None,
    )


def readings(keys) -> dict[str, AudioReading]:
    """The ready readings among these keys (one query), by key."""
    ready = AudioAsset.objects.filter(content_hash__in=keys, status=AudioAsset.Status.READY)
    return {a.content_hash: _reading(a) for a in ready}


def missing_readings(keys) -> set[str]:
    """The keys no reading has been asked for yet (none made, queued, or failed)."""
    keys = set(keys)
    return keys - set(
        AudioAsset.objects.filter(content_hash__in=keys).values_list("content_hash", flat=True)
    )


def claim(asset: AudioAsset) -> bool:
    """Take the making of a reading: True for exactly one caller at a time."""
    now = timezone.now()
    claimable = Q(
        status__in=[AudioAsset.Status.QUEUED, AudioAsset.Status.FAILED, AudioAsset.Status.PAUSED]
    ) | Q(status=AudioAsset.Status.GENERATING, claimed_at__lt=now - STALE_CLAIM)
    taken = AudioAsset.objects.filter(claimable, pk=asset.pk).update(
        status=AudioAsset.Status.GENERATING, claimed_at=now, attempts=F("attempts") + 1
    )
    return taken == 1


def generate_reading(segments: Segments) -> AudioReading | None:
    """Make the reading of a text (its segments), or reuse the one made before. None when the
    provider makes no audio or another worker is making it now. Raises SpeechFailed: transient
    failures leave the reading queued for another attempt, permanent ones mark it failed.
    Calls the provider and the storage, so never inside a transaction."""
    if not speaks():
        return None
    tts = synthesizer()
    spoken = spoken_segments(segments)
    text = SEGMENT_BREAK.join(spoken)
    # Durable: Django refuses it inside a caller's transaction, where the provider's latency
    # would hold locks and a rollback would leave an object paid for and stored but unknown.
    with transaction.atomic(durable=True):
        asset, _ = AudioAsset.objects.get_or_create(
            content_hash=reading_key(spoken),
            defaults={
                "provider": tts.provider,
                "model": tts.model,
                "voice": tts.voice,
                "output_format": tts.output_format,
                "characters": len(text),
            },
        )
    if asset.status == AudioAsset.Status.READY:
        return _reading(asset)
    already_paid = AudioAsset.objects.filter(pk=asset.pk, paid_audio__isnull=False).exists()
    if spend.budget_spent(AUDIO) and not already_paid:  # a paid reading is stored regardless
        AudioAsset.objects.filter(pk=asset.pk).exclude(
            status__in=[AudioAsset.Status.READY, AudioAsset.Status.GENERATING]
        ).update(status=AudioAsset.Status.PAUSED, error=AudioAsset.Status.PAUSED.label)
        return None
    if not claim(asset):
        return None
    try:
        speech, timings = paid_speech(asset, tts, spoken, text)
        extension, content_type = audio_format(tts.output_format)
        name = store(f"audio/{asset.content_hash}.{extension}", speech.audio, content_type)
        timings_name = ""
        if timings is not None:
            document = json.dumps({"words": timings}, separators=(",", ":")).encode()
            timings_name = store(f"audio/{asset.content_hash}.json", document, "application/json")
    except SpeechFailed as failure:
        status = AudioAsset.Status.QUEUED if failure.transient else AudioAsset.Status.FAILED
        AudioAsset.objects.filter(pk=asset.pk).update(status=status, error=str(failure))
        raise
    asset.refresh_from_db()
    asset.paid_audio, asset.paid_timings = None, None  # stored: no need to keep them here
    asset.file.name = name
    asset.timings_file = timings_name
    asset.status = AudioAsset.Status.READY
    asset.content_type = content_type
    asset.duration_seconds = speech.duration_seconds
    asset.size_bytes = len(speech.audio)
    asset.characters_billed = speech.characters_billed
    asset.provider_request_id = speech.request_id
    asset.error = ""
    asset.ready_at = timezone.now()
    asset.save()
    return _reading(asset)


STORAGE_ATTEMPTS = 3


def paid_speech(asset: AudioAsset, tts, spoken: list[str], text: str):
    """The reading's speech and word timings: the provider's answer, paid for and kept on the
    asset before anything is stored, or the one an earlier attempt paid for and could not
    store. A retry after a storage failure never pays twice."""
    kept = AudioAsset.objects.filter(pk=asset.pk, paid_audio__isnull=False).first()
    if kept is not None:
        speech = Speech(
            audio=bytes(kept.paid_audio),
            duration_seconds=kept.duration_seconds or 0.0,
            characters_billed=kept.characters_billed,
            request_id=kept.provider_request_id,
        )
        return speech, kept.paid_timings
    speech = tts.synthesize(text)
    record_usage(asset, speech.characters_billed)  # paid, whatever happens next
    timings = word_timings(spoken, speech.timings)
    AudioAsset.objects.filter(pk=asset.pk).update(
        paid_audio=speech.audio,
        paid_timings=timings,
        duration_seconds=speech.duration_seconds,
        characters_billed=speech.characters_billed,
        provider_request_id=speech.request_id,
    )
    return speech, timings


def store(name: str, data: bytes, content_type: str) -> str:
    """Write an object under `name`, unless an earlier attempt did (the key names the content).
    The storage's failures are tried again at once, twice, since the reading is paid for; then
    they are transient: the reading waits for another attempt of the task."""
    storage = audio_storage()
    for attempt in range(STORAGE_ATTEMPTS):
        try:
            if storage.exists(name):
                return name
            content = ContentFile(data)
            content.content_type = content_type  # S3 stores it with the object
            return storage.save(name, content)
        except Exception as error:
            if attempt + 1 == STORAGE_ATTEMPTS:
                raise SpeechFailed(f"Storage failed: {error!r}", transient=True) from error
            time.sleep(0.2 * 2**attempt)
    raise AssertionError("unreachable")


def record_usage(asset: AudioAsset, characters: int) -> None:
    """Record a paid reading at the configured price, then alert on budget thresholds."""
    price = Decimal(str(audio_settings()["PRICE_PER_1000_CHARACTERS_USD"]))
    AudioUsage.objects.create(
        provider=asset.provider,
        model=asset.model,
        voice=asset.voice,
        characters=characters,
        cost_usd=(price * characters / THOUSAND).quantize(MICRODOLLAR),
        reading=asset.content_hash,
    )
    spend.alert_on_budget_thresholds(AUDIO)


def paused_readings() -> set[str]:
    """The keys of readings paused at the budget, once there is budget again (else none)."""
    if spend.budget_spent(AUDIO):
        return set()
    paused = AudioAsset.objects.filter(status=AudioAsset.Status.PAUSED)
    return set(paused.values_list("content_hash", flat=True))


WORD = re.compile(r"\S+")


def word_timings(spoken: list[str], timings: CharacterTimings | None) -> list[dict] | None:
    """Each word of each segment with its place in the segment and when it is spoken, from the
    provider's character timings of the text sent (None if they do not match that text)."""
    text = SEGMENT_BREAK.join(spoken)
    if timings is None or "".join(timings.characters) != text:
        if timings is not None:
            logger.warning("Character timings do not match the text read: no read-along")
        return None
    words, start = [], 0
    for index, segment in enumerate(spoken):
        for word in WORD.finditer(segment):
            first, last = start + word.start(), start + word.end() - 1
            words.append(
                {
                    "segment": index,
                    "offset": word.start(),
                    "length": len(word.group()),
                    "start": round(timings.starts[first], 3),
                    "end": round(timings.ends[last], 3),
                }
            )
        start += len(segment) + len(SEGMENT_BREAK)
    return words


def give_up_reading(segments: Segments, error: str) -> None:
    """After the last attempt: the reading is failed, with why, where editors see it."""
    AudioAsset.objects.filter(content_hash=reading_key(segments)).exclude(
        status=AudioAsset.Status.READY
    ).update(status=AudioAsset.Status.FAILED, error=error)


def remove_unused_readings(in_use: set[str], older_than: timedelta | None = None) -> dict:
    """Remove the readings whose keys are not `in_use` and that nothing touched for the
    retention period (RETENTION_DAYS), row first and then object; then the stored objects no
    reading owns (a failure between upload and row leaves one), as old. A reading being made is
    left alone. Returns how many of each went."""
    if older_than is None:
        older_than = timedelta(days=audio_settings()["RETENTION_DAYS"])
    cutoff = timezone.now() - older_than
    storage = audio_storage()
    unused = AudioAsset.objects.filter(updated_at__lt=cutoff).exclude(
        status=AudioAsset.Status.GENERATING
    )
    readings = 0
    for asset in unused.only("pk", "content_hash", "file", "timings_file", "status").iterator():
        if asset.content_hash in in_use:
            continue
        asset.delete()  # the row first: never a row without its objects
        for name in (asset.file.name, asset.timings_file):
            if name:
                storage.delete(name)
        readings += 1
    owned = {
        name
        for pair in AudioAsset.objects.values_list("file", "timings_file")
        for name in pair
        if name
    }
    try:
        names = storage.listdir("audio")[1]
    except FileNotFoundError:  # local disk, nothing stored yet
        names = []
    objects = 0
    for name in names:
        path = f"audio/{name}"
        if path not in owned and storage.get_modified_time(path) < cutoff:
            storage.delete(path)
            objects += 1
    return {"readings": readings, "objects": objects}


# For editors: where each reading stands, and asking again.

AUDIO_STATUSES = [status.value for status in AudioAsset.Status]


@dataclass(frozen=True)
class ReadingState:
    status: str  # queued, generating, ready, failed, paused (AudioAsset.Status)
    label: str
    error: str
    attempts: int
    characters: int
    reading: AudioReading | None  # when ready


def reading_states(keys) -> dict[str, ReadingState]:
    """Where the readings of these keys stand (one query), by key; a key never asked for is
    absent."""
    return {
        a.content_hash: ReadingState(
            status=a.status,
            label=a.get_status_display(),
            error=a.error,
            attempts=a.attempts,
            characters=a.characters,
            reading=_reading(a) if a.status == AudioAsset.Status.READY else None,
        )
        for a in AudioAsset.objects.filter(content_hash__in=keys)
    }


def status_of(key) -> Subquery:
    """A query expression: the status of the reading whose key is `key` (an expression, such as
    an OuterRef), or NULL when none was asked for. For listings filtered by audio status."""
    return Subquery(AudioAsset.objects.filter(content_hash=key).values("status")[:1])


def retry_reading(key: str) -> bool:
    """An editor asks again for a failed or paused reading: it is queued once more (the caller
    queues the work). False if it was not failed or paused."""
    retried = AudioAsset.objects.filter(
        content_hash=key, status__in=[AudioAsset.Status.FAILED, AudioAsset.Status.PAUSED]
    ).update(status=AudioAsset.Status.QUEUED, error="")
    return retried == 1


def characters_to_read(segments: Segments) -> int:
    """How many characters a reading of these segments sends to the provider."""
    return len(SEGMENT_BREAK.join(spoken_segments(segments)))


def cost_of_characters(characters: int) -> Decimal:
    """What the provider bills for this many characters, at the configured price."""
    price = Decimal(str(audio_settings()["PRICE_PER_1000_CHARACTERS_USD"]))
    return (price * characters / THOUSAND).quantize(Decimal("0.01"))
