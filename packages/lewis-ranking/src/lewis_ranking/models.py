"""The projection table every backend reads: one row per indexed document, plain ids only."""

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
    """One row whose value changes with every write to the projection, in the same transaction,
    so in-process indexes in other workers can tell cheaply that they are out of date."""

    value = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"ranking index version {self.value}"
