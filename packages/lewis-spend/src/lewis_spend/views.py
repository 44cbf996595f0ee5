"""The CMS report of one paid service's spend by month: calls, its own units, cost and share of
the budget. Each service subclasses it with its meter and units, and registers it."""

from django.urls import path, reverse
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, NumberColumn
from wagtail.admin.views.reports import ReportView

from lewis_spend.services import Meter, MonthlySpend, monthly_spend, spend_in_month


def _percent(row: MonthlySpend) -> str:
    share = row.percent_of_budget
    return "-" if share is None else f"{share} %"


class SpendReportView(ReportView):
    meter: Meter
    units: dict[str, str] = {}  # usage model field -> column heading, summed per month
    paginate_by = 24
    permission_required = "view"

    @property
    def columns(self):
        return [
            Column("month", label="Month", accessor=lambda r: f"{r.month:%B %Y}"),
            NumberColumn("calls", label="Calls"),
            *(
                NumberColumn(name, label=label, accessor=lambda r, name=name: r.totals[name])
                for name, label in self.units.items()
            ),
            Column("cost_usd", label="Cost (USD)", accessor=lambda r: f"${r.cost_usd:,.2f}"),
            Column("percent_of_budget", label="% of budget", accessor=_percent),
        ]

    @property
    def list_export(self):
        return ["month", "calls", *self.units, "cost_usd", "percent_of_budget"]

    @property
    def export_headings(self):
        headings = {"month": "Month", "calls": "Calls", **self.units}
        return {**headings, "cost_usd": "Cost (USD)", "percent_of_budget": "% of budget"}

    def get_queryset(self):
        return monthly_spend(self.meter, list(self.units))

    def get_page_subtitle(self):
        budget, spend = self.meter.budget(), spend_in_month(self.meter)
        return f"This month ${spend:,.2f} of a ${budget:,.2f} monthly budget"


def report_urls(view: type[SpendReportView], slug: str) -> list:
    """For a `register_admin_urls` hook: the report at /cms/reports/<slug>/."""
    return [
        path(f"reports/{slug}/", view.as_view(), name=view.index_url_name),
        path(
            f"reports/{slug}/results/",
            view.as_view(results_only=True),
            name=view.index_results_url_name,
        ),
    ]


class ReportMenuItem(MenuItem):
    """Shown to those allowed to view the report's usage rows."""

    def __init__(self, view: type[SpendReportView], *args, **kwargs):
        self.view = view
        super().__init__(view.page_title, reverse(view.index_url_name), *args, **kwargs)

    def is_shown(self, request):
        return self.view.permission_policy.user_has_permission(request.user, "view")
