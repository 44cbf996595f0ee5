"""Exact ranking by scanning the projection table: simple, slow at scale, and the oracle."""

from collections.abc import Collection, Mapping

from lewis_ranking.models import ProjectedDocument
from lewis_ranking.scoring import matches, score, top
from lewis_ranking.types import DocumentNotIndexed, RankedResult, RankingDocument


def as_document(row: ProjectedDocument) -> RankingDocument:
    return RankingDocument(
        id=row.id,
        group_id=row.group_id,
        facets=dict(row.facets),
        tags={axis: frozenset(ids) for axis, ids in row.tags.items()},
    )


class ScanRanker:
    """Reads the table on every call, so it keeps no index to refresh."""

    def upsert(self, documents: Collection[RankingDocument]) -> None:
        pass  # the table is the whole state

    def remove(self, ids: Collection[int]) -> None:
        pass

    def rebuild(self) -> None:
        pass

    def related(
        self,
        seed_id: int,
        *,
        weights: Mapping[str, int],
        filters: Mapping[str, Collection[str]] | None = None,
        exclude_group: bool = False,
        limit: int = 20,
    ) -> list[RankedResult]:
        try:
            seed = as_document(ProjectedDocument.objects.get(pk=seed_id))
        except ProjectedDocument.DoesNotExist:
            raise DocumentNotIndexed(seed_id) from None
        results = [
            score(candidate, seed, weights)
            for candidate in map(as_document, ProjectedDocument.objects.iterator())
            if matches(candidate, seed, filters, exclude_group)
        ]
        return top(results, limit)
