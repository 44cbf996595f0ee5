"""Any change to what readers can see bumps the content generation once the change commits."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from lewis_content.cache import bump_generation
from lewis_content.projection import sync_passages

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


def reproject(passage_ids: list[int]) -> None:
    # The ids are read now: Django clears a deleted instance's pk before commit.
    if passage_ids:
        transaction.on_commit(lambda: sync_passages(passage_ids))


def passage_changed(sender, instance, **kwargs) -> None:
    reproject([instance.pk])


def passage_tag_changed(sender, instance, **kwargs) -> None:
    reproject([instance.passage_id])


def work_saved(sender, instance, **kwargs) -> None:
    """Publishing or unpublishing a work shows or hides all its passages."""
    reproject(list(instance.passages.values_list("pk", flat=True)))


def connect() -> None:
    # Ranking projection: published passages with their accepted tags. (A work can only be
    # deleted once it has no passages, so its deletion changes nothing there.)
    for model, handler in (
        ("lewis_content.Passage", passage_changed),
        ("lewis_content.PassageTag", passage_tag_changed),
    ):
        post_save.connect(handler, sender=model, dispatch_uid=f"rank:save:{model}")
        post_delete.connect(handler, sender=model, dispatch_uid=f"rank:delete:{model}")
    post_save.connect(work_saved, sender="lewis_content.Work", dispatch_uid="rank:save:work")
    for model in READER_VISIBLE:
        post_save.connect(content_changed, sender=model, dispatch_uid=f"bump:save:{model}")
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"bump:delete:{model}")
