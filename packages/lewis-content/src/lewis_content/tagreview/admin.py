"""Tag review in the Wagtail admin: tag assignments, the queue and its menu item, the dashboard
panel, the review URLs, and the publish check."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import include, path, reverse
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic import CopyViewMixin
from wagtail.snippets.views.snippets import CreateView, DeleteView, EditView, SnippetViewSet

from lewis_content.library.models import Passage, PassageTag
from lewis_content.tagreview import drafting, views
from lewis_content.tagreview.forms import PassageTagForm
from lewis_content.tagreview.models import publish_blocker

# Adding, editing or deleting a tag by hand changes the review rows only (readers see the tags of
# the passage's last publish); each view goes back to the passage, where the editor came from.


class BackToPassage:
    def get_success_url(self):
        return reverse("wagtailsnippets_lewis_content_passage:edit", args=[self.object.passage_id])


class PassageTagCreateView(BackToPassage, CreateView):
    """Opened from a passage's Tags panel with ?passage=<id>: that passage is preselected. A tag
    an editor adds is accepted by them unless they choose otherwise: a suggestion of their own
    would hold their passage's publishing."""

    def get_initial(self):
        initial = super().get_initial()
        initial["status"] = PassageTag.Status.ACCEPTED
        if passage := self.request.GET.get("passage"):
            initial["passage"] = passage
        return initial


class PassageTagCopyView(CopyViewMixin, PassageTagCreateView):
    pass


class PassageTagEditView(BackToPassage, EditView):
    pass


class PassageTagDeleteView(BackToPassage, DeleteView):
    pass


class PassageTagViewSet(SnippetViewSet):
    """Reached from a passage's Tags panel; not in the menu."""

    model = PassageTag
    add_to_admin_menu = False
    list_display = ["tag", "passage", "status", "source", "confidence"]
    list_filter = ["status", "source"]
    add_view_class = PassageTagCreateView
    copy_view_class = PassageTagCopyView
    edit_view_class = PassageTagEditView
    delete_view_class = PassageTagDeleteView
    edit_handler = ObjectList(
        ["passage", "tag", "status", "rationale"], base_form_class=PassageTagForm
    )


review_urls = [
    path("", views.review_queue, name="queue"),
    path("tags/<int:assignment_id>/<str:decision>/", views.review_tag, name="review_tag"),
    path("passages/<int:passage_id>/draft-again/", views.draft_again, name="draft_again"),
    path("passages/<int:passage_id>/<str:decision>/", views.review_all, name="review_all"),
]


def admin_urls() -> list:
    return [path("tag-review/", include((review_urls, "lewis_tag_review")))]


class ReviewMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(views.REVIEW_PERMISSION)


def menu_item() -> MenuItem:
    return ReviewMenuItem(
        "Tag review", reverse("lewis_tag_review:queue"), icon_name="tag", order=210
    )


class TagReviewPanel(Component):
    name = "tag_review"
    order = 50
    template_name = "lewis_content/review/dashboard_panel.html"

    def get_context_data(self, parent_context=None):
        queue = drafting.passages_needing_review()
        return {"passages": list(queue[:10]), "total": queue.count()}


def add_dashboard_panel(request, panels) -> None:
    if request.user.has_perm(views.REVIEW_PERMISSION):
        panels.insert(0, TagReviewPanel())


def warn_on_submit_with_unreviewed_tags(request, instance):
    """after_edit_snippet: a passage submitted to moderation with suggested tags goes, with a
    warning that "Approve" waits for their review."""
    if not (isinstance(instance, Passage) and request.POST.get("action-submit")):
        return
    waiting = instance.tag_assignments.filter(status=PassageTag.Status.SUGGESTED).count()
    if waiting:
        messages.warning(
            request,
            f"'{instance}' was submitted with {waiting} suggested tag{'s' * (waiting != 1)} "
            "unreviewed: a moderator reviews them before approving.",
        )


def refuse_tag_changes_in_moderation(request, target):
    """before_create_snippet (target: the model) and before_edit_snippet (the object): a
    passage's tags change only for whoever may act on it now (views.review_lock), by any path."""
    if isinstance(target, PassageTag):
        passage = target.passage
    elif target is PassageTag:
        chosen = request.POST.get("passage") or request.GET.get("passage") or ""
        passage = Passage.objects.filter(pk=chosen).first() if chosen.isdigit() else None
    else:
        return None
    if passage is not None and views.refused(request, passage):
        return redirect(views.edit_url(passage.pk))
    return None


def refuse_publish_with_unreviewed_tags(request, obj):
    """Publishing directly (with the publish permission) waits for tag review too."""
    if isinstance(obj, Passage) and (blocker := publish_blocker(obj.pk)):
        messages.error(
            request,
            f"'{obj}' was saved as a draft but not published: {blocker}. "
            "Review its tags (Tags panel), then publish.",
        )
        return redirect(views.edit_url(obj.pk))
    return None
