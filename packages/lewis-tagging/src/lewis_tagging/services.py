"""The public surface of lewis_tagging: the only module other packages import."""

import hashlib
import json
import logging
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.db.models import Count
from django.dispatch import Signal

from lewis_spend.services import MonthlySpend
from lewis_tagging import quality, usage
from lewis_tagging.conf import drafter
from lewis_tagging.drafters.offline import KeywordDrafter
from lewis_tagging.models import MAX_RANKING_WEIGHT, Axis, Tag
from lewis_tagging.quality import AxisQuality, QualityReport
from lewis_tagging.schemas import AxisOut
from lewis_tagging.types import (
    MeteredDrafter,
    ProviderError,
    TagDrafter,
    TagSuggestion,
    TaxonomyAxis,
    TaxonomyTag,
)

log = logging.getLogger(__name__)

__all__ = [
    "AI",
    "MAX_RANKING_WEIGHT",
    "AxisOut",
    "AxisQuality",
    "DraftResult",
    "DraftingUnavailable",
    "MonthlySpend",
    "QualityReport",
    "TagSpec",
    "TagSuggestion",
    "TaxonomyTag",
    "axis_exists",
    "axis_weights",
    "draft_for_text",
    "draft_tags",
    "ensure_tags",
    "evaluate_drafter",
    "find_tag",
    "list_axes",
    "monthly_ai_spend",
    "tags_on_axis",
    "taxonomy",
    "taxonomy_changed",
    "taxonomy_version",
]


# Sent after a tag or an axis is saved or deleted, inside the writing transaction.
# `relabelled_tag_ids`: the tags whose axis, slug or label (or their axis's slug or position)
# changed, so wherever they are shown needs rendering again; empty for other changes.
taxonomy_changed = Signal()


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


def taxonomy_axes() -> list[TaxonomyAxis]:
    return [
        TaxonomyAxis(slug=a.slug, label=a.label, description=a.description)
        for a in Axis.objects.order_by("position", "slug")
    ]


def taxonomy_version() -> str:
    """A short hash of everything a drafter sees of the taxonomy (axes, and tags with their
    ids, slugs, labels, descriptions and keywords); it changes whenever editors change those."""
    content = {
        "axes": [[a.slug, a.label, a.description] for a in taxonomy_axes()],
        "tags": sorted(
            [t.id, t.axis, t.slug, t.label, t.description, list(t.keywords)] for t in taxonomy()
        ),
    }
    encoded = json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode()
    return hashlib.sha256(encoded).hexdigest()[:12]


@dataclass(frozen=True)
class DraftResult:
    suggestions: list[TagSuggestion]  # only tags in the taxonomy, best first
    drafter: str  # e.g. "anthropic:claude-sonnet-4-6" or "offline"
    note: str  # "" normally; a sentence for editors when the offline drafter stood in
    dropped: int  # suggestions outside the taxonomy that were dropped


class DraftingUnavailable(Exception):
    """The provider failed transiently (rate limit, timeout, lost connection, 5xx): retry later.

    `retry_after` is the provider's requested wait in seconds, when it gave one.
    """

    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


def _drafter_name(configured: TagDrafter) -> str:
    return getattr(configured, "name", type(configured).__name__)


def _within_taxonomy(
    suggestions: list[TagSuggestion], known: list[TaxonomyTag], drafter_name: str, note: str = ""
) -> DraftResult:
    """Keep suggestions of known tags (the best one per tag), best first; count the others."""
    ids = {t.id for t in known}
    best: dict[int, TagSuggestion] = {}
    dropped = 0
    for s in suggestions:
        if s.tag_id not in ids:
            dropped += 1
        elif s.tag_id not in best or s.confidence > best[s.tag_id].confidence:
            best[s.tag_id] = s
    if dropped:
        log.info("%s suggested %d tag(s) outside the taxonomy; dropped.", drafter_name, dropped)
    ordered = sorted(best.values(), key=lambda s: (-s.confidence, s.tag_id))
    return DraftResult(suggestions=ordered, drafter=drafter_name, note=note, dropped=dropped)


def _offline(text: str, known: list[TaxonomyTag], note: str) -> DraftResult:
    offline = KeywordDrafter()
    return _within_taxonomy(offline.draft(text, known), known, offline.name, note)


def draft_for_text(text: str, *, fallback: bool = True, purpose: str = "") -> DraftResult:
    """Tag suggestions for a text from the configured drafter (LEWIS_TAGGING["DRAFTER"]).

    A paid drafter is not called once this month's budget is spent: the offline drafter
    answers, with a note. When the provider fails transiently, `fallback=False` raises
    DraftingUnavailable (the caller retries later); `fallback=True` uses the offline drafter
    with a note naming the failure. Other failures (a refused request, an answer that fails
    validation) always fall back, and are logged. Every paid call is recorded with its cost;
    `purpose` names what it was for, e.g. "passage:123".
    """
    known = taxonomy()
    configured = drafter()
    if not isinstance(configured, MeteredDrafter):
        return _within_taxonomy(configured.draft(text, known), known, _drafter_name(configured))
    if usage.budget_spent():
        return _offline(
            text, known, f"{configured.provider} over the monthly budget: offline drafter used."
        )
    try:
        metered = configured.draft_metered(text, known, taxonomy_axes())
    except ProviderError as exc:
        if exc.usage is not None:
            usage.record_usage(exc.usage, drafter=configured.name, purpose=purpose)
        if exc.transient:
            log.warning(
                "%s unavailable (%s) for %s", configured.name, exc.reason, purpose or "a text"
            )
            if not fallback:
                raise DraftingUnavailable(
                    f"{configured.provider} unavailable ({exc.reason}).",
                    retry_after=exc.retry_after,
                ) from exc
            note = f"{configured.provider} unavailable ({exc.reason}): offline drafter used."
        else:
            log.error(
                "%s failed (%s) for %s",
                configured.name,
                exc.reason,
                purpose or "a text",
                exc_info=exc,
            )
            note = f"{configured.provider} failed ({exc.reason}): offline drafter used."
        return _offline(text, known, note)
    usage.record_usage(metered.usage, drafter=configured.name, purpose=purpose)
    return _within_taxonomy(metered.suggestions, known, configured.name)


def draft_tags(text: str) -> list[TagSuggestion]:
    """Tag suggestions for a text, limited to the taxonomy (see draft_for_text)."""
    return draft_for_text(text).suggestions


def evaluate_drafter(golden: Path | str | None = None) -> QualityReport:
    """Precision and recall of the configured drafter on a golden set (the bundled one by
    default), per axis and micro-averaged, matching tags by (axis, slug) in this taxonomy."""
    return quality.evaluate(
        quality.load_golden(golden),
        draft=lambda text: draft_for_text(text, purpose="golden-set"),
        taxonomy=taxonomy(),
        axes=[a.slug for a in taxonomy_axes()],
    )


# The spend meter of AI drafting (lewis_spend): this month's spend against its budget.
AI = usage.AI


def monthly_ai_spend() -> list[MonthlySpend]:
    """AI calls, tokens and cost per month, newest first, with the budget they count against."""
    return usage.monthly_spend()


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
