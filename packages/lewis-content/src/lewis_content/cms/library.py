"""The library in the Wagtail admin: works, chapters, registers and passages.

Works and passages are draftable: what readers see follows their publish and unpublish
(sync/signals.py). Chapters and registers show on passages: their views re-render those.
"""

import django_filters
from django.contrib import messages
from django.db.models import Count, Exists, OuterRef, Prefetch, prefetch_related_objects
from django.shortcuts import redirect
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils.html import format_html
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import (
    FieldPanel,
    InlinePanel,
    MultiFieldPanel,
    Panel,
    PublishingPanel,
    TitleFieldPanel,
)
from wagtail.admin.ui.tables import Column, LiveStatusTagColumn
from wagtail.admin.widgets.slug import SlugInput
from wagtail.models import Revision, WorkflowState
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet
from wagtail.snippets.widgets import AdminSnippetChooser

from lewis_content.cms.audio import (
    AudioPanel,
    audio_status_cell,
    audio_status_filter,
    audio_statuses,
    by_audio_status,
    generate_missing_link,
)
from lewis_content.cms.choosers import ChapterFilterForm, PassageFilterForm, chooser_with
from lewis_content.cms.following import FollowingDeleteView, FollowingViewSet
from lewis_content.library.models import Chapter, Passage, PassageTag, Register, Work


def passages_link(work: Work) -> str:
    url = reverse("wagtailsnippets_lewis_content_passage:list")
    return format_html('<a href="{}?work={}">{} passages</a>', url, work.pk, work.passage_count)


class WorkDeleteView(FollowingDeleteView):
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
    """Draftable: readers follow a work's publish and unpublish (sync/signals.py)."""

    model = Work
    delete_view_class = WorkDeleteView
    icon = "doc-full"
    list_display = [
        "title",
        "form",
        "year",
        Column("passages", accessor=passages_link),
        LiveStatusTagColumn(),
        Column("audio", label="Audio", accessor=generate_missing_link),
    ]
    list_filter = ["form", "live", "audio_allowed"]
    search_fields = ["title"]
    panels = [
        MultiFieldPanel(
            [
                # Wagtail's own title-to-slug sync, as on pages: typing a new work's title fills
                # its slug; a live work's slug is left alone.
                TitleFieldPanel("title", placeholder=False),
                FieldPanel("slug", widget=SlugInput),
                "year",
                "form",
                "description",
            ],
            heading="Work",
        ),
        FieldPanel("cover_image"),
        MultiFieldPanel(["audio_allowed", "tier"], heading="Rights and access"),
        InlinePanel("source_links", heading="Where to buy it", label="Source"),
        PublishingPanel(),
    ]

    def get_queryset(self, request):
        # Meta.ordering does not apply to aggregate queries, hence the explicit order.
        return Work.objects.annotate(passage_count=Count("passages")).order_by("year", "title")


def passages_in_chapter(chapter: Chapter):
    return Passage.objects.filter(chapter_id=chapter.pk)


def passages_in_register(register: Register):
    return Passage.objects.filter(register_id=register.pk)


class ChapterViewSet(FollowingViewSet):
    model = Chapter
    chooser_viewset_class = chooser_with(ChapterFilterForm)
    touched = staticmethod(passages_in_chapter)
    icon = "list-ol"
    list_display = ["__str__", "work", "number"]
    list_filter = ["work"]
    search_fields = ["title"]
    list_per_page = 50


class PassageFilterSet(WagtailFilterSet):
    unreviewed = django_filters.BooleanFilter(
        label="Has unreviewed tags", method="filter_unreviewed"
    )
    audio = audio_status_filter()

    class Meta:
        model = Passage
        fields = ["work", "register", "provenance", "live"]

    def filter_audio(self, queryset, name, value):
        return by_audio_status(queryset, value)

    def filter_unreviewed(self, queryset, name, value):
        suggested = PassageTag.objects.filter(
            passage=OuterRef("pk"), status=PassageTag.Status.SUGGESTED
        )
        return queryset.filter(Exists(suggested) if value else ~Exists(suggested))


def passage_panels(*tag_panels: Panel) -> list:
    """The passage edit form; the tag review room adds its Tags panel (wagtail_hooks)."""
    return [
        "title",
        MultiFieldPanel(
            [
                "work",
                FieldPanel(
                    "chapter",
                    widget=AdminSnippetChooser(Chapter, linked_fields={"work": "#id_work"}),
                ),
                "position",
            ],
            heading="Place in the work",
        ),
        MultiFieldPanel(
            ["register", "provenance", "author_byline", "tier"], heading="Voice and source"
        ),
        FieldPanel("body"),
        *tag_panels,
        AudioPanel(heading="Audio reading"),
        PublishingPanel(),  # go-live and expiry: scheduled publishing
    ]


def show_on_listing_page(passages: list[Passage]) -> None:
    """Give one page of the passage listing what its Status and Audio columns read, in three
    queries for the page. Left to the columns, each row asks for its scheduled revision, its
    workflow and its reading one by one (150 queries for 50 rows); annotated on the queryset,
    they would be worked out for every passage the listing sorts, not the 50 it shows."""
    prefetch_related_objects(
        passages,
        # The attribute Wagtail's own page listings prefetch into (workflow_in_progress reads it).
        Prefetch(
            "workflow_states",
            queryset=WorkflowState.objects.active().select_related("current_task_state__task"),
            to_attr="_current_workflow_states",
        ),
        Prefetch(
            "_revisions",
            queryset=Revision.objects.filter(approved_go_live_at__isnull=False).order_by("pk"),
            to_attr="scheduled_revisions",
        ),
    )
    statuses = audio_statuses([p.pk for p in passages])
    for passage in passages:
        # Fills the cached property approved_schedule reads, as it would have found it.
        passage.scheduled_revision = next(iter(passage.scheduled_revisions), None)
        passage.audio_status = statuses.get(passage.pk)


class PassageIndexView(IndexView):
    """The passage listing, fast at 100,000 passages (docs/benchmarks.md, "The CMS at scale")."""

    def paginate_queryset(self, queryset, page_size):
        paginator, page, passages, is_paginated = super().paginate_queryset(queryset, page_size)
        page.object_list = list(passages)
        show_on_listing_page(page.object_list)
        return paginator, page, page.object_list, is_paginated


class PassageViewSet(SnippetViewSet):
    model = Passage
    index_view_class = PassageIndexView
    chooser_viewset_class = chooser_with(PassageFilterForm)
    icon = "openquote"
    list_display = [
        "title",
        "work",
        "position",
        "register",
        "provenance",
        LiveStatusTagColumn(),
        Column("audio_status", label="Audio", accessor=audio_status_cell),
    ]
    filterset_class = PassageFilterSet
    search_fields = ["title"]
    list_per_page = 50
    ordering = ["work", "position"]
    panels = passage_panels()

    def get_queryset(self, request):
        # The Work and Register columns; ordering by work joins it anyway.
        return Passage.objects.select_related("work", "register")


class RegisterViewSet(FollowingViewSet):
    model = Register
    touched = staticmethod(passages_in_register)  # a register's slug also ranks (a facet)
    icon = "comment"
    list_display = ["label", "slug", "position"]
