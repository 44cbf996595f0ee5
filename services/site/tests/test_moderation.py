"""Moderators moderate reflections in the Wagtail admin: a queue by status, approve or hide;
the reader sees the decision on their reflection."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from lewis_accounts.models import Reflection
from tests.test_accounts import signed_up

pytestmark = pytest.mark.django_db


def test_a_moderator_hides_a_reflection_and_its_author_sees_it_hidden(client, passage):
    token = signed_up(client)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    client.post(
        f"/api/v1/passages/{passage.pk}/reflections", {"text": "Hm."}, "application/json", **auth
    )
    reflection = Reflection.objects.get()
    moderator = get_user_model().objects.create_user("mod", "mod@example.org", "pw")
    moderator.groups.add(Group.objects.get(name="Moderators"))
    client.force_login(moderator)
    queue = client.get("/cms/snippets/lewis_accounts/reflection/", {"status": "pending"})
    assert queue.status_code == 200
    assert b"Hm." in queue.content
    edit = f"/cms/snippets/lewis_accounts/reflection/edit/{reflection.pk}/"
    assert client.get(edit).status_code == 200
    saved = client.post(edit, {"status": "hidden"})
    assert saved.status_code == 302, saved.content[:2000]
    reflection.refresh_from_db()
    assert (reflection.status, reflection.moderated_by) == ("hidden", moderator)
    assert reflection.text == "Hm."  # read-only in the form
    client.logout()
    mine = client.get("/api/v1/me/reflections", **auth).json()["items"]
    assert [(r["text"], r["status"]) for r in mine] == [("Hm.", "hidden")]


def test_an_editor_cannot_moderate(client):
    editor = get_user_model().objects.create_user("ed", "ed@example.org", "pw")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    response = client.get("/cms/snippets/lewis_accounts/reflection/")
    assert response.status_code in (302, 403)
