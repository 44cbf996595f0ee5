"""Curation in the Wagtail admin: daily drops and podcasts (pages edit in the page tree, and
follow their publish and unpublish: sync/signals.py)."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from wagtail.admin.menu import MenuItem

from lewis_content.cms.following import FollowingViewSet
from lewis_content.curation.schedule import DailyDrop, Podcast, PodcastEpisode
from lewis_content.library.models import Passage, PassageTag, Register


class DailyDropViewSet(FollowingViewSet):
    model = DailyDrop
    icon = "date"
    list_display = ["date", "register", "passage"]
    list_filter = ["register"]
    ordering = ["date"]


class PodcastViewSet(FollowingViewSet):
    model = Podcast
    icon = "media"


class PodcastEpisodeViewSet(FollowingViewSet):
    model = PodcastEpisode
    icon = "media"
    list_display = ["title", "podcast", "number", "published_on"]
    list_filter = ["podcast"]
    search_fields = ["title"]


# The month ahead: each register's drop for each of the next 30 days, gaps and problems marked.

DAYS_AHEAD = 30


@dataclass(frozen=True)
class DropCell:
    drop: DailyDrop | None
    problem: str  # why readers would not get it, "" when they would


def drops_ahead(start: date, days: int = DAYS_AHEAD) -> tuple[list, list]:
    """(registers, rows): one row per day, one cell per register."""
    registers = list(Register.objects.order_by("position", "label"))
    end = start + timedelta(days=days)
    drops = {
        (d.date, d.register_id): d
        for d in DailyDrop.objects.filter(date__gte=start, date__lt=end).select_related("passage")
    }
    published = set(
        Passage.objects.published()
        .filter(pk__in=[d.passage_id for d in drops.values()])
        .values_list("pk", flat=True)
    )
    unreviewed = set(
        PassageTag.objects.filter(
            passage_id__in=published, status=PassageTag.Status.SUGGESTED
        ).values_list("passage_id", flat=True)
    )

    def cell(drop: DailyDrop | None) -> DropCell:
        if drop is None:
            return DropCell(None, "No drop: today's pick is made for readers")
        if drop.passage_id not in published:
            return DropCell(drop, "Not published: readers get another passage")
        if drop.passage_id in unreviewed:
            return DropCell(drop, "Tags awaiting review")
        return DropCell(drop, "")

    rows = [
        (day, [cell(drops.get((day, r.pk))) for r in registers])
        for day in (start + timedelta(days=n) for n in range(days))
    ]
    return registers, rows


def schedule_ahead(request):
    if not request.user.has_perm("lewis_content.view_dailydrop"):
        raise PermissionDenied
    registers, rows = drops_ahead(timezone.localdate())
    gaps = sum(1 for _, cells in rows for c in cells if c.problem)
    context = {"registers": registers, "rows": rows, "gaps": gaps, "days": DAYS_AHEAD}
    return TemplateResponse(request, "lewis_content/schedule_ahead.html", context)


class ScheduleAheadMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("lewis_content.view_dailydrop")


def admin_urls() -> list:
    return [path("schedule/ahead/", schedule_ahead, name="lewis_schedule_ahead")]
