"""Tells other packages when readings change: `services.readings_changed` is sent when a reading
becomes ready or a ready one is deleted, inside the writing transaction, with the reading keys
concerned. Listeners subscribe to that signal, never to this package's models."""

from django.db.models.signals import post_delete, post_save

from lewis_audio.models import AudioAsset
from lewis_audio.services import readings_changed


def announce(sender, instance, raw=False, **kwargs) -> None:
    if not raw and instance.status == AudioAsset.Status.READY:
        readings_changed.send(sender=sender, keys=frozenset({instance.content_hash}))


def connect() -> None:
    post_save.connect(announce, sender=AudioAsset, dispatch_uid="lewis_audio:asset:post_save")
    post_delete.connect(announce, sender=AudioAsset, dispatch_uid="lewis_audio:asset:post_delete")
