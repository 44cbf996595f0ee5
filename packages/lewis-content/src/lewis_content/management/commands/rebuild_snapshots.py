"""`rebuild_snapshots`: render every published passage's reader snapshot again."""

import time

from django.core.management.base import BaseCommand

from lewis_content.cache import bump_generation
from lewis_content.snapshots import rebuild_snapshots


class Command(BaseCommand):
    help = (
        "Render what readers get for every published passage again (after changing the TTS "
        "voice or image renditions, or if snapshots were written by hand)."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        count = rebuild_snapshots()
        bump_generation()
        self.stdout.write(
            self.style.SUCCESS(
                f"Passage snapshots rendered: {count:,} in {time.monotonic() - started:.1f} s"
            )
        )
