"""Every model of lewis_content, re-exported from the room that owns it (Django loads this).

Inside the package, a room imports models from its own or a lower room, never from here.
"""

from lewis_content.curation.pages import (
    HomePage,
    JourneyPage,
    JourneyStep,
    PortalPage,
    ThemePage,
    ThemePassage,
)
from lewis_content.curation.schedule import DailyDrop, EpisodePassage, Podcast, PodcastEpisode
from lewis_content.library.models import (
    ApprovedTags,
    Chapter,
    Passage,
    PassageTag,
    Provenance,
    PublishedTag,
    Register,
    Tier,
    Work,
    WorkSourceLink,
)
from lewis_content.reading.models import PassageSnapshot
from lewis_content.tagreview.models import TagDraft, TagReviewTask

__all__ = [
    "ApprovedTags",
    "Chapter",
    "DailyDrop",
    "EpisodePassage",
    "HomePage",
    "JourneyPage",
    "JourneyStep",
    "Passage",
    "PassageSnapshot",
    "PassageTag",
    "Podcast",
    "PodcastEpisode",
    "PortalPage",
    "Provenance",
    "PublishedTag",
    "Register",
    "TagDraft",
    "TagReviewTask",
    "ThemePage",
    "ThemePassage",
    "Tier",
    "Work",
    "WorkSourceLink",
]
