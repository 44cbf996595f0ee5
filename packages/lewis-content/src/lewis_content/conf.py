"""lewis_content's settings, read from the one namespaced dict `LEWIS_CONTENT`."""

from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    # RSS feeds of the editorial Substack(s); each article becomes a draft editorial passage.
    "SUBSTACK_FEEDS": [],
    # The work and register ingested articles are filed under (created if missing).
    "EDITORIAL_WORK": ("the-lewis-reader-notes", "Notes from The Lewis Reader"),
    "EDITORIAL_REGISTER": "reflective",
    "FEED_TIMEOUT_SECONDS": 15,
    # Tag drafting: tries per passage when the provider is unavailable (the last one falls back
    # to the offline drafter), and the first wait in seconds (doubled each time, with jitter).
    "DRAFT_ATTEMPTS": 5,
    "DRAFT_RETRY_SECONDS": 30,
    # A draft queued or retrying for this long is presumed lost (a broker or worker lost the
    # task): it stops blocking publishing and shows in the review queue, with "Draft again".
    "DRAFT_STALE_SECONDS": 30 * 60,
    # Audio readings: tries per passage while the provider or the storage fails transiently,
    # and the first wait in seconds (doubled each time, with jitter, at most an hour).
    "AUDIO_ATTEMPTS": 6,
    "AUDIO_RETRY_SECONDS": 30,
}


def content_settings() -> dict[str, Any]:
    return {**DEFAULTS, **getattr(settings, "LEWIS_CONTENT", {})}
