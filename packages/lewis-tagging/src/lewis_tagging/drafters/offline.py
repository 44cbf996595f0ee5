"""The offline drafter: deterministic keyword matching against the taxonomy, no provider."""

import re
from collections.abc import Sequence

from lewis_tagging.types import TagSuggestion, TaxonomyTag

WORD = re.compile(r"[a-z']+")


class KeywordDrafter:
    """Suggests a tag when its label or any keyword occurs in the text.

    Confidence grows with the number of distinct matching terms (one term: 0.5, two: 0.75, ...).
    """

    def draft(self, text: str, taxonomy: Sequence[TaxonomyTag]) -> list[TagSuggestion]:
        words = " ".join(WORD.findall(text.lower()))
        suggestions = []
        for tag in taxonomy:
            terms = {t.lower().strip() for t in (tag.label, *tag.keywords) if t.strip()}
            found = sorted(t for t in terms if re.search(rf"\b{re.escape(t)}\b", words))
            if found:
                suggestions.append(
                    TagSuggestion(
                        tag_id=tag.id,
                        confidence=round(1 - 0.5 ** len(found), 3),
                        rationale="Mentions " + ", ".join(f"'{t}'" for t in found) + ".",
                    )
                )
        return sorted(suggestions, key=lambda s: (-s.confidence, s.tag_id))
