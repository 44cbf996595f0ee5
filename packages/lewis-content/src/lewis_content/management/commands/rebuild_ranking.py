"""`rebuild_ranking`: re-project every published passage into the ranking index."""

import time

from django.core.management.base import BaseCommand

from lewis_content.reading.projection import rebuild_index


class Command(BaseCommand):
    help = "Rebuild the ranking index from published passages and their accepted tags."

    def handle(self, *args, **options):
        started = time.monotonic()
        count = rebuild_index()
        self.stdout.write(
            self.style.SUCCESS(
                f"Ranking index rebuilt: {count:,} passages in {time.monotonic() - started:.1f} s"
            )
        )
