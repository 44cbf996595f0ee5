"""`load_demo_content`: the demo corpus (works, passages, pages, podcasts, drops). Idempotent."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from lewis_content.demo import corpus


class Command(BaseCommand):
    help = "Load (or complete) the demo content; what already exists is left alone."

    def add_arguments(self, parser):
        parser.add_argument("--reviewer", help="Username recorded as the reviewer of demo tags.")
        parser.add_argument("--passages", type=int, default=2100)

    def handle(self, *args, reviewer=None, passages=2100, **options):
        user = None
        if reviewer is not None:
            user = get_user_model().objects.filter(username=reviewer).first()
            if user is None:
                raise CommandError(f"No user '{reviewer}'.")
        counts = corpus.load_demo_corpus(passages=passages, reviewer=user)
        self.stdout.write(
            f"Demo content added: {counts.works} works, {counts.passages} passages, "
            f"{counts.pages} pages, {counts.podcasts} podcasts, {counts.daily_drops} daily drops "
            "(nothing is added twice)."
        )
