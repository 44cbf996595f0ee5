"""Dive deeper and connects across: ranking results hydrated into passage cards."""

from lewis_content.errors import InvalidRequest, NotFound
from lewis_content.generation import per_generation
from lewis_content.reading.models import PassageSnapshot
from lewis_content.reading.queries import find_register
from lewis_content.reading.schemas import (
    ConnectionGroup,
    ConnectionsOut,
    PassageCard,
    RankedPassage,
    RelatedOut,
    TagRef,
)
from lewis_ranking import services as ranking
from lewis_tagging import services as tagging


@per_generation
def taxonomy_view() -> tuple[dict[str, int], dict[int, TagRef]]:
    """The axes' default weights and every tag as a reference, read once per generation."""
    tags = {t.id: TagRef(id=t.id, slug=t.slug, label=t.label) for t in tagging.taxonomy()}
    return tagging.axis_weights(), tags


def weights_for(overrides: str | None) -> dict[str, int]:
    """Editors' axis weights, with per-request overrides like "theme:3,motif:0" (0..10)."""
    weights = dict(taxonomy_view()[0])
    overridden = set()
    for item in filter(None, (overrides or "").split(",")):
        axis, _, value = item.partition(":")
        if axis not in weights:
            raise NotFound(f"No axis '{axis}' (weights).")
        if axis in overridden:
            raise InvalidRequest(f"Axis '{axis}' is weighted twice.")
        overridden.add(axis)
        if not (value.isascii() and value.isdigit()) or int(value) > tagging.MAX_RANKING_WEIGHT:
            raise InvalidRequest(
                f"Weight for '{axis}' must be a whole number 0..{tagging.MAX_RANKING_WEIGHT}."
            )
        weights[axis] = int(value)
    return weights


def ranked(
    seed_id: int,
    weights: dict[str, int],
    *,
    limit: int,
    register: str | None = None,
    other_works_only: bool = False,
) -> list[RankedPassage]:
    filters = {"register": {find_register(register).slug}} if register else None
    try:
        results = ranking.related(
            seed_id, weights=weights, filters=filters, exclude_group=other_works_only, limit=limit
        )
    except ranking.DocumentNotIndexed:
        results = None
    # One query for the seed's visibility and the results' cards.
    wanted = [seed_id, *(r.id for r in results or ())]
    cards = dict(PassageSnapshot.objects.visible().filter(pk__in=wanted).values_list("pk", "card"))
    if seed_id not in cards:
        raise NotFound(f"No published passage with id {seed_id}.")
    if results is None:
        return []  # published a moment ago and not projected yet
    tags = taxonomy_view()[1]
    return [
        RankedPassage(
            passage=PassageCard.model_validate_json(cards[r.id]),
            score=r.score,
            # A tag created a moment ago may be missing until the next generation.
            shared={axis: [tags[t] for t in ids if t in tags] for axis, ids in r.shared.items()},
        )
        for r in results
        if r.id in cards
    ]


def related(seed_id: int, *, register: str | None, limit: int, weights: str | None) -> RelatedOut:
    used = weights_for(weights)
    return RelatedOut(weights=used, items=ranked(seed_id, used, limit=limit, register=register))


def connections(seed_id: int, *, limit: int, weights: str | None) -> ConnectionsOut:
    """Passages from other works, grouped by the axis that contributes most to each score."""
    used = weights_for(weights)
    groups: dict[str, list[RankedPassage]] = {}
    for item in ranked(seed_id, used, limit=limit, other_works_only=True):
        axis = max(item.shared, key=lambda a: (used[a] * len(item.shared[a]), -len(a), a))
        groups.setdefault(axis, []).append(item)
    order = sorted(groups, key=lambda a: (-used[a], a))
    return ConnectionsOut(
        weights=used, groups=[ConnectionGroup(axis=a, items=groups[a]) for a in order]
    )
