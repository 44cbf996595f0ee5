"""What editors see of the content graph in the Wagtail admin (/cms/): the library and
curation viewsets (cms/) and the tag review (tagreview/admin.py), composed into menus."""

from django.urls import reverse
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from lewis_content.cms import audio, curation, following, library, moderation
from lewis_content.tagreview import admin as tagreview
from lewis_content.tagreview.panels import PassageTagsPanel


class PassageViewSet(library.PassageViewSet):
    panels = library.passage_panels(PassageTagsPanel(heading="Tags"))
    edit_view_class = moderation.SecondSubmissionIsADraftEditView


class LibraryGroup(SnippetViewSetGroup):
    menu_label = "Library"
    menu_icon = "doc-full-inverse"
    menu_order = 200
    items = (library.WorkViewSet, PassageViewSet, library.ChapterViewSet, library.RegisterViewSet)


class ScheduleGroup(SnippetViewSetGroup):
    menu_label = "Schedule"
    menu_icon = "date"
    menu_order = 220
    items = (curation.DailyDropViewSet, curation.PodcastViewSet, curation.PodcastEpisodeViewSet)

    def get_submenu_items(self):
        ahead = curation.ScheduleAheadMenuItem(
            "The next 30 days", reverse("lewis_schedule_ahead"), icon_name="calendar", order=50
        )
        return [ahead, *super().get_submenu_items()]


register_snippet(LibraryGroup)
register_snippet(ScheduleGroup)
register_snippet(tagreview.PassageTagViewSet)

hooks.register("register_admin_urls", tagreview.admin_urls)
hooks.register("register_admin_urls", audio.admin_urls)
hooks.register("register_admin_urls", curation.admin_urls)
hooks.register("register_admin_menu_item", tagreview.menu_item)
hooks.register("construct_homepage_panels", tagreview.add_dashboard_panel)
hooks.register("before_publish", tagreview.refuse_publish_with_unreviewed_tags)
hooks.register("after_edit_snippet", tagreview.warn_on_submit_with_unreviewed_tags)
hooks.register("before_edit_page", moderation.save_a_second_page_submission_as_a_draft)
for moment in ("before_create_snippet", "before_edit_snippet"):
    hooks.register(moment, tagreview.refuse_tag_changes_in_moderation)
# The listings' bulk delete goes around the viewsets' views: these follow it, in its transaction.
hooks.register("before_bulk_action", following.before_bulk_delete)
hooks.register("after_bulk_action", following.after_bulk_delete)
