"""Paid model calls: what each cost, recorded as AIUsage rows; this month's spend against the
budget, alerts and the report are lewis_spend's, shared with audio readings."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ImproperlyConfigured

from lewis_spend import services as spend
from lewis_tagging.conf import monthly_budget, tagging_settings
from lewis_tagging.models import AIUsage
from lewis_tagging.types import ModelUsage

MILLION = Decimal(1_000_000)
MICRODOLLAR = Decimal("0.000001")


def prices_for(model: str) -> dict[str, Decimal]:
    """USD per million tokens for a model, from LEWIS_TAGGING["PRICES"]."""
    prices = tagging_settings()["PRICES"].get(model)
    if prices is None:
        raise ImproperlyConfigured(f"LEWIS_TAGGING['PRICES'] has no prices for {model!r}.")
    return {
        key: Decimal(str(prices[key])) for key in ("INPUT", "OUTPUT", "CACHE_READ", "CACHE_WRITE")
    }


def cost_of(usage: ModelUsage) -> Decimal:
    """The call's cost in USD. Anthropic reports cached tokens apart from `input_tokens`, so
    the four counts are disjoint and each is billed at its own rate."""
    prices = prices_for(usage.model)
    total = (
        usage.input_tokens * prices["INPUT"]
        + usage.output_tokens * prices["OUTPUT"]
        + usage.cache_read_tokens * prices["CACHE_READ"]
        + usage.cache_creation_tokens * prices["CACHE_WRITE"]
    ) / MILLION
    return total.quantize(MICRODOLLAR)


# AI tag drafting as lewis_spend meters it: spend, the stop at the budget, alerts, the report.
AI = spend.Meter(
    slug="ai",
    label="AI",
    usage=AIUsage,
    budget=monthly_budget,
    alert_percents=lambda: tagging_settings()["BUDGET_ALERT_PERCENTS"],
    at_the_cap="Paid drafting has stopped until next month; the offline drafter is used.",
)
TOKENS = ["input_tokens", "output_tokens", "cache_read_tokens", "cache_creation_tokens"]


def spend_in_month(day: date | None = None) -> Decimal:
    """Recorded AI spend in the month of `day` (this month by default)."""
    return spend.spend_in_month(AI, day)


def budget_spent() -> bool:
    """True once this month's spend has reached the budget: paid calls stop until next month."""
    return spend.budget_spent(AI)


def record_usage(usage: ModelUsage, *, drafter: str, purpose: str = "") -> AIUsage:
    """Record one model call with its cost, then alert on any budget threshold it crossed."""
    row = AIUsage.objects.create(
        drafter=drafter,
        model=usage.model,
        input_tokens=usage.input_tokens,
        output_tokens=usage.output_tokens,
        cache_read_tokens=usage.cache_read_tokens,
        cache_creation_tokens=usage.cache_creation_tokens,
        cost_usd=cost_of(usage),
        purpose=purpose[:200],
    )
    alert_on_budget_thresholds()
    return row


def alert_on_budget_thresholds() -> list[int]:
    return spend.alert_on_budget_thresholds(AI)


def monthly_spend() -> list[spend.MonthlySpend]:
    """Calls, tokens and cost per month (site time zone), newest month first."""
    return spend.monthly_spend(AI, TOKENS)
