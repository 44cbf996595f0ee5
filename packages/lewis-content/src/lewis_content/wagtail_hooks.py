"""What editors see of this package in the Wagtail admin (/cms/)."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from lewis_content.models import Work


class WorkViewSet(SnippetViewSet):
    model = Work
    icon = "doc-full"
    menu_label = "Works"
    add_to_admin_menu = True
    list_display = ["title", "form", "year"]
    list_filter = ["form"]
    search_fields = ["title"]


register_snippet(WorkViewSet)
