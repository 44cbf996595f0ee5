"""The public surface of lewis_tagging: the only module other packages import."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count

from lewis_tagging.conf import drafter
from lewis_tagging.models import Axis, Tag
from lewis_tagging.schemas import AxisOut
from lewis_tagging.types import TagSuggestion, TaxonomyTag

__all__ = [
    "AxisOut",
    "TagSpec",
    "TagSuggestion",
    "TaxonomyTag",
    "axis_exists",
    "axis_weights",
    "draft_tags",
    "ensure_tags",
    "find_tag",
    "list_axes",
    "tags_by_id",
    "tags_on_axis",
    "taxonomy",
]


@dataclass(frozen=True)
class TagSpec:
    axis: str
    slug: str
    label: str
    keywords: str = ""


def tags_on_axis(axis: str | None = None) -> list[TaxonomyTag]:
    return taxonomy(Tag.objects.filter(axis__slug=axis) if axis else None)


def list_axes() -> list[AxisOut]:
    # Meta.ordering does not apply to aggregate queries, hence the explicit order.
    axes = Axis.objects.annotate(tag_count=Count("tags")).order_by("position", "slug")
    return [
        AxisOut(
            slug=a.slug,
            label=a.label,
            description=a.description,
            ranking_weight=a.ranking_weight,
            tag_count=a.tag_count,
        )
        for a in axes
    ]


def axis_exists(slug: str) -> bool:
    return Axis.objects.filter(slug=slug).exists()


def tags_by_id(ids) -> dict[int, TaxonomyTag]:
    return {t.id: t for t in taxonomy(Tag.objects.filter(pk__in=ids))}


def find_tag(axis: str, slug: str) -> TaxonomyTag | None:
    found = taxonomy(Tag.objects.filter(axis__slug=axis, slug=slug))
    return found[0] if found else None


def taxonomy(tags=None) -> list[TaxonomyTag]:
    """Every tag (or the given queryset of tags), in axis display order."""
    tags = Tag.objects.all() if tags is None else tags
    return [
        TaxonomyTag(
            id=t.id,
            axis=t.axis.slug,
            slug=t.slug,
            label=t.label,
            description=t.description,
            keywords=tuple(t.keyword_list),
        )
        for t in tags.select_related("axis")
    ]


def draft_tags(text: str) -> list[TagSuggestion]:
    """Tag suggestions for a text from the configured drafter, limited to the taxonomy."""
    known = taxonomy()
    ids = {t.id for t in known}
    return [s for s in drafter().draft(text, known) if s.tag_id in ids]


def axis_weights() -> dict[str, int]:
    """The default ranking weight of each axis, as editors set it."""
    return dict(Axis.objects.values_list("slug", "ranking_weight"))


@transaction.atomic
def ensure_tags(specs: list[TagSpec]) -> dict[tuple[str, str], int]:
    """Create the tags that do not exist yet (on existing axes); return (axis, slug) -> tag id.

    Existing tags are left as editors made them. Safe to repeat.
    """
    axes = {a.slug: a for a in Axis.objects.filter(slug__in={s.axis for s in specs})}
    missing_axes = {s.axis for s in specs} - axes.keys()
    if missing_axes:
        raise ValueError(f"Unknown axes: {sorted(missing_axes)}")
    existing = {(t.axis.slug, t.slug): t.id for t in Tag.objects.select_related("axis")}
    new = [
        Tag(axis=axes[s.axis], slug=s.slug, label=s.label, keywords=s.keywords)
        for s in specs
        if (s.axis, s.slug) not in existing
    ]
    Tag.objects.bulk_create(new)
    return {
        (t.axis.slug, t.slug): t.id
        for t in Tag.objects.select_related("axis").filter(axis__slug__in=axes)
    }
