"""lewis_content's HTTP routes: the reader API the Flutter app codes against.

Guests read published content only. Every operation on this router is a guest read: its answer
depends only on published content, the date and the request's path and query, never on who
asks, so the site may cache it per content generation (`services.content_generation`). Each
names the domain errors it may raise (`raises`); the site maps them to statuses and the one
error shape.
"""

from ninja import Query, Router, Schema
from pydantic import Field

from lewis_content.errors import ContentError, InvalidRequest, NotFound
from lewis_content.reading import queries as reader
from lewis_content.reading import related
from lewis_content.reading.schemas import (
    ChapterDetail,
    ConnectionsOut,
    Id,
    JourneyCard,
    JourneyDetail,
    Limit,
    PassageDetail,
    PassagePage,
    PodcastOut,
    PortalCard,
    PortalDetail,
    Provenance,
    RegisterOut,
    RelatedOut,
    Slug,
    TagKey,
    TagOut,
    ThemeCard,
    ThemeDetail,
    TodayOut,
    WorkCard,
    WorkDetail,
)
from lewis_tagging.services import MAX_RANKING_WEIGHT

router = Router(tags=["reading"])


def raises(*errors: type[ContentError]):
    """Declares the domain errors a read may raise, for the API schema."""

    def declare(view):
        view.raises = errors
        return view

    return declare


class PassageFilters(Schema):
    work: Slug | None = Field(None, description="Work slug.")
    chapter: Id | None = Field(None, description="Chapter id.")
    register: Slug | None = Field(None, description="Register slug.")
    tag: TagKey | None = Field(None, description="Accepted tag as axis:slug, e.g. theme:grief.")
    provenance: Provenance | None = None
    cursor: str | None = Field(
        None,
        pattern=reader.CURSOR_PATTERN,
        description="next_cursor of the previous page; empty or absent for the first.",
    )
    limit: Limit = 20


@router.get("/today", response=TodayOut, summary="Today's passage")
@raises(NotFound)
def get_today(request, register: Slug | None = None):
    """The passage of the day for a register (default: the first register): the drop editors
    scheduled, or else a pick that stays the same all day and changes from day to day."""
    return reader.todays_passage(register)


@router.get("/passages", response=PassagePage, summary="Passages, a page at a time")
@raises(NotFound)
def list_passages(request, filters: Query[PassageFilters]):
    """Published passages in reading order (by work, then position in the work)."""
    params = filters.model_dump()
    return reader.list_passages(**params)


@router.get("/passages/{passage_id}", response=PassageDetail, summary="One passage")
@raises(NotFound)
def get_passage(request, passage_id: Id):
    return reader.passage_detail(passage_id)


WEIGHT = rf"[-a-z0-9_]+:({'|'.join(map(str, range(MAX_RANKING_WEIGHT, -1, -1)))})"


class RelatedFilters(Schema):
    register: Slug | None = Field(None, description="Only passages in this register.")
    limit: Limit = 20
    weights: str | None = Field(
        None,
        max_length=200,
        pattern=rf"^{WEIGHT}(,{WEIGHT})*$",
        description="Per-axis weights overriding the defaults, e.g. theme:3,motif:0 (0..10).",
    )


@router.get("/passages/{passage_id}/related", response=RelatedOut, summary="Dive deeper")
@raises(NotFound, InvalidRequest)
def list_related_passages(request, passage_id: Id, filters: Query[RelatedFilters]):
    """Passages ranked by weighted tag overlap with this one: score desc, then id. Each result
    carries its score and the tags it shares per axis; `weights` are the weights used."""
    params = filters.model_dump()
    return related.related(passage_id, **params)


class ConnectionFilters(Schema):
    limit: Limit = 20
    weights: str | None = RelatedFilters.model_fields["weights"]


@router.get(
    "/passages/{passage_id}/connections", response=ConnectionsOut, summary="Connects across"
)
@raises(NotFound, InvalidRequest)
def list_connections(request, passage_id: Id, filters: Query[ConnectionFilters]):
    """Related passages from other works, grouped by the axis that connects them most."""
    params = filters.model_dump()
    return related.connections(passage_id, **params)


@router.get("/works", response=list[WorkCard], summary="Lewis's works")
def list_works(request):
    """Every published work, oldest first."""
    return reader.list_works()


@router.get("/works/{work_id}", response=WorkDetail, summary="One work, with its chapters")
@raises(NotFound)
def get_work(request, work_id: Id):
    return reader.work_detail(work_id)


@router.get(
    "/chapters/{chapter_id}", response=ChapterDetail, summary="One chapter, with its passages"
)
@raises(NotFound)
def get_chapter(request, chapter_id: Id):
    return reader.chapter_detail(chapter_id)


@router.get("/themes", response=list[ThemeCard], summary="Theme hubs")
def list_themes(request):
    return reader.list_themes()


@router.get("/themes/{slug}", response=ThemeDetail, summary="One theme hub")
@raises(NotFound)
def get_theme(request, slug: Slug):
    return reader.theme_detail(slug)


@router.get("/journeys", response=list[JourneyCard], summary="Reading journeys")
def list_journeys(request):
    return reader.list_journeys()


@router.get("/journeys/{slug}", response=JourneyDetail, summary="One journey, step by step")
@raises(NotFound)
def get_journey(request, slug: Slug):
    return reader.journey_detail(slug)


@router.get("/portals", response=list[PortalCard], summary="Portals")
def list_portals(request):
    return reader.list_portals()


@router.get("/portals/{slug}", response=PortalDetail, summary="One portal")
@raises(NotFound)
def get_portal(request, slug: Slug):
    return reader.portal_detail(slug)


@router.get("/podcasts", response=list[PodcastOut], summary="Podcasts and their episodes")
def list_podcasts(request):
    return reader.list_podcasts()


@router.get("/tags", response=list[TagOut], summary="Taxonomy tags")
@raises(NotFound)
def list_tags(request, axis: Slug | None = None):
    """Every tag, or those of one axis (see /axes)."""
    return reader.list_tags(axis)


@router.get("/registers", response=list[RegisterOut], summary="Registers")
def list_registers(request):
    return reader.list_registers()
