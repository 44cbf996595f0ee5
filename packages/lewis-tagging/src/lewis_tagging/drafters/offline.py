"""The offline drafter: deterministic matching of the taxonomy's words, no provider, no cost."""

import re
from collections.abc import Sequence
from dataclasses import dataclass

from lewis_tagging.types import TagSuggestion, TaxonomyTag

WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")

# Phrases in which a tag's word does not carry the tag's meaning ("the rest follows from
# that" is not about rest). Editors add more per tag with a "-" keyword ("-the rest of").
IDIOMS = ("the rest of", "the rest follows", "the rest is", "face it", "face to face")

# Confidence per evidence class: the class's precision on the golden set, Laplace-smoothed
# ((correct + 1) / (suggested + 2), rounded down to two decimals; see KeywordDrafter).
# `term`: the tag's label or a keyword occurs; `variant`: only a plural or verb form of one
# does; `inside`: the words only occur within another tag's longer label ("friendship" within
# "friendship lost").
CONFIDENCE = {
    "term": 0.99,  # 142 of 142 correct
    "inside": 0.88,  # 7 of 7
    "variant": 0.5,  # not seen on the golden set: no evidence either way
}


def words(text: str) -> str:
    """Lower-case words separated by single spaces: how texts and terms are compared."""
    return " ".join(WORD.findall(text.lower().replace("\u2019", "'")))


def variants(term: str) -> set[str]:
    """Simple English forms of a term's last word: plurals, and verb forms of one-word terms."""
    *head, last = term.split(" ")
    forms = {last + "s", last + "es"}
    if last.endswith("y") and len(last) > 2:
        forms.add(last[:-1] + "ies")
    if not head and len(last) > 3:
        stem = last[:-1] if last.endswith("e") else last
        forms |= {stem + "ing", stem + "ed"}
    return {" ".join([*head, form]) for form in forms} - {term}


@dataclass(frozen=True)
class Match:
    tag_id: int
    term: str
    kind: str  # "term" or "variant"
    start: int
    end: int


def _spans(phrase: str, text: str) -> list[tuple[int, int]]:
    return [
        (m.start(), m.end())
        for m in re.finditer(rf"(?<![a-z0-9']){re.escape(phrase)}(?![a-z0-9'])", text)
    ]


def _within(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(s <= span[0] and span[1] <= e and (e - s) > (span[1] - span[0]) for s, e in spans)


class KeywordDrafter:
    """Suggests a tag when its label, a keyword or a simple form of one occurs in the text.

    Text and terms are compared as lower-case words, so "Lamp-post" matches "the lamp-post".
    Occurrences inside an idiom (IDIOMS, or the tag's own "-" keywords) do not count.

    Confidence is calibrated on the golden set (lewis_tagging/golden/golden_set.json): each
    suggestion falls in one evidence class (its strongest kind of match, see CONFIDENCE), and
    a class's confidence is its precision on the golden set, Laplace-smoothed so that a small
    sample does not claim certainty and an unseen class sits at 0.5. `lewis evaluate_drafter`
    prints the observed precision per confidence value; re-run it and update CONFIDENCE when
    the golden set or the taxonomy's keywords change. The figures are in-sample, and the demo
    corpus's text is generated from tag labels, so label matches are near-certain there; on
    real prose expect lower precision for `term` matches.
    """

    name = "offline"

    def draft(self, text: str, taxonomy: Sequence[TaxonomyTag]) -> list[TagSuggestion]:
        text = words(text)
        matches: list[Match] = []
        for tag in taxonomy:
            matches += self._matches(tag, text)
        # A match lying within a longer match of another tag is weaker evidence.
        spans_by_tag: dict[int, list[tuple[int, int]]] = {}
        for m in matches:
            spans_by_tag.setdefault(m.tag_id, []).append((m.start, m.end))
        suggestions = []
        for tag in taxonomy:
            own = [m for m in matches if m.tag_id == tag.id]
            if not own:
                continue
            others = [
                s for tag_id, spans in spans_by_tag.items() if tag_id != tag.id for s in spans
            ]
            free = [m for m in own if not _within((m.start, m.end), others)]
            kind = (
                "term" if any(m.kind == "term" for m in free) else "variant" if free else "inside"
            )
            suggestions.append(
                TagSuggestion(
                    tag_id=tag.id,
                    confidence=CONFIDENCE[kind],
                    rationale=self._rationale(kind, free or own),
                )
            )
        return sorted(suggestions, key=lambda s: (-s.confidence, s.tag_id))

    def _matches(self, tag: TaxonomyTag, text: str) -> list[Match]:
        terms = {words(tag.label)} | {words(k) for k in tag.keywords if not k.startswith("-")}
        terms.discard("")
        blocked = [
            span
            for phrase in (*IDIOMS, *(words(k) for k in tag.keywords if k.startswith("-")))
            if phrase
            for span in _spans(phrase, text)
        ]
        forms = {t: "term" for t in terms}
        for term in terms:
            for form in variants(term):
                forms.setdefault(form, "variant")
        found = []
        for form, kind in forms.items():
            for start, end in _spans(form, text):
                if not any(s <= start and end <= e for s, e in blocked):
                    found.append(Match(tag.id, form, kind, start, end))
        return found

    @staticmethod
    def _rationale(kind: str, matches: list[Match]) -> str:
        counts: dict[str, int] = {}
        for m in matches:
            counts[m.term] = counts.get(m.term, 0) + 1
        quoted = ", ".join(
            f"'{term}'" + (f" ({n}x)" if n > 1 else "") for term, n in sorted(counts.items())
        )
        if kind == "inside":
            return f"Mentions {quoted}, but only within a longer tag's words."
        if kind == "variant":
            return f"Mentions {quoted} (a form of the tag's words)."
        return f"Mentions {quoted}."
