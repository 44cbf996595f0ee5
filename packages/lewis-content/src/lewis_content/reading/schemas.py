"""The reader API's shapes: every one a named model, so the Flutter client gets real types."""

import warnings
from datetime import date
from enum import StrEnum
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
    """A whole number in a path or query is written as the API writes it: "5", never "05",
    "+5", " 5", "5_0", "5.0" or digits of another script."""
    if isinstance(value, str) and not (
        value.isascii() and value.isdigit() and (value == "0" or value[:1] != "0")
    ):
        raise ValueError("a whole number is written in plain decimal digits, e.g. 5")
    return value


# The validator comes after Field so that the schema keeps the bounds.
# A database id: larger would overflow bigint.
Id = Annotated[int, Field(ge=1, le=2**63 - 1), BeforeValidator(plain_decimal)]
# A page size.
Limit = Annotated[int, Field(ge=1, le=50), BeforeValidator(plain_decimal)]
TagKey = Annotated[
    str, StringConstraints(pattern=r"^[-a-zA-Z0-9_]+:[-a-zA-Z0-9_]+$", max_length=201)
]


class Provenance(StrEnum):
    """Whose words a passage is: Lewis's own, or an editor's (an introduction, a note)."""

    LEWIS = "lewis"
    EDITORIAL = "editorial"


class WorkForm(StrEnum):
    BOOK = "book"
    ESSAY = "essay"
    LETTER = "letter"
    POEM = "poem"
    TALK = "talk"


class CitationKind(StrEnum):
    SCRIPTURE = "scripture"
    WORK = "work"
    OTHER = "other"


# Seconds of audio, to the millisecond where the source says so.
DurationSeconds = Annotated[float, Field(ge=0)]


class RegisterRef(Schema):
    """A register wherever a passage or a day names one (see /registers)."""

    slug: str
    label: str


class RegisterOut(RegisterRef):
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
    form: WorkForm


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
    register: RegisterRef = Field()
    provenance: Provenance
    author_byline: str


class ChapterDetail(ChapterCard):
    work: WorkCard
    passages: list[PassageCard]


# Body blocks: a union on `type`, open to types added later (UnknownBlock). docs/api.md shows
# each.
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
    kind: CitationKind
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


class UnknownBlock(Schema):
    """A block of a type added after this client was generated: skip it (its `type` says what
    it is). Every block has at least these two fields."""

    type: str
    id: str


# Not a discriminated union: a closed one would make a generated client refuse a whole passage
# the day a block type is added. The fallback comes last, so a known type parses as itself.
BodyBlock = (
    ParagraphBlock
    | PullQuoteBlock
    | CitationBlock
    | ImageBlock
    | EmbedBlock
    | FootnoteBlock
    | UnknownBlock
)


class AudioOut(Schema):
    url: str
    duration_seconds: DurationSeconds
    timings_url: str | None = Field(
        description="Word timings for reading along (JSON, immutable like the audio): "
        '{"words": [{"segment", "offset", "length", "start", "end"}]}; `segment` indexes '
        "`read_blocks`, `offset` and `length` count characters in that block's text as shown "
        "(tags removed, entities decoded, whitespace runs as one space, trimmed), times are "
        "seconds. Null when the provider gave none."
    )
    read_blocks: list[str] = Field(
        description="Ids of the body blocks the reading reads, in order (paragraphs and pull "
        "quotes; footnotes, citations, captions and embeds are not read)."
    )


class PassageDetail(Schema):
    id: int
    title: str
    work: WorkCard
    chapter: ChapterCard | None
    position: int
    register: RegisterRef = Field()
    provenance: Provenance
    author_byline: str
    tier: str
    body: list[BodyBlock]
    tags: dict[str, list[TagRef]] = Field(description="Accepted tags, by axis slug.")
    audio: AudioOut | None
    audio_availability: Literal["ready", "pending", "text_only"] = Field(
        description="`ready`: `audio` is set. `pending`: a reading is being made (or waits for "
        "another attempt); ask again later. `text_only`: this passage has no reading and will "
        "not get one: its work's rights forbid audio, or this server makes no readings (the "
        "embedded default)."
    )
    source_ladder: list[SourceLink]


class PassagePage(Schema):
    items: list[PassageCard]
    next_cursor: str | None = Field(
        description="Pass as `cursor` for the next page; null at the end."
    )


class TodayOut(Schema):
    date: date
    register: RegisterRef = Field()
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


class UnknownPortalItem(Schema):
    """An item of a kind added after this client was generated: skip it."""

    type: str


# Open, as body blocks are.
PortalItem = PortalJourneyItem | PortalThemeItem | PortalPassageItem | UnknownPortalItem


class PortalDetail(PortalCard):
    intro_html: str
    items: list[PortalItem]


class EpisodeOut(Schema):
    number: int
    title: str
    audio_url: str
    duration_seconds: DurationSeconds
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
