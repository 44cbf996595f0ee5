"""Plain data for tag drafting, and the protocols every drafter implements."""

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
class TaxonomyAxis:
    slug: str
    label: str
    description: str = ""


@dataclass(frozen=True)
class TagSuggestion:
    tag_id: int
    confidence: float  # 0..1
    rationale: str


@runtime_checkable
class TagDrafter(Protocol):
    """Proposes taxonomy tags for a text; chosen by LEWIS_TAGGING["DRAFTER"]."""

    def draft(self, text: str, taxonomy: Sequence[TaxonomyTag]) -> list[TagSuggestion]: ...


@dataclass(frozen=True)
class ModelUsage:
    """What one model call consumed, as the provider reported it (tokens, not money)."""

    model: str
    input_tokens: int = 0
    output_tokens: int = 0
    cache_read_tokens: int = 0
    cache_creation_tokens: int = 0


@dataclass(frozen=True)
class MeteredDraft:
    suggestions: list[TagSuggestion]
    usage: ModelUsage


class ProviderError(Exception):
    """A paid provider's call failed.

    `transient` failures (rate limits, timeouts, lost connections, 5xx) may succeed when the
    caller retries; the others (a refused request, an answer that fails validation) will not.
    `usage` is what the failed call still consumed, when the provider reported it.
    """

    def __init__(
        self,
        reason: str,
        *,
        transient: bool,
        retry_after: float | None = None,
        usage: ModelUsage | None = None,
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.transient = transient
        self.retry_after = retry_after
        self.usage = usage


@runtime_checkable
class MeteredDrafter(TagDrafter, Protocol):
    """A drafter that calls a paid model: the budget is checked before each call and the
    usage of every call is recorded (lewis_tagging.usage)."""

    name: str  # e.g. "anthropic:claude-sonnet-4-6"; names usage rows and draft results
    provider: str  # e.g. "Anthropic"; named in the notes editors see
    model: str  # the key of the model's prices in LEWIS_TAGGING["PRICES"]

    def draft_metered(
        self, text: str, taxonomy: Sequence[TaxonomyTag], axes: Sequence[TaxonomyAxis]
    ) -> MeteredDraft:
        """Suggestions and the call's usage; raises ProviderError when the call fails."""
        ...
