"""The taxonomy in the CMS (editors add axes and tags without a deploy), and the AI spend report."""

from django import forms
from django.db.models import Q
from wagtail import hooks
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import ChooseResultsView, ChooseView, SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from lewis_spend.views import ReportMenuItem, report_urls
from lewis_tagging.models import Axis, Tag
from lewis_tagging.views import AISpendReportView


class AxisViewSet(SnippetViewSet):
    model = Axis
    icon = "list-ul"
    list_display = ["label", "slug", "ranking_weight", "position"]
    search_fields = ["label"]


class TagFilterForm(BaseFilterForm):
    """The tag chooser's search (label or keywords) and axis filter: a tag in a few keystrokes."""

    q = forms.CharField(
        label="Search", required=False, widget=forms.TextInput(attrs={"placeholder": "Search"})
    )
    axis = forms.ModelChoiceField(Axis.objects.all(), required=False)

    def filter(self, tags):
        tags = super().filter(tags)
        if axis := self.cleaned_data.get("axis"):
            tags = tags.filter(axis=axis)
        if query := self.cleaned_data.get("q"):
            tags = tags.filter(Q(label__icontains=query) | Q(keywords__icontains=query))
            self.is_searching, self.search_query = True, query
        return tags


class TagChooserViewSet(SnippetChooserViewSet):
    choose_view_class = type("ChooseView", (ChooseView,), {"filter_form_class": TagFilterForm})
    choose_results_view_class = type(
        "ChooseResultsView", (ChooseResultsView,), {"filter_form_class": TagFilterForm}
    )


class TagViewSet(SnippetViewSet):
    model = Tag
    chooser_viewset_class = TagChooserViewSet
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
