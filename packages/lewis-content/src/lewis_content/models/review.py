"""Tag drafting state per passage, and the workflow task that gates publishing on tag review."""

from django.core.exceptions import PermissionDenied
from django.db import models
from wagtail.models import AbstractGroupApprovalTask


class TagDraft(models.Model):
    """The last drafting run for a passage: what it drafted from and how it went.

    `input_key` (the text's and the taxonomy's digest) makes drafting idempotent: the same text
    against the same taxonomy is never sent to a model twice.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
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

    def __str__(self) -> str:
        return f"tag draft for passage {self.passage_id}: {self.status}"

    @property
    def needs_attention(self) -> bool:
        return self.status in {self.Status.FALLBACK, self.Status.FAILED, self.Status.RETRYING}


def unreviewed_tag_count(obj) -> int:
    from lewis_content.models.corpus import PassageTag

    return PassageTag.objects.filter(passage_id=obj.pk, status=PassageTag.Status.SUGGESTED).count()


class TagReviewTask(AbstractGroupApprovalTask):
    """Moderators approve a passage only once none of its tags is left unreviewed.

    Wagtail checks a requested workflow action against `get_actions` on the server, and
    `on_action` checks again, so a stale page or a hand-made request cannot approve.
    """

    def get_actions(self, obj, user):
        actions = super().get_actions(obj, user)
        if unreviewed_tag_count(obj):
            return [a for a in actions if a[0] != "approve"]
        return actions

    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name == "approve":
            pending = unreviewed_tag_count(task_state.revision.content_object)
            if pending:
                raise PermissionDenied(
                    f"Not approved: {pending} suggested tag(s) still await review."
                )
        return super().on_action(task_state, user, action_name, **kwargs)

    @classmethod
    def get_description(cls):
        return "Members of the chosen groups approve, once every suggested tag has been reviewed"

    class Meta:
        verbose_name = "Tag review task"
        verbose_name_plural = "Tag review tasks"
