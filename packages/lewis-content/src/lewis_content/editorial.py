"""Editorial actions on passages that are not reads: tag suggestions for new or changed text."""

from lewis_content.models import Passage, PassageTag
from lewis_content.rendering import plain_text
from lewis_tagging import services as tagging


def suggest_tags(passage: Passage) -> int:
    """Store the drafter's suggestions as tags awaiting review; returns how many were new.

    Tags already on the passage (suggested, accepted or rejected) are left as they are.
    """
    existing = set(passage.tag_assignments.values_list("tag_id", flat=True))
    new = [
        PassageTag(
            passage=passage,
            tag_id=s.tag_id,
            source=PassageTag.Source.AI,
            confidence=s.confidence,
            rationale=s.rationale,
        )
        for s in tagging.draft_tags(plain_text(passage.body.raw_data))
        if s.tag_id not in existing
    ]
    PassageTag.objects.bulk_create(new)
    return len(new)
