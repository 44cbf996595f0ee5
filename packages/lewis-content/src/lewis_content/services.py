"""The public surface of lewis_content: the only module other packages import."""

from django.db import transaction

from lewis_content.models import Work
from lewis_content.schemas import WorkCard

__all__ = ["WorkCard", "ensure_works", "list_works"]


def list_works() -> list[WorkCard]:
    return [WorkCard.model_validate(w, from_attributes=True) for w in Work.objects.all()]


@transaction.atomic
def ensure_works(works: list[dict]) -> int:
    """Create or update works by slug; returns how many were created. Safe to repeat."""
    created = 0
    for fields in works:
        _, was_created = Work.objects.update_or_create(slug=fields["slug"], defaults=fields)
        created += was_created
    return created
