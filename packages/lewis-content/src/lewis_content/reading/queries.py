"""What guests read: published content only, as the API's schemas (reads, no writes)."""

import hashlib
import logging
from datetime import date

from django.core.cache import cache
from django.db.models import BigIntegerField, ExpressionWrapper, F, Min, Q
from django.utils import timezone
from wagtail.models import Page

from lewis_content.curation.pages import JourneyPage, PortalPage, ThemePage
from lewis_content.curation.schedule import DailyDrop, Podcast
from lewis_content.errors import NotFound
from lewis_content.generation import generation
from lewis_content.library.models import Chapter, Passage, Register, Work
from lewis_content.library.rendering import body_blocks, excerpt
from lewis_content.reading.models import PassageSnapshot
from lewis_content.reading.schemas import (
    AudioOut,
    ChapterCard,
    ChapterDetail,
    EpisodeOut,
    JourneyCard,
    JourneyDetail,
    JourneyStepOut,
    PassageCard,
    PassageDetail,
    PassagePage,
    PodcastOut,
    PortalCard,
    PortalDetail,
    RegisterOut,
    RegisterRef,
    SourceLink,
    TagOut,
    TagRef,
    ThemeCard,
    ThemeDetail,
    TodayOut,
    WorkCard,
    WorkDetail,
)
from lewis_tagging import services as tagging

logger = logging.getLogger(__name__)


def published_passages():
    return Passage.objects.published().select_related("work", "register")


def live_pages(model):
    return model.objects.live().public().exclude(expire_at__lte=timezone.now())


def next_expiry_at() -> float | None:
    """When the next published passage (or its work) or page expires, as epoch seconds."""
    now = timezone.now()
    passage = PassageSnapshot.objects.filter(expires_at__gt=now).aggregate(at=Min("expires_at"))
    page = Page.objects.live().filter(expire_at__gt=now).aggregate(at=Min("expire_at"))
    expiries = [found["at"] for found in (passage, page) if found["at"] is not None]
    return min(expiries).timestamp() if expiries else None


# Works and chapters


def work_card(work: Work) -> WorkCard:
    return WorkCard(id=work.pk, slug=work.slug, title=work.title, year=work.year, form=work.form)


def list_works() -> list[WorkCard]:
    return [work_card(w) for w in Work.objects.published().order_by("year", "title")]


def source_ladder(work: Work) -> list[SourceLink]:
    return [
        SourceLink(label=s.label, bookstore=s.bookstore, url=s.url) for s in work.source_links.all()
    ]


def work_detail(work_id: int) -> WorkDetail:
    work = Work.objects.published().filter(pk=work_id).first()
    if work is None:
        raise NotFound(f"No published work with id {work_id}.")
    return WorkDetail(
        **work_card(work).model_dump(),
        description=work.description,
        audio_allowed=work.audio_allowed,
        tier=work.tier,
        source_ladder=source_ladder(work),
        chapters=[
            ChapterCard(id=c.pk, number=c.number, title=c.title)
            for c in work.chapters.order_by("number")
        ],
    )


def chapter_detail(chapter_id: int) -> ChapterDetail:
    chapter = (
        Chapter.objects.select_related("work")
        .filter(pk=chapter_id, work__in=Work.objects.published())
        .first()
    )
    if chapter is None:
        raise NotFound(f"No chapter with id {chapter_id} in a published work.")
    passages = published_passages().filter(chapter=chapter).order_by("position")
    return ChapterDetail(
        id=chapter.pk,
        number=chapter.number,
        title=chapter.title,
        work=work_card(chapter.work),
        passages=cards(passages),
    )


# Passages


def card(passage: Passage) -> PassageCard:
    return PassageCard(
        id=passage.pk,
        title=passage.title,
        excerpt=excerpt(passage.body.raw_data),
        work=work_card(passage.work),
        register=register_ref(passage.register),
        provenance=passage.provenance,
        author_byline=passage.author_byline,
    )


def cards(passages) -> list[PassageCard]:
    return [card(p) for p in passages]


# A cursor is the (work, position) of the last passage on the page, written canonically, so
# the pattern in PassageFilters admits exactly the cursors this API issues: anything of that form
# is a place in reading order, anything else is refused before it gets here.
CURSOR_PATTERN = r"^([1-9][0-9]{0,17}\.[1-9][0-9]{0,8})?$"


def encode_cursor(work_id: int, position: int) -> str:
    return f"{work_id}.{position}"


def decode_cursor(cursor: str) -> tuple[int, int]:
    work_id, position = cursor.split(".")
    return int(work_id), int(position)


def list_passages(
    *,
    work: str | None = None,
    chapter: int | None = None,
    register: str | None = None,
    tag: str | None = None,
    provenance: str | None = None,
    cursor: str | None = None,
    limit: int = 20,
) -> PassagePage:
    """Published passages in reading order (work, then position), a page at a time."""
    passages = published_passages().order_by("work_id", "position")
    if work is not None:
        if not Work.objects.published().filter(slug=work).exists():
            raise NotFound(f"No published work '{work}'.")
        passages = passages.filter(work__slug=work)
    if chapter is not None:
        if not Chapter.objects.filter(pk=chapter, work__in=Work.objects.published()).exists():
            raise NotFound(f"No chapter with id {chapter} in a published work.")
        passages = passages.filter(chapter_id=chapter)
    if register is not None:
        passages = passages.filter(register=find_register(register))
    if tag is not None:
        axis, _, slug = tag.partition(":")
        found = tagging.find_tag(axis, slug)
        if found is None:
            raise NotFound(f"No tag '{tag}': use axis:slug, as /tags lists them.")
        passages = passages.filter(published_tags__tag_id=found.id)
    if provenance is not None:
        passages = passages.filter(provenance=provenance)
    if cursor:  # an empty cursor is no cursor: the first page
        work_id, position = decode_cursor(cursor)
        passages = passages.filter(
            Q(work_id__gt=work_id) | Q(work_id=work_id, position__gt=position)
        )
    page = list(passages[: limit + 1])
    more = len(page) > limit
    page = page[:limit]
    return PassagePage(
        items=cards(page),
        next_cursor=encode_cursor(page[-1].work_id, page[-1].position) if more and page else None,
    )


def passage_detail_of(
    passage: Passage,
    *,
    tags: dict[str, list[TagRef]],
    audio: AudioOut | None,
    audio_coming: bool,
    source_ladder: list[SourceLink],
) -> PassageDetail:
    """A published passage as readers get it; snapshots.py renders it when the passage changes."""
    chapter = passage.chapter
    return PassageDetail(
        id=passage.pk,
        title=passage.title,
        work=work_card(passage.work),
        chapter=ChapterCard(id=chapter.pk, number=chapter.number, title=chapter.title)
        if chapter
        else None,
        position=passage.position,
        register=register_ref(passage.register),
        provenance=passage.provenance,
        author_byline=passage.author_byline,
        tier=passage.tier,
        body=body_blocks(passage.body),
        tags=tags,
        audio=audio,
        audio_availability="ready" if audio else ("pending" if audio_coming else "text_only"),
        source_ladder=source_ladder,
    )


def passage_detail(passage_id: int) -> PassageDetail:
    detail = (
        PassageSnapshot.objects.visible()
        .filter(pk=passage_id)
        .values_list("detail", flat=True)
        .first()
    )
    if detail is None:
        raise NotFound(f"No published passage with id {passage_id}.")
    return PassageDetail.model_validate_json(detail)


# Today's passage


def register_ref(register: Register) -> RegisterRef:
    return RegisterRef(slug=register.slug, label=register.label)


def list_registers() -> list[RegisterOut]:
    return [
        RegisterOut(slug=r.slug, label=r.label, description=r.description)
        for r in Register.objects.all()
    ]


def find_register(slug: str | None) -> Register:
    registers = Register.objects.all()
    register = registers.filter(slug=slug).first() if slug else registers.first()
    if register is None:
        raise NotFound(f"No register '{slug}'." if slug else "No registers exist yet.")
    return register


RING = 4_294_967_291  # the largest prime below 2**32
SPREAD = 2_654_435_761  # Knuth's multiplicative hash: ids spread evenly round the ring


def daily_pick(snapshots, day: date, register_slug: str) -> str | None:
    """Consistent hashing: each passage sits on a ring at (id * SPREAD) mod RING, the day and
    register choose a point on it, and the first passage at or after the point is the pick.

    Stable all day as publishing goes on: a newly published passage takes the day only if it
    lands between the point and the current pick, and unpublishing changes the pick only if
    it was the pick. Integer arithmetic, so one cheap pass over the candidates on a miss.
    """
    digest = hashlib.sha256(f"{day.isoformat()}:{register_slug}".encode()).digest()
    offset = RING - int.from_bytes(digest[:8], "big") % RING
    position = ExpressionWrapper((F("pk") * SPREAD + offset) % RING, output_field=BigIntegerField())
    ranked = snapshots.annotate(daily_position=position).order_by("daily_position", "pk")
    return ranked.values_list("detail", flat=True).first()


def today(register_slug: str | None = None, day: date | None = None) -> TodayOut:
    """The drop editors scheduled for the day; else a pick that is stable for the day."""
    register = find_register(register_slug)
    day = day or timezone.localdate()
    snapshots = PassageSnapshot.objects.visible()
    drop = (
        snapshots.filter(
            pk__in=DailyDrop.objects.filter(date=day, register=register).values("passage_id")
        )
        .values_list("detail", flat=True)
        .first()
    )
    if drop is not None:
        return TodayOut(
            date=day,
            register=register_ref(register),
            scheduled=True,
            passage=PassageDetail.model_validate_json(drop),
        )
    pick = daily_pick(snapshots.filter(register=register), day, register.slug)
    if pick is None:  # nothing in this register yet: any published passage
        pick = daily_pick(snapshots, day, register.slug)
    if pick is None:
        raise NotFound("No passage is published yet.")
    return TodayOut(
        date=day,
        register=register_ref(register),
        scheduled=False,
        passage=PassageDetail.model_validate_json(pick),
    )


TODAY_TIMEOUT = 60 * 60 * 24 * 2


def todays_passage(register_slug: str | None = None, day: date | None = None) -> TodayOut:
    """today(), kept in the shared cache under `today:{generation}:{date}:{register}` (the
    midnight job warms it), so the first reader of the day does not pay for the pick."""
    day = day or timezone.localdate()
    current = generation()
    if current is None:
        return today(register_slug, day)
    key = f"today:{current}:{day.isoformat()}:{register_slug or ''}"
    try:
        cached = cache.get(key)
    except Exception:
        logger.warning("Cache read failed for %s", key, exc_info=True)
        cached = None
    if cached is not None:
        return TodayOut.model_validate_json(cached)
    answer = today(register_slug, day)
    try:
        cache.set(key, answer.model_dump_json(), TODAY_TIMEOUT)
    except Exception:
        logger.warning("Cache write failed for %s", key, exc_info=True)
    return answer


# Taxonomy


def list_tags(axis: str | None = None) -> list[TagOut]:
    if axis is not None and not tagging.axis_exists(axis):
        raise NotFound(f"No axis '{axis}'.")
    return [
        TagOut(id=t.id, axis=t.axis, slug=t.slug, label=t.label, description=t.description)
        for t in tagging.tags_on_axis(axis)
    ]


# Pages


def theme_card(page: ThemePage) -> ThemeCard:
    return ThemeCard(
        slug=page.slug,
        title=page.title,
        tag=TagRef(id=page.tag.pk, slug=page.tag.slug, label=page.tag.label),
    )


def theme_cards(slugs: list[str]) -> list[ThemeCard]:
    """The cards of these theme hubs in the order given, leaving out those a guest may not see."""
    if not slugs:
        return []
    pages = {p.slug: p for p in live_pages(ThemePage).select_related("tag").filter(slug__in=slugs)}
    return [theme_card(pages[s]) for s in dict.fromkeys(slugs) if s in pages]


def list_themes() -> list[ThemeCard]:
    return [theme_card(p) for p in live_pages(ThemePage).select_related("tag").order_by("title")]


def live_page(model, slug: str) -> Page:
    page = live_pages(model).filter(slug=slug).first()
    if page is None:
        raise NotFound(f"No published {model._meta.verbose_name} '{slug}'.")
    return page


def visible(passage_ids: list[int]) -> dict[int, Passage]:
    return {p.pk: p for p in published_passages().filter(pk__in=passage_ids)}


def theme_detail(slug: str) -> ThemeDetail:
    page = live_page(ThemePage, slug)
    ids = [item.passage_id for item in page.curated_passages.all()]
    shown = visible(ids)
    return ThemeDetail(
        **theme_card(page).model_dump(),
        intro_html=page.intro,
        passages=[card(shown[i]) for i in ids if i in shown],
    )


def journey_card(page: JourneyPage) -> JourneyCard:
    shown_steps = page.steps.filter(passage__in=Passage.objects.published())
    return JourneyCard(slug=page.slug, title=page.title, step_count=shown_steps.count())


def list_journeys() -> list[JourneyCard]:
    return [journey_card(p) for p in live_pages(JourneyPage).order_by("title")]


def journey_detail(slug: str) -> JourneyDetail:
    page = live_page(JourneyPage, slug)
    steps = list(page.steps.all())
    shown = visible([s.passage_id for s in steps])
    kept = [s for s in steps if s.passage_id in shown]
    return JourneyDetail(
        slug=page.slug,
        title=page.title,
        step_count=len(kept),
        intro_html=page.intro,
        steps=[
            JourneyStepOut(position=n, note=s.note, passage=card(shown[s.passage_id]))
            for n, s in enumerate(kept, start=1)
        ],
    )


def list_portals() -> list[PortalCard]:
    return [
        PortalCard(slug=p.slug, title=p.title) for p in live_pages(PortalPage).order_by("title")
    ]


def portal_detail(slug: str) -> PortalDetail:
    page = live_page(PortalPage, slug)
    items = []
    for block in page.items:
        value = block.value
        if block.block_type == "passage":
            shown = visible([value.pk]) if value else {}
            if shown:
                items.append({"type": "passage", "passage": card(shown[value.pk])})
        elif value is not None and live_pages(Page).filter(pk=value.pk).exists():
            specific = value.specific
            if block.block_type == "journey":
                items.append({"type": "journey", "journey": journey_card(specific)})
            else:
                items.append({"type": "theme", "theme": theme_card(specific)})
    return PortalDetail(slug=page.slug, title=page.title, intro_html=page.intro, items=items)


# Podcasts


def list_podcasts() -> list[PodcastOut]:
    podcasts = []
    for podcast in Podcast.objects.prefetch_related("episodes__linked_passages"):
        episodes = []
        for episode in podcast.episodes.all():
            ids = [link.passage_id for link in episode.linked_passages.all()]
            shown = visible(ids)
            episodes.append(
                EpisodeOut(
                    number=episode.number,
                    title=episode.title,
                    audio_url=episode.audio_url,
                    duration_seconds=episode.duration_seconds,
                    published_on=episode.published_on,
                    passages=[card(shown[i]) for i in ids if i in shown],
                )
            )
        podcasts.append(
            PodcastOut(
                slug=podcast.slug,
                title=podcast.title,
                description=podcast.description,
                episodes=episodes,
            )
        )
    return podcasts


# For other packages (accounts' Soul Map): cards and visibility by id, from the snapshots.


def visible_passage_ids(passage_ids: list[int]) -> set[int]:
    """Which of these passages a guest may see now."""
    if not passage_ids:
        return set()
    return set(
        PassageSnapshot.objects.visible().filter(pk__in=passage_ids).values_list("pk", flat=True)
    )


def first_passage_ids(count: int) -> list[int]:
    """The ids of the first passages a guest may see, by id (for demos and benchmarks)."""
    visible = PassageSnapshot.objects.visible().order_by("pk")
    return list(visible.values_list("pk", flat=True)[:count])


def passage_cards(passage_ids: list[int]) -> list[PassageCard]:
    """The cards of these passages in the order given, leaving out those a guest may not see."""
    if not passage_ids:
        return []
    rows = dict(
        PassageSnapshot.objects.visible().filter(pk__in=passage_ids).values_list("pk", "card")
    )
    return [
        PassageCard.model_validate_json(rows[i]) for i in dict.fromkeys(passage_ids) if i in rows
    ]
