"""The audio spend report in the CMS's Reports menu."""

from wagtail import hooks

from lewis_audio.views import AudioSpendReportView
from lewis_spend.views import ReportMenuItem, report_urls


@hooks.register("register_admin_urls")
def register_audio_spend_urls():
    return report_urls(AudioSpendReportView, "audio-spend")


@hooks.register("register_reports_menu_item")
def register_audio_spend_menu_item():
    return ReportMenuItem(AudioSpendReportView, name="audio-spend", icon_name="media", order=1310)
