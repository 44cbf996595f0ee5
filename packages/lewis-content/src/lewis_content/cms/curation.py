"""Curation in the Wagtail admin: daily drops and podcasts (pages edit in the page tree, and
follow their publish and unpublish: sync/signals.py)."""

from lewis_content.cms.following import FollowingViewSet
from lewis_content.curation.schedule import DailyDrop, Podcast, PodcastEpisode


class DailyDropViewSet(FollowingViewSet):
    model = DailyDrop
    icon = "date"
    list_display = ["date", "register", "passage"]
    list_filter = ["register"]
    ordering = ["date"]


class PodcastViewSet(FollowingViewSet):
    model = Podcast
    icon = "media"


class PodcastEpisodeViewSet(FollowingViewSet):
    model = PodcastEpisode
    icon = "media"
    list_display = ["title", "podcast", "number", "published_on"]
    list_filter = ["podcast"]
    search_fields = ["title"]
