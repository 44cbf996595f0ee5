"""The database refuses what the corpus rules forbid."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from lewis_content.models import Chapter, DailyDrop, PassageTag, Provenance
from lewis_tagging.models import Axis

pytestmark = pytest.mark.django_db


def refused(**kwargs):
    return pytest.raises(IntegrityError, **kwargs)


def test_chapter_numbers_are_unique_within_a_work(work):
    Chapter.objects.create(work=work, number=1, title="One")
    with refused(), transaction.atomic():
        Chapter.objects.create(work=work, number=1, title="One again")


def test_passage_positions_are_unique_within_a_work(make_passage):
    make_passage(position=7)
    with refused(), transaction.atomic():
        make_passage(position=7)


def test_an_editorial_passage_needs_a_byline(make_passage):
    with refused(), transaction.atomic():
        make_passage(provenance=Provenance.EDITORIAL, author_byline="")
    assert make_passage(provenance=Provenance.EDITORIAL, author_byline="R. Pevensie").pk


def test_a_tag_is_on_a_passage_once(make_passage, tag):
    passage, grief = make_passage(), tag("theme", "Grief")
    PassageTag.objects.create(passage=passage, tag=grief)
    with refused(), transaction.atomic():
        PassageTag.objects.create(passage=passage, tag=grief, source="ai", confidence=0.5)


@pytest.mark.parametrize(
    ("source", "confidence"), [("ai", None), ("ai", 1.5), ("ai", -0.1), ("editor", 0.9)]
)
def test_confidence_belongs_to_ai_tags_and_lies_in_0_to_1(make_passage, tag, source, confidence):
    with refused(), transaction.atomic():
        PassageTag.objects.create(
            passage=make_passage(), tag=tag("theme", "Joy"), source=source, confidence=confidence
        )


def test_an_accepted_ai_tag_records_when_it_was_reviewed(make_passage, tag):
    with refused(), transaction.atomic():
        PassageTag.objects.create(
            passage=make_passage(),
            tag=tag("theme", "Joy"),
            source="ai",
            confidence=0.8,
            status="accepted",
        )


def test_one_daily_drop_per_date_and_register(make_passage, register):
    passage = make_passage()
    DailyDrop.objects.create(date=date(2026, 12, 1), register=register, passage=passage)
    with refused(), transaction.atomic():
        DailyDrop.objects.create(date=date(2026, 12, 1), register=register, passage=passage)


def test_a_work_with_passages_cannot_be_deleted(work, make_passage):
    make_passage()
    with pytest.raises(ProtectedError):
        work.delete()


def test_a_tags_axis_cannot_disappear_from_under_a_passage(make_passage, tag):
    grief = tag("theme", "Grief")
    PassageTag.objects.create(passage=make_passage(), tag=grief)
    with pytest.raises(ProtectedError):
        grief.delete()
    with pytest.raises(ProtectedError):
        Axis.objects.get(slug="theme").delete()


def test_per_axis_tags_come_from_accepted_tags_only(make_passage, tag, editor):
    from django.utils import timezone

    from lewis_content.reading.projection import documents_for
    from lewis_content.reading.snapshots import published_tags
    from lewis_content.services import passages_published

    passage = make_passage()
    grief, joy, lion = tag("theme", "Grief"), tag("theme", "Joy"), tag("motif", "The lion")
    now = timezone.now()
    PassageTag.objects.create(passage=passage, tag=grief, status="accepted")
    PassageTag.objects.create(
        passage=passage,
        tag=lion,
        source="ai",
        confidence=0.9,
        status="accepted",
        reviewed_by=editor,
        reviewed_at=now,
    )
    PassageTag.objects.create(passage=passage, tag=joy, source="ai", confidence=0.7)
    assert documents_for([passage.pk])[0].tags == {}  # accepted, not yet published with it
    passages_published([passage.pk])
    [ranked] = documents_for([passage.pk])  # what ranking indexes
    assert ranked.tags == {"theme": frozenset({grief.id}), "motif": frozenset({lion.id})}
    shown = published_tags([passage.pk])[passage.pk]  # what readers see on the passage
    assert {axis: [t.id for t in tags] for axis, tags in shown.items()} == {
        "theme": [grief.id],
        "motif": [lion.id],
    }
