"""Admin forms with editorial rules the generic forms do not know."""

from django.utils import timezone
from wagtail.admin.forms import WagtailAdminModelForm


class PassageTagForm(WagtailAdminModelForm):
    """Setting a tag's status in the CMS is a review: record who and when."""

    def save(self, commit=True):
        tag = self.instance
        changed = "status" in self.changed_data or tag._state.adding
        if changed and tag.status != tag.Status.SUGGESTED:
            tag.reviewed_by = self.for_user
            tag.reviewed_at = timezone.now()
        return super().save(commit)
