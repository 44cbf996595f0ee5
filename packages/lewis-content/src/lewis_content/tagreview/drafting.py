"""The drafting pipeline: what the drafter reads, when a passage needs a new draft, and how a
run's suggestions are stored as AI tags awaiting review.

A run happens in the Celery task `tagreview.tasks.draft_tags_for_passage`, queued by
`tagreview.actions.request_draft` when a passage's text changes. Suggestions change nothing
readers see, and neither does their review: only publishing the passage does
(tagreview.actions.passages_published, docs/adr/0004).
"""

import hashlib
import logging

from django.db import transaction
from django.db.models import Count, Min, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from lewis_content.library.models import Passage, PassageTag
from lewis_content.library.rendering import plain_text
from lewis_content.tagreview.models import IN_PROGRESS, TagDraft, stale_before
from lewis_tagging import services as tagging

logger = logging.getLogger(__name__)

Status = TagDraft.Status
COMPLETED = {Status.DRAFTED, Status.FALLBACK}


def drafting_text(passage: Passage) -> str:
    """What the drafter reads: the editor's latest version (a draft revision, if any)."""
    latest = passage.get_latest_revision_as_object() if passage.latest_revision_id else passage
    return f"{latest.title}\n\n{plain_text(latest.body.raw_data)}".strip()


def input_key(text: str, taxonomy_version: str | None = None) -> str:
    """Digest of the text and the taxonomy version: equal keys give equal drafts. Pass the
    version when keying many texts at once."""
    version = taxonomy_version or tagging.taxonomy_version()
    return hashlib.sha256(f"{version}\n{text}".encode()).hexdigest()


def needs_drafting(passage: Passage) -> bool:
    """True when the passage's text (or the taxonomy) changed since its last completed draft."""
    last = TagDraft.objects.filter(passage=passage).values_list("input_key", flat=True).first()
    return last != input_key(drafting_text(passage))


def mark_queued(passage: Passage) -> None:
    """Record that a run for the passage's latest text is due (the task is sent on commit)."""
    TagDraft.objects.update_or_create(
        passage=passage, defaults={"status": Status.QUEUED, "note": "", "attempts": 0}
    )


def store_suggestions(passage: Passage, suggestions: list[tagging.TagSuggestion]) -> int:
    """Replace the passage's unreviewed AI suggestions with these; returns how many are new.

    Editor-entered tags and reviewed tags (accepted or rejected) are never touched, and a tag
    an editor rejected is not suggested again.
    """
    proposed = {s.tag_id: s for s in suggestions}
    stale = passage.tag_assignments.filter(
        source=PassageTag.Source.AI, status=PassageTag.Status.SUGGESTED
    )
    stale.exclude(tag_id__in=proposed).delete()
    kept = {a.tag_id: a for a in passage.tag_assignments.all()}
    for tag_id, suggestion in proposed.items():
        existing = kept.get(tag_id)
        if (
            existing is not None
            and existing.status == PassageTag.Status.SUGGESTED
            and existing.source == PassageTag.Source.AI
        ):
            existing.confidence = suggestion.confidence
            existing.rationale = suggestion.rationale
            existing.save(update_fields=["confidence", "rationale"])
    new = [
        PassageTag(
            passage=passage,
            tag_id=s.tag_id,
            source=PassageTag.Source.AI,
            confidence=s.confidence,
            rationale=s.rationale,
        )
        for tag_id, s in proposed.items()
        if tag_id not in kept
    ]
    # An editor may add one of these tags by hand meanwhile: theirs stands.
    PassageTag.objects.bulk_create(new, ignore_conflicts=True)
    return passage.tag_assignments.filter(
        tag_id__in=[a.tag_id for a in new],
        source=PassageTag.Source.AI,
        status=PassageTag.Status.SUGGESTED,
    ).count()


DRAFT_ROUNDS = 3


def draft_passage_tags(
    passage_id: int, *, force: bool = False, fallback: bool = True, attempt: int = 1
) -> TagDraft | None:
    """Draft tags for the passage's current text, unless that exact text was drafted already.

    Runs for the same passage may overlap (an editor saving twice, "draft again"): results are
    stored under a lock on the passage's draft, and only while they are still for the current
    text; when the text (or the taxonomy) changed during the model call, it drafts again.
    Raises tagging.DraftingUnavailable when the provider is down and `fallback` is False.
    Returns None when the passage no longer exists.
    """
    draft = None
    for _ in range(DRAFT_ROUNDS):
        passage = Passage.objects.filter(pk=passage_id).first()
        if passage is None:
            return None
        text = drafting_text(passage)
        key = input_key(text)
        draft, _ = TagDraft.objects.get_or_create(passage=passage)
        if not force and draft.input_key == key and draft.status in COMPLETED:
            return draft  # nothing changed: no model call
        result = tagging.draft_for_text(text, fallback=fallback, purpose=f"passage:{passage_id}")
        with transaction.atomic():
            # Locks in the order an editor's save takes them: the passage, then its draft.
            passage = Passage.objects.select_for_update(no_key=True).filter(pk=passage_id).first()
            draft = TagDraft.objects.select_for_update().filter(passage_id=passage_id).first()
            if draft is None or passage is None:
                return None
            if input_key(drafting_text(passage)) != key:
                continue  # edited meanwhile: draft the new text
            if not force and draft.input_key == key and draft.status in COMPLETED:
                return draft  # an overlapping run stored this very draft
            draft.suggested = store_suggestions(passage, result.suggestions)
            draft.input_key = key
            draft.status = Status.FALLBACK if result.note else Status.DRAFTED
            draft.drafter = result.drafter
            draft.note = result.note
            draft.dropped = result.dropped
            draft.attempts = attempt
            draft.save()
            return draft
    return draft  # still being edited: the latest save queued its own run


def current_key(passage_id: int) -> str | None:
    """The input key of the passage's latest text; None when it no longer exists."""
    passage = Passage.objects.filter(pk=passage_id).first()
    return input_key(drafting_text(passage)) if passage else None


def unfinished(passage_id: int, key: str | None):
    """The passage's draft while the run that failed is still the one due: not once a run
    completed it, nor (given the run's `key`) once the text changed and queued a newer run."""
    if key is not None and current_key(passage_id) != key:
        return TagDraft.objects.none()
    return TagDraft.objects.filter(passage_id=passage_id).exclude(status__in=COMPLETED)


def record_retry(
    passage_id: int, error: Exception, attempt: int, retry_in: float, key: str | None = None
) -> None:
    unfinished(passage_id, key).update(
        status=Status.RETRYING,
        attempts=attempt,
        note=f"{error} Attempt {attempt} failed; trying again in {retry_in:.0f} s.",
        updated_at=timezone.now(),
    )


def record_unsent(passage_id: int, error: Exception) -> None:
    """The drafting task could not be queued (the broker is away): the draft waits as unsent,
    recorded with the change that asked for it, and `send_unsent_drafts` queues it once the
    broker is back. Meanwhile it does not hold up publishing, as a failed draft does not."""
    note = f"Waiting for the task queue ({type(error).__name__}: {error}); sent once it is back."
    TagDraft.objects.filter(passage_id=passage_id, status=Status.QUEUED).update(
        status=Status.UNSENT, note=note[:1000], updated_at=timezone.now()
    )


def unsent_passage_ids(limit: int) -> list[int]:
    unsent = TagDraft.objects.filter(status=Status.UNSENT).order_by("updated_at")
    return list(unsent.values_list("passage_id", flat=True)[:limit])


def claim_unsent(passage_id: int) -> bool:
    """Take an unsent draft for sending: True for exactly one sweep at a time."""
    return bool(
        TagDraft.objects.filter(passage_id=passage_id, status=Status.UNSENT).update(
            status=Status.QUEUED, note="", updated_at=timezone.now()
        )
    )


def record_failure(passage_id: int, error: Exception, key: str | None = None) -> None:
    unfinished(passage_id, key).update(
        status=Status.FAILED,
        note=f"Drafting failed: {type(error).__name__}: {error}"[:1000],
        updated_at=timezone.now(),
    )


def passages_needing_review():
    """Passages with suggested tags or a failed (or lost) drafting run, longest waiting first,
    with the count of suggestions and since when they wait. Starts from the suggestions and
    drafts (indexed by status), so its cost follows the queue's length, not the library's."""
    suggested = PassageTag.objects.filter(status=PassageTag.Status.SUGGESTED)
    failed = TagDraft.objects.filter(
        Q(status=Status.FAILED) | Q(status__in=IN_PROGRESS, updated_at__lt=stale_before())
    )
    is_suggested = Q(tag_assignments__status=PassageTag.Status.SUGGESTED)
    return (
        Passage.objects.filter(
            Q(pk__in=suggested.values("passage_id")) | Q(pk__in=failed.values("passage_id"))
        )
        .annotate(
            unreviewed=Count("tag_assignments", filter=is_suggested),
            waiting_since=Coalesce(
                Min("tag_assignments__created_at", filter=is_suggested),
                Min("tag_draft__updated_at"),
            ),
        )
        .select_related("work", "tag_draft")
        .order_by("waiting_since", "pk")
    )
