"""The golden set and the drafter quality measure."""

import json

import pytest
from django.core.management import call_command

from lewis_tagging import services
from lewis_tagging.quality import GOLDEN_SET, load_golden

pytestmark = pytest.mark.django_db


@pytest.fixture
def tiny_golden(tmp_path, tags):
    path = tmp_path / "golden.json"
    path.write_text(
        json.dumps(
            {
                "passages": [
                    {
                        "id": "a",
                        "text": "Grief is like fear. The lion waits.",
                        "tags": [["theme", "grief"], ["motif", "the-lion"]],
                    },
                    {
                        # An editor reads longing as joy here; the word "joy" is absent.
                        "id": "b",
                        "text": "A widow's longing and her mourning.",
                        "tags": [["theme", "joy"], ["life-stage", "widowhood"]],
                    },
                    {
                        "id": "c",
                        "text": "Grief, said the lion.",
                        "tags": [["motif", "the-lion"], ["theme", "hope"]],  # hope: not a tag
                    },
                ]
            }
        )
    )
    return path


def test_precision_and_recall_per_axis_and_micro_averaged(tiny_golden):
    report = services.evaluate_drafter(tiny_golden)

    # a: grief + the lion, both right. b: joy (longing) right, grief (mourning) wrong,
    # widowhood missed (the text says "widow"). c: the lion right, grief wrong, hope missed.
    assert report.passages == 3
    assert report.drafters == {"offline": 3}
    figures = {q.axis: (q.expected, q.suggested, q.correct) for q in report.axes}
    assert figures == {"motif": (2, 2, 2), "theme": (3, 4, 2), "life-stage": (1, 0, 0)}
    assert [q.axis for q in report.axes] == ["motif", "theme", "life-stage"]
    theme = report.axes[1]
    assert (theme.precision, theme.recall) == (0.5, 2 / 3)
    assert report.axes[2].precision is None
    assert (report.micro.expected, report.micro.suggested, report.micro.correct) == (6, 6, 4)
    assert report.unknown_expected == [("theme", "hope")]
    assert [(c.suggested, c.correct) for c in report.calibration] == [(6, 4)]


def test_the_command_prints_the_figures_and_writes_them_as_json(tiny_golden, tmp_path, capsys):
    out = tmp_path / "report.json"

    call_command("evaluate_drafter", "--golden", str(tiny_golden), "--json", str(out))

    printed = capsys.readouterr().out
    assert "Drafter: offline (3); 3 golden passages." in printed
    assert "theme               3         4       2     50.0%   66.7%" in printed
    assert "Not in this taxonomy (counted as missed): theme/hope" in printed
    figures = json.loads(out.read_text())
    assert figures["micro"]["precision"] == pytest.approx(4 / 6)


def test_the_bundled_golden_set_has_a_few_dozen_editor_tagged_passages():
    golden = load_golden(GOLDEN_SET)
    assert 30 <= len(golden) <= 40
    assert len({p.id for p in golden}) == len(golden)
    assert all(p.text and p.tags for p in golden)
    assert {axis for p in golden for axis, _ in p.tags} == {"theme", "motif", "life-stage"}


def test_the_bundled_golden_set_needs_the_demo_taxonomy():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="lewis demo"):
        call_command("evaluate_drafter")
