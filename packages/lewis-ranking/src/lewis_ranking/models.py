"""The projection every backend reads: one row per indexed document (plain ids only), the version
row that every write stamps, and the change log that lets in-process indexes catch up.

On PostgreSQL the projection also carries integer arrays for the postgres backend (a `terms`
column with a GIN index and a term dictionary); they are created by migration 0004 and written by
`lewis_ranking.backends.postgres`, outside the Django models, so SQLite needs none of it.
"""

from django.db import models


class ProjectedDocument(models.Model):
    # The id of the projected item (a passage id); not a foreign key, so ranking stays liftable.
    id = models.BigIntegerField(primary_key=True)
    group_id = models.BigIntegerField(db_index=True)
    facets = models.JSONField(default=dict)
    tags = models.JSONField(default=dict, help_text="Axis slug -> sorted list of tag ids.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"ranking document {self.id}"


class IndexVersion(models.Model):
    """One row whose value grows with every write to the projection, in the same transaction,
    so in-process indexes in other workers can tell cheaply that they are out of date.

    Writers lock this row first, so versions grow in commit order. `floor`: changes older than
    this may have been pruned from the log (or the projection was replaced wholesale); an index
    that last caught up before it must reload in full."""

    value = models.BigIntegerField(default=0)
    floor = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"ranking index version {self.value}"


class DocumentChange(models.Model):
    """Which document ids the write stamped `version` touched (upserted or removed)."""

    version = models.BigIntegerField(db_index=True)
    document_id = models.BigIntegerField()

    def __str__(self) -> str:
        return f"document {self.document_id} changed at {self.version}"
