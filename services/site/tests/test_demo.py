"""`lewis demo`: an editor to sign in with and demo content, safe to run again."""

from io import StringIO

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.test import RequestFactory, override_settings

from lewis_content.services import list_works

pytestmark = pytest.mark.django_db


def run_demo(**options) -> str:
    out = StringIO()
    call_command("demo", stdout=out, **options)
    return out.getvalue()


@pytest.fixture(scope="module")
def first_run(django_db_setup, django_db_blocker):
    """The demo, loaded once for this module (it is the slow part) and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(DEBUG=True):
            first = run_demo()
        yield first, list_works()
        transaction.set_rollback(True)


@override_settings(DEBUG=True)
def test_running_the_demo_twice_gives_one_editor_and_the_same_works(first_run):
    first, works = first_run
    second = run_demo()

    assert "username 'editor', password 'lewis-demo-editor'" in first
    assert "username 'editor', password 'lewis-demo-editor'" in second
    assert "Demo content added: 15 works" in first
    assert "Demo content added: 0 works, 0 passages, 0 pages, 0 podcasts" in second
    assert get_user_model().objects.filter(username="editor").count() == 1
    assert list_works() == works
    assert len(works) >= 6
    signing_in = RequestFactory().post("/cms/login/")  # sign-in is counted per request (axes)
    editor = authenticate(signing_in, username="editor", password="lewis-demo-editor")
    assert editor is not None
    assert editor.is_staff


@override_settings(DEBUG=True)
def test_the_demo_shows_the_cms_roles_split(first_run, client):
    first, _ = first_run
    for username, role in [
        ("editor", "Editors"),
        ("moderator", "Moderators"),
        ("admin", "superuser"),
    ]:
        assert f"Demo {username} ({role})" in first
        assert f"username '{username}', password 'lewis-demo-editor'" in first
    editor, moderator, admin = (
        get_user_model().objects.get(username=name) for name in ("editor", "moderator", "admin")
    )
    assert not editor.is_superuser
    assert not moderator.is_superuser
    assert admin.is_superuser
    # Editors curate the library and the schedule, and publish nothing; moderators publish.
    for listing in ("work", "chapter", "passage", "dailydrop", "podcast", "podcastepisode"):
        assert editor.has_perm(f"lewis_content.change_{listing}"), listing
        client.force_login(editor)
        assert client.get(f"/cms/snippets/lewis_content/{listing}/").status_code == 200, listing
    assert editor.has_perm("lewis_tagging.view_tag")
    assert not editor.has_perm("lewis_tagging.change_tag")
    assert not editor.has_perm("lewis_content.publish_passage")
    assert not editor.has_perm("lewis_content.publish_work")
    assert moderator.has_perm("lewis_content.publish_passage")
    assert moderator.has_perm("lewis_content.publish_work")
    assert moderator.has_perm("lewis_tagging.change_tag")


def test_without_debug_the_demo_wants_an_explicit_password(first_run):
    with pytest.raises(CommandError, match="pass --password"):
        run_demo()
    out = run_demo(password="a-better-secret-than-that")
    assert "password 'a-better-secret-than-that'" in out


@override_settings(DEBUG=True)
def test_the_demo_reader_signs_in_from_the_app_and_finds_a_soul_map(first_run, client):
    first, _ = first_run
    assert "email 'reader@example.org', password 'lewis-demo-reader'" in first
    login = client.post(
        "/_allauth/app/v1/auth/login",
        {"email": "reader@example.org", "password": "lewis-demo-reader"},
        content_type="application/json",
    )
    assert login.status_code == 200, login.json()
    auth = {"HTTP_AUTHORIZATION": f"Bearer {login.json()['meta']['access_token']}"}
    soul_map = client.get("/api/v1/me/soul-map", **auth).json()
    assert len(soul_map["passages"]["items"]) == 4
    reflections = client.get("/api/v1/me/reflections", **auth).json()["items"]
    assert [r["text"] for r in reflections] == ["Read this again on a bad day."]


def test_the_django_admin_shows_operators_users_and_groups_and_nothing_around_wagtail(client):
    client.force_login(get_user_model().objects.create_superuser("op", "op@example.org", "x"))
    index = client.get("/admin/").content.decode()
    assert "/admin/lewis_accounts/user/" in index
    assert "/admin/auth/group/" in index
    for hidden in ("/admin/taggit/", "/admin/wagtailimages/", "/admin/wagtaildocs/"):
        assert hidden not in index, hidden
    assert client.get("/admin/lewis_accounts/user/").status_code == 200
