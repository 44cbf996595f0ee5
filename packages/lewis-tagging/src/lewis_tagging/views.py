"""The CMS report of AI spend by month: calls, tokens, cost and share of the budget."""

from wagtail.permission_policies import ModelPermissionPolicy

from lewis_spend.views import SpendReportView
from lewis_tagging.models import AIUsage
from lewis_tagging.usage import AI

# Superusers, and groups given "Can view AI usage record".
spend_permission_policy = ModelPermissionPolicy(AIUsage)


class AISpendReportView(SpendReportView):
    page_title = "AI spend"
    header_icon = "tag"
    index_url_name = "lewis_tagging_ai_spend"
    index_results_url_name = "lewis_tagging_ai_spend_results"
    permission_policy = spend_permission_policy
    meter = AI
    units = {
        "input_tokens": "Input tokens",
        "output_tokens": "Output tokens",
        "cache_read_tokens": "Cache-read tokens",
        "cache_creation_tokens": "Cache-write tokens",
    }

    def get_filename(self):
        return "ai-spend"
