"""The library: works, their chapters and passages, registers, and the tags on each passage.

Plain models: how editors edit them (panels, forms) is the admin's business (library/admin.py,
tagreview/), and what readers see of them is rendered by reading/.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.fields import StreamField
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Orderable,
    PreviewableMixin,
    RevisionMixin,
    WorkflowMixin,
)

from lewis_content.library.blocks import PassageBodyBlock


class Tier(models.TextChoices):
    """Who may read: everything is free in V1; this is the seam for paid tiers."""

    FREE = "free", "Free"
    MEMBER = "member", "Members"


class Provenance(models.TextChoices):
    LEWIS = "lewis", "C. S. Lewis"
    EDITORIAL = "editorial", "Editorial"


class PublishedQuerySet(models.QuerySet):
    def published(self):
        """Live and not past expiry (beat takes expired items down within a minute)."""
        return self.filter(live=True).exclude(expire_at__lte=timezone.now())


class PassageQuerySet(PublishedQuerySet):
    def published(self):
        """Readers see a passage only when it and its work are published."""
        now = timezone.now()
        return super().published().filter(work__live=True).exclude(work__expire_at__lte=now)


class Register(models.Model):
    """The voice a passage speaks in (reflective, imaginative, argumentative, ...)."""

    slug = models.SlugField(unique=True)
    label = models.CharField(max_length=100)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    panels = ["label", "slug", "description", "position"]

    class Meta:
        ordering = ["position", "slug"]

    def __str__(self) -> str:
        return self.label


class Work(DraftStateMixin, RevisionMixin, ClusterableModel):
    class Form(models.TextChoices):
        BOOK = "book", "Book"
        ESSAY = "essay", "Essay"
        LETTER = "letter", "Letter"
        POEM = "poem", "Poem"
        TALK = "talk", "Talk"

    title = models.CharField(max_length=200)
    slug = models.SlugField(unique=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    form = models.CharField(max_length=10, choices=Form.choices, default=Form.BOOK)
    description = models.TextField(blank=True)
    cover_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    audio_allowed = models.BooleanField(
        default=True, help_text="Off where the rights forbid audio readings of this work."
    )
    tier = models.CharField(max_length=10, choices=Tier.choices, default=Tier.FREE)
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="work")

    objects = PublishedQuerySet.as_manager()

    class Meta:
        ordering = ["year", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__isnull=True) | Q(year__gte=1900, year__lte=2100),
                name="work_year_plausible",
            ),
        ]
        # Passages list in their works' order (year, title), then by position: with this index
        # a page of the CMS's passage listing walks works in order and each work's passages by
        # its (work, position) key, instead of sorting every passage (1 ms, not 60, at 100,000).
        indexes = [models.Index(fields=["year", "title"], name="work_listing_order")]

    def __str__(self) -> str:
        return self.title

    @property
    def revisions(self):
        return self._revisions


class WorkSourceLink(Orderable):
    """One rung of a work's source ladder: where a reader can buy or borrow the book."""

    work = ParentalKey(Work, on_delete=models.CASCADE, related_name="source_links")
    label = models.CharField(max_length=100, help_text="e.g. 'Hardback' or 'Kindle'")
    bookstore = models.CharField(max_length=100)
    url = models.URLField(help_text="The affiliate URL where there is one.")

    def __str__(self) -> str:
        return f"{self.work} at {self.bookstore}"


class Chapter(models.Model):
    work = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="chapters")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200, blank=True)

    panels = ["work", "number", "title"]

    class Meta:
        ordering = ["work", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["work", "number"], name="chapter_number_unique_per_work"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.work}: {self.number}. {self.title}".rstrip(". ")


class Passage(
    WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, PreviewableMixin, models.Model
):
    title = models.CharField(max_length=200)
    work = models.ForeignKey(Work, on_delete=models.PROTECT, related_name="passages")
    chapter = models.ForeignKey(
        Chapter, null=True, blank=True, on_delete=models.SET_NULL, related_name="passages"
    )
    position = models.PositiveIntegerField(help_text="Order of the passage within its work.")
    register = models.ForeignKey(Register, on_delete=models.PROTECT, related_name="passages")
    provenance = models.CharField(
        max_length=10, choices=Provenance.choices, default=Provenance.LEWIS
    )
    author_byline = models.CharField(
        max_length=200, blank=True, help_text="Required for editorial articles."
    )
    tier = models.CharField(max_length=10, choices=Tier.choices, default=Tier.FREE)
    body = StreamField(PassageBodyBlock())
    # Set for articles ingested from a Substack feed: the feed item's GUID, and a digest of what
    # the feed said last, so a re-run or an edited article never duplicates.
    source_guid = models.CharField(max_length=500, null=True, blank=True, unique=True)
    source_digest = models.CharField(max_length=64, blank=True)

    objects = PassageQuerySet.as_manager()

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="passage")
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="passage",
        for_concrete_model=False,
    )

    class Meta:
        ordering = ["work", "position"]
        constraints = [
            models.UniqueConstraint(fields=["work", "position"], name="passage_position_unique"),
            models.CheckConstraint(
                condition=Q(provenance="lewis") | ~Q(author_byline=""),
                name="editorial_passage_has_byline",
                violation_error_message="An editorial passage needs an author byline.",
            ),
        ]
        indexes = [models.Index(fields=["live", "register"], name="passage_live_register")]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        if self.chapter_id and self.work_id and self.chapter.work_id != self.work_id:
            raise ValidationError(
                {
                    "chapter": f"'{self.chapter}' is a chapter of {self.chapter.work}, not of this "
                    "passage's work. Choose one of its own chapters, or none."
                }
            )

    @property
    def revisions(self):
        return self._revisions

    def get_preview_template(self, request, mode_name):
        return "lewis_content/passage_preview.html"


class PassageTag(models.Model):
    """A tag on a passage, with where it came from and its review.

    Not part of the passage's revisions: review state is live editorial metadata, and a publish
    of an older revision must never resurrect or drop tags.
    """

    class Source(models.TextChoices):
        AI = "ai", "AI draft"
        EDITOR = "editor", "Editor"

    class Status(models.TextChoices):
        SUGGESTED = "suggested", "Suggested"
        ACCEPTED = "accepted", "Accepted"
        REJECTED = "rejected", "Rejected"

    passage = models.ForeignKey(Passage, on_delete=models.CASCADE, related_name="tag_assignments")
    tag = models.ForeignKey("lewis_tagging.Tag", on_delete=models.PROTECT, related_name="+")
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.EDITOR)
    confidence = models.FloatField(null=True, blank=True)
    rationale = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SUGGESTED)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["passage", "tag"]
        constraints = [
            models.UniqueConstraint(fields=["passage", "tag"], name="passage_tag_unique"),
            models.CheckConstraint(
                condition=(
                    Q(source="ai")
                    & Q(confidence__isnull=False)  # a NULL would slip through the range check
                    & Q(confidence__gte=0)
                    & Q(confidence__lte=1)
                )
                | (Q(source="editor") & Q(confidence__isnull=True)),
                name="passage_tag_confidence_by_source",
                violation_error_message="AI tags carry a confidence in 0..1; editor tags none.",
            ),
            models.CheckConstraint(
                condition=Q(status="suggested") | Q(source="editor") | Q(reviewed_at__isnull=False),
                name="reviewed_ai_tag_has_review_time",
            ),
        ]
        indexes = [models.Index(fields=["status", "passage"], name="passagetag_status_passage")]

    def __str__(self) -> str:
        return f"{self.tag} on {self.passage} ({self.status})"


class PublishedTag(models.Model):
    """A tag readers see on a passage: one of its accepted tags as they stood when the passage
    was last published. Reviews change `PassageTag` rows only; publishing the passage copies its
    accepted tags here (`tagreview.actions.publish_tags`), and snapshots, the ranking index and
    the tag filter read these rows alone (docs/adr/0004)."""

    passage = models.ForeignKey(Passage, on_delete=models.CASCADE, related_name="published_tags")
    tag = models.ForeignKey("lewis_tagging.Tag", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["passage", "tag"], name="published_tag_unique"),
        ]
        indexes = [models.Index(fields=["tag", "passage"], name="published_tag_by_tag")]

    def __str__(self) -> str:
        return f"{self.tag} on {self.passage} (published)"


class ApprovedTags(models.Model):
    """A passage's accepted tags when a revision of it was approved to go live later: what its
    scheduled go-live publishes, whatever is reviewed meanwhile (docs/adr/0004). Written when
    Wagtail schedules the revision (`tagreview.actions.approve_tags_for_go_live`)."""

    revision = models.OneToOneField(
        "wagtailcore.Revision", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    tag_ids = models.JSONField(default=list)

    def __str__(self) -> str:
        return f"Tags approved with revision {self.revision_id}"
