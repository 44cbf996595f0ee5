"""The tag review loop's named writes: ask for a draft, review suggestions, and publish the
accepted tags with their passage.

Views, tasks, hooks and the ingest call these; each runs in one transaction.
"""

import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from lewis_content.library.models import ApprovedTags, Passage, PassageTag, PublishedTag
from lewis_content.reading.actions import passages_changed
from lewis_content.tagreview import drafting
from lewis_content.tagreview.tasks import draft_tags_for_passage

logger = logging.getLogger(__name__)


@transaction.atomic
def request_draft(passage: Passage, *, force: bool = False) -> None:
    """Mark the passage's draft queued and send the drafting task once this transaction
    commits. A broker outage never fails the editor's save: the draft, recorded in the same
    transaction, waits as unsent (not blocking publishing) and the sweep sends it once the
    broker is back (`tasks.send_unsent_drafts`)."""
    drafting.mark_queued(passage)
    passage_id = passage.pk

    def send() -> None:
        try:
            draft_tags_for_passage.delay(passage_id, force=force)
        except Exception as exc:
            logger.warning(
                "Could not queue tag drafting for passage %s: sent again once the broker is back",
                passage_id,
                exc_info=True,
            )
            drafting.record_unsent(passage_id, exc)

    transaction.on_commit(send)


def request_draft_if_changed(passage: Passage) -> bool:
    """Request a draft when the passage's text (or the taxonomy) changed since its last one."""
    if drafting.needs_drafting(passage):
        request_draft(passage)
        return True
    return False


BATCH = 1000  # ids per query: well inside SQLite's limit on parameters


def publish_tags(passage_ids: Iterable[int], approved: dict[int, list[int]] | None = None) -> None:
    """Readers' tags of these passages become their accepted tags as they are now, or, for a
    passage in `approved`, the tags accepted when its going live was approved: what publishing
    a passage does to its tags (docs/adr/0004). Until then, accepting, rejecting, adding,
    editing or removing a tag changes the review rows only."""
    ids = sorted(set(passage_ids))
    approved = approved or {}
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        PublishedTag.objects.filter(passage_id__in=chunk).delete()
        accepted = PassageTag.objects.filter(
            passage_id__in=[pk for pk in chunk if pk not in approved],
            status=PassageTag.Status.ACCEPTED,
        ).values_list("passage_id", "tag_id")
        rows = [*accepted, *((pk, t) for pk in chunk if pk in approved for t in approved[pk])]
        PublishedTag.objects.bulk_create(
            PublishedTag(passage_id=passage_id, tag_id=tag_id) for passage_id, tag_id in rows
        )


@transaction.atomic
def passages_published(passage_ids: Iterable[int], revision=None) -> None:
    """These passages were published (`revision`: the one, when a single passage's revision
    went live): their tags go live with them, as approved for a scheduled go-live, and
    readers follow."""
    ids = sorted(set(passage_ids))
    approved = {}
    if revision is not None and len(ids) == 1:
        kept = ApprovedTags.objects.filter(revision=revision).first()
        if kept is not None:
            tags = PublishedTag._meta.get_field("tag").related_model.objects  # lewis_tagging's
            existing = set(tags.filter(pk__in=kept.tag_ids).values_list("pk", flat=True))
            approved[ids[0]] = [t for t in kept.tag_ids if t in existing]
            kept.delete()
    publish_tags(ids, approved)
    passages_changed(ids)


def approve_tags_for_go_live(revision) -> None:
    """A passage's revision was approved to go live later: the tags accepted now are the ones
    its go-live will publish (a tag reviewed in between waits for the next publish)."""
    tag_ids = list(
        PassageTag.objects.filter(
            passage_id=int(revision.object_id), status=PassageTag.Status.ACCEPTED
        ).values_list("tag_id", flat=True)
    )
    ApprovedTags.objects.update_or_create(revision=revision, defaults={"tag_ids": tag_ids})


@dataclass(frozen=True)
class Decision:
    status: str

    @classmethod
    def parse(cls, value: str) -> "Decision":
        statuses = {"accept": PassageTag.Status.ACCEPTED, "reject": PassageTag.Status.REJECTED}
        if value not in statuses:
            raise ValueError(f"Unknown decision '{value}': accept or reject.")
        return cls(statuses[value])


@transaction.atomic
def review_tags(assignments, decision: Decision, user) -> int:
    """Accept or reject the given suggested tags, recording who and when; returns how many.

    Readers see nothing of it until the passage is next published (`passages_published`).
    """
    pending = assignments.filter(status=PassageTag.Status.SUGGESTED)
    rows = list(pending.select_for_update().values_list("pk", "passage_id"))
    if not rows:
        return 0
    PassageTag.objects.filter(pk__in=[pk for pk, _ in rows]).update(
        status=decision.status, reviewed_by=user, reviewed_at=timezone.now()
    )
    return len(rows)
