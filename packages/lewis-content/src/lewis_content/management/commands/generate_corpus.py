"""`generate_corpus --passages N`: a synthetic corpus for benchmarks (10K, 100K, 1M)."""

import time

from django.core.management.base import BaseCommand

from lewis_content.demo import corpus


class Command(BaseCommand):
    help = (
        "Replace the benchmark corpus (works named bench-*) with N synthetic passages. They are "
        "left out of Wagtail's reference index (the CMS's usage counts): indexing them one by one "
        "would add about 10 minutes per 100,000 passages. Run `lewis rebuild_references_index` "
        "afterwards if the counts matter."
    )

    def add_arguments(self, parser):
        parser.add_argument("--passages", type=int, required=True)
        parser.add_argument("--seed", type=int, default=7)

    def handle(self, *args, passages, seed, **options):
        started = time.monotonic()
        step = max(passages // 10, 1)

        def progress(done: int) -> None:
            if done % step < 1000 or done == passages:
                self.stdout.write(f"  {done:>9,} passages ({time.monotonic() - started:.0f} s)")

        created = corpus.generate_benchmark_corpus(passages, seed=seed, progress=progress)
        self.stdout.write(
            self.style.SUCCESS(
                f"Benchmark corpus: {created:,} passages in {time.monotonic() - started:.1f} s"
            )
        )
