"""Reflection moderation in the Wagtail admin, where moderators already work: a queue filtered
by status, oldest first, where a moderator approves or hides each reflection."""

from django import forms
from wagtail.admin.panels import FieldPanel, HelpPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import EditView, SnippetViewSet

from lewis_accounts import services
from lewis_accounts.models import Reflection


class ModerateView(EditView):
    def save_instance(self):
        reflection = self.form.save(commit=False)
        return services.moderate_reflection(reflection, reflection.status, self.request.user)


class ReflectionViewSet(SnippetViewSet):
    model = Reflection
    icon = "comment"
    menu_label = "Reflections"
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["__str__", "status", "passage_id", "created_at", "moderated_at"]
    list_filter = ["status"]
    ordering = ["created_at"]
    edit_view_class = ModerateView
    panels = [
        HelpPanel(
            content="Readers write reflections as plain text. Hidden reflections stay visible "
            "to their author only, marked as hidden."
        ),
        FieldPanel("text", read_only=True),
        FieldPanel("status", widget=forms.RadioSelect),
    ]


register_snippet(ReflectionViewSet)
