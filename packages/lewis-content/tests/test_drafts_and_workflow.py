"""Passages have drafts, revisions, scheduled publishing and a review workflow."""

from datetime import timedelta

import pytest
from django.utils import timezone

from lewis_content.models import Passage
from lewis_content.tasks import publish_scheduled

pytestmark = pytest.mark.django_db


def test_a_draft_revision_leaves_the_live_passage_as_readers_see_it(make_passage, editor):
    passage = make_passage(title="On grief")
    passage.title = "On grief, revised"
    revision = passage.save_revision(user=editor)

    live = Passage.objects.get(pk=passage.pk)
    assert live.title == "On grief"
    assert live.has_unpublished_changes

    revision.publish(user=editor)
    live.refresh_from_db()
    assert live.title == "On grief, revised"
    assert not live.has_unpublished_changes


def test_a_new_draft_is_not_live_until_published(make_passage, editor):
    passage = make_passage(live=False)
    revision = passage.save_revision(user=editor)
    assert not Passage.objects.get(pk=passage.pk).live
    revision.publish(user=editor)
    assert Passage.objects.get(pk=passage.pk).live


def test_scheduled_go_live_happens_when_the_beat_task_runs(make_passage, editor):
    passage = make_passage(live=False)
    passage.go_live_at = timezone.now() + timedelta(hours=1)
    passage.save_revision(user=editor).publish(user=editor)
    assert not Passage.objects.get(pk=passage.pk).live  # scheduled, not yet live

    # An hour passes: the approved time and the scheduled time are now behind us.
    revision = Passage.objects.get(pk=passage.pk).latest_revision
    past = timezone.now() - timedelta(seconds=1)
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save()
    publish_scheduled.apply().get()
    assert Passage.objects.get(pk=passage.pk).live


def test_an_expired_passage_is_taken_down_by_the_beat_task(make_passage):
    passage = make_passage(expire_at=timezone.now() - timedelta(minutes=1))
    publish_scheduled.apply().get()
    passage.refresh_from_db()
    assert not passage.live
    assert passage.expired


def test_passages_go_through_the_passage_review_workflow(make_passage, editor):
    passage = make_passage(live=False)
    workflow = passage.get_workflow()
    assert workflow.name == "Passage review"

    passage.save_revision(user=editor)
    workflow.start(passage, editor)
    passage.refresh_from_db()
    assert passage.workflow_in_progress
    assert passage.current_workflow_task.name == "Tag review"
