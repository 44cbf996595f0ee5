"""Today's passage: the scheduled drop, else a pick stable for the day, warmed after midnight."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from lewis_content.models import DailyDrop, Passage
from tests.reader_fixtures import *  # noqa: F403 (fixtures: graph, make_published)
from tests.reader_fixtures import get

pytestmark = pytest.mark.django_db


def test_today_returns_the_scheduled_drop(client, graph, make_published):
    other = make_published(title="Scheduled")
    DailyDrop.objects.create(date=timezone.localdate(), register=graph["register"], passage=other)
    body = get(client, "/today", register="reflective")
    assert (body["scheduled"], body["passage"]["title"]) == (True, "Scheduled")
    assert body["date"] == timezone.localdate().isoformat()


def test_today_falls_back_to_a_pick_that_is_stable_for_the_day(graph, make_published):
    from lewis_content.reading.queries import today

    for n in range(30):
        make_published(title=f"Candidate {n}")
    day = date(2026, 11, 22)
    picks = [today("reflective", day + timedelta(days=d)).passage.id for d in range(10)]
    assert today("reflective", day).passage.id == picks[0]
    assert not today("reflective", day).scheduled
    assert len(set(picks)) > 3, "the pick varies across days"
    hidden = {p.pk for p in graph["hidden"].values()}
    assert not hidden & set(picks)


def test_publishing_during_the_day_keeps_todays_fallback_pick(
    graph, make_published, django_capture_on_commit_callbacks
):
    from lewis_content.reading.queries import today

    candidates = [make_published(title=f"Candidate {n}") for n in range(30)]
    day = date(2026, 11, 22)
    pick = today("reflective", day).passage.id
    others = [p for p in candidates if p.pk != pick]
    with django_capture_on_commit_callbacks(execute=True):
        for passage in others[:10]:
            passage.unpublish()
    assert today("reflective", day).passage.id == pick, "unpublishing others keeps the pick"
    with django_capture_on_commit_callbacks(execute=True):
        Passage.objects.get(pk=pick).unpublish()
    assert today("reflective", day).passage.id != pick


def test_a_drop_of_an_unpublished_passage_falls_back(client, graph):
    DailyDrop.objects.create(
        date=timezone.localdate(), register=graph["register"], passage=graph["hidden"]["draft"]
    )
    body = get(client, "/today")
    assert body["scheduled"] is False
    assert body["passage"]["title"] == "Shown"


def test_the_midnight_job_warms_today_for_every_register(client, graph, monkeypatch):
    from lewis_content.reading import queries as reader
    from lewis_content.tasks import warm_today

    assert warm_today.apply().get() == ["(default)", "reflective"]

    def must_not_be_called(*args):
        raise AssertionError("today was not served from the warmed cache")

    monkeypatch.setattr(reader, "today", must_not_be_called)
    assert get(client, "/today", register="reflective")["passage"]["title"] == "Shown"
    assert get(client, "/today")["register"]["slug"] == "reflective"


def test_todays_cached_pick_follows_the_date_without_any_publish(graph, monkeypatch):
    from lewis_content.reading.queries import todays_passage

    today = todays_passage("reflective")  # cached for today under the current generation
    tomorrow = timezone.now() + timedelta(days=1)
    monkeypatch.setattr(timezone, "now", lambda: tomorrow)
    assert todays_passage("reflective").date == today.date + timedelta(days=1)
