"""lewis_content's models: the corpus, the editorial pages, and what is scheduled or broadcast."""

from lewis_content.models.corpus import (
    Chapter,
    Passage,
    PassageTag,
    Provenance,
    Register,
    Tier,
    Work,
    WorkSourceLink,
)
from lewis_content.models.pages import (
    HomePage,
    JourneyPage,
    JourneyStep,
    PortalPage,
    ThemePage,
    ThemePassage,
)
from lewis_content.models.review import TagDraft, TagReviewTask
from lewis_content.models.schedule import DailyDrop, EpisodePassage, Podcast, PodcastEpisode
from lewis_content.models.snapshot import PassageSnapshot

__all__ = [
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
    "Register",
    "TagDraft",
    "TagReviewTask",
    "ThemePage",
    "ThemePassage",
    "Tier",
    "Work",
    "WorkSourceLink",
]
