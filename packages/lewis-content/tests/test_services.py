"""What other packages get from lewis_content.services: passage cards and guest visibility by id
(accounts' Soul Map), today's passage, and the actions; nothing of the rooms behind it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from lewis_content import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def passages(make_passage):
    shown = [make_passage(title=f"Shown {n}") for n in range(3)]
    draft = make_passage(title="Draft", live=False)
    expired = make_passage(title="Expired", expire_at=timezone.now() - timedelta(minutes=1))
    return shown, draft, expired


def test_cards_come_in_the_order_asked_without_what_guests_may_not_see(passages):
    (first, second, third), draft, expired = passages
    asked = [third.pk, draft.pk, first.pk, 999_999, expired.pk, second.pk, first.pk]
    cards = services.passage_cards(asked)
    assert [c.title for c in cards] == ["Shown 2", "Shown 0", "Shown 1"]
    assert isinstance(cards[0], services.PassageCard)


def test_visibility_by_id_is_what_a_guest_may_open(passages):
    shown, draft, expired = passages
    asked = [p.pk for p in shown] + [draft.pk, expired.pk, 999_999]
    assert services.visible_passage_ids(asked) == {p.pk for p in shown}


def test_todays_passage_is_the_readers_one(passages):
    today = services.todays_passage()
    assert isinstance(today, services.TodayOut)
    assert today.passage.title.startswith("Shown")
    assert today == services.todays_passage()  # stable for the day


def test_the_public_surface_holds_no_demo_loaders_or_cache_internals():
    exported = set(services.__all__)
    assert not {"load_demo_corpus", "generate_benchmark_corpus", "lookup", "bump_generation"} & (
        exported | set(dir(services))
    )
    assert all(hasattr(services, name) for name in exported)
