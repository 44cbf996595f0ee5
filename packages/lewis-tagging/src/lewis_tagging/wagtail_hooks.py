"""The taxonomy in the CMS: editors add axes and tags without a deploy."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from lewis_tagging.models import Axis, Tag


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
