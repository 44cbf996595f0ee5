"""`lewis demo`: an editor to sign in with and demo content, safe to run again."""

from io import StringIO

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from lewis_content.services import list_works

pytestmark = pytest.mark.django_db


def run_demo(**options) -> str:
    out = StringIO()
    call_command("demo", stdout=out, **options)
    return out.getvalue()


@override_settings(DEBUG=True)
def test_running_the_demo_twice_gives_one_editor_and_the_same_works():
    first = run_demo()
    works = list_works()
    second = run_demo()

    assert "username 'editor', password 'lewis-demo-editor'" in first
    assert "username 'editor', password 'lewis-demo-editor'" in second
    assert get_user_model().objects.filter(username="editor").count() == 1
    assert list_works() == works
    assert len(works) >= 6
    editor = authenticate(username="editor", password="lewis-demo-editor")
    assert editor is not None
    assert editor.is_staff


def test_without_debug_the_demo_wants_an_explicit_password():
    with pytest.raises(CommandError, match="pass --password"):
        run_demo()
    out = run_demo(password="a-better-secret-than-that")
    assert "password 'a-better-secret-than-that'" in out
