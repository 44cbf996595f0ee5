"""Tells other packages when the taxonomy changes: `services.taxonomy_changed` is sent for every
saved or deleted tag and axis, inside the writing transaction. Listeners subscribe to that
signal, never to this package's models."""

from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

from lewis_tagging.models import Axis, Tag
from lewis_tagging.services import taxonomy_changed

# What a reader sees of a tag on a passage: its axis, slug and label, and its axis's slug and
# position. A change to any of these re-labels the tag wherever it is shown.
SHOWN_FIELDS = {Tag: ("axis_id", "slug", "label"), Axis: ("slug", "position")}


def tag_ids_of(instance) -> list[int]:
    if isinstance(instance, Tag):
        return [instance.pk]
    return list(Tag.objects.filter(axis_id=instance.pk).values_list("pk", flat=True))


def shown(sender, instance) -> tuple:
    return tuple(getattr(instance, field) for field in SHOWN_FIELDS[sender])


def remember_shown(sender, instance, raw=False, **kwargs) -> None:
    if instance.pk is not None and not raw:
        fields = SHOWN_FIELDS[sender]
        instance._shown_before = sender.objects.filter(pk=instance.pk).values_list(*fields).first()


def announce_saved(sender, instance, created, raw=False, **kwargs) -> None:
    if raw:
        return
    before = getattr(instance, "_shown_before", None)
    relabelled = not created and before is not None and before != shown(sender, instance)
    taxonomy_changed.send(
        sender=sender, relabelled_tag_ids=frozenset(tag_ids_of(instance) if relabelled else ())
    )


def remember_tags(sender, instance, **kwargs) -> None:
    instance._tag_ids = tag_ids_of(instance)  # an axis's tags are gone after the delete


def announce_deleted(sender, instance, **kwargs) -> None:
    taxonomy_changed.send(
        sender=sender, relabelled_tag_ids=frozenset(getattr(instance, "_tag_ids", ()))
    )


def connect() -> None:
    for model in (Tag, Axis):
        uid = f"lewis_tagging:{model.__name__}"
        pre_save.connect(remember_shown, sender=model, dispatch_uid=f"{uid}:pre_save")
        post_save.connect(announce_saved, sender=model, dispatch_uid=f"{uid}:post_save")
        pre_delete.connect(remember_tags, sender=model, dispatch_uid=f"{uid}:pre_delete")
        post_delete.connect(announce_deleted, sender=model, dispatch_uid=f"{uid}:post_delete")
