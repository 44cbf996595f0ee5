"""The CMS report of audio spend by month: readings, characters billed, cost, share of budget."""

from wagtail.permission_policies import ModelPermissionPolicy

from lewis_audio.models import AudioUsage
from lewis_audio.services import AUDIO
from lewis_spend.views import SpendReportView


class AudioSpendReportView(SpendReportView):
    page_title = "Audio spend"
    header_icon = "media"
    index_url_name = "lewis_audio_spend"
    index_results_url_name = "lewis_audio_spend_results"
    # Superusers, and groups given "Can view audio usage record".
    permission_policy = ModelPermissionPolicy(AudioUsage)
    meter = AUDIO
    units = {"characters": "Characters billed"}

    def get_filename(self):
        return "audio-spend"
