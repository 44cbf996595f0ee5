"""What is scheduled or broadcast: daily drops and podcasts."""

from django.core.exceptions import ValidationError
from django.db import models
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import InlinePanel
from wagtail.models import Orderable

from lewis_content.library.models import Passage, PassageTag


class DailyDrop(models.Model):
    """The passage readers of one register get on one date."""

    date = models.DateField()
    register = models.ForeignKey(
        "lewis_content.Register", on_delete=models.PROTECT, related_name="+"
    )
    passage = models.ForeignKey(
        "lewis_content.Passage", on_delete=models.PROTECT, related_name="daily_drops"
    )

    panels = ["date", "register", "passage"]

    class Meta:
        ordering = ["date", "register"]
        constraints = [
            models.UniqueConstraint(fields=["date", "register"], name="daily_drop_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.date} ({self.register})"

    def clean(self) -> None:
        """A drop readers would never get is refused: /today falls back to another pick when
        the passage is not published, and tags still awaiting review hold its publishing."""
        super().clean()
        if not self.passage_id:
            return
        if not Passage.objects.published().filter(pk=self.passage_id).exists():
            raise ValidationError(
                {
                    "passage": "This passage is not published: readers would get another one that "
                    "day. Publish it first, or choose a published passage."
                }
            )
        if self.passage.tag_assignments.filter(status=PassageTag.Status.SUGGESTED).exists():
            raise ValidationError(
                {
                    "passage": "This passage has tags awaiting review: review them (and publish) "
                    "first, or choose another passage."
                }
            )


class Podcast(models.Model):
    title = models.CharField(max_length=200)
    slug = models.SlugField(unique=True)
    description = models.TextField(blank=True)

    panels = ["title", "slug", "description"]

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class PodcastEpisode(ClusterableModel):
    podcast = models.ForeignKey(Podcast, on_delete=models.CASCADE, related_name="episodes")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    audio_url = models.URLField()
    duration_seconds = models.PositiveIntegerField()
    published_on = models.DateField()

    panels = [
        "podcast",
        "number",
        "title",
        "audio_url",
        "duration_seconds",
        "published_on",
        InlinePanel("linked_passages", label="Passage discussed"),
    ]

    class Meta:
        ordering = ["podcast", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["podcast", "number"], name="episode_number_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.podcast} #{self.number}: {self.title}"


class EpisodePassage(Orderable):
    episode = ParentalKey(PodcastEpisode, on_delete=models.CASCADE, related_name="linked_passages")
    passage = models.ForeignKey("lewis_content.Passage", on_delete=models.CASCADE, related_name="+")

    panels = ["passage"]
