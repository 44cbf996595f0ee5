"""The reader API's shapes: every one a named model, so the Flutter client gets real types."""

import warnings
from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, Field, StringConstraints

# "register" is the domain's word, though ABCMeta.register exists too: pydantic warns, and a
# "register" field without an explicit Field() would take that method as its default.
warnings.filterwarnings("ignore", message='Field name "register"', category=UserWarning)


class Schema(BaseModel):
    """Plain pydantic models: responses are built from keyword arguments, never from ORM objects,
    so ninja.Schema's attribute-resolving validator (costly on every nested object) is not used."""


Slug = Annotated[str, StringConstraints(pattern=r"^[-a-zA-Z0-9_]+$", max_length=100)]


def plain_decimal(value):
    """An id in a path is written as the API writes it: "5", never "05", "+5" or other digits."""
    if isinstance(value, str) and not (value.isascii() and value.isdigit() and value[:1] != "0"):
        raise ValueError("an id is a plain decimal number, as the API gives it")
    return value


# A database id: plain decimal, and larger would overflow bigint.
Id = Annotated[int, Field(ge=1, le=2**63 - 1), BeforeValidator(plain_decimal)]
TagKey = Annotated[
    str, StringConstraints(pattern=r"^[-a-zA-Z0-9_]+:[-a-zA-Z0-9_]+$", max_length=201)
]


class RegisterOut(Schema):
    slug: str
    label: str
    description: str


class TagRef(Schema):
    id: int
    slug: str
    label: str


class TagOut(TagRef):
    axis: str
    description: str


class SourceLink(Schema):
    """One rung of a work's source ladder: where to buy or borrow it."""

    label: str
    bookstore: str
    url: str


class WorkCard(Schema):
    id: int
    slug: str
    title: str
    year: int | None
    form: Literal["book", "essay", "letter", "poem", "talk"]


class ChapterCard(Schema):
    id: int
    number: int
    title: str


class WorkDetail(WorkCard):
    description: str
    audio_allowed: bool
    tier: str
    source_ladder: list[SourceLink]
    chapters: list[ChapterCard]


class PassageCard(Schema):
    """A passage in a list: enough to show a row and open the passage."""

    id: int
    title: str
    excerpt: str
    work: WorkCard
    register: str = Field(description="Register slug (see /registers).")
    provenance: Literal["lewis", "editorial"]
    author_byline: str


class ChapterDetail(ChapterCard):
    work: WorkCard
    passages: list[PassageCard]


# Body blocks: a discriminated union on `type`. docs/api.md shows each.
class ParagraphBlock(Schema):
    type: Literal["paragraph"]
    id: str
    html: str


class PullQuoteBlock(Schema):
    type: Literal["pull_quote"]
    id: str
    quote: str
    attribution: str


class CitationBlock(Schema):
    type: Literal["citation"]
    id: str
    reference: str
    kind: Literal["scripture", "work", "other"]
    note: str


class ImageBlock(Schema):
    type: Literal["image"]
    id: str
    url: str
    width: int
    height: int
    alt: str
    caption: str


class EmbedBlock(Schema):
    type: Literal["embed"]
    id: str
    url: str


class FootnoteBlock(Schema):
    type: Literal["footnote"]
    id: str
    marker: str
    html: str


BodyBlock = Annotated[
    ParagraphBlock | PullQuoteBlock | CitationBlock | ImageBlock | EmbedBlock | FootnoteBlock,
    Field(discriminator="type"),
]


class AudioOut(Schema):
    url: str
    duration_seconds: float


class PassageDetail(Schema):
    id: int
    title: str
    work: WorkCard
    chapter: ChapterCard | None
    position: int
    register: RegisterOut = Field()
    provenance: Literal["lewis", "editorial"]
    author_byline: str
    tier: str
    body: list[BodyBlock]
    tags: dict[str, list[TagRef]] = Field(description="Accepted tags, by axis slug.")
    audio: AudioOut | None
    source_ladder: list[SourceLink]


class PassagePage(Schema):
    items: list[PassageCard]
    next_cursor: str | None = Field(
        description="Pass as `cursor` for the next page; null at the end."
    )


class TodayOut(Schema):
    date: date
    register: str = Field(description="Register slug.")
    scheduled: bool = Field(
        description="True when editors scheduled this drop; false for the fallback pick."
    )
    passage: PassageDetail


class ThemeCard(Schema):
    slug: str
    title: str
    tag: TagRef


class ThemeDetail(ThemeCard):
    intro_html: str
    passages: list[PassageCard]


class JourneyCard(Schema):
    slug: str
    title: str
    step_count: int


class JourneyStepOut(Schema):
    position: int
    note: str
    passage: PassageCard


class JourneyDetail(JourneyCard):
    intro_html: str
    steps: list[JourneyStepOut]


class PortalCard(Schema):
    slug: str
    title: str


class PortalJourneyItem(Schema):
    type: Literal["journey"]
    journey: JourneyCard


class PortalThemeItem(Schema):
    type: Literal["theme"]
    theme: ThemeCard


class PortalPassageItem(Schema):
    type: Literal["passage"]
    passage: PassageCard


PortalItem = Annotated[
    PortalJourneyItem | PortalThemeItem | PortalPassageItem, Field(discriminator="type")
]


class PortalDetail(PortalCard):
    intro_html: str
    items: list[PortalItem]


class EpisodeOut(Schema):
    number: int
    title: str
    audio_url: str
    duration_seconds: int
    published_on: date
    passages: list[PassageCard]


class PodcastOut(Schema):
    slug: str
    title: str
    description: str
    episodes: list[EpisodeOut]


class RankedPassage(Schema):
    """A related passage, with why: its score and the tags it shares with the seed, by axis."""

    passage: PassageCard
    score: int
    shared: dict[str, list[TagRef]]


class RelatedOut(Schema):
    weights: dict[str, int] = Field(description="The weight per axis this ranking used.")
    items: list[RankedPassage]


class ConnectionGroup(Schema):
    axis: str = Field(description="The axis that connects these passages to the seed most.")
    items: list[RankedPassage]


class ConnectionsOut(Schema):
    weights: dict[str, int]
    groups: list[ConnectionGroup]
