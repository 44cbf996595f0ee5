"""The public surface of lewis_ranking: the only module other packages import."""

from collections.abc import Collection, Iterable, Mapping

from django.db import transaction

from lewis_ranking import projection
from lewis_ranking.conf import ranker
from lewis_ranking.types import DocumentNotIndexed, RankedResult, RankingDocument

__all__ = [
    "DocumentNotIndexed",
    "RankedResult",
    "RankingDocument",
    "related",
    "remove_documents",
    "replace_all_documents",
    "upsert_documents",
]


@transaction.atomic
def upsert_documents(documents: Collection[RankingDocument]) -> None:
    """Write documents into the projection and tell the backend once the write commits."""
    projection.write(documents)
    transaction.on_commit(lambda: ranker().upsert(documents))


@transaction.atomic
def replace_all_documents(batches: Iterable[Collection[RankingDocument]]) -> int:
    """Replace the whole projection (rebuilds); returns how many documents it now holds."""
    count = projection.replace_all(batches)
    transaction.on_commit(lambda: ranker().rebuild())
    return count


@transaction.atomic
def remove_documents(ids: Collection[int]) -> None:
    projection.delete(ids)
    transaction.on_commit(lambda: ranker().remove(ids))


def related(
    seed_id: int,
    *,
    weights: Mapping[str, int],
    filters: Mapping[str, Collection[str]] | None = None,
    exclude_group: bool = False,
    limit: int = 20,
) -> list[RankedResult]:
    """Documents ranked by weighted tag overlap with the seed; raises DocumentNotIndexed.

    `weights`: an integer per axis slug, chosen by the caller; an axis not named does not count.
    """
    return ranker().related(
        seed_id,
        weights=weights,
        filters=filters,
        exclude_group=exclude_group,
        limit=limit,
    )
