"""`ingest_substack`: poll the Substack feeds now, as beat does every 30 minutes."""

from django.core.management.base import BaseCommand, CommandError

from lewis_content.conf import content_settings
from lewis_content.ingest.substack import ingest_feed


class Command(BaseCommand):
    help = (
        "Poll the Substack feeds in SUBSTACK_FEEDS (or those given with --feed) now: each new "
        "article becomes a draft editorial passage, changed ones a new draft revision."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--feed", action="append", default=[], help="a feed URL instead of SUBSTACK_FEEDS"
        )

    def handle(self, *args, **options):
        feeds = options["feed"] or content_settings()["SUBSTACK_FEEDS"]
        if not feeds:
            raise CommandError("No feeds to poll: set SUBSTACK_FEEDS, or pass --feed URL.")
        failed = 0
        for url in feeds:
            try:
                report = ingest_feed(url)
            except Exception as error:
                failed += 1
                self.stderr.write(f"{url}: failed: {error}")
                continue
            self.stdout.write(
                f"{url}: {len(report.created)} new, {len(report.updated)} updated, "
                f"{report.unchanged} unchanged"
            )
        if failed:
            raise CommandError(f"{failed} of {len(feeds)} feeds failed.")
