"""`lewis demo`: demo accounts (an editor, a reader) and demo content. Safe to run again."""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from lewis_accounts import services as accounts
from lewis_content import services as content

DEMO_USERNAME = "editor"
DEMO_PASSWORD = "lewis-demo-editor"  # noqa: S105 - local demos only: refused unless DEBUG is on
READER_EMAIL = "reader@example.org"
READER_PASSWORD = "lewis-demo-reader"  # noqa: S105 - as above


class Command(BaseCommand):
    help = "Create the demo editor and reader accounts and load demo content (idempotent)."

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
        reader_password = READER_PASSWORD if password == DEMO_PASSWORD else password
        self.demo_reader(reader_password)

    def demo_reader(self, password: str) -> None:
        """A reader with a verified address, a few saves and a reflection, to sign in to from the
        app (POST /_allauth/app/v1/auth/login)."""
        reader, created = get_user_model().objects.get_or_create(
            username="reader", defaults={"email": READER_EMAIL, "display_name": "Demo Reader"}
        )
        reader.set_password(password)
        reader.save()
        EmailAddress.objects.update_or_create(
            user=reader, email=READER_EMAIL, defaults={"verified": True, "primary": True}
        )
        first, *others = content.first_passage_ids(4)
        for passage_id in [first, *others]:
            accounts.save_passage(reader, passage_id)
        if created:
            accounts.add_reflection(reader, first, "Read this again on a bad day.")
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo reader {'created' if created else 'ready'}: "
                f"email '{READER_EMAIL}', password '{password}'"
            )
        )
