"""When the paid drafter cannot answer: retries and their waits, the offline fallback, the budget.

The drafter is the scripted one (tests.fake_drafter): lewis_tagging's budget check, usage
records, retry-after and fallback run for real around it.
"""

import pytest

from lewis_content.models import PassageTag, TagDraft
from lewis_content.tagreview import drafting
from lewis_content.tasks import retry_delay
from lewis_tagging.models import AIUsage
from tests.fake_drafter import MODEL, NAME, provider_down, rate_limited
from tests.tagreview_fixtures import *  # noqa: F403 (fixtures: drafter, committed, grief)
from tests.tagreview_fixtures import PASSAGES, REVIEW, group_member, suggestion

pytestmark = pytest.mark.django_db


def test_a_rate_limit_is_retried_then_succeeds(drafter, committed, make_passage, grief):
    drafter.reply(rate_limited(), [suggestion(grief)])
    with committed():
        passage = make_passage(live=False)
    draft = TagDraft.objects.get(passage=passage)
    assert (draft.status, draft.attempts, draft.note) == ("drafted", 2, "")
    assert PassageTag.objects.filter(passage=passage, source="ai").count() == 1


def test_a_provider_down_falls_back_offline_and_says_so(
    drafter, committed, make_passage, grief, editor_client
):
    drafter.reply(provider_down())
    with committed():
        passage = make_passage(live=False)  # the text says "grief": the offline drafter finds it

    assert len(drafter.texts) == 3  # DRAFT_ATTEMPTS
    draft = TagDraft.objects.get(passage=passage)
    assert (draft.status, draft.drafter, draft.attempts) == ("fallback", "offline", 3)
    assert "unavailable" in draft.note
    assert PassageTag.objects.get(passage=passage).tag == grief

    page = editor_client.get(f"{PASSAGES}edit/{passage.pk}/").content.decode()
    assert draft.note in page
    assert f"{REVIEW}passages/{passage.pk}/draft-again/" in page

    # "Draft again" once the provider is back: drafted by the model this time.
    drafter.reply([suggestion(grief, 0.8)])
    with committed():
        response = editor_client.post(f"{REVIEW}passages/{passage.pk}/draft-again/")
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.status, draft.note) == ("drafted", "")
    assert PassageTag.objects.get(passage=passage).confidence == 0.8


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
    drafter, committed, make_passage, grief, monkeypatch
):
    drafter.reply(rate_limited(retry_after=42), [suggestion(grief)])
    seen = []
    record_retry = drafting.record_retry

    def recording(passage_id, *args, **kwargs):
        record_retry(passage_id, *args, **kwargs)
        seen.append(TagDraft.objects.values_list("status", "note").get(passage_id=passage_id))

    monkeypatch.setattr(drafting, "record_retry", recording)
    with committed():
        passage = make_passage(live=False)

    [(status, note)] = seen  # while it waited: what the Tags panel showed
    assert status == "retrying"
    assert note.endswith("Attempt 1 failed; trying again in 42 s.")
    assert TagDraft.objects.get(passage=passage).status == "drafted"


# The budget


def test_over_budget_the_tags_panel_says_the_offline_drafter_stood_in(
    drafter, client, django_user_model, committed, make_passage, grief
):
    AIUsage.objects.create(drafter=NAME, model=MODEL, cost_usd="10.00")  # the month's $10 is spent
    with committed():
        passage = make_passage(live=False)

    assert drafter.texts == []
    draft = TagDraft.objects.get(passage=passage)
    assert (draft.status, draft.drafter) == ("fallback", "offline")
    assert PassageTag.objects.get(passage=passage).tag == grief

    client.force_login(group_member(django_user_model, "clerk", "Editors"))
    page = client.get(f"{PASSAGES}edit/{passage.pk}/").content.decode()
    assert "Tag drafting: Drafted offline (fallback) (offline)" in page
    assert "Fake AI over the monthly budget: offline drafter used." in page
