"""Keeps the ranking index in step with what readers can see: published passages and the tags
they were published with. Runs on commit of every change that could alter either, and in full on
demand."""

from collections import defaultdict
from collections.abc import Collection, Iterator

from lewis_content.library.models import Passage, PublishedTag
from lewis_ranking import services as ranking

BATCH = 5000


def documents_for(passage_ids: Collection[int]) -> list[ranking.RankingDocument]:
    rows = (
        Passage.objects.published()
        .filter(pk__in=passage_ids)
        .values_list("pk", "work_id", "register__slug", "tier")
    )
    tags: dict[int, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    accepted = PublishedTag.objects.filter(passage_id__in=passage_ids).values_list(
        "passage_id", "tag__axis__slug", "tag_id"
    )
    for passage_id, axis, tag_id in accepted:
        tags[passage_id][axis].add(tag_id)
    return [
        ranking.RankingDocument(
            id=pk,
            group_id=work_id,
            facets={"register": register, "tier": tier},
            tags={axis: frozenset(ids) for axis, ids in tags[pk].items()},
        )
        for pk, work_id, register, tier in rows
    ]


def sync_passages(passage_ids: Collection[int]) -> None:
    """Index the given passages that are published; drop the ones that are not (any more)."""
    documents = documents_for(passage_ids)
    if documents:
        ranking.upsert_documents(documents)
    gone = set(passage_ids) - {d.id for d in documents}
    if gone:
        ranking.remove_documents(gone)


def _batches() -> Iterator[list[ranking.RankingDocument]]:
    ids = list(Passage.objects.published().order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        yield documents_for(ids[start : start + BATCH])


def rebuild_index() -> int:
    """Re-project every published passage; returns how many are indexed."""
    return ranking.replace_all_documents(_batches())
