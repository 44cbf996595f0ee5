"""The public surface of lewis_tagging: the only module other packages import."""

from django.db.models import Count

from lewis_tagging.conf import drafter
from lewis_tagging.models import Axis, Tag
from lewis_tagging.schemas import AxisOut
from lewis_tagging.types import TagSuggestion, TaxonomyTag

__all__ = ["AxisOut", "TagSuggestion", "TaxonomyTag", "draft_tags", "list_axes", "taxonomy"]


def list_axes() -> list[AxisOut]:
    # Meta.ordering does not apply to aggregate queries, hence the explicit order.
    axes = Axis.objects.annotate(tag_count=Count("tags")).order_by("position", "slug")
    return [
        AxisOut(slug=a.slug, label=a.label, description=a.description, tag_count=a.tag_count)
        for a in axes
    ]


def taxonomy() -> list[TaxonomyTag]:
    return [
        TaxonomyTag(
            id=t.id,
            axis=t.axis.slug,
            slug=t.slug,
            label=t.label,
            description=t.description,
            keywords=tuple(t.keywords),
        )
        for t in Tag.objects.select_related("axis")
    ]


def draft_tags(text: str) -> list[TagSuggestion]:
    """Tag suggestions for a text from the configured drafter, limited to the taxonomy."""
    known = taxonomy()
    ids = {t.id for t in known}
    return [s for s in drafter().draft(text, known) if s.tag_id in ids]
