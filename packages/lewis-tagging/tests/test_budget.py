"""Cost control: every paid call is recorded and costed; the budget stops paid calls."""

import logging
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.utils import timezone

from lewis_spend.models import BudgetAlert
from lewis_tagging import services, usage
from lewis_tagging.models import AIUsage
from lewis_tagging.types import ModelUsage
from tests.fake_anthropic import message

pytestmark = pytest.mark.django_db

# 100,000 input tokens at $3 per million: each call costs $0.30.
THIRTY_CENTS = {
    "input_tokens": 100_000,
    "output_tokens": 0,
    "cache_read_input_tokens": 0,
    "cache_creation_input_tokens": 0,
}


def spend(amount: str, *, days_ago: int = 0) -> AIUsage:
    row = AIUsage.objects.create(
        drafter="anthropic:claude-sonnet-4-6", model="claude-sonnet-4-6", cost_usd=Decimal(amount)
    )
    if days_ago:
        AIUsage.objects.filter(pk=row.pk).update(
            created_at=timezone.now() - timedelta(days=days_ago)
        )
    return row


def test_the_cost_of_a_call_uses_the_models_prices_per_million_tokens():
    cost = usage.cost_of(
        ModelUsage(
            model="claude-haiku-4-5",
            input_tokens=2_000,
            output_tokens=1_000,
            cache_read_tokens=50_000,
            cache_creation_tokens=4_000,
        )
    )
    # $1 / $5 / $0.10 / $1.25 per million tokens
    assert cost == Decimal("0.002") + Decimal("0.005") + Decimal("0.005") + Decimal("0.005")


def test_prices_come_from_settings(settings):
    settings.LEWIS_TAGGING = {
        "PRICES": {
            "claude-sonnet-4-6": {"INPUT": 6, "OUTPUT": 30, "CACHE_READ": 0, "CACHE_WRITE": 0}
        }
    }
    assert usage.cost_of(ModelUsage("claude-sonnet-4-6", 1_000_000, 0)) == Decimal(6)


def test_once_the_budget_is_spent_no_request_is_made_and_the_offline_drafter_answers(
    anthropic_api, tags
):
    spend("6.00")
    spend("4.00")  # the budget is $10

    result = services.draft_for_text("Grief, and the lion.", fallback=False)

    assert anthropic_api.requests == []
    assert result.drafter == "offline"
    assert result.note == "Anthropic over the monthly budget: offline drafter used."
    assert {s.tag_id for s in result.suggestions} == {tags["grief"].id, tags["the-lion"].id}
    assert AIUsage.objects.count() == 2


def test_last_months_spend_does_not_count_against_this_months_budget(anthropic_api):
    spend("50.00", days_ago=40)
    anthropic_api.reply(message([]))

    result = services.draft_for_text("Grief.")

    assert result.drafter == "anthropic:claude-sonnet-4-6"
    assert len(anthropic_api.requests) == 1
    assert usage.spend_in_month() == AIUsage.objects.latest("created_at").cost_usd


def test_each_budget_threshold_alerts_once_a_month_by_log_and_mail(anthropic_api, settings, caplog):
    settings.LEWIS_TAGGING = {**settings.LEWIS_TAGGING, "MONTHLY_BUDGET_USD": "1.00"}
    anthropic_api.reply(message([], usage=THIRTY_CENTS))
    caplog.set_level(logging.WARNING, logger="lewis_tagging.usage")

    subjects = []
    for _ in range(5):
        services.draft_for_text("Grief.")
        subjects.append([m.subject for m in mail.outbox])

    month = f"{timezone.localdate():%B %Y}"
    assert subjects == [
        [],  # $0.30
        [f"[Django] AI spend reached 50 % of the {month} budget"],  # $0.60
        [
            f"[Django] AI spend reached 50 % of the {month} budget",
            f"[Django] AI spend reached 80 % of the {month} budget",  # $0.90
        ],
        [
            f"[Django] AI spend reached 50 % of the {month} budget",
            f"[Django] AI spend reached 80 % of the {month} budget",
            f"[Django] AI spend reached 95 % of the {month} budget",  # $1.20
            f"[Django] AI spend reached 100 % of the {month} budget",
        ],
        [
            f"[Django] AI spend reached 50 % of the {month} budget",
            f"[Django] AI spend reached 80 % of the {month} budget",
            f"[Django] AI spend reached 95 % of the {month} budget",
            f"[Django] AI spend reached 100 % of the {month} budget",
        ],  # budget spent: no call, no new alert
    ]
    assert len(anthropic_api.requests) == 4
    assert mail.outbox[0].to == ["ops@example.org"]
    assert "spent $0.60 of this month's $1.00 budget (60%)" in mail.outbox[0].body
    assert "Paid drafting has stopped until next month" in mail.outbox[3].body
    assert sorted(BudgetAlert.objects.filter(meter="ai").values_list("threshold", flat=True)) == [
        50,
        80,
        95,
        100,
    ]
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert [r.getMessage().split(":")[0] for r in warnings] == [
        f"AI spend reached {p} % of the {month} budget" for p in (50, 80, 95, 100)
    ]

    assert usage.alert_on_budget_thresholds() == []  # repeating sends nothing
    assert len(mail.outbox) == 4


def test_a_threshold_alerted_last_month_alerts_again_this_month(settings):
    settings.LEWIS_TAGGING = {"MONTHLY_BUDGET_USD": "1.00"}
    last_month = (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(day=1)
    BudgetAlert.objects.create(
        meter="ai", month=last_month, threshold=50, spend_usd=Decimal("0.5"), budget_usd=Decimal(1)
    )
    spend("0.55")

    assert usage.alert_on_budget_thresholds() == [50]
    assert len(mail.outbox) == 1


def test_the_monthly_spend_sums_calls_tokens_and_cost_per_month(settings):
    settings.LEWIS_TAGGING = {"MONTHLY_BUDGET_USD": "2.00"}
    AIUsage.objects.create(
        drafter="anthropic:claude-sonnet-4-6",
        model="claude-sonnet-4-6",
        input_tokens=10,
        output_tokens=20,
        cache_read_tokens=30,
        cache_creation_tokens=40,
        cost_usd=Decimal("0.25"),
    )
    spend("0.75")
    spend("3.00", days_ago=40)

    this_month, earlier = services.monthly_ai_spend()

    assert this_month.month == timezone.localdate().replace(day=1)
    assert (this_month.calls, this_month.input_tokens, this_month.output_tokens) == (2, 10, 20)
    assert (this_month.cache_read_tokens, this_month.cache_creation_tokens) == (30, 40)
    assert this_month.cost_usd == Decimal("1.00")
    assert this_month.percent_of_budget == Decimal("50.0")
    assert earlier.month < this_month.month
    assert earlier.percent_of_budget == Decimal("150.0")


def test_an_invalid_budget_fails_the_system_check(settings):
    settings.LEWIS_TAGGING = {"MONTHLY_BUDGET_USD": "a lot"}
    with pytest.raises(SystemCheckError, match=r"lewis_tagging\.E003"):
        call_command("check")
