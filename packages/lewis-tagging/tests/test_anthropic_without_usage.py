"""An Anthropic answer that reports no token usage: drafting carries on, offline and with a note.

An answer without usage cannot be costed, so even a valid one is not used (the budget could
not be kept); nothing is recorded as spent.
"""

import httpx2
import pytest

from lewis_tagging import services
from lewis_tagging.models import AIUsage
from tests.fake_anthropic import message

pytestmark = pytest.mark.django_db

TEXT = "No one ever told me that grief felt so like fear. The lion was not tame."


def without_usage(answer: httpx2.Response) -> httpx2.Response:
    body = answer.json()
    del body["usage"]
    return httpx2.Response(answer.status_code, json=body)


def test_a_valid_answer_without_usage_falls_back_to_the_offline_drafter(anthropic_api, tags):
    anthropic_api.reply(
        without_usage(message([{"tag_id": tags["joy"].id, "confidence": 0.9, "rationale": "x"}]))
    )

    result = services.draft_for_text(TEXT, purpose="passage:42")

    assert result.drafter == "offline"
    assert result.note == "Anthropic failed (answer without usage): offline drafter used."
    assert {s.tag_id for s in result.suggestions} == {tags["grief"].id, tags["the-lion"].id}
    assert not AIUsage.objects.exists()


def test_a_malformed_answer_without_usage_falls_back_to_the_offline_drafter(anthropic_api, tags):
    anthropic_api.reply(without_usage(message([], tool_input={"tags": []})))

    result = services.draft_for_text(TEXT, purpose="passage:42")

    assert result.drafter == "offline"
    assert result.note == "Anthropic failed (malformed answer): offline drafter used."
    assert {s.tag_id for s in result.suggestions} == {tags["grief"].id, tags["the-lion"].id}
    assert not AIUsage.objects.exists()
