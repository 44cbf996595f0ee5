"""Named writes of the read models: what readers see follows a committed change, once.

Every change that alters what readers see calls one of these inside its transaction. Snapshots
are rendered in that transaction (never older than their data, gone with a rollback); once it
commits, the ranking index takes the passages and the content generation moves exactly once,
however many changes the transaction made.
"""

from collections.abc import Iterable

from django.db import transaction

from lewis_content.generation import changed_on_commit
from lewis_content.reading.projection import rebuild_index, sync_passages
from lewis_content.reading.snapshots import rebuild_snapshots, refresh_snapshots


@transaction.atomic
def passages_changed(passage_ids: Iterable[int]) -> None:
    """These passages, or something they are rendered from, changed: render their snapshots
    now, and once the transaction commits re-index them and move the generation."""
    ids = sorted(set(passage_ids))
    if ids:
        refresh_snapshots(ids)
        changed_on_commit(sync_passages, ids)


def snapshots_changed(passage_ids: Iterable[int]) -> None:
    """Only how these passages are shown changed (a tag's label, a reading), not whether or
    where they rank: render their snapshots now; the generation moves on commit."""
    refresh_snapshots(passage_ids)  # registers the committed change itself


def content_changed() -> None:
    """Something readers see that no snapshot holds changed (a page, a drop, a podcast, the
    taxonomy): move the generation once the transaction commits."""
    changed_on_commit()


@transaction.atomic
def rebuild_read_models() -> tuple[int, int]:
    """Render every published passage's snapshot and re-index them all (after bulk loads, or a
    change of voice or renditions); returns (snapshots, indexed passages)."""
    snapshots = rebuild_snapshots()
    indexed = rebuild_index()
    changed_on_commit()
    return snapshots, indexed
