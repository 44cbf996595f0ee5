"""The taxonomy: axes (motif, theme, life-stage, ...) and the tags on each."""

from django.db import models


class Axis(models.Model):
    slug = models.SlugField(unique=True)
    label = models.CharField(max_length=100)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "slug"]
        verbose_name_plural = "axes"

    def __str__(self) -> str:
        return self.label


class Tag(models.Model):
    axis = models.ForeignKey(Axis, on_delete=models.PROTECT, related_name="tags")
    slug = models.SlugField()
    label = models.CharField(max_length=100)
    description = models.TextField(blank=True)
    keywords = models.JSONField(
        default=list, blank=True, help_text="Words and synonyms the offline drafter looks for."
    )

    class Meta:
        ordering = ["axis__position", "slug"]
        constraints = [
            models.UniqueConstraint(fields=["axis", "slug"], name="tag_slug_unique_per_axis"),
        ]

    def __str__(self) -> str:
        return f"{self.axis.slug}:{self.slug}"
