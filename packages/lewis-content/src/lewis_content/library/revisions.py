"""Every live work and passage has a live revision.

Wagtail keeps what is live in the object's row and, for scheduling, in its live revision: a
change scheduled for later on an object without one takes the object offline until the change
goes live (Wagtail reads "no live revision" as "never published"). Objects written in bulk (the
demo, the benchmark corpus) or before revisions were kept get one here: a revision of exactly
what is live, marked as the live one.
"""

from itertools import islice

from django.db import connection
from django.utils import timezone
from wagtail.models import Revision

BATCH = 1000


def give_live_revisions(model, ids=None) -> int:
    """Live objects of `model` (a DraftStateMixin model) with no live revision get one; `ids`
    limits it to those objects. Returns how many were given one."""
    objects = model.objects.filter(live=True, live_revision__isnull=True).order_by("pk")
    if ids is not None:
        objects = objects.filter(pk__in=ids)
    now = timezone.now()
    given = 0
    rows = objects.iterator(chunk_size=BATCH)
    while batch := list(islice(rows, BATCH)):
        revisions = Revision.objects.bulk_create(
            Revision(
                content_type=item.get_content_type(),
                base_content_type=item.get_base_content_type(),
                object_id=str(item.pk),
                created_at=now,
                content=item.serializable_data(),
                object_str=str(item),
            )
            for item in batch
        )
        for item, revision in zip(batch, revisions, strict=True):
            item.live_revision = revision
            if item.latest_revision_id is None:
                item.latest_revision = revision
        model.objects.bulk_update(batch, ["live_revision", "latest_revision"])
        given += len(batch)
    return given


def forget_orphaned_revisions(model) -> int:
    """Revisions of `model` objects that no longer exist (deleted with SQL, which leaves them)."""
    from django.contrib.contenttypes.models import ContentType

    content_type = ContentType.objects.get_for_model(model)
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {Revision._meta.db_table} WHERE base_content_type_id = %s "  # noqa: S608
            f"AND NOT EXISTS (SELECT 1 FROM {table} o WHERE CAST(o.id AS TEXT) = object_id)",
            [content_type.pk],
        )
        return cursor.rowcount
