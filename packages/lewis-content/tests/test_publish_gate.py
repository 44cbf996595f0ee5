"""The publish gate: a passage is published (directly or through the workflow) only once its
latest text is drafted and every suggested tag reviewed; failed or lost drafts do not block."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import TaskState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from lewis_content.models import HomePage, Passage, PassageTag, TagDraft, ThemePage
from lewis_content.services import Decision, passages_published, review_tags
from lewis_content.tagreview import drafting
from lewis_content.tagreview.models import publish_blocker
from lewis_content.tasks import draft_tags_for_passage
from tests.tagreview_fixtures import *  # noqa: F403 (fixtures: drafter, committed, grief)
from tests.tagreview_fixtures import (
    FORM_TEXT,
    PASSAGES,
    REVIEW,
    UNTAGGED,
    UNTAGGED_TEXT,
    drafted_passage,
    group_member,
    moderator,
    passage_form,
)

pytestmark = pytest.mark.django_db


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


def test_a_failed_draft_waits_in_the_queue_and_does_not_block_publishing(
    editor_client, committed, make_passage
):
    with committed():
        passage = make_passage(**{**UNTAGGED, "title": "Drafting broke"})
    drafting.mark_queued(passage)
    drafting.record_failure(passage.pk, RuntimeError("provider on fire"))

    queue = editor_client.get(REVIEW).content.decode()
    assert "Drafting broke" in queue
    assert "provider on fire" in queue
    editor_client.post(
        f"{PASSAGES}edit/{passage.pk}/",
        passage_form(passage, UNTAGGED_TEXT, **{"action-publish": "1"}),
    )
    assert Passage.objects.get(pk=passage.pk).live


def test_a_lost_draft_stops_blocking_after_a_while(editor_client, committed, make_passage):
    with committed():
        passage = make_passage(**{**UNTAGGED, "title": "Lost in the queue"})
    drafting.mark_queued(passage)  # and the task never arrives
    assert publish_blocker(passage.pk) == "tags for its latest text are still being drafted"
    assert "Lost in the queue" not in editor_client.get(REVIEW).content.decode()

    TagDraft.objects.filter(passage=passage).update(updated_at=timezone.now() - timedelta(hours=1))
    assert publish_blocker(passage.pk) is None
    queue = editor_client.get(REVIEW).content.decode()
    assert "Lost in the queue" in queue
    assert "no result for a long while" in queue
    page = editor_client.get(f"{PASSAGES}edit/{passage.pk}/").content.decode()
    assert "the drafting task was probably lost" in page


# The workflow, and who may publish


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


def test_in_moderation_only_who_may_approve_reviews_tags_and_the_others_are_told_why(
    client, django_user_model, committed, make_passage, grief
):
    passage, suggested = drafted_passage(committed, make_passage)
    clerk = group_member(django_user_model, "clerk", "Editors")
    client.force_login(clerk)
    edit = f"{PASSAGES}edit/{passage.pk}/"
    submitted = client.post(
        edit, passage_form(passage, author_byline="Jack", **{"action-submit": "1"}), follow=True
    )
    assert "submitted with 1 suggested tag unreviewed" in submitted.content.decode()

    # The editor's form is locked in moderation: no review control is shown, and one pressed
    # anyway (Enter on a dimmed button) is refused with the reason.
    page = client.get(edit).content.decode()
    assert 'data-tag-review="locked"' in page
    assert "Accept all" not in page
    assert ">Accept</button>" not in page
    refused = client.post(f"{REVIEW}tags/{suggested.pk}/accept/", follow=True)
    assert "Tags not reviewed:" in refused.content.decode()
    assert PassageTag.objects.get(pk=suggested.pk).status == "suggested"
    tag_edit = client.get(f"/cms/snippets/lewis_content/passagetag/edit/{suggested.pk}/")
    assert (tag_edit.status_code, tag_edit["Location"]) == (302, edit)  # by any path
    tag_add = client.get(f"/cms/snippets/lewis_content/passagetag/add/?passage={passage.pk}")
    assert (tag_add.status_code, tag_add["Location"]) == (302, edit)

    # The moderator may act on the task: the controls are there, and why Approve waits.
    client.force_login(moderator(django_user_model))
    page = client.get(edit).content.decode()
    assert 'data-tag-review="locked"' not in page
    assert "Accept all" in page
    assert '"Approve" is offered once each is accepted or rejected' in page
    client.post(f"{REVIEW}tags/{suggested.pk}/accept/")
    assert PassageTag.objects.get(pk=suggested.pk).status == "accepted"


# Tag changes wait for publish (docs/adr/0004)


def reader_tags(client, passage) -> list[str]:
    body = client.get(f"/api/v1/passages/{passage.pk}").json()
    return sorted(t["slug"] for tags in body["tags"].values() for t in tags)


def related_to(client, passage) -> list[int]:
    body = client.get(f"/api/v1/passages/{passage.pk}/related").json()
    return [item["passage"]["id"] for item in body["items"]]


def test_an_editors_tag_changes_on_a_live_passage_wait_for_the_moderators_publish(
    client, django_user_model, committed, make_passage, tag, grief
):
    joy = tag("theme", "Joy")
    with committed():
        # Live, published with Joy; the offline drafter suggests Grief from its text.
        passage = make_passage(body=[("paragraph", FORM_TEXT)])
        PassageTag.objects.create(passage=passage, tag=joy, status="accepted")
        other = make_passage(title="Elsewhere on grief")
        PassageTag.objects.create(passage=other, tag=grief, status="accepted")
        passages_published([passage.pk, other.pk])
    passage.save_revision().publish()  # as published through the CMS: it has a live revision
    suggested = PassageTag.objects.get(passage=passage, status="suggested")
    assert reader_tags(client, passage) == ["joy"]

    # An editor accepts Grief and removes Joy: readers, the ranking and the tag filter keep
    # what was published.
    clerk = group_member(django_user_model, "clerk", "Editors")
    client.force_login(clerk)
    with committed():
        client.post(f"{REVIEW}tags/{suggested.pk}/accept/")
        joy_row = PassageTag.objects.get(passage=passage, tag=joy)
        client.post(f"/cms/snippets/lewis_content/passagetag/delete/{joy_row.pk}/")
    assert PassageTag.objects.filter(passage=passage).get().status == "accepted"
    client.logout()
    assert reader_tags(client, passage) == ["joy"]
    assert passage.pk not in related_to(client, other)
    listed = client.get("/api/v1/passages", {"tag": "theme:grief"}).json()["items"]
    assert passage.pk not in [item["id"] for item in listed]

    # The editor sees what waits, and submits; the moderator approves: readers follow.
    client.force_login(clerk)
    edit = f"{PASSAGES}edit/{passage.pk}/"
    page = client.get(edit).content.decode()
    assert 'data-tag-review="staged"' in page
    assert "Removed here, still shown until then: Joy" in page
    client.post(edit, passage_form(passage, **{"action-submit": "1"}))
    passage.refresh_from_db()
    state = passage.current_workflow_task_state
    client.force_login(moderator(django_user_model))
    with committed():
        approved = client.post(f"{PASSAGES}workflow/action/{passage.pk}/approve/{state.pk}/")
    assert approved.status_code in {200, 302}
    client.logout()
    assert reader_tags(client, passage) == ["grief"]
    assert passage.pk in related_to(client, other)
    listed = client.get("/api/v1/passages", {"tag": "theme:grief"}).json()["items"]
    assert passage.pk in [item["id"] for item in listed]


def test_unpublishing_hides_the_tags_and_publishing_again_shows_the_reviewed_ones(
    client, committed, make_passage, tag, grief, editor
):
    with committed():
        passage = make_passage(body=[("paragraph", FORM_TEXT)])  # Grief suggested
    with committed():
        passage.save_revision().publish()  # the gate is the CMS's: nothing reviewed yet
    assert reader_tags(client, passage) == []
    with committed():
        passage.unpublish()
        review_tags(PassageTag.objects.filter(passage=passage), Decision("accepted"), editor)
    assert client.get(f"/api/v1/passages/{passage.pk}").status_code == 404
    with committed():
        passage.save_revision().publish()
    assert reader_tags(client, passage) == ["grief"]


def test_submitting_what_is_already_in_moderation_saves_a_draft_instead_of_failing(
    client, django_user_model, committed, make_passage, grief
):
    passage, _ = drafted_passage(committed, make_passage)
    clerk = group_member(django_user_model, "clerk", "Editors")
    client.force_login(clerk)
    edit = f"{PASSAGES}edit/{passage.pk}/"
    first = passage_form(passage, author_byline="Jack", **{"action-submit": "1"})
    assert client.post(edit, first).status_code == 302
    # The moderator, who may edit in moderation, submits again from a form left open.
    client.force_login(moderator(django_user_model))
    again = passage_form(passage, author_byline="Joy", **{"action-submit": "1"})
    answer = client.post(edit, again, follow=True)
    assert answer.status_code == 200
    assert "already in moderation: your changes were saved as a draft" in answer.content.decode()
    passage.refresh_from_db()
    assert passage.latest_revision.content["author_byline"] == "Joy"  # nothing lost
    assert passage.workflow_in_progress


def test_a_page_submitted_twice_is_saved_as_a_draft_the_second_time(
    client, django_user_model, grief
):
    theme = HomePage.objects.get().add_child(
        instance=ThemePage(title="Grief", slug="grief", tag=grief, live=False)
    )
    client.force_login(moderator(django_user_model))
    edit = f"/cms/pages/{theme.pk}/edit/"

    def form(title):
        fields = {
            "title": title,
            "slug": "grief",
            "tag": grief.pk,
            "intro": rich_text("<p>Lewis on grief.</p>"),
            "curated_passages": inline_formset([]),
            "comments": inline_formset([]),
            "action-submit": "1",
        }
        return nested_form_data(fields)

    assert client.post(edit, form("Grief")).status_code == 302
    answer = client.post(edit, form("On grief"), follow=True)
    assert "already in moderation: your changes were saved as a draft" in answer.content.decode()
    theme.refresh_from_db()
    assert theme.latest_revision.content["title"] == "On grief"
    assert theme.workflow_in_progress


def test_a_scheduled_go_live_publishes_the_tags_accepted_at_approval_not_later(
    client, committed, make_passage, tag, grief, editor, monkeypatch
):
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    joy = tag("theme", "Joy")
    with committed():
        passage = make_passage(body=[("paragraph", FORM_TEXT)])  # Grief suggested
    review_tags(PassageTag.objects.filter(passage=passage), Decision("accepted"), editor)
    with committed():
        passage.save_revision().publish()  # live, with Grief
    assert reader_tags(client, passage) == ["grief"]

    # A moderator approves a new title to go live in an hour, with the tags as they are now.
    passage.refresh_from_db()  # as the CMS loads it: with its live revision
    passage.title, passage.go_live_at = "On grief, retitled", timezone.now() + timedelta(hours=1)
    with committed():
        passage.save_revision().publish()
    # Then an editor adds Joy: it waits for the passage's next publish, not this go-live.
    PassageTag.objects.create(passage=passage, tag=joy, status="accepted")
    assert reader_tags(client, passage) == ["grief"]  # scheduling changed nothing readers see

    later = timezone.now() + timedelta(hours=2)
    monkeypatch.setattr(timezone, "now", lambda: later)
    with committed():
        call_command("publish_scheduled")  # the scheduler's go-live
    assert client.get(f"/api/v1/passages/{passage.pk}").json()["title"] == "On grief, retitled"
    assert reader_tags(client, passage) == ["grief"]
