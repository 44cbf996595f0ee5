"""Reviewing suggested tags: accept, reject, accept all, who may, and the queue that lists them."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from lewis_content.models import Passage, PassageTag
from tests.tagreview_fixtures import *  # noqa: F403 (fixtures: drafter, committed, grief)
from tests.tagreview_fixtures import FORM_TEXT, PASSAGES, REVIEW, group_member, passage_form

pytestmark = pytest.mark.django_db


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


# Accept all


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
