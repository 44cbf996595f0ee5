"""The taxonomy: axes (motif, theme, life-stage, ...) and the tags on each."""

from django.db import models
from wagtail.admin.panels import FieldPanel


class Axis(models.Model):
    slug = models.SlugField(unique=True)
    label = models.CharField(max_length=100)
    description = models.TextField(blank=True)
    ranking_weight = models.PositiveSmallIntegerField(
        default=1, help_text="How much one shared tag on this axis counts in 'dive deeper'."
    )
    position = models.PositiveSmallIntegerField(default=0, help_text="Display order.")

    panels = ["label", "slug", "description", "ranking_weight", "position"]

    class Meta:
        ordering = ["position", "slug"]
        verbose_name_plural = "axes"

    def __str__(self) -> str:
        return self.label


class Tag(models.Model):
    axis = models.ForeignKey(Axis, on_delete=models.PROTECT, related_name="tags")
    slug = models.SlugField()
    label = models.CharField(max_length=100)
    description = models.TextField(blank=True, help_text="What the tag means, for editors and AI.")
    keywords = models.TextField(
        blank=True, help_text="Comma-separated words and synonyms the offline drafter looks for."
    )

    panels = [FieldPanel("axis"), "label", "slug", "description", "keywords"]

    class Meta:
        ordering = ["axis__position", "label"]
        constraints = [
            models.UniqueConstraint(fields=["axis", "slug"], name="tag_slug_unique_per_axis"),
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.axis.label})"

    @property
    def keyword_list(self) -> list[str]:
        return [k.strip() for k in self.keywords.split(",") if k.strip()]
