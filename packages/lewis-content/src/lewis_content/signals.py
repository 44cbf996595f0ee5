"""Any change to what readers can see bumps the content generation once the change commits,
re-renders the passage snapshots it touches (in the same transaction) and, on commit, updates
the ranking projection."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

from lewis_content.cache import bump_generation
from lewis_content.models import Passage, PassageSnapshot
from lewis_content.projection import sync_passages
from lewis_content.snapshots import refresh_snapshots

READER_VISIBLE = [
    "lewis_content.Work",
    "lewis_content.WorkSourceLink",
    "lewis_content.Chapter",
    "lewis_content.Register",
    "lewis_content.Passage",
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


# Fields Wagtail saves on their own (a draft revision, a lock): none is shown to readers.
LOCK_FIELDS = frozenset({"locked", "locked_by", "locked_at"})
EDITORIAL_FIELDS = LOCK_FIELDS | {"latest_revision", "has_unpublished_changes"}


def only(update_fields, fields: frozenset) -> bool:
    return update_fields is not None and set(update_fields) <= fields


def content_changed(sender, update_fields=None, **kwargs) -> None:
    if not only(update_fields, EDITORIAL_FIELDS):
        transaction.on_commit(bump_generation)


def reproject(passage_ids: list[int]) -> None:
    # The ids are read now: Django clears a deleted instance's pk before commit.
    if passage_ids:
        transaction.on_commit(lambda: sync_passages(passage_ids))


def passage_changed(sender, instance, update_fields=None, **kwargs) -> None:
    if not only(update_fields, EDITORIAL_FIELDS):
        refresh_snapshots([instance.pk])
        reproject([instance.pk])


def passage_saved(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    """A passage whose text changed gets a new tag draft, once the change commits."""
    from lewis_content import editorial

    if raw or only(update_fields, LOCK_FIELDS):
        return
    if editorial.needs_drafting(instance):
        editorial.queue_drafting(instance)


def remember_assignment(sender, instance, **kwargs) -> None:
    """Where an edited tag assignment was, and whether readers saw it (accepted)."""
    if instance.pk is not None:
        instance._before = (
            sender.objects.filter(pk=instance.pk).values("passage_id", "status").first()
        )


def passage_tag_changed(sender, instance, **kwargs) -> None:
    """Readers see accepted tags only: a suggestion made, edited or rejected changes nothing
    for them. An assignment moved to another passage changes both."""
    accepted = sender.Status.ACCEPTED
    before = getattr(instance, "_before", None) or {}
    if accepted not in {instance.status, before.get("status")}:
        return
    ids = sorted({instance.passage_id, before.get("passage_id", instance.passage_id)})
    refresh_snapshots(ids)
    reproject(ids)
    transaction.on_commit(bump_generation)  # again once the ranking has them


def work_saved(sender, instance, update_fields=None, **kwargs) -> None:
    """Publishing or unpublishing a work shows or hides all its passages."""
    if only(update_fields, EDITORIAL_FIELDS):
        return
    ids = list(instance.passages.values_list("pk", flat=True))
    refresh_snapshots(ids)
    reproject(ids)


# What else a snapshot is rendered from: the fields it shows (None: any change matters) and the
# passages a change touches.
RENDERED_FROM = {
    "lewis_content.Chapter": (
        ("number", "title"),
        lambda chapter: Passage.objects.filter(chapter_id=chapter.pk),
    ),
    "lewis_content.Register": (
        ("slug", "label", "description"),
        lambda register: Passage.objects.filter(register_id=register.pk),
    ),
    "lewis_content.WorkSourceLink": (
        None,
        lambda link: Passage.objects.filter(work_id=link.work_id),
    ),
    "lewis_tagging.Tag": (
        ("axis_id", "slug", "label"),
        lambda tag: Passage.objects.filter(tag_assignments__tag_id=tag.pk),
    ),
    "lewis_tagging.Axis": (
        ("slug", "position"),
        lambda axis: Passage.objects.filter(tag_assignments__tag__axis_id=axis.pk),
    ),
    "lewis_audio.AudioAsset": (
        None,
        lambda asset: PassageSnapshot.objects.filter(audio_key=asset.content_hash),
    ),
}


def shown_values(sender, instance) -> tuple | None:
    fields, _ = RENDERED_FROM[sender._meta.label]
    return tuple(getattr(instance, f) for f in fields) if fields else None


def remember_shown_values(sender, instance, **kwargs) -> None:
    fields, _ = RENDERED_FROM[sender._meta.label]
    if fields and instance.pk is not None:
        instance._shown_before = sender.objects.filter(pk=instance.pk).values_list(*fields).first()


def touched_passages(sender, instance) -> list[int]:
    _, touched = RENDERED_FROM[sender._meta.label]
    return list(touched(instance).values_list("pk", flat=True).distinct())


def rerender_saved(sender, instance, created, **kwargs) -> None:
    before = getattr(instance, "_shown_before", None)
    if created or before is None or before != shown_values(sender, instance):
        refresh_snapshots(touched_passages(sender, instance))


def remember_touched(sender, instance, **kwargs) -> None:
    # Read before the delete: a deleted chapter's passages lose their chapter_id with it.
    instance._touched_passages = touched_passages(sender, instance)


def rerender_deleted(sender, instance, **kwargs) -> None:
    refresh_snapshots(getattr(instance, "_touched_passages", []))


def connect() -> None:
    # Ranking projection: published passages with their accepted tags. (A work can only be
    # deleted once it has no passages, so its deletion changes nothing there.)
    for model, handler in (
        ("lewis_content.Passage", passage_changed),
        ("lewis_content.PassageTag", passage_tag_changed),
    ):
        post_save.connect(handler, sender=model, dispatch_uid=f"rank:save:{model}")
        post_delete.connect(handler, sender=model, dispatch_uid=f"rank:delete:{model}")
    pre_save.connect(
        remember_assignment, sender="lewis_content.PassageTag", dispatch_uid="rank:pre:tag"
    )
    post_save.connect(work_saved, sender="lewis_content.Work", dispatch_uid="rank:save:work")
    post_save.connect(passage_saved, sender="lewis_content.Passage", dispatch_uid="draft:passage")
    for model in RENDERED_FROM:
        for signal, handler in (
            (pre_save, remember_shown_values),
            (post_save, rerender_saved),
            (pre_delete, remember_touched),
            (post_delete, rerender_deleted),
        ):
            signal.connect(handler, sender=model, dispatch_uid=f"render:{handler.__name__}:{model}")
    for model in READER_VISIBLE:
        post_save.connect(content_changed, sender=model, dispatch_uid=f"bump:save:{model}")
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"bump:delete:{model}")
