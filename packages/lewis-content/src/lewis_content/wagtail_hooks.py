"""What editors see of the content graph in the Wagtail admin (/cms/)."""

import django_filters
from django.contrib import messages
from django.db.models import Count, Exists, OuterRef
from django.shortcuts import redirect
from django.template.defaultfilters import pluralize
from django.urls import include, path, reverse
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import (
    CreateView,
    DeleteView,
    SnippetViewSet,
    SnippetViewSetGroup,
)

from lewis_content import editorial, review_views
from lewis_content.models import (
    Chapter,
    DailyDrop,
    Passage,
    PassageTag,
    Podcast,
    PodcastEpisode,
    Register,
    Work,
)
from lewis_content.models.review import publish_blocker


def passages_link(work: Work) -> str:
    url = reverse("wagtailsnippets_lewis_content_passage:list")
    return format_html('<a href="{}?work={}">{} passages</a>', url, work.pk, work.passage_count)


class WorkDeleteView(DeleteView):
    """A work that still has passages is not deleted: say why and show the passages."""

    def dispatch(self, request, *args, **kwargs):
        count = self.object.passages.count()
        if count:
            messages.error(
                request,
                f"'{self.object}' cannot be deleted: it still has {count} "
                f"passage{pluralize(count)}. Delete them or move them to another work first.",
            )
            url = reverse("wagtailsnippets_lewis_content_passage:list")
            return redirect(f"{url}?work={self.object.pk}")
        return super().dispatch(request, *args, **kwargs)


class WorkViewSet(SnippetViewSet):
    model = Work
    delete_view_class = WorkDeleteView
    icon = "doc-full"
    list_display = ["title", "form", "year", Column("passages", accessor=passages_link), "live"]
    list_filter = ["form", "live", "audio_allowed"]
    search_fields = ["title"]

    def get_queryset(self, request):
        # Meta.ordering does not apply to aggregate queries, hence the explicit order.
        return Work.objects.annotate(passage_count=Count("passages")).order_by("year", "title")


class ChapterViewSet(SnippetViewSet):
    model = Chapter
    icon = "list-ol"
    list_display = ["__str__", "work", "number"]
    list_filter = ["work"]
    search_fields = ["title"]
    list_per_page = 50


class PassageFilterSet(WagtailFilterSet):
    unreviewed = django_filters.BooleanFilter(
        label="Has unreviewed tags", method="filter_unreviewed"
    )

    class Meta:
        model = Passage
        fields = ["work", "register", "provenance", "live"]

    def filter_unreviewed(self, queryset, name, value):
        suggested = PassageTag.objects.filter(
            passage=OuterRef("pk"), status=PassageTag.Status.SUGGESTED
        )
        return queryset.filter(Exists(suggested) if value else ~Exists(suggested))


class PassageViewSet(SnippetViewSet):
    model = Passage
    icon = "openquote"
    list_display = ["title", "work", "position", "register", "provenance", "live"]
    filterset_class = PassageFilterSet
    search_fields = ["title"]
    list_per_page = 50
    ordering = ["work", "position"]


class PassageTagCreateView(CreateView):
    """Opened from a passage's Tags panel with ?passage=<id>: that passage is preselected."""

    def get_initial(self):
        return {**super().get_initial(), "passage": self.request.GET.get("passage")}


class PassageTagViewSet(SnippetViewSet):
    """Reached from a passage's Tags panel; not in the menu."""

    model = PassageTag
    add_to_admin_menu = False
    list_display = ["tag", "passage", "status", "source", "confidence"]
    list_filter = ["status", "source"]
    add_view_class = PassageTagCreateView


class RegisterViewSet(SnippetViewSet):
    model = Register
    icon = "comment"
    list_display = ["label", "slug", "position"]


class DailyDropViewSet(SnippetViewSet):
    model = DailyDrop
    icon = "date"
    list_display = ["date", "register", "passage"]
    list_filter = ["register"]
    ordering = ["date"]


class PodcastViewSet(SnippetViewSet):
    model = Podcast
    icon = "media"


class PodcastEpisodeViewSet(SnippetViewSet):
    model = PodcastEpisode
    icon = "media"
    list_display = ["title", "podcast", "number", "published_on"]
    list_filter = ["podcast"]
    search_fields = ["title"]


class LibraryGroup(SnippetViewSetGroup):
    menu_label = "Library"
    menu_icon = "doc-full-inverse"
    menu_order = 200
    items = (WorkViewSet, PassageViewSet, ChapterViewSet, RegisterViewSet)


class ScheduleGroup(SnippetViewSetGroup):
    menu_label = "Schedule"
    menu_icon = "date"
    menu_order = 220
    items = (DailyDropViewSet, PodcastViewSet, PodcastEpisodeViewSet)


register_snippet(LibraryGroup)
register_snippet(ScheduleGroup)
register_snippet(PassageTagViewSet)


# Tag review: the queue, the dashboard panel, the review actions and the publish check.

review_urls = [
    path("", review_views.review_queue, name="queue"),
    path("tags/<int:assignment_id>/<str:decision>/", review_views.review_tag, name="review_tag"),
    path("passages/<int:passage_id>/draft-again/", review_views.draft_again, name="draft_again"),
    path("passages/<int:passage_id>/<str:decision>/", review_views.review_all, name="review_all"),
]


@hooks.register("register_admin_urls")
def register_review_urls():
    return [path("tag-review/", include((review_urls, "lewis_tag_review")))]


class ReviewMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(review_views.REVIEW_PERMISSION)


@hooks.register("register_admin_menu_item")
def register_review_menu_item():
    return ReviewMenuItem(
        "Tag review", reverse("lewis_tag_review:queue"), icon_name="tag", order=210
    )


class TagReviewPanel(Component):
    name = "tag_review"
    order = 50
    template_name = "lewis_content/review/dashboard_panel.html"

    def get_context_data(self, parent_context=None):
        queue = editorial.passages_needing_review()
        return {"passages": list(queue[:10]), "total": queue.count()}


@hooks.register("construct_homepage_panels")
def add_tag_review_panel(request, panels):
    if request.user.has_perm(review_views.REVIEW_PERMISSION):
        panels.insert(0, TagReviewPanel())


@hooks.register("before_publish")
def refuse_publish_with_unreviewed_tags(request, obj):
    """Publishing directly (with the publish permission) waits for tag review too."""
    if isinstance(obj, Passage) and (blocker := publish_blocker(obj.pk)):
        messages.error(
            request,
            f"'{obj}' was saved as a draft but not published: {blocker}. "
            "Review its tags (Tags panel), then publish.",
        )
        return redirect(review_views.edit_url(obj.pk))
    return None
