"""`rebuild_snapshots`: render every published passage's reader snapshot again."""

import time

from django.core.management.base import BaseCommand

from lewis_content.reading.actions import rebuild_read_models


class Command(BaseCommand):
    help = (
        "Render what readers get for every published passage again, and re-index them (after "
        "changing the TTS voice or image renditions, or if snapshots were written by hand)."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        snapshots, indexed = rebuild_read_models()
        self.stdout.write(
            self.style.SUCCESS(
                f"Passage snapshots rendered: {snapshots:,} ({indexed:,} indexed) "
                f"in {time.monotonic() - started:.1f} s"
            )
        )
