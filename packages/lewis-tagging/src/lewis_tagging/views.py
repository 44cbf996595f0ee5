"""The CMS report of AI spend by month: calls, tokens, cost and share of the budget."""

from wagtail.admin.ui.tables import Column, NumberColumn
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies import ModelPermissionPolicy

from lewis_tagging.conf import monthly_budget
from lewis_tagging.models import AIUsage
from lewis_tagging.usage import MonthlySpend, monthly_spend, spend_in_month

# Superusers, and groups given "Can view AI usage record".
spend_permission_policy = ModelPermissionPolicy(AIUsage)


def _percent(row: MonthlySpend) -> str:
    share = row.percent_of_budget
    return "-" if share is None else f"{share} %"


class AISpendReportView(ReportView):
    page_title = "AI spend"
    header_icon = "tag"
    index_url_name = "lewis_tagging_ai_spend"
    index_results_url_name = "lewis_tagging_ai_spend_results"
    permission_policy = spend_permission_policy
    permission_required = "view"
    paginate_by = 24
    columns = [
        Column("month", label="Month", accessor=lambda r: f"{r.month:%B %Y}"),
        NumberColumn("calls", label="Calls"),
        NumberColumn("input_tokens", label="Input tokens"),
        NumberColumn("output_tokens", label="Output tokens"),
        NumberColumn("cache_read_tokens", label="Cache-read tokens"),
        NumberColumn("cache_creation_tokens", label="Cache-write tokens"),
        Column("cost_usd", label="Cost (USD)", accessor=lambda r: f"${r.cost_usd:,.2f}"),
        Column("percent_of_budget", label="% of budget", accessor=_percent),
    ]
    list_export = [
        "month",
        "calls",
        "input_tokens",
        "output_tokens",
        "cache_read_tokens",
        "cache_creation_tokens",
        "cost_usd",
        "percent_of_budget",
    ]
    export_headings = {
        "month": "Month",
        "calls": "Calls",
        "input_tokens": "Input tokens",
        "output_tokens": "Output tokens",
        "cache_read_tokens": "Cache-read tokens",
        "cache_creation_tokens": "Cache-write tokens",
        "cost_usd": "Cost (USD)",
        "percent_of_budget": "% of budget",
    }

    def get_queryset(self):
        return monthly_spend()

    def get_page_subtitle(self):
        budget, spend = monthly_budget(), spend_in_month()
        return f"This month ${spend:,.2f} of a ${budget:,.2f} monthly budget"

    def get_filename(self):
        return "ai-spend"
