"""Tag drafting on save: once per text and taxonomy, redrafts, overlapping edits, lost tasks.

The drafter is the scripted one (tests.fake_drafter), chosen by LEWIS_TAGGING["DRAFTER"];
where no test asks for it, the offline drafter answers.
"""

from decimal import Decimal

import pytest
from kombu.exceptions import OperationalError

from lewis_content.models import PassageTag, TagDraft
from lewis_content.tagreview import drafting
from lewis_content.tagreview.models import publish_blocker
from lewis_content.tasks import draft_tags_for_passage, send_unsent_drafts
from lewis_tagging.models import AIUsage
from lewis_tagging.types import TagSuggestion
from tests.fake_drafter import MODEL, NAME
from tests.tagreview_fixtures import *  # noqa: F403 (fixtures: drafter, committed, grief)
from tests.tagreview_fixtures import FORM_TEXT, PASSAGES, UNTAGGED, suggestion

pytestmark = pytest.mark.django_db


def test_saving_changed_text_drafts_tags_once(drafter, committed, make_passage, grief):
    drafter.reply([suggestion(grief), TagSuggestion(tag_id=99999, confidence=0.5, rationale="x")])
    with committed():
        passage = make_passage(live=False)

    tag = PassageTag.objects.get(passage=passage)
    assert (tag.tag, tag.status, tag.source, tag.confidence) == (grief, "suggested", "ai", 0.9)
    draft = TagDraft.objects.get(passage=passage)
    assert (draft.status, draft.drafter, draft.suggested, draft.dropped) == ("drafted", NAME, 1, 1)
    usage = AIUsage.objects.get()
    assert (usage.drafter, usage.model, usage.purpose) == (NAME, MODEL, f"passage:{passage.pk}")
    assert usage.cost_usd == Decimal("0.0009")  # 100 tokens in at $3/M, 40 out at $15/M

    # The same text again (a save, or the task re-run): no model call.
    with committed():
        passage.save()
    draft_tags_for_passage.apply(args=[passage.pk]).get()
    assert len(drafter.texts) == 1

    # Changed text (a draft revision): drafted again.
    passage.body = [("paragraph", "<p>Grief is like a long valley.</p>")]
    with committed():
        passage.save_revision()
    assert len(drafter.texts) == 2
    assert "long valley" in drafter.texts[-1]


def test_a_redraft_keeps_editor_and_reviewed_tags(drafter, committed, make_passage, tag, editor):
    grief, joy, fear = tag("theme", "Grief"), tag("theme", "Joy"), tag("theme", "Fear")
    passage = make_passage(live=False)
    PassageTag.objects.create(passage=passage, tag=grief, status="accepted")  # by an editor
    PassageTag.objects.create(
        passage=passage, tag=joy, source="ai", confidence=0.3, status="rejected",
        reviewed_by=editor, reviewed_at="2026-01-01T00:00Z",
    )  # fmt: skip
    drafter.reply([suggestion(grief, 0.2), suggestion(joy, 0.9), suggestion(fear, 0.7)])
    draft_tags_for_passage.apply(args=[passage.pk], kwargs={"force": True}).get()

    states = {a.tag.slug: (a.source, a.status) for a in PassageTag.objects.filter(passage=passage)}
    assert states == {
        "grief": ("editor", "accepted"),
        "joy": ("ai", "rejected"),
        "fear": ("ai", "suggested"),
    }


def test_a_draft_overtaken_by_an_edit_is_drafted_again(drafter, committed, make_passage, tag):
    grief, joy = tag("theme", "Grief"), tag("theme", "Joy")
    passage = make_passage(live=False, body=[("paragraph", "<p>Grief.</p>")])

    def edit_during_the_call(text):  # the editor saves new text while the model answers
        passage.body = [("paragraph", "<p>Joy, at last.</p>")]
        passage.save_revision()
        return [suggestion(grief)]

    drafter.reply(edit_during_the_call, [suggestion(joy)])
    draft_tags_for_passage.apply(args=[passage.pk]).get()

    assert len(drafter.texts) == 2
    assert "Joy, at last" in drafter.texts[-1]
    assert [a.tag for a in PassageTag.objects.filter(passage=passage)] == [joy]
    draft = TagDraft.objects.get(passage=passage)
    assert draft.status == "drafted"
    assert draft.input_key == drafting.input_key(drafting.drafting_text(passage))


def test_a_late_failure_never_overwrites_a_completed_draft(committed, make_passage):
    with committed():
        passage = make_passage(**UNTAGGED)
    drafting.record_retry(passage.pk, RuntimeError("late"), 2, 30)
    drafting.record_failure(passage.pk, RuntimeError("late"))
    assert TagDraft.objects.get(passage=passage).status == "drafted"

    # A run for text since replaced fails: the run queued by that edit is still due.
    drafting.mark_queued(passage)
    drafting.record_failure(passage.pk, RuntimeError("late"), key="key-of-older-text")
    assert TagDraft.objects.get(passage=passage).status == "queued"

    key = drafting.current_key(passage.pk)
    drafting.record_failure(passage.pk, RuntimeError("provider on fire"), key)
    draft = TagDraft.objects.get(passage=passage)
    assert (draft.status, draft.note) == (
        "failed",
        "Drafting failed: RuntimeError: provider on fire",
    )


def test_a_broker_outage_keeps_the_draft_until_the_broker_is_back_and_blocks_nothing(
    editor_client, committed, make_passage, monkeypatch, grief
):
    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(draft_tags_for_passage, "delay", broker_down)
    with committed():
        passage = make_passage(live=False, body=[("paragraph", FORM_TEXT)])  # Grief in it
    draft = TagDraft.objects.get(passage=passage)
    assert draft.status == "unsent"
    assert "Connection refused" in draft.note
    page = editor_client.get(f"{PASSAGES}edit/{passage.pk}/").content.decode()
    assert "Waiting for the task queue" in page
    assert publish_blocker(passage.pk) is None  # the save and a publish go on

    assert send_unsent_drafts() == 0  # beat's sweep while the broker is still away
    assert TagDraft.objects.get(passage=passage).status == "unsent"

    monkeypatch.undo()  # the broker is back: the next sweep sends it, once
    assert send_unsent_drafts() == 1
    assert send_unsent_drafts() == 0
    assert TagDraft.objects.get(passage=passage).status in {"drafted", "fallback"}
    assert PassageTag.objects.get(passage=passage, status="suggested").tag == grief


# The taxonomy in the drafting input


def test_a_taxonomy_change_makes_drafted_passages_draft_again_on_their_next_save(
    committed, make_passage, grief, tag
):
    with committed():
        passage = make_passage(live=False)  # "...grief felt so like fear."
    assert [a.tag for a in PassageTag.objects.filter(passage=passage)] == [grief]
    assert not drafting.needs_drafting(passage)

    fear = tag("theme", "Fear")  # a new tag the text matches
    assert drafting.needs_drafting(passage)
    with committed():
        passage.save()
    assert {a.tag for a in PassageTag.objects.filter(passage=passage)} == {grief, fear}
    assert not drafting.needs_drafting(passage)

    # Editing a tag's keywords (what a drafter reads of it) counts as a change too.
    hope = tag("theme", "Hope")
    with committed():
        passage.save()
    assert not drafting.needs_drafting(passage)
    hope.keywords = "felt"
    hope.save()
    assert drafting.needs_drafting(passage)
    with committed():
        passage.save()
    assert PassageTag.objects.get(passage=passage, tag=hope).status == "suggested"
    draft = TagDraft.objects.get(passage=passage)
    assert (draft.status, draft.input_key) == (
        "drafted",
        drafting.input_key(drafting.drafting_text(passage)),
    )
