"""Audio readings in the CMS: each passage's reading (status, error, a player, "Try again"),
the passage listing's Audio column and filter, and "Generate missing audio" for a work, which
says what it will bill before it runs (reading/narration.py does the work)."""

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.views.decorators.http import require_POST
from wagtail.admin.panels import Panel

from lewis_audio import services as audio
from lewis_content.library.models import Passage, Work
from lewis_content.reading.models import PassageSnapshot
from lewis_content.reading.narration import ask_for_readings, reading_of, readings_wanted

# Asking for readings spends money: editors who may change passages may.
PERMISSION = "lewis_content.change_passage"
STATUSES = [("none", "No reading"), *((s, s.capitalize()) for s in audio.AUDIO_STATUSES)]


def with_audio_status(passages):
    """Annotate `audio_status`: the status of each passage's reading, NULL for none."""
    # The key's subquery sits inside status_of's: its outer query is two levels up.
    key = Subquery(
        PassageSnapshot.objects.filter(passage_id=OuterRef(OuterRef("pk"))).values("audio_key")
    )
    return passages.annotate(audio_status=audio.status_of(key))


def audio_statuses(passage_ids) -> dict[int, str | None]:
    """Each passage's reading status, for the rows of one listing page: the listing pages
    first and asks after, so it is not annotated over every passage before paging."""
    passages = with_audio_status(Passage.objects.filter(pk__in=passage_ids).order_by())
    return dict(passages.values_list("pk", "audio_status"))


def audio_status_filter() -> django_filters.ChoiceFilter:
    """For the passage listing's filters: its filter set's `filter_audio` applies it."""
    return django_filters.ChoiceFilter(label="Audio", choices=STATUSES, method="filter_audio")


def by_audio_status(passages, status: str):
    passages = with_audio_status(passages)
    if status == "none":
        return passages.filter(audio_status__isnull=True)
    return passages.filter(audio_status=status)


def audio_status_cell(passage: Passage) -> str:
    return passage.audio_status or "-"


class AudioPanel(Panel):
    """The passage's reading: where it stands, why it failed, a player once ready."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "lewis_content/panels/audio.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            passage = self.instance
            context["speaks"] = audio.speaks()
            context["allowed"] = passage.pk is not None and passage.work.audio_allowed
            key, state = reading_of(passage) if passage.pk else ("", None)
            context["key"], context["state"] = key, state
            if state is not None and state.status in ("failed", "paused"):
                context["retry_url"] = reverse("lewis_audio_retry", args=[passage.pk])
            return context


@require_POST
def retry(request, passage_id: int):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    passage = get_object_or_404(Passage, pk=passage_id)
    key, state = reading_of(passage)
    if state is not None and state.status in ("failed", "paused"):
        ask_for_readings([(passage.pk, key)])
        messages.success(request, f"The reading of '{passage}' is asked for again.")
    else:
        messages.warning(request, f"'{passage}' has no failed or paused reading to try again.")
    return redirect("wagtailsnippets_lewis_content_passage:edit", passage.pk)


def generate_missing(request, work_id: int):
    """GET: what the work's missing readings will bill; POST: ask for them."""
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    work = get_object_or_404(Work, pk=work_id)
    wanted = readings_wanted(work) if work.audio_allowed and audio.speaks() else []
    characters = sum(c for _, _, c in wanted)
    if request.method == "POST" and wanted:
        ask_for_readings([(pk, key) for pk, key, _ in wanted])
        messages.success(
            request,
            f"{len(wanted)} readings of '{work}' asked for ({characters:,} characters, about "
            f"${audio.cost_of_characters(characters)}).",
        )
        return redirect("wagtailsnippets_lewis_content_work:list")
    context = {
        "work": work,
        "speaks": audio.speaks(),
        "passages": len(wanted),
        "characters": characters,
        "cost": audio.cost_of_characters(characters),
    }
    return TemplateResponse(request, "lewis_content/audio/generate_missing.html", context)


def generate_missing_link(work: Work) -> str:
    if not work.audio_allowed:
        return "Rights forbid audio"
    url = reverse("lewis_audio_generate_missing", args=[work.pk])
    return format_html('<a href="{}">Generate missing audio</a>', url)


def admin_urls() -> list:
    return [
        path("audio/passages/<int:passage_id>/retry/", retry, name="lewis_audio_retry"),
        path(
            "audio/works/<int:work_id>/generate/",
            generate_missing,
            name="lewis_audio_generate_missing",
        ),
    ]
