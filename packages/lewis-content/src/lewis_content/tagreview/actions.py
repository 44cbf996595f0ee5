"""The tag review loop's named writes: ask for a draft, review suggestions.

Views, tasks, hooks and the ingest call these; each runs in one transaction.
"""

import logging
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from lewis_content.library.models import Passage, PassageTag
from lewis_content.reading.actions import passages_changed
from lewis_content.tagreview import drafting
from lewis_content.tagreview.tasks import draft_tags_for_passage

logger = logging.getLogger(__name__)


@transaction.atomic
def request_draft(passage: Passage, *, force: bool = False) -> None:
    """Mark the passage's draft queued and send the drafting task once this transaction
    commits. A broker outage never fails the editor's save: the draft is recorded as failed,
    with the reason and "Draft again", and does not block publishing."""
    drafting.mark_queued(passage)
    passage_id = passage.pk

    def send() -> None:
        try:
            draft_tags_for_passage.delay(passage_id, force=force)
        except Exception as exc:
            logger.exception("Could not queue tag drafting for passage %s", passage_id)
            drafting.record_failure(passage_id, exc)

    transaction.on_commit(send)


def request_draft_if_changed(passage: Passage) -> bool:
    """Request a draft when the passage's text (or the taxonomy) changed since its last one."""
    if drafting.needs_drafting(passage):
        request_draft(passage)
        return True
    return False


def assignment_changed(assignment: PassageTag, before: tuple[int, str] | None = None) -> None:
    """An editor added, edited or deleted a tag assignment by hand (`before`: its passage and
    status until then). Readers see accepted tags only: an assignment that is or was accepted
    re-renders its passage, and the one it moved from."""
    passage_id, status = before or (assignment.passage_id, assignment.status)
    if PassageTag.Status.ACCEPTED in {assignment.status, status}:
        passages_changed({assignment.passage_id, passage_id})


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

    Readers see accepted tags only, so an acceptance re-renders and re-indexes its passages
    (once, whatever the count); a rejection of a suggestion changes nothing they see.
    """
    pending = assignments.filter(status=PassageTag.Status.SUGGESTED)
    rows = list(pending.select_for_update().values_list("pk", "passage_id"))
    if not rows:
        return 0
    PassageTag.objects.filter(pk__in=[pk for pk, _ in rows]).update(
        status=decision.status, reviewed_by=user, reviewed_at=timezone.now()
    )
    if decision.status == PassageTag.Status.ACCEPTED:
        passages_changed(passage_id for _, passage_id in rows)
    return len(rows)
