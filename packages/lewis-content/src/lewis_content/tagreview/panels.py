"""Custom edit-view panels for passages."""

from itertools import groupby

from django.urls import reverse
from wagtail.admin.panels import Panel

from lewis_content.tagreview.models import TagDraft
from lewis_content.tagreview.views import review_lock


class PassageTagsPanel(Panel):
    """The passage's tags grouped by axis, with source, confidence and review status."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "lewis_content/panels/passage_tags.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            passage = self.instance
            context["saved"] = passage.pk is not None
            context["passage_id"] = passage.pk
            if passage.pk is None:
                return context
            assignments = passage.tag_assignments.select_related(
                "tag__axis", "reviewed_by"
            ).order_by("tag__axis__position", "-confidence", "tag__label")
            context["axes"] = [
                (axis, list(items))
                for axis, items in groupby(assignments, key=lambda a: a.tag.axis)
            ]
            context["add_url"] = (
                reverse("wagtailsnippets_lewis_content_passagetag:add") + f"?passage={passage.pk}"
            )
            context["unreviewed"] = sum(
                a.status == "suggested" for _, items in context["axes"] for a in items
            )
            # Readers see the tags the passage was last published with (docs/adr/0004).
            shown = list(passage.published_tags.select_related("tag").order_by("tag__label"))
            published = {row.tag_id for row in shown}
            rows = [a for _, items in context["axes"] for a in items]
            accepted = {a.tag_id for a in rows if a.status == "accepted"}
            context["published_tag_ids"] = published
            assigned = {a.tag_id for a in rows}
            context["removed"] = [row.tag for row in shown if row.tag_id not in assigned]
            context["staged"] = passage.live and accepted != published
            context["draft"] = TagDraft.objects.filter(passage=passage).first()
            user = self.request.user if self.request else None
            # Controls that cannot act are not shown (Wagtail's lock: in moderation, only who
            # may act on the task); who may approve is told why Approve waits.
            context["locked_reason"] = review_lock(passage, user) if user else None
            context["in_moderation"] = passage.workflow_in_progress
            context["edit_url"] = self.request.get_full_path() if self.request else ""
            return context
