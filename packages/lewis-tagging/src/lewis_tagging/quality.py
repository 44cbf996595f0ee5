"""How good a drafter's suggestions are: precision and recall against an editor-made golden set."""

import json
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Protocol

from lewis_tagging.types import TagSuggestion, TaxonomyTag

GOLDEN_SET = Path(__file__).parent / "golden" / "golden_set.json"


@dataclass(frozen=True)
class GoldenPassage:
    id: str
    text: str
    tags: frozenset[tuple[str, str]]  # (axis slug, tag slug) an editor approved


def load_golden(path: Path | str | None = None) -> list[GoldenPassage]:
    data = json.loads(Path(path or GOLDEN_SET).read_text(encoding="utf-8"))
    return [
        GoldenPassage(id=str(p["id"]), text=p["text"], tags=frozenset((a, s) for a, s in p["tags"]))
        for p in data["passages"]
    ]


@dataclass(frozen=True)
class AxisQuality:
    axis: str  # an axis slug, or "all" for the micro-average
    expected: int  # tags the golden set expects
    suggested: int  # tags the drafter suggested
    correct: int  # suggested and expected

    @property
    def precision(self) -> float | None:
        return self.correct / self.suggested if self.suggested else None

    @property
    def recall(self) -> float | None:
        return self.correct / self.expected if self.expected else None


@dataclass(frozen=True)
class CalibrationBin:
    confidence: float  # the suggestions' confidence, to two decimals
    suggested: int
    correct: int

    @property
    def precision(self) -> float:
        return self.correct / self.suggested


@dataclass(frozen=True)
class QualityReport:
    passages: int
    axes: list[AxisQuality]
    micro: AxisQuality
    calibration: list[CalibrationBin]  # highest confidence first
    drafters: dict[str, int]  # drafter name -> passages it drafted (fallbacks show here)
    notes: dict[str, int] = field(default_factory=dict)  # fallback notes and their count
    unknown_expected: list[tuple[str, str]] = field(default_factory=list)  # not in taxonomy
    known_expected: int = 0  # expected tags (with repeats) that are in the taxonomy

    @property
    def taxonomy_matches(self) -> bool:
        """False when none of the golden set's tags is in the taxonomy (a site without the
        demo taxonomy, for the bundled set): the figures then measure nothing."""
        return self.known_expected > 0

    def as_dict(self) -> dict[str, Any]:
        def quality(q: AxisQuality) -> dict[str, Any]:
            return {**asdict(q), "precision": q.precision, "recall": q.recall}

        return {
            "passages": self.passages,
            "axes": [quality(q) for q in self.axes],
            "micro": quality(self.micro),
            "calibration": [{**asdict(c), "precision": c.precision} for c in self.calibration],
            "drafters": self.drafters,
            "notes": self.notes,
            "unknown_expected": [list(pair) for pair in self.unknown_expected],
            "known_expected": self.known_expected,
        }


class Drafted(Protocol):
    suggestions: list[TagSuggestion]
    drafter: str
    note: str


def evaluate(
    golden: Sequence[GoldenPassage],
    *,
    draft: Callable[[str], Drafted],
    taxonomy: Sequence[TaxonomyTag],
    axes: Sequence[str],
) -> QualityReport:
    key_of = {t.id: (t.axis, t.slug) for t in taxonomy}
    known = set(key_of.values())
    expected: Counter[str] = Counter()
    suggested: Counter[str] = Counter()
    correct: Counter[str] = Counter()
    bins: dict[float, list[int]] = {}
    drafters: Counter[str] = Counter()
    notes: Counter[str] = Counter()
    unknown: set[tuple[str, str]] = set()
    known_expected = 0
    for passage in golden:
        result = draft(passage.text)
        drafters[result.drafter] += 1
        if result.note:
            notes[result.note] += 1
        unknown |= passage.tags - known
        known_expected += len(passage.tags & known)
        for axis, _slug in passage.tags:
            expected[axis] += 1
        for s in result.suggestions:
            pair = key_of[s.tag_id]
            hit = pair in passage.tags
            suggested[pair[0]] += 1
            correct[pair[0]] += hit
            counts = bins.setdefault(round(s.confidence, 2), [0, 0])
            counts[0] += 1
            counts[1] += hit
    order = [*axes, *sorted((expected.keys() | suggested.keys()) - set(axes))]
    per_axis = [
        AxisQuality(axis=a, expected=expected[a], suggested=suggested[a], correct=correct[a])
        for a in order
        if expected[a] or suggested[a]
    ]
    return QualityReport(
        passages=len(golden),
        axes=per_axis,
        micro=AxisQuality(
            axis="all",
            expected=sum(expected.values()),
            suggested=sum(suggested.values()),
            correct=sum(correct.values()),
        ),
        calibration=[
            CalibrationBin(confidence=c, suggested=n, correct=k)
            for c, (n, k) in sorted(bins.items(), reverse=True)
        ],
        drafters=dict(drafters),
        notes=dict(notes),
        unknown_expected=sorted(unknown),
        known_expected=known_expected,
    )
