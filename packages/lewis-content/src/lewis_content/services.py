"""The public surface of lewis_content: the only module other packages import.

Reads return schemas; writes are named actions, each in one transaction. The rooms behind it
(library, curation, reading, tagreview, sync, ingest, demo) are this package's business.
"""

from lewis_content.errors import ContentError, InvalidRequest, NotFound
from lewis_content.generation import generation as content_generation
from lewis_content.ingest.substack import ingest_all as ingest_feeds
from lewis_content.reading.actions import (
    content_changed,
    passages_changed,
    rebuild_read_models,
)
from lewis_content.reading.queries import (
    first_passage_ids,
    list_registers,
    list_works,
    passage_cards,
    theme_cards,
    todays_passage,
    visible_passage_ids,
)

# The shapes and the input types of the reader API, for other packages' routes.
from lewis_content.reading.schemas import (
    Id,
    Limit,
    PassageCard,
    RegisterRef,
    Slug,
    ThemeCard,
    TodayOut,
    WorkCard,
)
from lewis_content.tagreview.actions import (
    Decision,
    passages_published,
    request_draft,
    review_tags,
)

__all__ = [
    "ContentError",
    "Decision",
    "Id",
    "InvalidRequest",
    "Limit",
    "NotFound",
    "PassageCard",
    "RegisterRef",
    "Slug",
    "ThemeCard",
    "TodayOut",
    "WorkCard",
    "content_changed",
    "content_generation",
    "first_passage_ids",
    "ingest_feeds",
    "list_registers",
    "list_works",
    "passage_cards",
    "passages_changed",
    "passages_published",
    "rebuild_read_models",
    "request_draft",
    "review_tags",
    "theme_cards",
    "todays_passage",
    "visible_passage_ids",
]
