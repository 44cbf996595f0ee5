"""The taxonomy (axes such as motif, theme, life stage, and their tags) and AI usage records."""

from django.core.validators import MaxValueValidator
from django.db import models
from wagtail.admin.panels import FieldPanel

# The bound of an axis's ranking weight, and of a reader's per-request override.
MAX_RANKING_WEIGHT = 10


class Axis(models.Model):
    slug = models.SlugField(unique=True)
    label = models.CharField(max_length=100)
    description = models.TextField(blank=True)
    ranking_weight = models.PositiveSmallIntegerField(
        default=1,
        validators=[MaxValueValidator(MAX_RANKING_WEIGHT)],
        help_text=f"How much one shared tag on this axis counts in 'dive deeper' "
        f"(0..{MAX_RANKING_WEIGHT}).",
    )
    position = models.PositiveSmallIntegerField(default=0, help_text="Display order.")

    panels = ["label", "slug", "description", "ranking_weight", "position"]

    class Meta:
        ordering = ["position", "slug"]
        verbose_name_plural = "axes"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ranking_weight__lte=MAX_RANKING_WEIGHT),
                name="axis_ranking_weight_at_most_10",
            ),
        ]

    def __str__(self) -> str:
        return self.label


class Tag(models.Model):
    axis = models.ForeignKey(Axis, on_delete=models.PROTECT, related_name="tags")
    slug = models.SlugField()
    label = models.CharField(max_length=100)
    description = models.TextField(blank=True, help_text="What the tag means, for editors and AI.")
    keywords = models.TextField(
        blank=True,
        help_text=(
            "Comma-separated words and synonyms the offline drafter looks for; one starting "
            "with '-' is a phrase it ignores (e.g. '-the rest of')."
        ),
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


class AIUsage(models.Model):
    """One paid model call: what it consumed and cost. Spend and budget are sums of these."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    drafter = models.CharField(max_length=100, help_text='e.g. "anthropic:claude-sonnet-4-6"')
    model = models.CharField(max_length=100)
    input_tokens = models.PositiveIntegerField(default=0)
    output_tokens = models.PositiveIntegerField(default=0)
    cache_read_tokens = models.PositiveIntegerField(default=0)
    cache_creation_tokens = models.PositiveIntegerField(default=0)
    cost_usd = models.DecimalField(max_digits=12, decimal_places=6)
    # Plain text, not a foreign key: tagging sits below the packages that own the objects.
    purpose = models.CharField(max_length=200, blank=True, help_text='e.g. "passage:123"')

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "AI usage record"

    def __str__(self) -> str:
        return f"{self.drafter} {self.created_at:%Y-%m-%d %H:%M} ${self.cost_usd}"
