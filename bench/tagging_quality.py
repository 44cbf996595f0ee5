"""Writes the tag drafter's quality figures (from `lewis evaluate_drafter --json`) into
docs/benchmarks.md, section "tagging". Run by `uv run nox -s tagging_quality`."""

import json
import sys
from datetime import date

from report import write_section


def percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.1%}"


def render(figures: dict) -> str:
    drafters = ", ".join(f"`{name}` ({n} passages)" for name, n in figures["drafters"].items())
    lines = [
        "## Tag drafting quality",
        "",
        f"Drafter: {drafters}. Golden set: "
        "`packages/lewis-tagging/src/lewis_tagging/golden/golden_set.json`, "
        f"{figures['passages']} demo passages with the tags an editor chose by meaning; "
        "run on a fresh embedded demo site, tags matched by (axis, slug). "
        f"Measured {date.today():%Y-%m-%d}. Command: `uv run nox -s tagging_quality`.",
        "",
        "| axis | expected | suggested | correct | precision | recall |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for q in [*figures["axes"], figures["micro"]]:
        axis = "**all (micro)**" if q["axis"] == "all" else q["axis"]
        lines.append(
            f"| {axis} | {q['expected']} | {q['suggested']} | {q['correct']} "
            f"| {percent(q['precision'])} | {percent(q['recall'])} |"
        )
    lines += [
        "",
        "Calibration: the confidence the drafter gave against the precision observed.",
        "",
        "| confidence | suggestions | correct | observed precision |",
        "|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {c['confidence']:.2f} | {c['suggested']} | {c['correct']} | {percent(c['precision'])} |"
        for c in figures["calibration"]
    ]
    for note, n in figures["notes"].items():
        lines += ["", f"Fallbacks: {n} x {note}"]
    if figures["unknown_expected"]:
        missing = ", ".join(f"{a}/{s}" for a, s in figures["unknown_expected"])
        lines += ["", f"Golden tags missing from the taxonomy (counted as missed): {missing}."]
    lines += [
        "",
        "The demo corpus's passages are generated from their tags' labels, so these figures "
        "say how a drafter does on that vocabulary, not on real prose.",
    ]
    if set(figures["drafters"]) == {"offline"}:
        lines += [
            "For the offline drafter they are an upper bound: it finds nearly every tag the "
            "text names, and misses the ones an editor infers from meaning (grief from "
            "bereavement or widowhood, death from dying). Its idiom list matters: without it "
            '("the rest follows from that" is not about rest) theme precision was 78.0 % '
            "(18 false `rest` tags; measured once on 2026-11-22). Its confidence values were "
            "calibrated on this same set (in-sample; see "
            "`lewis_tagging.drafters.offline.KeywordDrafter`).",
        ]
    return "\n".join(lines)


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as source:
        write_section("tagging", render(json.load(source)))
