import re
import unicodedata
from datetime import datetime
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints, field_validator

from lewis_accounts.models import REFLECTION_MAX_LENGTH
from lewis_content.services import Id, PassageCard, RegisterRef, Slug, ThemeCard

# A page of the reader's own lists resumes after the row id it names (strictly canonical).
CURSOR_PATTERN = r"^([1-9][0-9]{0,18})?$"


Cursor = Annotated[str, StringConstraints(pattern=CURSOR_PATTERN)]


# What a reader types is plain text. Refused: control characters (a line break and a tab are
# text in a reflection; nothing is in a name), lone surrogates (no database stores them), the
# bidirectional overrides that make text read otherwise than it is stored, and markup: none in a
# name, at most a few tag-like pieces in a reflection (a "<3" or an "a < b" is fine).
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
MARKUP = re.compile(r"<\s*/?\s*[A-Za-z!?][^<>]*>")
REFLECTION_MARKUP_LIMIT = 3
# The same rules, for the schema (its clients and fuzzers): what the validators below refuse.
UNSAFE = r"\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069"
REFLECTION_PATTERN = f"^[^{UNSAFE}]*$"
NAME_PATTERN = rf"^[^{UNSAFE}\u000a\u000d\u0009<>]*$"


def plain_text(text: str, *, line_breaks: bool) -> str:
    allowed = "\n\r\t" if line_breaks else ""
    for char in text:
        category = unicodedata.category(char)
        if (category == "Cc" and char not in allowed) or category == "Cs":
            raise ValueError(f"control character U+{ord(char):04X} is not allowed")
        if char in BIDI_CONTROLS:
            raise ValueError(f"direction override U+{ord(char):04X} is not allowed")
    return text


class Schema(BaseModel):
    """Plain pydantic models, as content's reader shapes are: built from keyword arguments,
    never from ORM objects, so ninja.Schema's attribute-resolving validator is not needed."""


class Profile(Schema):
    id: int
    email: str
    display_name: str
    preferred_register: RegisterRef | None = Field(
        description="The register the reader reads today's passage in; null: the default."
    )


class ProfileChange(Schema):
    """The fields to change; those left out keep their value."""

    display_name: str | None = Field(
        None,
        max_length=100,
        description="Plain text: no control characters, no < or >.",
        json_schema_extra={"pattern": NAME_PATTERN},
    )
    preferred_register: Slug | None = Field(
        None, description="A register slug from /registers; null forgets the preference."
    )

    @field_validator("display_name")
    @classmethod
    def a_plain_name(cls, name: str | None) -> str | None:
        if name is None:
            return None
        if "<" in name or ">" in name:
            raise ValueError("a name has no < or >")
        return plain_text(name, line_breaks=False)


class SavedPassageOut(Schema):
    passage: PassageCard
    saved_at: datetime


class SavedPassagePage(Schema):
    items: list[SavedPassageOut]
    next_cursor: str | None = Field(
        description="Pass as `cursor` for the next page; null at the end."
    )


class SavedThemeOut(Schema):
    theme: ThemeCard
    saved_at: datetime


class SoulMap(Schema):
    """What the reader saved, newest first: passages a page at a time, and every theme. Items
    no longer published are left out (and come back if they are published again)."""

    passages: SavedPassagePage
    themes: list[SavedThemeOut]


class SoulMapImport(Schema):
    """The saves a guest made on the device, handed over once at sign-up."""

    passages: list[Id] = Field(default_factory=list, max_length=500)
    themes: list[Slug] = Field(default_factory=list, max_length=200)


class SoulMapImported(Schema):
    passages: list[int] = Field(description="Saved (now or before).")
    themes: list[str] = Field(description="Saved (now or before).")
    unknown_passages: list[int] = Field(description="Not published: not saved.")
    unknown_themes: list[str] = Field(description="Not published: not saved.")


class ReflectionStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    HIDDEN = "hidden"


class ReflectionIn(Schema):
    text: str = Field(
        min_length=1,
        max_length=REFLECTION_MAX_LENGTH,
        description=(
            "Plain text; stored and returned as written, never as HTML. Line breaks and tabs "
            "are kept; other control characters, direction overrides and more than "
            f"{REFLECTION_MARKUP_LIMIT} HTML-like tags are refused (422)."
        ),
        json_schema_extra={"pattern": REFLECTION_PATTERN},
    )

    @field_validator("text")
    @classmethod
    def plain_words(cls, text: str) -> str:
        if not text.strip():
            raise ValueError("a reflection needs some words")
        if len(MARKUP.findall(text)) > REFLECTION_MARKUP_LIMIT:
            raise ValueError("a reflection is plain text: leave out the markup")
        return plain_text(text, line_breaks=True)


class ReflectionOut(Schema):
    id: int
    passage_id: int
    text: str
    created_at: datetime
    status: ReflectionStatus = Field(
        description="`hidden`: a moderator hid it; only its author sees it."
    )


class ReflectionPage(Schema):
    items: list[ReflectionOut]
    next_cursor: str | None


class AccountDeleted(Schema):
    reference: str = Field(
        description="The audit record's reference: quote it to support; it names no one."
    )


class ExportedEmail(Schema):
    email: str
    verified: bool
    primary: bool


class ExportedSocialAccount(Schema):
    provider: str
    uid: str
    date_joined: datetime
    last_login: datetime


class ExportedSession(Schema):
    created_at: datetime
    last_seen_at: datetime
    ip: str
    user_agent: str


class ExportedSave(Schema):
    passage_id: int
    saved_at: datetime


class ExportedThemeSave(Schema):
    theme_slug: str
    saved_at: datetime


class ExportedIdempotencyRecord(Schema):
    key: str
    created_at: datetime
    status: int | None


class AccountExport(Schema):
    """Everything held about the reader, in one document (data portability)."""

    profile: Profile
    date_joined: datetime
    last_login: datetime | None
    emails: list[ExportedEmail]
    social_accounts: list[ExportedSocialAccount] = Field(description="Without tokens.")
    sessions: list[ExportedSession]
    saved_passages: list[ExportedSave] = Field(description="Published or not.")
    saved_themes: list[ExportedThemeSave]
    reflections: list[ReflectionOut] = Field(description="With their moderation status.")
    idempotency_records: list[ExportedIdempotencyRecord] = Field(
        description="Keys of recent writes, kept a day to answer retries."
    )


class AppleAuthorization(Schema):
    """What the app got from Sign in with Apple besides the id_token."""

    code: str = Field(min_length=1, max_length=2000, description="The authorization code.")
    client_id: str | None = Field(
        None, max_length=200, description="The app's bundle id; the first configured if absent."
    )
