"""`lewis demo`: a demo editor account and demo content. Safe to run again."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

DEMO_USERNAME = "editor"
DEMO_PASSWORD = "lewis-demo-editor"  # noqa: S105 - local demos only: refused unless DEBUG is on


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
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo editor {'created' if created else 'ready'}: "
                f"username '{DEMO_USERNAME}', password '{password}'"
            )
        )
        call_command("load_demo_content", reviewer=editor.username, stdout=self.stdout)
