"""The content generation moves exactly once for each committed change readers can see, and
not at all for changes they cannot (a suggestion, a lock, a rolled-back edit)."""

import pytest
from django.db import transaction

from lewis_content import generation
from lewis_content.models import Chapter, PassageTag
from lewis_content.tagreview import actions

pytestmark = pytest.mark.django_db


@pytest.fixture
def bumps(monkeypatch):
    """How many times the generation moved."""
    moved = []
    bump = generation.bump_generation
    monkeypatch.setattr(generation, "bump_generation", lambda: (moved.append(1), bump())[1])
    return moved


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Runs what a commit runs, as a committed transaction would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def passages(make_passage, tag, work, commit):
    chapter = Chapter.objects.create(work=work, number=1, title="One")
    grief = tag("theme", "Grief")
    with commit():
        shown = [make_passage(title=f"Shown {n}", chapter=chapter) for n in range(3)]
        for passage in shown:
            PassageTag.objects.create(passage=passage, tag=grief, status="accepted")
    return shown


def test_publishing_a_revision_moves_the_generation_once(passages, editor, tag, bumps, commit):
    passage = passages[0]
    passage.title = "Revised"
    revision = passage.save_revision(user=editor)
    with commit():
        revision.publish(user=editor)
    assert len(bumps) == 1


def test_accepting_tags_moves_nothing_and_publishing_them_moves_it_once(
    passages, tag, editor, bumps, commit
):
    joy, hope = tag("theme", "Joy"), tag("theme", "Hope")
    for passage in passages:
        for suggested in (joy, hope):
            PassageTag.objects.create(passage=passage, tag=suggested, source="ai", confidence=0.8)
    bumps.clear()
    with commit():
        accepted = actions.review_tags(
            PassageTag.objects.filter(status="suggested"), actions.Decision("accepted"), editor
        )
    assert (accepted, len(bumps)) == (6, 0)  # readers see them once their passages publish
    with commit():
        actions.passages_published(p.pk for p in passages)
    assert len(bumps) == 1


def test_renaming_a_chapter_in_the_cms_moves_it_once(passages, editor_client, bumps, commit):
    chapter = Chapter.objects.get()
    edit = f"/cms/snippets/lewis_content/chapter/edit/{chapter.pk}/"
    with commit():
        response = editor_client.post(
            edit, {"work": chapter.work_id, "number": 1, "title": "The first notebook"}
        )
    assert response.status_code == 302
    assert len(bumps) == 1  # though three passages show it


def test_several_changes_in_one_transaction_move_it_once(passages, tag, editor, bumps, commit):
    joy = tag("theme", "Joy")
    PassageTag.objects.create(passage=passages[2], tag=joy, source="ai", confidence=0.8)
    bumps.clear()
    with commit(), transaction.atomic():
        passages[0].unpublish()
        passages[1].unpublish()
        actions.review_tags(
            PassageTag.objects.filter(status="suggested"), actions.Decision("accepted"), editor
        )
    assert len(bumps) == 1


def test_a_rolled_back_change_moves_nothing_and_the_next_one_still_counts(passages, bumps, commit):
    with commit():
        try:
            with transaction.atomic():
                passages[0].unpublish()
                raise RuntimeError("the editor's request failed")
        except RuntimeError:
            pass
    assert bumps == []
    with commit():
        passages[1].unpublish()
    assert len(bumps) == 1


def test_a_new_tag_moves_it_once_though_no_passage_shows_it(tag, bumps, commit):
    with commit():
        tag("theme", "Courage")  # /tags lists it
    assert len(bumps) == 1


def test_what_readers_cannot_see_moves_nothing(passages, tag, editor, bumps, commit):
    joy = tag("theme", "Joy")
    bumps.clear()
    with commit():
        suggestion = PassageTag.objects.create(
            passage=passages[0], tag=joy, source="ai", confidence=0.4
        )
        actions.review_tags(
            PassageTag.objects.filter(pk=suggestion.pk), actions.Decision("rejected"), editor
        )
        passages[1].locked, passages[1].locked_by = True, editor
        passages[1].save(update_fields=["locked", "locked_by"])
    assert bumps == []
