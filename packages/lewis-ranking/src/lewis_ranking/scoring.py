"""The ranking semantics, shared by every backend so they cannot drift apart."""

from collections.abc import Collection, Mapping

from lewis_ranking.types import RankedResult, RankingDocument


def matches(
    candidate: RankingDocument,
    seed: RankingDocument,
    filters: Mapping[str, Collection[str]] | None,
    exclude_group: bool,
) -> bool:
    if candidate.id == seed.id or (exclude_group and candidate.group_id == seed.group_id):
        return False
    return all(candidate.facets.get(name) in allowed for name, allowed in (filters or {}).items())


def score(
    candidate: RankingDocument, seed: RankingDocument, weights: Mapping[str, int]
) -> RankedResult:
    """Sum over axes of weight * |shared tags|; an axis empty on either side adds nothing."""
    shared = {}
    total = 0
    for axis, weight in weights.items():
        common = seed.tags.get(axis, frozenset()) & candidate.tags.get(axis, frozenset())
        if common:
            shared[axis] = tuple(sorted(common))
            total += weight * len(common)
    return RankedResult(id=candidate.id, score=total, shared=shared)


def top(results: list[RankedResult], limit: int) -> list[RankedResult]:
    """Score descending, then id ascending; only results that share something."""
    kept = [r for r in results if r.score > 0]
    kept.sort(key=lambda r: (-r.score, r.id))
    return kept[:limit]
