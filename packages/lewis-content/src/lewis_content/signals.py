"""Any change to what readers can see bumps the content generation once the change commits."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from lewis_content.cache import bump_generation

READER_VISIBLE = [
    "lewis_content.Work",
    "lewis_content.WorkSourceLink",
    "lewis_content.Chapter",
    "lewis_content.Register",
    "lewis_content.Passage",
    "lewis_content.PassageTag",
    "lewis_content.DailyDrop",
    "lewis_content.Podcast",
    "lewis_content.PodcastEpisode",
    "lewis_content.EpisodePassage",
    "lewis_content.HomePage",
    "lewis_content.ThemePage",
    "lewis_content.JourneyPage",
    "lewis_content.PortalPage",
    "lewis_tagging.Tag",
    "lewis_tagging.Axis",
]


def content_changed(sender, **kwargs) -> None:
    transaction.on_commit(bump_generation)


def connect() -> None:
    for model in READER_VISIBLE:
        post_save.connect(content_changed, sender=model, dispatch_uid=f"bump:save:{model}")
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"bump:delete:{model}")
