"""`lewis demo`: a demo editor account and demo content. Safe to run again."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from lewis_content import services as content

DEMO_USERNAME = "editor"
DEMO_PASSWORD = "lewis-demo-editor"  # noqa: S105 - local demos only: refused unless DEBUG is on

# Metadata only (titles and years are facts); passage text in the demo is synthetic.
DEMO_WORKS = [
    {
        "slug": "the-pilgrims-regress",
        "title": "The Pilgrim's Regress",
        "year": 1933,
        "form": "book",
    },
    {
        "slug": "the-screwtape-letters",
        "title": "The Screwtape Letters",
        "year": 1942,
        "form": "letter",
    },
    {"slug": "the-weight-of-glory", "title": "The Weight of Glory", "year": 1941, "form": "talk"},
    {"slug": "mere-christianity", "title": "Mere Christianity", "year": 1952, "form": "book"},
    {"slug": "the-four-loves", "title": "The Four Loves", "year": 1960, "form": "book"},
    {"slug": "a-grief-observed", "title": "A Grief Observed", "year": 1961, "form": "book"},
]


class Command(BaseCommand):
    help = "Create the demo editor account and load demo content (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--password", help="Editor password (required when DEBUG is off).")

    @transaction.atomic
    def handle(self, *args, password=None, **options):
        if password is None:
            if not settings.DEBUG:
                raise CommandError(
                    "Refusing the well-known demo password with DEBUG off; pass --password."
                )
            password = DEMO_PASSWORD
        User = get_user_model()
        editor, created = User.objects.get_or_create(
            username=DEMO_USERNAME,
            defaults={"email": "editor@example.org", "display_name": "Demo Editor"},
        )
        editor.is_staff = editor.is_superuser = True
        editor.set_password(password)
        editor.save()
        new_works = content.ensure_works(DEMO_WORKS)

        self.stdout.write(
            self.style.SUCCESS(
                f"Demo editor {'created' if created else 'ready'}: "
                f"username '{DEMO_USERNAME}', password '{password}'"
            )
        )
        self.stdout.write(f"Works: {new_works} new, {len(DEMO_WORKS)} in the demo.")
