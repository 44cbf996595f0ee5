"""The demo corpus: realistic counts, Zipf-like tags, pages, and safe to load twice."""

import random
import re
from collections import Counter
from datetime import date, timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from wagtail.models import ReferenceIndex, Revision

from lewis_content.demo import corpus
from lewis_content.models import (
    DailyDrop,
    JourneyPage,
    Passage,
    PassageTag,
    PodcastEpisode,
    PortalPage,
    ThemePage,
    Work,
)
from lewis_tagging.models import Tag

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 22)


@pytest.fixture(scope="module")
def demo_once(django_db_setup, django_db_blocker):
    """The demo corpus, built once for this module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield corpus.load_demo_corpus(today=TODAY)
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_once, db):
    return demo_once


def test_the_demo_corpus_has_the_promised_shape(demo):
    assert Work.objects.count() >= 12
    assert len(set(Work.objects.values_list("form", flat=True))) == 5
    assert Passage.objects.count() >= 2000
    assert Tag.objects.count() >= 150
    assert (
        not Passage.objects.filter(live=True).exclude(tag_assignments__status="accepted").exists()
    ), "every published passage has accepted tags"
    drafts = Passage.objects.filter(live=False)
    assert drafts.exists()
    assert not drafts.exclude(tag_assignments__status="suggested").exists()
    assert Passage.objects.filter(provenance="editorial").exclude(author_byline="").exists()
    assert not Work.objects.get(slug="the-lion-the-witch-and-the-wardrobe").audio_allowed
    assert ThemePage.objects.live().count() == 8
    assert JourneyPage.objects.live().count() == 5
    assert PortalPage.objects.live().count() == 3
    assert all(j.steps.count() == 6 for j in JourneyPage.objects.all())
    assert PodcastEpisode.objects.annotate(n=Count("linked_passages")).filter(n=3).count() == 8
    assert DailyDrop.objects.filter(date=TODAY).count() == 4
    assert DailyDrop.objects.order_by("-date").first().date == date(2026, 12, 21)
    assert not DailyDrop.objects.filter(passage__live=False).exists()


def test_tag_frequencies_are_skewed_like_real_tagging(demo):
    uses = Counter(
        PassageTag.objects.filter(tag__axis__slug="theme").values_list("tag_id", flat=True)
    )
    ranked = [n for _, n in uses.most_common()]
    assert ranked[0] >= 10 * ranked[len(ranked) // 2]


def test_loading_the_demo_again_adds_nothing(demo):
    before = (Passage.objects.count(), PassageTag.objects.count(), DailyDrop.objects.count())
    again = corpus.load_demo_corpus(today=TODAY)
    assert (again.works, again.passages, again.pages, again.podcasts, again.daily_drops) == (
        0,
        0,
        0,
        0,
        0,
    )
    assert (
        Passage.objects.count(),
        PassageTag.objects.count(),
        DailyDrop.objects.count(),
    ) == before


def test_the_benchmark_corpus_is_replaced_not_added_to(db):
    # Small numbers prove the same: works of `passages_per_work`, replaced on the next run.
    assert corpus.generate_benchmark_corpus(250, passages_per_work=100) == 250
    assert Work.objects.filter(slug__startswith="bench-").count() == 3
    assert corpus.generate_benchmark_corpus(120, passages_per_work=100) == 120
    assert Work.objects.filter(slug__startswith="bench-").count() == 2
    assert Passage.objects.filter(work__slug__startswith="bench-").count() == 120
    assert PassageTag.objects.filter(passage__work__slug__startswith="bench-").count() >= 240
    revisions = Revision.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Passage)
    )
    assert revisions.count() == Passage.objects.filter(live=True).count()  # the first run's went


def test_every_live_demo_work_and_passage_has_a_live_revision_of_what_is_live(demo):
    for model in (Work, Passage):
        assert not model.objects.filter(live=True, live_revision__isnull=True).exists()
    assert not Passage.objects.filter(live=False, live_revision__isnull=False).exists()
    passage = Passage.objects.filter(live=True).order_by("pk").first()
    as_published = passage.live_revision.as_object()

    def blocks(item):
        return [(block["type"], block["value"]) for block in item.body.raw_data]

    assert (as_published.title, blocks(as_published)) == (passage.title, blocks(passage))


def test_scheduling_a_change_to_a_demo_passage_keeps_the_published_one_visible(demo, client):
    passage = Passage.objects.filter(live=True).order_by("pk").first()
    url = f"/api/v1/passages/{passage.pk}"
    published_title = client.get(url).json()["title"]
    passage.title = "A change for next week"
    passage.go_live_at = timezone.now() + timedelta(days=7)
    passage.save_revision().publish()

    passage.refresh_from_db()
    assert passage.live
    assert passage.latest_revision.approved_go_live_at is not None  # waits for its time
    answer = client.get(url)
    assert (answer.status_code, answer.json()["title"]) == (200, published_title)


def test_the_data_migration_gives_existing_live_rows_a_live_revision(db):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("lewis_content.migrations.0010_live_revisions")
    corpus.generate_benchmark_corpus(30, passages_per_work=30)
    corpus.ensure_pages(random.Random(1), corpus.tag_pools(1))
    for model in (Passage, Work, ThemePage):  # as `lewis demo` or a page made in code left them
        model.objects.update(live_revision=None)
    migration.give_live_revisions(apps, None)
    for model in (Passage, Work, ThemePage):
        assert not model.objects.filter(live=True, live_revision__isnull=True).exists()
    theme = ThemePage.objects.filter(live=True).first()
    assert theme.live_revision.as_object().title == theme.title


def test_demo_passages_count_as_drafted_so_saving_one_unchanged_drafts_nothing(demo):
    from lewis_content.tagreview import drafting
    from lewis_content.tagreview.models import TagDraft

    sample = list(Passage.objects.order_by("?")[:25])
    assert not any(drafting.needs_drafting(p) for p in sample)
    assert TagDraft.objects.count() == Passage.objects.count()
    changed = sample[0]
    changed.title = f"{changed.title}, retitled"  # what the drafter reads changed
    assert drafting.needs_drafting(changed)


def test_demo_suggestions_say_why_in_the_drafters_words(demo):
    suggested = PassageTag.objects.filter(status="suggested").select_related("tag", "passage")[:50]
    assert suggested
    for assignment in suggested:
        text = " ".join(block["value"] for block in assignment.passage.body.raw_data).lower()
        label = assignment.tag.label.lower()
        if label in text:
            assert assignment.rationale.startswith(f"Mentions '{label}'")
        else:
            assert "does not appear" in assignment.rationale


def test_the_cms_says_a_demo_work_is_used_by_each_of_its_passages(demo, editor_client):
    """The CMS's usage counts read Wagtail's reference index, which the demo's bulk inserts go
    around: it records them itself."""
    work = Work.objects.annotate(n=Count("passages")).filter(n__gt=100).order_by("pk").first()
    users = work.passages.count() + work.chapters.count()
    page = editor_client.get(f"/cms/snippets/lewis_content/work/edit/{work.pk}/").content.decode()
    assert re.search(rf"Used\s+{users}\s+times", page), "the work's usage count"
    for other in Work.objects.all():
        expected = other.passages.count() + other.chapters.count()
        assert ReferenceIndex.get_grouped_references_to(other).count() == expected, other
    tag = Tag.objects.get(pk=PassageTag.objects.values("tag").order_by("tag")[0]["tag"])
    assigned = ReferenceIndex.get_references_to(tag).filter(
        base_content_type=ContentType.objects.get_for_model(PassageTag)
    )
    assert assigned.count() == PassageTag.objects.filter(tag=tag).count()
