"""Wagtail admin views of the tag review loop: the queue, accept/reject, and "draft again"."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import pluralize
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from lewis_content.library.models import Passage, PassageTag
from lewis_content.tagreview import actions, drafting

REVIEW_PERMISSION = "lewis_content.change_passagetag"


def edit_url(passage_id: int) -> str:
    return reverse("wagtailsnippets_lewis_content_passage:edit", args=[passage_id])


def back(request, passage_id: int):
    """To `next` when it is a safe local URL, else to the passage's edit view."""
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = edit_url(passage_id)
    return redirect(target)


def check_reviewer(request) -> None:
    if not request.user.has_perm(REVIEW_PERMISSION):
        raise PermissionDenied("Reviewing tags needs the permission to change passage tags.")


def review_lock(passage: Passage, user) -> str | None:
    """Why `user` may not review this passage's tags now, or None. Wagtail's own lock decides:
    in moderation, only those who may act on the current task (the moderators) may change the
    passage, and its tags are part of what they decide on."""
    lock = passage.get_lock()
    if lock is not None and lock.for_user(user):
        return str(lock.get_message(user))
    return None


def refused(request, passage: Passage) -> bool:
    """Tells the user why, when the passage is locked for them (a keyboard user's Enter on a
    control the locked form dims still reaches here)."""
    reason = review_lock(passage, request.user)
    if reason:
        messages.error(request, f"Tags not reviewed: {reason}")
    return bool(reason)


def parse_decision(value: str) -> actions.Decision:
    try:
        return actions.Decision.parse(value)
    except ValueError as exc:
        raise PermissionDenied(str(exc)) from exc


@require_POST
def review_tag(request, assignment_id: int, decision: str):
    check_reviewer(request)
    assignment = get_object_or_404(PassageTag.objects.select_related("tag"), pk=assignment_id)
    if refused(request, assignment.passage):
        return back(request, assignment.passage_id)
    done = actions.review_tags(
        PassageTag.objects.filter(pk=assignment.pk), parse_decision(decision), request.user
    )
    if done:
        messages.success(request, f"'{assignment.tag.label}' {decision}ed.")
    else:
        messages.warning(request, f"'{assignment.tag.label}' was already reviewed.")
    return back(request, assignment.passage_id)


@require_POST
def review_all(request, passage_id: int, decision: str):
    check_reviewer(request)
    passage = get_object_or_404(Passage, pk=passage_id)
    if refused(request, passage):
        return back(request, passage.pk)
    done = actions.review_tags(
        passage.tag_assignments.all(), parse_decision(decision), request.user
    )
    messages.success(request, f"{done} suggested tag{pluralize(done)} {decision}ed.")
    return back(request, passage.pk)


@require_POST
def draft_again(request, passage_id: int):
    if not request.user.has_perm("lewis_content.change_passage"):
        raise PermissionDenied
    passage = get_object_or_404(Passage, pk=passage_id)
    if refused(request, passage):
        return back(request, passage.pk)
    actions.request_draft(passage, force=True)
    messages.success(request, f"New tag draft requested for '{passage}'.")
    return back(request, passage.pk)


def review_queue(request):
    """Passages with suggested tags, the longest waiting first."""
    check_reviewer(request)
    page = Paginator(drafting.passages_needing_review(), 50).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "lewis_content/review/queue.html",
        {"page": page, "passages": page.object_list, "header_title": "Tags to review"},
    )
