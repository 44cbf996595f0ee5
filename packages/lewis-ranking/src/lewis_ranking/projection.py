"""Writes to the projection: the JSON rows, the integer arrays (PostgreSQL), the version and the
change log, always together in the caller's transaction.

Every write first locks and advances the one version row, so writers are serialised and versions
grow in commit order; each touched id is logged under that version. An in-process index that has
caught up to version v needs only the ids logged after v (see backends/memory.py).
"""

import time
from collections.abc import Collection, Iterable, Iterator

from django.db import connection

from lewis_ranking.backends.postgres import project_terms
from lewis_ranking.models import DocumentChange, IndexVersion, ProjectedDocument
from lewis_ranking.types import RankingDocument

BATCH = 5000
# Changes are kept this long (versions are nanosecond stamps); an index idle for longer reloads.
LOG_RETENTION_NS = 24 * 3600 * 10**9


def _chunks(items: list, size: int = BATCH) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _row(doc: RankingDocument) -> ProjectedDocument:
    return ProjectedDocument(
        id=doc.id,
        group_id=doc.group_id,
        facets=dict(doc.facets),
        tags={axis: sorted(ids) for axis, ids in doc.tags.items() if ids},
    )


def _advance_version(*, replace_all: bool = False) -> int:
    """Lock the version row and move it past both its last value and the clock.

    A fresh stamp, not an increment: a rolled-back write followed by another must not reuse a
    value that an in-process index has already seen."""
    row, _ = IndexVersion.objects.select_for_update().get_or_create(pk=1)
    row.value = max(row.value + 1, time.time_ns())
    cutoff = row.value if replace_all else row.value - LOG_RETENTION_NS
    if cutoff > row.floor:
        DocumentChange.objects.filter(version__lt=cutoff).delete()
        row.floor = cutoff
    row.save(update_fields=["value", "floor"])
    return row.value


def _insert(documents: Collection[RankingDocument]) -> None:
    ProjectedDocument.objects.bulk_create(map(_row, documents), batch_size=BATCH)
    if connection.vendor == "postgresql":
        project_terms([d.id for d in documents])


def _log(version: int, ids: Iterable[int]) -> None:
    DocumentChange.objects.bulk_create(
        (DocumentChange(version=version, document_id=i) for i in ids), batch_size=BATCH
    )


def write(documents: Collection[RankingDocument]) -> None:
    """Insert or replace documents (call inside a transaction)."""
    version = _advance_version()
    ids = [d.id for d in documents]
    for batch in _chunks(ids):
        ProjectedDocument.objects.filter(id__in=batch).delete()
    _insert(documents)
    _log(version, ids)


def delete(ids: Collection[int]) -> None:
    """Remove documents; unknown ids are ignored (call inside a transaction)."""
    version = _advance_version()
    ids = list(ids)
    for batch in _chunks(ids):
        ProjectedDocument.objects.filter(id__in=batch).delete()
    _log(version, ids)


def replace_all(batches: Iterable[Collection[RankingDocument]]) -> int:
    """Replace every document (call inside a transaction); in-process indexes reload in full."""
    _advance_version(replace_all=True)
    ProjectedDocument.objects.all().delete()
    count = 0
    for batch in batches:
        _insert(batch)
        count += len(batch)
    return count
