"""Plain data for tag drafting, and the protocol every drafter implements."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable


@dataclass(frozen=True)
class TaxonomyTag:
    id: int
    axis: str
    slug: str
    label: str
    description: str = ""
    keywords: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class TagSuggestion:
    tag_id: int
    confidence: float  # 0..1
    rationale: str


@runtime_checkable
class TagDrafter(Protocol):
    """Proposes taxonomy tags for a text; chosen by LEWIS_TAGGING["DRAFTER"]."""

    def draft(self, text: str, taxonomy: Sequence[TaxonomyTag]) -> list[TagSuggestion]: ...
