"""The editorial loop on the composed site: an edit drafts tags, review gates publishing."""

import time
from contextlib import contextmanager

import pytest
from celery.contrib.testing.worker import start_worker
from django.contrib.auth import get_user_model
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from lewis_content.models import Passage, PassageTag, TagDraft
from lewis_content.tasks import send_unsent_drafts
from lewis_site.celery import app
from lewis_tagging.models import Axis, Tag

from .conftest import embedded_only, services_only

EDIT = "/cms/snippets/lewis_content/passage/edit/{}/"


@pytest.fixture
def grief(db):
    # get_or_create: a transactional test on PostgreSQL starts from a flushed database.
    theme, _ = Axis.objects.get_or_create(slug="theme", defaults={"label": "Theme"})
    return Tag.objects.create(axis=theme, slug="grief", label="Grief", keywords="mourning")


def edit_form(passage, text, **extra):
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
            "body": streamfield([("paragraph", rich_text(f"<p>{text}</p>"))]),
            **extra,
        }
    )


@embedded_only
@pytest.mark.django_db(transaction=True)
def test_an_edit_drafts_tags_and_publishing_waits_for_their_review(client, passage, grief):
    editor = get_user_model().objects.create_superuser("ed", "ed@example.org", "pw")
    client.force_login(editor)
    url = EDIT.format(passage.pk)

    # The editor saves new text as a draft: the (inline) drafting task suggests Grief.
    client.post(url, edit_form(passage, "Nobody told me mourning felt so like fear."))
    suggested = PassageTag.objects.get(passage=passage)
    assert (suggested.tag, suggested.status, suggested.source) == (grief, "suggested", "ai")
    page = client.get(url).content.decode()
    assert "1 suggested tag awaiting review" in page
    assert TagDraft.objects.get(passage=passage).drafter == "offline"

    # Publishing is refused until the tag is reviewed...
    publish = edit_form(
        passage, "Nobody told me mourning felt so like fear.", **{"action-publish": "1"}
    )
    client.post(url, publish)
    assert Passage.objects.get(pk=passage.pk).title == "Affection"
    assert "Affection is humble" in client.get(f"/api/v1/passages/{passage.pk}").content.decode()

    # ...then goes through, and readers see the new text and the accepted tag.
    client.post(f"/cms/tag-review/tags/{suggested.pk}/accept/")
    client.post(url, publish)
    body = client.get(f"/api/v1/passages/{passage.pk}").json()
    assert "mourning" in body["body"][0]["html"]
    assert [t["slug"] for t in body["tags"]["theme"]] == ["grief"]


@services_only
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_drafts_the_tags_of_a_saved_passage(passage, grief):
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        passage.body = [("paragraph", "<p>A season of mourning.</p>")]
        passage.save_revision()  # commits (transactional test): the task goes through Redis
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            draft = TagDraft.objects.filter(passage=passage).first()
            if draft and draft.status == "drafted":
                break
            time.sleep(0.1)
    assert TagDraft.objects.get(passage=passage).status == "drafted"
    assert PassageTag.objects.get(passage=passage).tag == grief


@contextmanager
def broker_at(url: str | None):
    """Point the app's task producer at another broker (None: the configured one)."""
    app.conf.broker_write_url = url
    app._pool = None  # the producer pool holds connections to the old one
    app.amqp._producer_pool = None
    try:
        yield
    finally:
        app.conf.broker_write_url = None
        app._pool = None
        app.amqp._producer_pool = None


def wait_for_draft(passage, status="drafted", seconds=20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        draft = TagDraft.objects.filter(passage=passage).first()
        if draft and draft.status == status:
            return draft
        time.sleep(0.1)
    return TagDraft.objects.filter(passage=passage).first()


@services_only
@pytest.mark.django_db(transaction=True)
def test_with_the_broker_away_a_save_stands_and_its_draft_is_delivered_once_it_is_back(
    passage, grief
):
    """The drill: the broker (Redis) at a closed port when an editor saves new text. The save
    commits and its draft is recorded as unsent in the same transaction; beat's sweep, once the
    broker is back, hands it to a real worker."""
    with broker_at("redis://127.0.0.1:1/0"):
        passage.body = [("paragraph", "<p>A season of mourning.</p>")]
        passage.save_revision()  # commits; sending the task fails after the commit
        assert TagDraft.objects.get(passage=passage).status == "unsent"
        assert send_unsent_drafts() == 0  # still away: nothing sent, nothing lost
    assert Passage.objects.get(pk=passage.pk).latest_revision.content["body"]
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        assert send_unsent_drafts() == 1
        draft = wait_for_draft(passage)
    assert draft.status == "drafted"
    assert PassageTag.objects.get(passage=passage).tag == grief
