"""`lewis demo`: demo accounts (an editor, a moderator, an admin, a reader) and demo content.
Safe to run again."""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from lewis_accounts import services as accounts
from lewis_content import services as content

DEMO_PASSWORD = "lewis-demo-editor"  # noqa: S105 - local demos only: refused unless DEBUG is on
# The CMS's three roles (docs/operations.md): username, display name, group (None: superuser).
STAFF = [
    ("editor", "Demo Editor", "Editors"),
    ("moderator", "Demo Moderator", "Moderators"),
    ("admin", "Demo Admin", None),
]
READER_EMAIL = "reader@example.org"
READER_PASSWORD = "lewis-demo-reader"  # noqa: S105 - as above


class Command(BaseCommand):
    help = (
        "Create the demo editor, moderator, admin and reader accounts and load demo content "
        "(idempotent)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--password", help="The demo accounts' password (required when DEBUG is off)."
        )

    @transaction.atomic
    def handle(self, *args, password=None, **options):
        if password is None:
            if not settings.DEBUG:
                raise CommandError(
                    "Refusing the well-known demo password with DEBUG off; pass --password."
                )
            password = DEMO_PASSWORD
        for username, name, group in STAFF:
            self.demo_staff(username, name, group, password)
        call_command("load_demo_content", reviewer="editor", stdout=self.stdout)
        reader_password = READER_PASSWORD if password == DEMO_PASSWORD else password
        self.demo_reader(reader_password)

    def demo_staff(self, username: str, name: str, group: str | None, password: str) -> None:
        """A CMS account in its role's group (the admin: a superuser in none)."""
        user, created = get_user_model().objects.get_or_create(
            username=username, defaults={"email": f"{username}@example.org", "display_name": name}
        )
        user.is_staff, user.is_superuser = True, group is None
        user.set_password(password)
        user.save()
        user.groups.set(Group.objects.filter(name=group) if group else [])
        role = group or "superuser"
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo {username} ({role}) {'created' if created else 'ready'}: "
                f"username '{username}', password '{password}'"
            )
        )

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
