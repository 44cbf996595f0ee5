"""Snippet views that keep readers in step: each save or delete calls its named action inside
the transaction Wagtail saves in, so a change and what readers see of it commit together.

Wagtail's own hooks for this (`after_edit_snippet` and friends) run after that commit; these
views are what the content viewsets use instead of Wagtail's.
"""

from collections.abc import Callable

from django.db import transaction
from django.db.models import QuerySet
from wagtail.admin.views.generic import CopyViewMixin
from wagtail.snippets.views.snippets import CreateView, DeleteView, EditView, SnippetViewSet

from lewis_content.reading.actions import content_changed, passages_changed

# The passages whose snapshots show a row: a change re-renders and re-indexes them.
Touched = Callable[[object], QuerySet]

# Every model a FollowingViewSet edits, with its `touched`: the bulk delete follows these too.
FOLLOWED: dict[type, Touched | None] = {}


def passage_ids(touched: Touched | None, instance) -> list[int]:
    if touched is None:
        return []
    return list(touched(instance).values_list("pk", flat=True).distinct())


class FollowingCreateView(CreateView):
    touched: Touched | None = None

    def save_instance(self):
        instance = super().save_instance()
        passages_changed(passage_ids(self.touched, instance))
        content_changed()  # the lists and details that show the row itself
        return instance


class FollowingCopyView(CopyViewMixin, FollowingCreateView):
    pass


class FollowingEditView(EditView):
    touched: Touched | None = None

    def save_instance(self):
        instance = super().save_instance()
        passages_changed(passage_ids(self.touched, instance))
        content_changed()
        return instance


class FollowingDeleteView(DeleteView):
    touched: Touched | None = None

    def delete_action(self):
        with transaction.atomic():
            # Read before the delete: a deleted chapter's passages lose their chapter with it.
            ids = passage_ids(self.touched, self.object)
            super().delete_action()
            passages_changed(ids)
            content_changed()


class FollowingViewSet(SnippetViewSet):
    """A snippet viewset whose views keep readers in step. `touched(row)`: the passages whose
    snapshots show the row (None: it shows only in its own lists and details)."""

    touched: Touched | None = None
    add_view_class = FollowingCreateView

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        FOLLOWED[cls.model] = cls.touched

    copy_view_class = FollowingCopyView
    edit_view_class = FollowingEditView
    delete_view_class = FollowingDeleteView

    def get_add_view_kwargs(self, **kwargs):  # the copy view's too
        return super().get_add_view_kwargs(touched=self.touched, **kwargs)

    def get_edit_view_kwargs(self, **kwargs):
        return super().get_edit_view_kwargs(touched=self.touched, **kwargs)

    def get_delete_view_kwargs(self, **kwargs):
        return super().get_delete_view_kwargs(touched=self.touched, **kwargs)


# Wagtail's bulk delete (the listings' checkboxes) runs these hooks inside its transaction.


def before_bulk_delete(request, action_type, objects, action) -> None:
    followed = [o for o in objects if type(o) in FOLLOWED]
    if action_type == "delete" and followed:
        # Read before the delete: a deleted chapter's passages lose their chapter with it.
        request.lewis_touched_passages = {
            pk for o in followed for pk in passage_ids(FOLLOWED[type(o)], o)
        }


def after_bulk_delete(request, action_type, objects, action) -> None:
    touched = getattr(request, "lewis_touched_passages", None)
    if action_type == "delete" and touched is not None:
        passages_changed(touched)
        content_changed()
