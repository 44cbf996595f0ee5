"""One paid service's spend against its monthly budget: the stop, the alerts, the months."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from lewis_spend import services
from lewis_spend.models import BudgetAlert
from tests.usage_app.models import Call

pytestmark = pytest.mark.django_db

BUDGET = {"usd": Decimal("10")}
METER = services.Meter(
    slug="audio",
    label="Audio readings",
    usage=Call,
    budget=lambda: BUDGET["usd"],
    at_the_cap="Readings wait for next month.",
)


@pytest.fixture(autouse=True)
def ten_dollars():
    BUDGET["usd"] = Decimal("10")


def spend(amount: str, *, days_ago: int = 0, characters: int = 0) -> None:
    call = Call.objects.create(cost_usd=Decimal(amount), characters=characters)
    if days_ago:
        Call.objects.filter(pk=call.pk).update(created_at=timezone.now() - timedelta(days=days_ago))


def test_this_months_spend_stops_paid_calls_at_the_budget():
    spend("9.99", days_ago=40)  # last month's does not count
    spend("4.00")
    assert services.spend_in_month(METER) == Decimal("4.00")
    assert not services.budget_spent(METER)
    spend("6.00")
    assert services.budget_spent(METER)
    BUDGET["usd"] = Decimal("0")  # a budget of nothing allows nothing
    Call.objects.all().delete()
    assert services.budget_spent(METER)


def test_each_threshold_alerts_the_admins_once_a_month(caplog):
    spend("4.00")
    assert services.alert_on_budget_thresholds(METER) == []
    spend("4.50")  # 85 %
    assert services.alert_on_budget_thresholds(METER) == [50, 80]
    assert services.alert_on_budget_thresholds(METER) == []  # already sent this month
    spend("1.50")  # 100 %
    assert services.alert_on_budget_thresholds(METER) == [95, 100]
    subjects = [m.subject for m in mail.outbox]
    month = f"{timezone.localdate():%B %Y}"
    assert subjects == [
        f"[Django] Audio readings spend reached {p} % of the {month} budget"
        for p in (50, 80, 95, 100)
    ]
    assert mail.outbox[-1].body.endswith("Readings wait for next month.")
    assert "Audio readings spend reached 100 %" in caplog.text
    assert BudgetAlert.objects.filter(meter="audio").count() == 4


def test_spend_by_month_sums_the_meters_own_units():
    spend("1.00", characters=1000)
    spend("2.00", characters=2000)
    spend("0.50", characters=500, days_ago=40)
    this_month, last_month = services.monthly_spend(METER, ["characters"])
    assert (this_month.calls, this_month.cost_usd, this_month.characters) == (
        2,
        Decimal("3.000000"),
        3000,
    )
    assert this_month.percent_of_budget == Decimal("30.0")
    assert (last_month.calls, last_month.totals) == (1, {"characters": 500})
