"""Tag drafting state per passage, and the workflow task that gates publishing on tag review."""

from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied
from django.db import models
from django.template.defaultfilters import pluralize
from django.utils import timezone
from wagtail.models import AbstractGroupApprovalTask

from lewis_content.conf import content_settings
from lewis_content.library.models import PassageTag


def stale_before() -> datetime:
    """Drafts queued or retrying since before this are presumed lost."""
    return timezone.now() - timedelta(seconds=content_settings()["DRAFT_STALE_SECONDS"])


class TagDraft(models.Model):
    """The last drafting run for a passage: what it drafted from and how it went.

    `input_key` (the text's and the taxonomy's digest) makes drafting idempotent: the same text
    against the same taxonomy is never sent to a model twice.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        UNSENT = "unsent", "Waiting for the task queue"
        RETRYING = "retrying", "Provider unavailable: retrying"
        DRAFTED = "drafted", "Drafted"
        FALLBACK = "fallback", "Drafted offline (fallback)"
        FAILED = "failed", "Failed"

    passage = models.OneToOneField(
        "lewis_content.Passage",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="tag_draft",
    )
    input_key = models.CharField(max_length=64, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    drafter = models.CharField(max_length=100, blank=True)
    note = models.TextField(blank=True, help_text="What editors should know about this run.")
    attempts = models.PositiveSmallIntegerField(default=0)
    suggested = models.PositiveSmallIntegerField(default=0)
    dropped = models.PositiveSmallIntegerField(
        default=0, help_text="Suggestions outside the taxonomy, discarded."
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        # The review queue looks for failed and lost runs.
        indexes = [models.Index(fields=["status", "updated_at"], name="tagdraft_status_updated")]

    def __str__(self) -> str:
        return f"tag draft for passage {self.passage_id}: {self.status}"

    @property
    def is_stale(self) -> bool:
        return self.status in IN_PROGRESS and self.updated_at < stale_before()

    @property
    def needs_attention(self) -> bool:
        return (
            self.status in {self.Status.FALLBACK, self.Status.FAILED, self.Status.RETRYING}
            or self.is_stale
        )


IN_PROGRESS = [TagDraft.Status.QUEUED, TagDraft.Status.RETRYING]


def publish_blocker(passage_id: int) -> str | None:
    """Why the passage cannot be published yet, or None.

    Its tags must all be reviewed, and its latest text drafted: saving changed text queues a
    draft in the same transaction, so a publish right after an edit waits for that draft's
    suggestions. A failed draft, or one presumed lost (stale), does not block: editors can tag
    by hand or draft again.
    """
    pending = PassageTag.objects.filter(
        passage_id=passage_id, status=PassageTag.Status.SUGGESTED
    ).count()
    if pending:
        return (
            f"{pending} suggested tag{pluralize(pending)} still "
            f"await{pluralize(pending, 's,')} review"
        )
    drafting = TagDraft.objects.filter(
        passage_id=passage_id, status__in=IN_PROGRESS, updated_at__gte=stale_before()
    ).exists()
    if drafting:
        return "tags for its latest text are still being drafted"
    return None


class TagReviewTask(AbstractGroupApprovalTask):
    """Moderators approve a passage only once its tags are drafted and none is left unreviewed.

    Wagtail checks a requested workflow action against `get_actions` on the server, and
    `on_action` checks again, so a stale page or a hand-made request cannot approve.
    """

    def get_actions(self, obj, user):
        actions = super().get_actions(obj, user)
        if publish_blocker(obj.pk):
            return [a for a in actions if a[0] != "approve"]
        return actions

    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name == "approve":
            blocker = publish_blocker(task_state.revision.object_id)
            if blocker:
                raise PermissionDenied(f"Not approved: {blocker}.")
        return super().on_action(task_state, user, action_name, **kwargs)

    @classmethod
    def get_description(cls):
        return "Members of the chosen groups approve, once every suggested tag has been reviewed"

    class Meta:
        verbose_name = "Tag review task"
        verbose_name_plural = "Tag review tasks"
