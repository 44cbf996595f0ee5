"""The editorial tag loop: drafting on save, retries and fallback, review, and the publish gate.

The Anthropic drafter runs through the real SDK; only its HTTP transport is faked.
"""

import json
from datetime import timedelta

import httpx2
import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.utils import timezone
from kombu.exceptions import OperationalError
from wagtail.models import TaskState
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from lewis_content import editorial
from lewis_content.models import Passage, PassageTag, TagDraft
from lewis_content.models.review import publish_blocker
from lewis_content.tasks import draft_tags_for_passage, retry_delay
from lewis_tagging.models import AIUsage

pytestmark = pytest.mark.django_db
PASSAGES = "/cms/snippets/lewis_content/passage/"
REVIEW = "/cms/tag-review/"


class FakeAnthropic:
    """The Messages API as the SDK sees it: each request gets the next reply (the last repeats)."""

    def __init__(self):
        self.replies, self.requests = [], []

    def handle(self, request):
        self.requests.append(json.loads(request.content))
        return self.replies.pop(0) if len(self.replies) > 1 else self.replies[0]

    def client(self):
        return httpx2.Client(transport=httpx2.MockTransport(self.handle))


def tool_answer(*suggestions):
    return httpx2.Response(
        200,
        json={
            "id": "msg_1",
            "type": "message",
            "role": "assistant",
            "model": "claude-sonnet-4-6",
            "content": [
                {
                    "type": "tool_use",
                    "id": "toolu_1",
                    "name": "record_tag_suggestions",
                    "input": {"suggestions": list(suggestions)},
                }
            ],
            "stop_reason": "tool_use",
            "stop_sequence": None,
            "usage": {"input_tokens": 100, "output_tokens": 40},
        },
    )


def api_error(status, kind):
    return httpx2.Response(status, json={"type": "error", "error": {"type": kind, "message": kind}})


@pytest.fixture
def anthropic(settings):
    fake = FakeAnthropic()
    settings.LEWIS_TAGGING = {
        "DRAFTER": "lewis_tagging.drafters.anthropic.AnthropicDrafter",
        "ANTHROPIC": {
            "API_KEY": "sk-ant-test",
            "MODEL": "claude-sonnet-4-6",
            "HTTP_CLIENT": fake.client,
        },
        "MONTHLY_BUDGET_USD": "10",
    }
    settings.LEWIS_CONTENT = {"DRAFT_ATTEMPTS": 3, "DRAFT_RETRY_SECONDS": 0}
    return fake


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Runs what a commit runs (here: the drafting task, eagerly), as a real request would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def grief(tag):
    return tag("theme", "Grief")


def suggestion(tag, confidence=0.9):
    return {"tag_id": tag.pk, "confidence": confidence, "rationale": "Says 'grief'."}


def test_saving_changed_text_drafts_tags_once(anthropic, committed, make_passage, grief):
    anthropic.replies = [
        tool_answer(suggestion(grief), {"tag_id": 99999, "confidence": 0.5, "rationale": "x"})
    ]
    with committed():
        passage = make_passage(live=False)

    tag = PassageTag.objects.get(passage=passage)
    assert (tag.tag, tag.status, tag.source, tag.confidence) == (grief, "suggested", "ai", 0.9)
    draft = TagDraft.objects.get(passage=passage)
    assert (draft.status, draft.drafter, draft.suggested, draft.dropped) == (
        "drafted",
        "anthropic:claude-sonnet-4-6",
        1,
        1,
    )
    assert AIUsage.objects.get().purpose == f"passage:{passage.pk}"

    # The same text again (a save, or the task re-run): no model call.
    with committed():
        passage.save()
    draft_tags_for_passage.apply(args=[passage.pk]).get()
    assert len(anthropic.requests) == 1

    # Changed text (a draft revision): drafted again.
    passage.body = [("paragraph", "<p>Grief is like a long valley.</p>")]
    with committed():
        passage.save_revision()
    assert len(anthropic.requests) == 2
    assert "long valley" in json.dumps(anthropic.requests[-1]["messages"])


def test_a_rate_limit_is_retried_then_succeeds(anthropic, committed, make_passage, grief):
    anthropic.replies = [api_error(429, "rate_limit_error"), tool_answer(suggestion(grief))]
    with committed():
        passage = make_passage(live=False)
    draft = TagDraft.objects.get(passage=passage)
    assert (draft.status, draft.attempts, draft.note) == ("drafted", 2, "")
    assert PassageTag.objects.filter(passage=passage, source="ai").count() == 1


def test_a_provider_down_falls_back_offline_and_says_so(
    anthropic, committed, make_passage, grief, editor_client
):
    anthropic.replies = [api_error(500, "api_error")]
    with committed():
        passage = make_passage(live=False)  # the text says "grief": the offline drafter finds it

    assert len(anthropic.requests) == 3  # DRAFT_ATTEMPTS
    draft = TagDraft.objects.get(passage=passage)
    assert (draft.status, draft.drafter, draft.attempts) == ("fallback", "offline", 3)
    assert "unavailable" in draft.note
    assert PassageTag.objects.get(passage=passage).tag == grief

    page = editor_client.get(f"{PASSAGES}edit/{passage.pk}/").content.decode()
    assert draft.note in page
    assert f"{REVIEW}passages/{passage.pk}/draft-again/" in page

    # "Draft again" once the provider is back: drafted by the model this time.
    anthropic.replies = [tool_answer(suggestion(grief, 0.8))]
    with committed():
        response = editor_client.post(f"{REVIEW}passages/{passage.pk}/draft-again/")
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.status, draft.note) == ("drafted", "")
    assert PassageTag.objects.get(passage=passage).confidence == 0.8


def test_a_redraft_keeps_editor_and_reviewed_tags(anthropic, committed, make_passage, tag, editor):
    grief, joy, fear = tag("theme", "Grief"), tag("theme", "Joy"), tag("theme", "Fear")
    passage = make_passage(live=False)
    PassageTag.objects.create(passage=passage, tag=grief, status="accepted")  # by an editor
    PassageTag.objects.create(
        passage=passage, tag=joy, source="ai", confidence=0.3, status="rejected",
        reviewed_by=editor, reviewed_at="2026-01-01T00:00Z",
    )  # fmt: skip
    anthropic.replies = [
        tool_answer(suggestion(grief, 0.2), suggestion(joy, 0.9), suggestion(fear, 0.7))
    ]
    draft_tags_for_passage.apply(args=[passage.pk], kwargs={"force": True}).get()

    states = {a.tag.slug: (a.source, a.status) for a in PassageTag.objects.filter(passage=passage)}
    assert states == {
        "grief": ("editor", "accepted"),
        "joy": ("ai", "rejected"),
        "fear": ("ai", "suggested"),
    }


def test_editors_accept_and_reject_and_the_reviewer_is_recorded(
    editor_client, editor, make_passage, tag
):
    passage = make_passage(live=False)
    grief, joy, fear = tag("theme", "Grief"), tag("theme", "Joy"), tag("theme", "Fear")
    made = {
        t.slug: PassageTag.objects.create(
            passage=passage, tag=t, source="ai", confidence=0.6, rationale="Because."
        )
        for t in (grief, joy, fear)
    }
    page = editor_client.get(f"{PASSAGES}edit/{passage.pk}/").content.decode()
    assert "3 suggested tags awaiting review" in page
    assert "Because." in page

    edit = f"{PASSAGES}edit/{passage.pk}/"
    response = editor_client.post(f"{REVIEW}tags/{made['grief'].pk}/accept/", {"next": edit})
    assert response.status_code == 302
    assert response["Location"] == edit
    editor_client.post(f"{REVIEW}passages/{passage.pk}/reject/")

    reviewed = {a.tag.slug: a for a in PassageTag.objects.filter(passage=passage)}
    assert {s: a.status for s, a in reviewed.items()} == {
        "grief": "accepted", "joy": "rejected", "fear": "rejected",
    }  # fmt: skip
    assert all(a.reviewed_by == editor and a.reviewed_at for a in reviewed.values())
    # An unknown decision is refused (Wagtail sends the editor back to the dashboard).
    assert editor_client.post(f"{REVIEW}tags/{made['fear'].pk}/maybe/")["Location"] == "/cms/"
    assert PassageTag.objects.get(pk=made["fear"].pk).status == "rejected"
    # Only POST changes anything.
    assert editor_client.get(f"{REVIEW}tags/{made['joy'].pk}/accept/").status_code == 405


def test_someone_without_tag_permissions_cannot_review(
    client, django_user_model, make_passage, grief
):
    passage = make_passage(live=False)
    assignment = PassageTag.objects.create(passage=passage, tag=grief, source="ai", confidence=0.5)
    user = django_user_model.objects.create_user("reader", password="pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert client.post(f"{REVIEW}tags/{assignment.pk}/accept/")["Location"] == "/cms/"
    assert PassageTag.objects.get(pk=assignment.pk).status == "suggested"


def test_the_dashboard_and_the_queue_list_passages_waiting_oldest_first(
    editor_client, make_passage, grief
):
    older = make_passage(title="Waiting longest", live=False)
    newer = make_passage(title="Waiting less", live=False)
    reviewed = make_passage(title="All reviewed", live=False)
    for passage in (older, newer):
        PassageTag.objects.create(passage=passage, tag=grief, source="ai", confidence=0.5)
    PassageTag.objects.create(passage=reviewed, tag=grief, status="accepted")

    dashboard = editor_client.get("/cms/").content.decode()
    assert "Needs tag review (2)" in dashboard
    queue = editor_client.get(REVIEW).content.decode()
    assert queue.index("Waiting longest") < queue.index("Waiting less")
    assert "All reviewed" not in queue


# The gate


FORM_TEXT = "<p>Grief felt so like fear.</p>"


def passage_form(passage, text=FORM_TEXT, **extra):
    return nested_form_data(
        {
            "title": passage.title,
            "work": passage.work_id,
            "chapter": "",
            "position": passage.position,
            "register": passage.register_id,
            "provenance": "lewis",
            "author_byline": "",
            "tier": "free",
            "body": streamfield([("paragraph", rich_text(text))]),
            **extra,
        }
    )


def drafted_passage(committed, make_passage):
    """A passage with the text the edit form sends, drafted (offline): 'grief' is suggested."""
    with committed():
        passage = make_passage(live=False, body=[("paragraph", FORM_TEXT)])
    return passage, PassageTag.objects.get(passage=passage, status="suggested")


def test_publishing_directly_waits_for_tag_review(editor_client, committed, make_passage, grief):
    passage, suggested = drafted_passage(committed, make_passage)
    edit = f"{PASSAGES}edit/{passage.pk}/"

    response = editor_client.post(
        edit, passage_form(passage, **{"action-publish": "1"}), follow=True
    )
    assert "not published: 1 suggested tag still awaits review" in response.content.decode()
    assert not Passage.objects.get(pk=passage.pk).live

    editor_client.post(f"{REVIEW}tags/{suggested.pk}/accept/")
    editor_client.post(edit, passage_form(passage, **{"action-publish": "1"}))
    assert Passage.objects.get(pk=passage.pk).live


def moderator(django_user_model):
    user = django_user_model.objects.create_user("moderator", password="pw")
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


def test_the_workflow_offers_approval_only_once_tags_are_reviewed(
    client, django_user_model, committed, make_passage, grief
):
    passage, suggested = drafted_passage(committed, make_passage)
    reviewer = moderator(django_user_model)
    passage.save_revision(user=reviewer)
    passage.get_workflow().start(passage, reviewer)
    passage.refresh_from_db()
    task = passage.current_workflow_task
    assert task.name == "Tag review"
    assert [a[0] for a in task.get_actions(passage, reviewer)] == ["reject"]

    client.force_login(reviewer)
    state = passage.current_workflow_task_state
    approve = f"{PASSAGES}workflow/action/{passage.pk}/approve/{state.pk}/"
    client.post(approve)  # refused on the server, not only hidden on the page
    assert TaskState.objects.get(pk=state.pk).status == "in_progress"

    client.post(f"{REVIEW}tags/{suggested.pk}/accept/")
    assert "approve" in [a[0] for a in task.get_actions(passage, reviewer)]
    assert client.post(approve).status_code in {200, 302}
    assert TaskState.objects.get(pk=state.pk).status == "approved"
    assert Passage.objects.get(pk=passage.pk).live


def test_editors_cannot_publish_and_moderators_can(django_user_model):
    editors = Group.objects.get(name="Editors")
    moderators = Group.objects.get(name="Moderators")
    publish = "publish_passage"
    assert not editors.permissions.filter(codename=publish).exists()
    assert editors.permissions.filter(codename="change_passagetag").exists()
    assert moderators.permissions.filter(codename=publish).exists()


# Nothing in it for a drafter to find.
UNTAGGED_TEXT = "<p>Of pipe smoke.</p>"
UNTAGGED = {"title": "Pipes", "live": False, "body": [("paragraph", UNTAGGED_TEXT)]}


def test_publishing_waits_for_the_draft_of_the_new_text(
    editor_client, committed, make_passage, grief
):
    """Edit and publish at once: refused until the new text's suggestions are reviewed."""
    with committed():
        passage = make_passage(**UNTAGGED)
    assert TagDraft.objects.get(passage=passage).status == "drafted"
    edit = f"{PASSAGES}edit/{passage.pk}/"

    # No worker has run the queued draft yet: nothing to review, but not publishable either.
    response = editor_client.post(
        edit, passage_form(passage, **{"action-publish": "1"}), follow=True
    )
    assert "tags for its latest text are still being drafted" in response.content.decode()
    assert TagDraft.objects.get(passage=passage).status == "queued"
    assert not Passage.objects.get(pk=passage.pk).live

    # The worker drafts ("grief" is in the new text); the editor reviews, then publishes.
    draft_tags_for_passage.apply(args=[passage.pk]).get()
    suggested = PassageTag.objects.get(passage=passage, status="suggested")
    assert suggested.tag == grief
    editor_client.post(f"{REVIEW}tags/{suggested.pk}/accept/")
    editor_client.post(edit, passage_form(passage, **{"action-publish": "1"}))
    assert Passage.objects.get(pk=passage.pk).live


def test_a_draft_overtaken_by_an_edit_is_drafted_again(anthropic, committed, make_passage, tag):
    grief, joy = tag("theme", "Grief"), tag("theme", "Joy")
    passage = make_passage(live=False, body=[("paragraph", "<p>Grief.</p>")])

    def edit_during_the_call(request):
        if not anthropic.requests:  # the editor saves new text while the model answers
            passage.body = [("paragraph", "<p>Joy, at last.</p>")]
            passage.save_revision()
        return FakeAnthropic.handle(anthropic, request)

    anthropic.handle = edit_during_the_call
    anthropic.replies = [tool_answer(suggestion(grief)), tool_answer(suggestion(joy))]
    draft_tags_for_passage.apply(args=[passage.pk]).get()

    assert len(anthropic.requests) == 2
    assert "Joy, at last" in json.dumps(anthropic.requests[-1]["messages"])
    assert [a.tag for a in PassageTag.objects.filter(passage=passage)] == [joy]
    draft = TagDraft.objects.get(passage=passage)
    assert draft.status == "drafted"
    assert draft.input_key == editorial.input_key(editorial.drafting_text(passage))


def test_a_late_failure_never_overwrites_a_completed_draft(committed, make_passage):
    with committed():
        passage = make_passage(**UNTAGGED)
    editorial.record_retry(passage.pk, RuntimeError("late"), 2, 30)
    editorial.record_failure(passage.pk, RuntimeError("late"))
    assert TagDraft.objects.get(passage=passage).status == "drafted"

    # A run for text since replaced fails: the run queued by that edit is still due.
    editorial.mark_queued(passage)
    editorial.record_failure(passage.pk, RuntimeError("late"), key="key-of-older-text")
    assert TagDraft.objects.get(passage=passage).status == "queued"

    key = editorial.current_key(passage.pk)
    editorial.record_failure(passage.pk, RuntimeError("provider on fire"), key)
    draft = TagDraft.objects.get(passage=passage)
    assert (draft.status, draft.note) == (
        "failed",
        "Drafting failed: RuntimeError: provider on fire",
    )


def test_a_failed_draft_waits_in_the_queue_and_does_not_block_publishing(
    editor_client, committed, make_passage
):
    with committed():
        passage = make_passage(**{**UNTAGGED, "title": "Drafting broke"})
    editorial.mark_queued(passage)
    editorial.record_failure(passage.pk, RuntimeError("provider on fire"))

    queue = editor_client.get(REVIEW).content.decode()
    assert "Drafting broke" in queue
    assert "provider on fire" in queue
    editor_client.post(
        f"{PASSAGES}edit/{passage.pk}/",
        passage_form(passage, UNTAGGED_TEXT, **{"action-publish": "1"}),
    )
    assert Passage.objects.get(pk=passage.pk).live


def test_a_broker_outage_fails_the_draft_not_the_save(
    editor_client, committed, make_passage, monkeypatch
):
    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(draft_tags_for_passage, "delay", broker_down)
    with committed():
        passage = make_passage(**UNTAGGED)
    draft = TagDraft.objects.get(passage=passage)
    assert draft.status == "failed"
    assert "Connection refused" in draft.note
    page = editor_client.get(f"{PASSAGES}edit/{passage.pk}/").content.decode()
    assert "Connection refused" in page
    assert publish_blocker(passage.pk) is None


def test_a_lost_draft_stops_blocking_after_a_while(editor_client, committed, make_passage):
    with committed():
        passage = make_passage(**{**UNTAGGED, "title": "Lost in the queue"})
    editorial.mark_queued(passage)  # and the task never arrives
    assert publish_blocker(passage.pk) == "tags for its latest text are still being drafted"
    assert "Lost in the queue" not in editor_client.get(REVIEW).content.decode()

    TagDraft.objects.filter(passage=passage).update(updated_at=timezone.now() - timedelta(hours=1))
    assert publish_blocker(passage.pk) is None
    queue = editor_client.get(REVIEW).content.decode()
    assert "Lost in the queue" in queue
    assert "no result for a long while" in queue
    page = editor_client.get(f"{PASSAGES}edit/{passage.pk}/").content.decode()
    assert "the drafting task was probably lost" in page


# Retry timing


def test_retry_waits_double_with_jitter_and_never_undercut_the_providers_ask(settings):
    settings.LEWIS_CONTENT = {"DRAFT_RETRY_SECONDS": 30}
    waits = {retries: [retry_delay(retries, None) for _ in range(200)] for retries in range(5)}

    for retries, drawn in waits.items():
        base = 30 * 2**retries
        assert all(base / 2 <= w <= base for w in drawn), retries  # full jitter in [base/2, base]
        assert len(set(drawn)) > 100  # jittered: overlapping runs do not retry in lockstep
    for retries in range(4):
        assert min(waits[retries + 1]) >= max(waits[retries])  # each wait at least the last

    # The provider's retry-after wins when it asks for longer, never when it asks for less.
    assert retry_delay(0, 120.0) == 120.0
    assert all(60 <= retry_delay(2, 1.5) <= 120 for _ in range(50))
    assert all(15 <= retry_delay(0, 0.0) <= 30 for _ in range(50))


def test_no_retry_wait_outlasts_the_point_where_a_draft_is_presumed_lost(settings):
    settings.LEWIS_CONTENT = {"DRAFT_RETRY_SECONDS": 30, "DRAFT_STALE_SECONDS": 30 * 60}
    assert retry_delay(2, 6 * 3600.0) < 30 * 60  # a provider asking for six hours
    assert retry_delay(10, None) < 30 * 60  # 30 s doubled ten times is over eight hours


def test_editors_see_the_wait_the_provider_asked_for(
    anthropic, committed, make_passage, grief, monkeypatch
):
    slow_down = httpx2.Response(
        429,
        headers={"retry-after": "42"},
        json={"type": "error", "error": {"type": "rate_limit_error", "message": "slow down"}},
    )
    anthropic.replies = [slow_down, tool_answer(suggestion(grief))]
    seen = []
    record_retry = editorial.record_retry

    def recording(passage_id, *args, **kwargs):
        record_retry(passage_id, *args, **kwargs)
        seen.append(TagDraft.objects.values_list("status", "note").get(passage_id=passage_id))

    monkeypatch.setattr(editorial, "record_retry", recording)
    with committed():
        passage = make_passage(live=False)

    [(status, note)] = seen  # while it waited: what the Tags panel showed
    assert status == "retrying"
    assert note.endswith("Attempt 1 failed; trying again in 42 s.")
    assert TagDraft.objects.get(passage=passage).status == "drafted"


# The taxonomy in the drafting input


def test_a_taxonomy_change_makes_drafted_passages_draft_again_on_their_next_save(
    committed, make_passage, grief, tag
):
    with committed():
        passage = make_passage(live=False)  # "...grief felt so like fear."
    assert [a.tag for a in PassageTag.objects.filter(passage=passage)] == [grief]
    assert not editorial.needs_drafting(passage)

    fear = tag("theme", "Fear")  # a new tag the text matches
    assert editorial.needs_drafting(passage)
    with committed():
        passage.save()
    assert {a.tag for a in PassageTag.objects.filter(passage=passage)} == {grief, fear}
    assert not editorial.needs_drafting(passage)

    # Editing a tag's keywords (what a drafter reads of it) counts as a change too.
    hope = tag("theme", "Hope")
    with committed():
        passage.save()
    assert not editorial.needs_drafting(passage)
    hope.keywords = "felt"
    hope.save()
    assert editorial.needs_drafting(passage)
    with committed():
        passage.save()
    assert PassageTag.objects.get(passage=passage, tag=hope).status == "suggested"
    draft = TagDraft.objects.get(passage=passage)
    assert (draft.status, draft.input_key) == (
        "drafted",
        editorial.input_key(editorial.drafting_text(passage)),
    )


# Accept all


def group_member(django_user_model, username, group):
    user = django_user_model.objects.create_user(username, password="pw")
    user.groups.add(Group.objects.get(name=group))
    return user


def test_accept_all_accepts_the_passages_suggestions_and_lets_it_publish(
    editor_client, editor, django_user_model, committed, make_passage, grief, tag
):
    client = Client()  # editor_client is pytest-django's `client`: another session
    fear, joy = tag("theme", "Fear"), tag("theme", "Joy")  # a new tag would mean a new draft
    with committed():
        passage = make_passage(live=False, body=[("paragraph", FORM_TEXT)])  # grief, fear
    rejected = PassageTag.objects.create(
        passage=passage, tag=joy, source="ai", confidence=0.4, status="rejected",
        reviewed_by=editor, reviewed_at="2026-01-01T00:00Z",
    )  # fmt: skip
    with committed():
        other = make_passage(title="Another", live=False)
    edit = f"{PASSAGES}edit/{passage.pk}/"
    accept_all = f"{REVIEW}passages/{passage.pk}/accept/"

    # Only POST changes anything, and only for someone who may review tags.
    assert editor_client.get(accept_all).status_code == 405
    reader = django_user_model.objects.create_user("reader", password="pw")
    reader.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(reader)
    assert client.post(accept_all)["Location"] == "/cms/"
    assert PassageTag.objects.filter(passage=passage, status="suggested").count() == 2

    clerk = group_member(django_user_model, "clerk", "Editors")
    client.force_login(clerk)
    response = client.post(accept_all, {"next": edit}, follow=True)
    assert response.redirect_chain == [(edit, 302)]
    page = response.content.decode()
    assert "2 suggested tags accepted." in page
    assert "awaiting review" not in page

    reviewed = {a.tag: a for a in PassageTag.objects.filter(passage=passage)}
    assert {t.slug: a.status for t, a in reviewed.items()} == {
        "grief": "accepted", "fear": "accepted", "joy": "rejected",
    }  # fmt: skip
    assert all(reviewed[t].reviewed_by == clerk for t in (grief, fear))
    assert all(reviewed[t].reviewed_at for t in (grief, fear))
    assert reviewed[rejected.tag].reviewed_by == editor  # decided before: left as it was
    assert {a.status for a in PassageTag.objects.filter(passage=other)} == {"suggested"}

    editor_client.post(edit, passage_form(passage, **{"action-publish": "1"}))
    assert Passage.objects.get(pk=passage.pk).live


# Editors cannot publish


def test_an_editor_can_neither_publish_nor_approve(
    client, django_user_model, committed, make_passage, grief
):
    passage, suggested = drafted_passage(committed, make_passage)
    clerk = group_member(django_user_model, "clerk", "Editors")
    client.force_login(clerk)
    edit = f"{PASSAGES}edit/{passage.pk}/"
    client.post(f"{REVIEW}tags/{suggested.pk}/accept/")
    assert publish_blocker(passage.pk) is None  # only the permission stands in the way

    # A byline is not drafted from: the edit queues no new draft.
    form = passage_form(passage, author_byline="Jack", **{"action-publish": "1"})
    client.post(edit, form)
    passage = Passage.objects.get(pk=passage.pk)
    assert (passage.live, passage.live_revision, passage.first_published_at) == (False, None, None)
    assert passage.latest_revision.content["author_byline"] == "Jack"  # saved as a draft

    client.post(edit, passage_form(passage, author_byline="Jack", **{"action-submit": "1"}))
    passage.refresh_from_db()
    task, state = passage.current_workflow_task, passage.current_workflow_task_state
    assert task.name == "Tag review"
    assert task.get_actions(passage, clerk) == []  # moderators approve; editors are not offered
    client.post(f"{PASSAGES}workflow/action/{passage.pk}/approve/{state.pk}/")
    assert TaskState.objects.get(pk=state.pk).status == "in_progress"
    assert not Passage.objects.get(pk=passage.pk).live


# The budget


def test_over_budget_the_tags_panel_says_the_offline_drafter_stood_in(
    anthropic, client, django_user_model, committed, make_passage, grief
):
    AIUsage.objects.create(
        drafter="anthropic:claude-sonnet-4-6", model="claude-sonnet-4-6", cost_usd="10.00"
    )  # the month's $10 is spent
    with committed():
        passage = make_passage(live=False)

    assert anthropic.requests == []
    draft = TagDraft.objects.get(passage=passage)
    assert (draft.status, draft.drafter) == ("fallback", "offline")
    assert PassageTag.objects.get(passage=passage).tag == grief

    client.force_login(group_member(django_user_model, "clerk", "Editors"))
    page = client.get(f"{PASSAGES}edit/{passage.pk}/").content.decode()
    assert "Tag drafting: Drafted offline (fallback) (offline)" in page
    assert "Anthropic over the monthly budget: offline drafter used." in page
