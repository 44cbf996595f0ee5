"""Behaviour no other test pinned: expiry that arrives after a passage was rendered, paging
across works, and the tag review task refusing approval on its own."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from wagtail.models import TaskState

from lewis_content.models import Passage, PassageTag, Register, Work
from lewis_content.services import passages_published

pytestmark = pytest.mark.django_db
API = "/api/v1"


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Runs what a commit runs (snapshots' generation bump, ranking projection, drafting)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def clock(monkeypatch):
    """`clock(hours=2)`: from then on it is two hours later, and nothing is cached yet (reader
    responses are cached per content generation; the passing of time alone does not renew it)."""

    def move(**delta):
        later = timezone.now() + timedelta(**delta)
        monkeypatch.setattr(timezone, "now", lambda: later)
        cache.clear()

    return move


def related_titles(client, passage):
    items = client.get(f"{API}/passages/{passage.pk}/related").json()["items"]
    return [item["passage"]["title"] for item in items]


def today_title(client, register):
    return client.get(f"{API}/today", {"register": register}).json()["passage"]["title"]


# Expiry is checked when a snapshot is read, not only when it is rendered


def test_a_passage_expiring_after_its_snapshot_was_rendered_disappears(
    client, make_passage, tag, on_commit, clock
):
    grief = tag("theme", "Grief")
    imaginative = Register.objects.create(slug="imaginative", label="Imaginative")
    with on_commit():
        expiring = make_passage(title="Expiring", expire_at=timezone.now() + timedelta(hours=1))
        staying = make_passage(title="Staying", register=imaginative)
        for passage in (expiring, staying):
            PassageTag.objects.create(passage=passage, tag=grief, status="accepted")
        passages_published([expiring.pk, staying.pk])
    assert client.get(f"{API}/passages/{expiring.pk}").status_code == 200
    assert today_title(client, "reflective") == "Expiring"  # the only reflective passage
    assert related_titles(client, staying) == ["Expiring"]

    clock(hours=2)  # past its expiry; the minutely unpublishing job has not run yet

    assert client.get(f"{API}/passages/{expiring.pk}").status_code == 404
    assert today_title(client, "reflective") == "Staying"  # nothing reflective left to show
    assert related_titles(client, staying) == []


def test_a_passage_whose_work_expires_after_it_was_rendered_disappears(
    client, work, make_passage, clock
):
    work.expire_at = timezone.now() + timedelta(hours=1)
    work.save()
    passage = make_passage(title="In an expiring work")  # no expiry of its own
    assert client.get(f"{API}/passages/{passage.pk}").status_code == 200
    assert client.get(f"{API}/today").json()["passage"]["id"] == passage.pk

    clock(hours=2)

    assert client.get(f"{API}/passages/{passage.pk}").status_code == 404
    assert client.get(f"{API}/today").status_code == 404


# Paging


def test_paging_through_passages_visits_every_passage_of_every_work_once_in_order(
    client, work, make_passage
):
    works = [
        work,
        Work.objects.create(title="The Four Loves", slug="the-four-loves", year=1960),
        Work.objects.create(title="Till We Have Faces", slug="till-we-have-faces", year=1956),
    ]
    in_reading_order = [
        make_passage(title=f"{w.slug} {position}", work=w, position=position).pk
        for w in sorted(works, key=lambda w: w.pk)
        for position in (1, 2, 3)
    ]

    seen, query = [], {"limit": 2}
    for _ in range(len(in_reading_order)):  # a bound, should a cursor never run out
        page = client.get(f"{API}/passages", query).json()
        seen += [item["id"] for item in page["items"]]
        if page["next_cursor"] is None:
            break
        query["cursor"] = page["next_cursor"]

    assert seen == in_reading_order


# The workflow's tag review task


def test_the_tag_review_task_refuses_approval_itself_until_the_suggestions_are_reviewed(
    django_user_model, make_passage, tag, on_commit
):
    """Whatever reaches the task (a stale page, a hand-made request), not only the admin view."""
    tag("theme", "Grief")
    with on_commit():  # drafted offline: its text says "grief"
        passage = make_passage(live=False)
    suggested = PassageTag.objects.get(passage=passage, status="suggested")
    moderator = django_user_model.objects.create_user("moderator", password="pw")
    moderator.groups.add(Group.objects.get(name="Moderators"))
    passage.save_revision(user=moderator)
    passage.get_workflow().start(passage, moderator)
    passage.refresh_from_db()
    state = passage.current_workflow_task_state
    task = state.task.specific

    with pytest.raises(PermissionDenied):
        task.on_action(state, moderator, "approve")
    assert TaskState.objects.get(pk=state.pk).status == "in_progress"
    assert not Passage.objects.get(pk=passage.pk).live

    suggested.status = PassageTag.Status.ACCEPTED
    suggested.reviewed_by, suggested.reviewed_at = moderator, timezone.now()
    suggested.save()
    task.on_action(state, moderator, "approve")
    assert TaskState.objects.get(pk=state.pk).status == "approved"
    assert Passage.objects.get(pk=passage.pk).live
