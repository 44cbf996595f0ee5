"""The Anthropic drafter, through the real SDK; only its HTTP transport is fake."""

from decimal import Decimal

import httpx2
import pytest

from lewis_tagging import services
from lewis_tagging.models import AIUsage
from tests.fake_anthropic import error, message

pytestmark = pytest.mark.django_db

TEXT = "No one ever told me that grief felt so like fear. The lion was not tame."


def test_the_request_carries_the_taxonomy_in_a_cached_system_prompt_and_forces_the_tool(
    anthropic_api, tags
):
    anthropic_api.reply(message([]))

    services.draft_for_text(TEXT)

    (request,) = anthropic_api.requests
    assert request.method == "POST"
    assert request.url.path == "/v1/messages"
    assert request.headers["authorization"] == "Bearer sk-ant-test"  # how the SDK sends keys
    body = anthropic_api.bodies()[0]
    assert body["model"] == "claude-sonnet-4-6"
    assert body["max_tokens"] == 700
    (system,) = body["system"]
    assert system["cache_control"] == {"type": "ephemeral"}
    grief = tags["grief"]
    assert "## Axis `theme`: Theme" in system["text"]
    assert "What a passage is about" in system["text"]  # the axis description
    assert (
        f"- id {grief.id}: Grief. Sorrow at a loss, above all a death. "
        "(words: mourning, bereavement)" in system["text"]
    )
    assert f"- id {tags['the-lion'].id}: The lion" in system["text"]
    (tool,) = body["tools"]
    assert tool["name"] == "record_tag_suggestions"
    assert tool["input_schema"]["properties"]["suggestions"]["items"]["required"] == [
        "tag_id",
        "confidence",
        "rationale",
    ]
    assert body["tool_choice"] == {"type": "tool", "name": "record_tag_suggestions"}
    assert body["messages"] == [{"role": "user", "content": f"<passage>\n{TEXT}\n</passage>"}]


def test_the_system_prompt_is_identical_from_call_to_call_so_the_cache_can_hit(anthropic_api):
    anthropic_api.reply(message([]))

    services.draft_for_text(TEXT)
    services.draft_for_text("Another passage entirely.")

    first, second = anthropic_api.bodies()
    assert first["system"] == second["system"]
    assert first["tools"] == second["tools"]


def test_the_answer_is_parsed_into_suggestions_best_first_and_the_call_is_costed(
    anthropic_api, tags
):
    grief, lion = tags["grief"], tags["the-lion"]
    anthropic_api.reply(
        message(
            [
                {"tag_id": lion.id, "confidence": 0.7, "rationale": "'The lion was not tame.'"},
                {"tag_id": grief.id, "confidence": 0.93, "rationale": "'grief felt so like fear'"},
            ],
            usage={
                "input_tokens": 1000,
                "output_tokens": 500,
                "cache_read_input_tokens": 10000,
                "cache_creation_input_tokens": 2000,
            },
        )
    )

    result = services.draft_for_text(TEXT, purpose="passage:42")

    assert result.drafter == "anthropic:claude-sonnet-4-6"
    assert result.note == ""
    assert result.dropped == 0
    assert [(s.tag_id, s.confidence, s.rationale) for s in result.suggestions] == [
        (grief.id, 0.93, "'grief felt so like fear'"),
        (lion.id, 0.7, "'The lion was not tame.'"),
    ]
    row = AIUsage.objects.get()
    assert (row.drafter, row.model, row.purpose) == (
        "anthropic:claude-sonnet-4-6",
        "claude-sonnet-4-6",
        "passage:42",
    )
    assert (
        row.input_tokens,
        row.output_tokens,
        row.cache_read_tokens,
        row.cache_creation_tokens,
    ) == (1000, 500, 10000, 2000)
    # $3 / $15 / $0.30 / $3.75 per million: 0.003 + 0.0075 + 0.003 + 0.0075
    assert row.cost_usd == Decimal("0.021")


def test_suggestions_outside_the_taxonomy_are_dropped_and_counted(anthropic_api, tags):
    grief = tags["grief"]
    anthropic_api.reply(
        message(
            [
                {"tag_id": 999_999, "confidence": 0.9, "rationale": "An invented tag."},
                {"tag_id": grief.id, "confidence": 0.8, "rationale": "'grief'"},
                {"tag_id": -1, "confidence": 0.5, "rationale": "Another invented tag."},
            ]
        )
    )

    result = services.draft_for_text(TEXT)

    assert [s.tag_id for s in result.suggestions] == [grief.id]
    assert result.dropped == 2
    assert services.draft_tags(TEXT) == result.suggestions


@pytest.mark.parametrize(
    "answer",
    [
        message([{"tag_id": "grief", "confidence": 0.9, "rationale": "not an id"}]),
        message([{"tag_id": 1, "confidence": 3, "rationale": "confidence out of range"}]),
        message([], tool_input={"tags": []}),
        message([], stop_reason="max_tokens"),
    ],
    ids=["tag id not a number", "confidence above 1", "wrong shape", "cut off"],
)
def test_a_malformed_answer_falls_back_to_the_offline_drafter_and_is_still_recorded(
    anthropic_api, tags, answer, caplog
):
    anthropic_api.reply(answer)

    result = services.draft_for_text(TEXT, fallback=False)

    assert result.drafter == "offline"
    assert result.note == "Anthropic failed (malformed answer): offline drafter used."
    assert [s.tag_id for s in result.suggestions] == sorted([tags["grief"].id, tags["the-lion"].id])
    row = AIUsage.objects.get()  # the tokens were spent all the same
    assert (row.input_tokens, row.output_tokens, row.cache_read_tokens) == (120, 80, 2000)
    assert row.cost_usd > 0
    assert "anthropic:claude-sonnet-4-6 failed (malformed answer)" in caplog.text


def test_a_rate_limit_raises_for_the_caller_to_retry_and_the_retry_succeeds(anthropic_api, tags):
    anthropic_api.reply(
        error(429, "rate_limit_error", headers={"retry-after": "7"}),
        message([{"tag_id": tags["grief"].id, "confidence": 0.9, "rationale": "'grief'"}]),
    )

    with pytest.raises(services.DraftingUnavailable) as raised:
        services.draft_for_text(TEXT, fallback=False)
    assert raised.value.retry_after == 7.0
    assert "rate limited, HTTP 429" in str(raised.value)
    assert len(anthropic_api.requests) == 1  # the SDK did not retry by itself

    result = services.draft_for_text(TEXT, fallback=False)

    assert result.drafter == "anthropic:claude-sonnet-4-6"
    assert [s.tag_id for s in result.suggestions] == [tags["grief"].id]
    assert len(anthropic_api.requests) == 2
    assert AIUsage.objects.count() == 1  # the 429 reported no usage


def test_a_server_error_every_time_falls_back_to_the_offline_drafter_with_a_note(
    anthropic_api, tags
):
    anthropic_api.reply(error(500, "api_error"))

    result = services.draft_for_text(TEXT)

    assert result.drafter == "offline"
    assert result.note == "Anthropic unavailable (server error, HTTP 500): offline drafter used."
    assert {s.tag_id for s in result.suggestions} == {tags["grief"].id, tags["the-lion"].id}
    assert len(anthropic_api.requests) == 1  # max_retries=0: one attempt per call
    assert not AIUsage.objects.exists()


def test_overloads_timeouts_and_lost_connections_are_transient_too(anthropic_api):
    anthropic_api.reply(
        error(529, "overloaded_error", headers={"retry-after-ms": "1500"}),
        httpx2.ReadTimeout("too slow"),
        httpx2.ConnectError("connection refused"),
    )

    with pytest.raises(services.DraftingUnavailable, match=r"overloaded, HTTP 529") as raised:
        services.draft_for_text(TEXT, fallback=False)
    assert raised.value.retry_after == 1.5
    with pytest.raises(services.DraftingUnavailable, match="timed out") as raised:
        services.draft_for_text(TEXT, fallback=False)
    assert raised.value.retry_after is None
    result = services.draft_for_text(TEXT)
    assert result.note == "Anthropic unavailable (could not be reached): offline drafter used."
    assert len(anthropic_api.requests) == 3


@pytest.mark.parametrize(
    ("status", "kind", "reason"),
    [
        (401, "authentication_error", "rejected the API key, HTTP 401"),
        (400, "invalid_request_error", "rejected the request, HTTP 400"),
    ],
)
def test_a_refused_request_falls_back_even_when_the_caller_would_retry(
    anthropic_api, status, kind, reason
):
    anthropic_api.reply(error(status, kind))

    result = services.draft_for_text(TEXT, fallback=False)

    assert result.drafter == "offline"
    assert result.note == f"Anthropic failed ({reason}): offline drafter used."


def test_the_anthropic_drafter_needs_an_api_key_at_boot(settings):
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError

    settings.LEWIS_TAGGING = {"DRAFTER": "lewis_tagging.drafters.anthropic.AnthropicDrafter"}
    with pytest.raises(SystemCheckError, match=r"lewis_tagging\.E001.*API_KEY"):
        call_command("check")


def test_a_model_without_prices_fails_at_boot(settings):
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError

    settings.LEWIS_TAGGING = {
        "DRAFTER": "lewis_tagging.drafters.anthropic.AnthropicDrafter",
        "ANTHROPIC": {"API_KEY": "sk-ant-test", "MODEL": "claude-unpriced-1"},
    }
    with pytest.raises(SystemCheckError, match=r"no prices for 'claude-unpriced-1'"):
        call_command("check")
