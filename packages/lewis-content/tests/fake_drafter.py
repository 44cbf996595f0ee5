"""A scripted tag drafter for content's tests, chosen through LEWIS_TAGGING["DRAFTER"].

It implements lewis_tagging's MeteredDrafter protocol, so everything lewis_tagging does around
a paid model still runs for real: the budget check, the recorded usage and cost, the provider's
retry-after, and the offline fallback with its note. Only the model's answers are scripted.
(Anthropic's wire format is tested in lewis_tagging, never here.)

lewis_tagging.conf builds the drafter from its dotted path, so a test reaches it through the one
module-level `script`, which the `drafter` fixture (tests.tagreview_fixtures) resets.
"""

from collections.abc import Callable, Sequence

from lewis_tagging.types import (
    MeteredDraft,
    ModelUsage,
    ProviderError,
    TagSuggestion,
    TaxonomyAxis,
    TaxonomyTag,
)

PATH = "tests.fake_drafter.ScriptedDrafter"
PROVIDER = "Fake AI"
MODEL = "fake-model-1"
NAME = f"fake-ai:{MODEL}"
# Every call "uses" this many tokens; PRICES below cost them.
INPUT_TOKENS, OUTPUT_TOKENS = 100, 40
PRICES = {MODEL: {"INPUT": "3", "OUTPUT": "15", "CACHE_READ": "0.30", "CACHE_WRITE": "3.75"}}

# A reply: the suggestions to answer with, a ProviderError to raise, or a callable given the
# text that returns (or raises) one of those, for what happens while the model answers.
Reply = list[TagSuggestion] | ProviderError | Callable[[str], list[TagSuggestion]]


def rate_limited(retry_after: float | None = None) -> ProviderError:
    """What a provider's rate limit (HTTP 429) becomes: transient, with the wait it asked for."""
    return ProviderError("rate limited, HTTP 429", transient=True, retry_after=retry_after)


def provider_down() -> ProviderError:
    """What a provider's outage (HTTP 500) becomes: transient, no wait asked for."""
    return ProviderError("server error, HTTP 500", transient=True)


class Script:
    """The drafter's answers: each call takes the next reply (the last one repeats). Keeps the
    texts it was asked about, in order."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.replies: list[Reply] = []
        self.texts: list[str] = []

    def reply(self, *replies: Reply) -> None:
        self.replies = list(replies)

    def answer(self, text: str) -> list[TagSuggestion]:
        self.texts.append(text)
        if not self.replies:
            raise AssertionError("the fake drafter was called with no reply scripted")
        reply = self.replies.pop(0) if len(self.replies) > 1 else self.replies[0]
        if callable(reply):
            reply = reply(text)
        if isinstance(reply, ProviderError):
            raise reply
        return list(reply)


script = Script()


class ScriptedDrafter:
    """A paid drafter (MeteredDrafter) answering from `script`."""

    name = NAME
    provider = PROVIDER
    model = MODEL

    def draft(self, text: str, taxonomy: Sequence[TaxonomyTag]) -> list[TagSuggestion]:
        return self.draft_metered(text, taxonomy, ()).suggestions

    def draft_metered(
        self, text: str, taxonomy: Sequence[TaxonomyTag], axes: Sequence[TaxonomyAxis]
    ) -> MeteredDraft:
        return MeteredDraft(
            suggestions=script.answer(text),
            usage=ModelUsage(
                model=self.model, input_tokens=INPUT_TOKENS, output_tokens=OUTPUT_TOKENS
            ),
        )
