"""The taxonomy in the CMS (editors add axes and tags without a deploy), and the AI spend report."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from lewis_spend.views import ReportMenuItem, report_urls
from lewis_tagging.models import Axis, Tag
from lewis_tagging.views import AISpendReportView


class AxisViewSet(SnippetViewSet):
    model = Axis
    icon = "list-ul"
    list_display = ["label", "slug", "ranking_weight", "position"]
    search_fields = ["label"]


class TagViewSet(SnippetViewSet):
    model = Tag
    icon = "tag"
    list_display = ["label", "axis", "slug"]
    list_filter = ["axis"]
    search_fields = ["label", "keywords"]
    list_per_page = 50


class TaxonomyGroup(SnippetViewSetGroup):
    menu_label = "Taxonomy"
    menu_icon = "tag"
    menu_order = 210
    items = (TagViewSet, AxisViewSet)


register_snippet(TaxonomyGroup)


@hooks.register("register_admin_urls")
def register_ai_spend_urls():
    return report_urls(AISpendReportView, "ai-spend")


@hooks.register("register_reports_menu_item")
def register_ai_spend_menu_item():
    return ReportMenuItem(AISpendReportView, name="ai-spend", icon_name="tag", order=1300)
