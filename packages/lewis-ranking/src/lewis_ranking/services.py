"""The public surface of lewis_ranking: the only module other packages import."""

import time
from collections.abc import Collection, Iterable, Mapping

from django.db import transaction

from lewis_ranking.conf import ranker, ranking_settings
from lewis_ranking.models import IndexVersion, ProjectedDocument
from lewis_ranking.types import DocumentNotIndexed, RankedResult, RankingDocument

__all__ = [
    "DocumentNotIndexed",
    "RankedResult",
    "RankingDocument",
    "default_weights",
    "related",
    "remove_documents",
    "replace_all_documents",
    "upsert_documents",
]


def default_weights() -> dict[str, int]:
    return dict(ranking_settings()["WEIGHTS"])


def _bump_version() -> None:
    # A fresh stamp, not an increment: a rolled-back write followed by another must not reuse a
    # value that an in-process index has already seen.
    IndexVersion.objects.update_or_create(pk=1, defaults={"value": time.time_ns()})


def _row(doc: RankingDocument) -> ProjectedDocument:
    return ProjectedDocument(
        id=doc.id,
        group_id=doc.group_id,
        facets=dict(doc.facets),
        tags={axis: sorted(ids) for axis, ids in doc.tags.items() if ids},
    )


@transaction.atomic
def upsert_documents(documents: Collection[RankingDocument]) -> None:
    """Write documents into the projection and tell the backend once the write commits."""
    ProjectedDocument.objects.filter(id__in=[d.id for d in documents]).delete()
    ProjectedDocument.objects.bulk_create(map(_row, documents), batch_size=5000)
    _bump_version()
    transaction.on_commit(lambda: ranker().upsert(documents))


@transaction.atomic
def replace_all_documents(batches: Iterable[Collection[RankingDocument]]) -> int:
    """Replace the whole projection (rebuilds); returns how many documents it now holds."""
    ProjectedDocument.objects.all().delete()
    count = 0
    for batch in batches:
        ProjectedDocument.objects.bulk_create(map(_row, batch), batch_size=5000)
        count += len(batch)
    _bump_version()
    transaction.on_commit(lambda: ranker().rebuild())
    return count


@transaction.atomic
def remove_documents(ids: Collection[int]) -> None:
    ProjectedDocument.objects.filter(id__in=ids).delete()
    _bump_version()
    transaction.on_commit(lambda: ranker().remove(ids))


def related(
    seed_id: int,
    *,
    weights: Mapping[str, int] | None = None,
    filters: Mapping[str, Collection[str]] | None = None,
    exclude_group: bool = False,
    limit: int = 20,
) -> list[RankedResult]:
    """Documents ranked by weighted tag overlap with the seed; raises DocumentNotIndexed."""
    return ranker().related(
        seed_id,
        weights=default_weights() if weights is None else weights,
        filters=filters,
        exclude_group=exclude_group,
        limit=limit,
    )
