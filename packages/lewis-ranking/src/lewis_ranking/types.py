"""Plain data the ranking engine takes and gives: no ORM objects cross this boundary."""

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable


@dataclass(frozen=True)
class RankingDocument:
    """One rankable item (a published passage): plain ids only, no foreign keys."""

    id: int
    group_id: int  # the work the passage belongs to; connects-across excludes the seed's group
    tags: Mapping[str, frozenset[int]]  # axis slug -> tag ids
    facets: Mapping[str, str] = field(default_factory=dict)  # e.g. {"register": "reflective"}


@dataclass(frozen=True)
class RankedResult:
    id: int
    score: int
    shared: Mapping[str, tuple[int, ...]]  # axis slug -> shared tag ids, ascending


class DocumentNotIndexed(LookupError):
    """The seed is not in the index (unknown, unpublished or removed)."""


@runtime_checkable
class Ranker(Protocol):
    """What every ranking backend provides; chosen by LEWIS_RANKING["BACKEND"]."""

    def upsert(self, documents: Collection[RankingDocument]) -> None: ...

    def remove(self, ids: Collection[int]) -> None: ...

    def rebuild(self) -> None: ...

    def related(
        self,
        seed_id: int,
        *,
        weights: Mapping[str, int],
        filters: Mapping[str, Collection[str]] | None = None,
        exclude_group: bool = False,
        limit: int = 20,
    ) -> list[RankedResult]: ...
