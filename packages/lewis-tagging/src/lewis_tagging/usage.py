"""Paid model calls: what each cost, this month's spend against the budget, budget alerts."""

import logging
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.core.exceptions import ImproperlyConfigured
from django.core.mail import mail_admins
from django.db import IntegrityError, transaction
from django.db.models import Count, Sum
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from lewis_tagging.conf import monthly_budget, tagging_settings
from lewis_tagging.models import AIBudgetAlert, AIUsage
from lewis_tagging.types import ModelUsage

log = logging.getLogger(__name__)

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


def month_start(day: date) -> date:
    return day.replace(day=1)


def _month_bounds(first: date) -> tuple[datetime, datetime]:
    following = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
    tz = timezone.get_current_timezone()
    return (
        timezone.make_aware(datetime.combine(first, time.min), tz),
        timezone.make_aware(datetime.combine(following, time.min), tz),
    )


def spend_in_month(day: date | None = None) -> Decimal:
    """Recorded spend in the month of `day` (this month by default), in the site's time zone."""
    start, end = _month_bounds(month_start(day or timezone.localdate()))
    total = AIUsage.objects.filter(created_at__gte=start, created_at__lt=end).aggregate(
        total=Sum("cost_usd")
    )["total"]
    return total or Decimal(0)


def budget_spent() -> bool:
    """True once this month's spend has reached the budget: paid calls stop until next month."""
    return spend_in_month() >= monthly_budget()


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
    """Alert admins (WARNING log and mail_admins) for each threshold this month's spend has
    reached and that has not alerted this month yet; returns the thresholds alerted now."""
    budget = monthly_budget()
    if budget <= 0:
        return []
    month = month_start(timezone.localdate())
    spend = spend_in_month()
    alerted = []
    for percent in sorted(tagging_settings()["BUDGET_ALERT_PERCENTS"]):
        if spend * 100 < budget * percent:
            break
        if AIBudgetAlert.objects.filter(month=month, threshold=percent).exists():
            continue
        try:
            with transaction.atomic():
                AIBudgetAlert.objects.create(
                    month=month, threshold=percent, spend_usd=spend, budget_usd=budget
                )
        except IntegrityError:  # another worker recorded it first
            continue
        alerted.append(percent)
        _send_alert(percent, spend, budget, month)
    return alerted


def _send_alert(percent: int, spend: Decimal, budget: Decimal, month: date) -> None:
    subject = f"AI spend reached {percent} % of the {month:%B %Y} budget"
    message = (
        f"AI tag drafting has spent ${spend:.2f} of this month's ${budget:.2f} budget "
        f"({spend / budget:.0%})."
    )
    if percent >= 100:
        message += " Paid drafting has stopped until next month; the offline drafter is used."
    log.warning("%s: %s", subject, message)
    try:
        mail_admins(subject, message)
    except Exception:  # a mail outage must not stop drafting; the log line above stands
        log.exception("Could not mail the AI budget alert to the admins.")


@dataclass(frozen=True)
class MonthlySpend:
    month: date
    calls: int
    input_tokens: int
    output_tokens: int
    cache_read_tokens: int
    cache_creation_tokens: int
    cost_usd: Decimal
    budget_usd: Decimal  # the budget as configured now

    @property
    def percent_of_budget(self) -> Decimal | None:
        if self.budget_usd <= 0:
            return None
        return (self.cost_usd * 100 / self.budget_usd).quantize(Decimal("0.1"))


def monthly_spend() -> list[MonthlySpend]:
    """Calls, tokens and cost per month (site time zone), newest month first."""
    budget = monthly_budget()
    rows = (
        AIUsage.objects.annotate(month=TruncMonth("created_at"))
        .values("month")
        .annotate(
            calls=Count("id"),
            input=Coalesce(Sum("input_tokens"), 0),
            output=Coalesce(Sum("output_tokens"), 0),
            cache_read=Coalesce(Sum("cache_read_tokens"), 0),
            cache_creation=Coalesce(Sum("cache_creation_tokens"), 0),
            cost=Sum("cost_usd"),
        )
        .order_by("-month")
    )
    return [
        MonthlySpend(
            month=r["month"].date(),  # truncated in the site's time zone already
            calls=r["calls"],
            input_tokens=r["input"],
            output_tokens=r["output"],
            cache_read_tokens=r["cache_read"],
            cache_creation_tokens=r["cache_creation"],
            cost_usd=(r["cost"] or Decimal(0)).quantize(MICRODOLLAR),
            budget_usd=budget,
        )
        for r in rows
    ]
