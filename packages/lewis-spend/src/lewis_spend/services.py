"""The public surface of lewis_spend: what a paid service spent, against its monthly budget.

A service (AI tag drafting, audio readings) records each paid call in its own usage model (any
model with `created_at` and `cost_usd`) and describes itself as a `Meter`. Here, shared by all:
this month's spend, the stop at the budget, alerts to admins at shares of it (each once a month,
also in the log), and spend by month for the CMS report.
"""

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.core.mail import mail_admins
from django.db import IntegrityError, models, transaction
from django.db.models import Count, Sum
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from lewis_spend.models import BudgetAlert

__all__ = [
    "Meter",
    "MonthlySpend",
    "alert_on_budget_thresholds",
    "budget_spent",
    "month_start",
    "monthly_spend",
    "spend_in_month",
]

log = logging.getLogger(__name__)
MICRODOLLAR = Decimal("0.000001")


@dataclass(frozen=True)
class Meter:
    slug: str  # names its alerts: "ai", "audio"
    label: str  # in alerts and reports: "AI", "Audio readings"
    usage: type[models.Model]  # one row per paid call, with `created_at` and `cost_usd`
    budget: Callable[[], Decimal]  # this month's budget in USD, as configured now
    alert_percents: Callable[[], Sequence[int]] = lambda: (50, 80, 95, 100)
    at_the_cap: str = ""  # what stops once the budget is spent, said in the 100 % alert


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_bounds(first: date) -> tuple[datetime, datetime]:
    following = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
    tz = timezone.get_current_timezone()
    return (
        timezone.make_aware(datetime.combine(first, time.min), tz),
        timezone.make_aware(datetime.combine(following, time.min), tz),
    )


def spend_in_month(meter: Meter, day: date | None = None) -> Decimal:
    """Recorded spend in the month of `day` (this month by default), in the site's time zone."""
    start, end = month_bounds(month_start(day or timezone.localdate()))
    total = meter.usage.objects.filter(created_at__gte=start, created_at__lt=end).aggregate(
        total=Sum("cost_usd")
    )["total"]
    return total or Decimal(0)


def budget_spent(meter: Meter) -> bool:
    """True once this month's spend has reached the budget: paid calls stop until next month."""
    return spend_in_month(meter) >= meter.budget()


def alert_on_budget_thresholds(meter: Meter) -> list[int]:
    """Alert admins (WARNING log and mail_admins) for each threshold this month's spend has
    reached and that has not alerted this month yet; returns the thresholds alerted now."""
    budget = meter.budget()
    if budget <= 0:
        return []
    month = month_start(timezone.localdate())
    spend = spend_in_month(meter)
    alerted = []
    for percent in sorted(meter.alert_percents()):
        if spend * 100 < budget * percent:
            break
        sent = BudgetAlert.objects.filter(meter=meter.slug, month=month, threshold=percent)
        if sent.exists():
            continue
        try:
            with transaction.atomic():
                BudgetAlert.objects.create(
                    meter=meter.slug,
                    month=month,
                    threshold=percent,
                    spend_usd=spend,
                    budget_usd=budget,
                )
        except IntegrityError:  # another worker recorded it first
            continue
        alerted.append(percent)
        _send_alert(meter, percent, spend, budget, month)
    return alerted


def _send_alert(meter: Meter, percent: int, spend: Decimal, budget: Decimal, month: date) -> None:
    subject = f"{meter.label} spend reached {percent} % of the {month:%B %Y} budget"
    message = (
        f"{meter.label} has spent ${spend:.2f} of this month's ${budget:.2f} budget "
        f"({spend / budget:.0%})."
    )
    if percent >= 100 and meter.at_the_cap:
        message += f" {meter.at_the_cap}"
    log.warning("%s: %s", subject, message)
    try:
        mail_admins(subject, message)
    except Exception:  # a mail outage must not stop the service; the log line above stands
        log.exception("Could not mail the budget alert to the admins.")


@dataclass(frozen=True)
class MonthlySpend:
    month: date
    calls: int
    cost_usd: Decimal
    budget_usd: Decimal  # the budget as configured now
    totals: dict[str, int] = field(default_factory=dict)  # the meter's own units, summed

    def __getattr__(self, name: str) -> int:  # a meter's own units, for exports
        totals = self.__dict__.get("totals", {})
        if name in totals:
            return totals[name]
        raise AttributeError(name)

    @property
    def percent_of_budget(self) -> Decimal | None:
        if self.budget_usd <= 0:
            return None
        return (self.cost_usd * 100 / self.budget_usd).quantize(Decimal("0.1"))


def monthly_spend(meter: Meter, totals: Sequence[str] = ()) -> list[MonthlySpend]:
    """Calls, cost and the given usage fields summed, per month (site time zone), newest first."""
    budget = meter.budget()
    rows = (
        meter.usage.objects.annotate(month=TruncMonth("created_at"))
        .values("month")
        .annotate(
            calls=Count("id"),
            cost=Sum("cost_usd"),
            **{f"total_{name}": Coalesce(Sum(name), 0) for name in totals},
        )
        .order_by("-month")
    )
    return [
        MonthlySpend(
            month=r["month"].date(),  # truncated in the site's time zone already
            calls=r["calls"],
            cost_usd=(r["cost"] or Decimal(0)).quantize(MICRODOLLAR),
            budget_usd=budget,
            totals={name: r[f"total_{name}"] for name in totals},
        )
        for r in rows
    ]
