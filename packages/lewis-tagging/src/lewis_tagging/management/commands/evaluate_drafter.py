"""`lewis evaluate_drafter`: precision and recall of the configured drafter on a golden set."""

import json

from django.core.management.base import BaseCommand, CommandError

from lewis_tagging import services
from lewis_tagging.services import AxisQuality


def percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.1%}"


class Command(BaseCommand):
    help = (
        "Run the configured tag drafter on a golden set (by default the bundled one, which "
        "uses the demo taxonomy: run `lewis demo` first) and report precision and recall per "
        "axis. Paid drafters are called for real: each passage is a recorded, costed call."
    )

    def add_arguments(self, parser):
        parser.add_argument("--golden", help="A golden-set JSON file (default: the bundled one).")
        parser.add_argument("--json", dest="json_path", help="Also write the figures here.")

    def handle(self, *args, golden=None, json_path=None, **options):
        try:
            report = services.evaluate_drafter(golden)
        except (OSError, ValueError, KeyError) as exc:
            raise CommandError(f"Cannot read the golden set: {exc}") from exc
        if not report.taxonomy_matches:
            raise CommandError(
                "None of the golden set's tags is in this taxonomy; load the demo "
                "(`lewis demo`) or pass --golden."
            )
        drafters = ", ".join(f"{name} ({n})" for name, n in report.drafters.items())
        self.stdout.write(f"Drafter: {drafters}; {report.passages} golden passages.")
        self.stdout.write(
            f"{'axis':<12} {'expected':>8} {'suggested':>9} {'correct':>7} "
            f"{'precision':>9} {'recall':>7}"
        )
        for q in [*report.axes, report.micro]:
            self.stdout.write(self._row(q))
        self.stdout.write("Calibration (confidence -> observed precision):")
        for c in report.calibration:
            self.stdout.write(
                f"  {c.confidence:.2f}: {c.correct}/{c.suggested} = {percent(c.precision)}"
            )
        for note, n in report.notes.items():
            self.stdout.write(self.style.WARNING(f"{n} x {note}"))
        if report.unknown_expected:
            missing = ", ".join(f"{a}/{s}" for a, s in report.unknown_expected)
            self.stdout.write(
                self.style.WARNING(f"Not in this taxonomy (counted as missed): {missing}")
            )
        if json_path:
            with open(json_path, "w", encoding="utf-8") as out:
                json.dump(report.as_dict(), out, indent=2)

    @staticmethod
    def _row(q: AxisQuality) -> str:
        return (
            f"{q.axis:<12} {q.expected:>8} {q.suggested:>9} {q.correct:>7} "
            f"{percent(q.precision):>9} {percent(q.recall):>7}"
        )
