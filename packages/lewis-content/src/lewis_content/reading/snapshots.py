"""Renders published passages into their snapshots (reading.models.PassageSnapshot).

Refreshed in the same transaction as the change that alters what readers see (reading.actions),
so a snapshot is never older than the data it is rendered from and never outlives a rollback.
"""

from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator

from django.db import transaction

from lewis_audio import services as audio
from lewis_content.generation import changed_on_commit
from lewis_content.library.models import Passage, PublishedTag
from lewis_content.library.rendering import spoken_blocks
from lewis_content.reading.models import PassageSnapshot
from lewis_content.reading.narration import queue_readings
from lewis_content.reading.queries import card, passage_detail_of, published_passages, source_ladder
from lewis_content.reading.schemas import AudioOut, SourceLink, TagRef

BATCH = 1000


def published_tags(passage_ids: Collection[int]) -> dict[int, dict[str, list[TagRef]]]:
    """The tags readers see on these passages: accepted at their last publish (docs/adr/0004)."""
    by_passage: dict[int, dict[str, list[TagRef]]] = defaultdict(lambda: defaultdict(list))
    accepted = (
        PublishedTag.objects.filter(passage_id__in=passage_ids)
        .select_related("tag__axis")
        .order_by("tag__axis__position", "tag__axis__slug", "tag__label", "tag_id")
    )
    for assignment in accepted:
        tag = assignment.tag
        by_passage[assignment.passage_id][tag.axis.slug].append(
            TagRef(id=tag.pk, slug=tag.slug, label=tag.label)
        )
    return by_passage


def render(passages: list[Passage]) -> list[PassageSnapshot]:
    tags = published_tags([p.pk for p in passages])
    ladders: dict[int, list[SourceLink]] = {}
    read = {p.pk: spoken_blocks(p.body.raw_data) for p in passages if p.work.audio_allowed}
    audio_keys = {
        pk: audio.reading_key([text for _, text in blocks]) for pk, blocks in read.items()
    }
    readings = audio.readings(set(audio_keys.values()))
    speaks = audio.speaks()
    if speaks:
        unread = audio.missing_readings(set(audio_keys.values()) - set(readings))
        queue_readings(pk for pk, key in audio_keys.items() if key in unread)
    snapshots = []
    for passage in passages:
        if passage.work_id not in ladders:
            ladders[passage.work_id] = source_ladder(passage.work)
        key = audio_keys.get(passage.pk, "")
        reading = readings.get(key)
        detail = passage_detail_of(
            passage,
            tags=dict(tags.get(passage.pk, {})),
            audio=AudioOut(
                url=reading.url,
                duration_seconds=reading.duration_seconds,
                timings_url=reading.timings_url,
                read_blocks=[block_id for block_id, _ in read[passage.pk]],
            )
            if reading
            else None,
            audio_coming=speaks and bool(key),
            source_ladder=ladders[passage.work_id],
        )
        expiries = [e for e in (passage.expire_at, passage.work.expire_at) if e is not None]
        snapshots.append(
            PassageSnapshot(
                passage_id=passage.pk,
                register_id=passage.register_id,
                expires_at=min(expiries, default=None),
                audio_key=key,
                detail=detail.model_dump_json(),
                card=card(passage).model_dump_json(),
            )
        )
    return snapshots


def chunks(ids: Iterable[int]) -> Iterator[list[int]]:
    ids = sorted(set(ids))
    for start in range(0, len(ids), BATCH):
        yield ids[start : start + BATCH]


@transaction.atomic
def refresh_snapshots(passage_ids: Iterable[int]) -> None:
    """Render the given passages that are published; drop the snapshots of the others.
    Readers see the change once it commits (the content generation moves on)."""
    batches = list(chunks(passage_ids))
    if batches:
        changed_on_commit()
    for batch in batches:
        # Refreshes of the same passage take turns (two would otherwise both insert its
        # snapshot), and one reading a passage that is being unpublished waits for that commit
        # instead of rendering it back.
        locked = Passage.objects.select_for_update(no_key=True).filter(pk__in=batch)
        list(locked.order_by("pk").values("pk"))
        passages = list(published_passages().select_related("chapter").filter(pk__in=batch))
        PassageSnapshot.objects.filter(passage_id__in=batch).delete()
        PassageSnapshot.objects.bulk_create(render(passages))


@transaction.atomic
def rebuild_snapshots() -> int:
    """Render every published passage again; returns how many snapshots there are."""
    PassageSnapshot.objects.all().delete()
    refresh_snapshots(published_passages().values_list("pk", flat=True))
    return PassageSnapshot.objects.count()
