"""Moderation in the CMS, whatever is moderated (passages, pages).

"Submit" on something already in moderation (a double click, or a second editor whose form was
still open) made Wagtail answer 500, since an object has one workflow in progress. It is saved
as a draft instead, and the editor is told: nothing typed is lost, and the moderators' task goes
on.
"""

from django.contrib import messages
from wagtail.snippets.views.snippets import EditView


def already_in_moderation(request, obj) -> bool:
    if not getattr(obj, "workflow_in_progress", False):
        return False
    messages.warning(
        request,
        f"'{obj}' is already in moderation: your changes were saved as a draft, "
        "not submitted a second time.",
    )
    return True


def save_a_second_page_submission_as_a_draft(request, page):
    """before_edit_page: the page edit view reads the action after its hooks."""
    submitting = request.method == "POST" and "action-submit" in request.POST
    if submitting and already_in_moderation(request, page):
        as_draft = request.POST.copy()
        del as_draft["action-submit"]
        request.POST = as_draft


class SecondSubmissionIsADraftEditView(EditView):
    """Snippet edit views read the action before any hook runs: here."""

    def get_action(self, request):
        action = super().get_action(request)
        if action == "submit":
            edited = getattr(self, "object", None) or self.get_object()
            if already_in_moderation(request, edited):
                return "edit"
        return action
