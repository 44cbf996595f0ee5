"""Adapters from events to actions: nothing here decides anything, each handler names the
action that follows the event (reading.actions, tagreview.actions).

Only what has no other hook comes through here:
- the rows Wagtail itself writes when it publishes, unpublishes, schedules, reverts, moves or
  saves a revision of a passage, a work or a page (its workflow, scheduler and page tree do this
  outside any view of ours), and the view restrictions it puts on pages (a restricted page is
  no longer public);
- lewis_tagging's `taxonomy_changed` and lewis_audio's `readings_changed`: those packages announce
  their own changes, and this module never listens to their models.

Everything else that readers see (chapters, registers, drops, podcasts) is written by named
actions: the content viewsets (cms/following.py), the ingest. A passage's tags reach readers only
when the passage is published (tagreview.actions.passages_published), whatever reviewed them.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.models import PageViewRestriction, Revision
from wagtail.signals import published, unpublished

from lewis_audio import services as audio
from lewis_content.curation.pages import HomePage, JourneyPage, PortalPage, ThemePage
from lewis_content.library.models import Passage, Work
from lewis_content.reading.actions import content_changed, passages_changed, snapshots_changed
from lewis_content.reading.models import PassageSnapshot
from lewis_content.tagreview.actions import (
    approve_tags_for_go_live,
    passages_published,
    request_draft_if_changed,
)
from lewis_tagging import services as tagging

# Fields Wagtail saves on their own (a draft revision, a lock): none is shown to readers.
LOCK_FIELDS = frozenset({"locked", "locked_by", "locked_at"})
EDITORIAL_FIELDS = LOCK_FIELDS | {"latest_revision", "has_unpublished_changes"}
PAGES = [HomePage, ThemePage, JourneyPage, PortalPage]


def only(update_fields, fields: frozenset) -> bool:
    return update_fields is not None and set(update_fields) <= fields


@transaction.atomic  # one committed change: one generation move
def passage_saved(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    """Published, unpublished or revised: readers follow; a changed text gets a new draft."""
    if raw:
        return
    if not only(update_fields, EDITORIAL_FIELDS):
        passages_changed([instance.pk])
    if not only(update_fields, LOCK_FIELDS):
        request_draft_if_changed(instance)


def passage_published(sender, instance, revision=None, **kwargs) -> None:
    """Wagtail published a passage (directly, by a workflow's approval, by the scheduler, or a
    reverted revision): its accepted tags go live with its text (those accepted at approval,
    for a scheduled go-live). Wagtail sends it too when it only schedules a revision: then
    nothing goes live now, and readers keep what they see."""
    if revision is not None and instance.live_revision_id != revision.pk:
        return
    passages_published([instance.pk], revision=revision)


def revision_saved(sender, instance, update_fields=None, **kwargs) -> None:
    """Wagtail scheduled a passage's revision to go live later (it sets `approved_go_live_at`):
    the tags accepted now go live with it."""
    scheduling = update_fields is not None and "approved_go_live_at" in update_fields
    if (
        scheduling
        and instance.approved_go_live_at
        and instance.content_type_id == (ContentType.objects.get_for_model(Passage).pk)
    ):
        approve_tags_for_go_live(instance)


def passage_deleted(sender, instance, **kwargs) -> None:
    passages_changed([instance.pk])  # drops its snapshot and ranking document


@transaction.atomic
def work_changed(sender, instance, update_fields=None, **kwargs) -> None:
    """Publishing, unpublishing or editing a work shows, hides or re-renders its passages (its
    source ladder included: Wagtail sends `published` once the links are saved too)."""
    if not only(update_fields, EDITORIAL_FIELDS):
        passages_changed(Passage.objects.filter(work_id=instance.pk).values_list("pk", flat=True))
        content_changed()  # /works lists it even without passages


def page_changed(sender, update_fields=None, **kwargs) -> None:
    if not only(update_fields, EDITORIAL_FIELDS):
        content_changed()


@transaction.atomic
def taxonomy_changed(sender, relabelled_tag_ids=frozenset(), **kwargs) -> None:
    """Tags and axes show in /tags, snapshots and ranking explanations; weights rank."""
    if relabelled_tag_ids:
        tagged = Passage.objects.filter(published_tags__tag_id__in=relabelled_tag_ids)
        snapshots_changed(tagged.values_list("pk", flat=True).distinct())
    content_changed()


def readings_changed(sender, keys=frozenset(), **kwargs) -> None:
    """A reading appeared or went: the passages whose text it reads show it (or not)."""
    carrying = PassageSnapshot.objects.filter(audio_key__in=keys)
    snapshots_changed(carrying.values_list("passage_id", flat=True))


def connect() -> None:
    connections = [
        ("post_save", post_save, passage_saved, Passage),
        ("post_delete", post_delete, passage_deleted, Passage),
        ("published", published, passage_published, Passage),
        ("post_save", post_save, revision_saved, Revision),  # a passage's go-live scheduled
        ("post_save", post_save, work_changed, Work),
        ("post_delete", post_delete, work_changed, Work),  # only a work without passages can go
        ("published", published, work_changed, Work),  # after its source links are saved
        ("unpublished", unpublished, work_changed, Work),
        *(("post_save", post_save, page_changed, page) for page in PAGES),
        *(("post_delete", post_delete, page_changed, page) for page in PAGES),
        ("post_save", post_save, page_changed, PageViewRestriction),
        ("post_delete", post_delete, page_changed, PageViewRestriction),
    ]
    for name, signal, handler, model in connections:
        uid = f"lewis_content:{name}:{model._meta.label}"
        signal.connect(handler, sender=model, dispatch_uid=uid)
    tagging.taxonomy_changed.connect(taxonomy_changed, dispatch_uid="lewis_content:taxonomy")
    audio.readings_changed.connect(readings_changed, dispatch_uid="lewis_content:readings")
