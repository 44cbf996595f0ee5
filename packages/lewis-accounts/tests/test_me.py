import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from lewis_accounts.models import User
from tests.flows import bearer, sign_up

pytestmark = pytest.mark.django_db


def test_the_project_user_model_is_ours():
    assert get_user_model() is User


def test_guests_have_no_profile():
    assert Client().get("/api/v1/me").status_code == 401


def test_a_reader_sees_and_changes_their_own_profile():
    app = sign_up("clive@example.org")
    client = Client(**bearer(app.access_token))
    profile = client.get("/api/v1/me").json()
    assert profile == {
        "id": profile["id"],
        "email": "clive@example.org",
        "display_name": "",
        "preferred_register": None,
    }
    changed = client.patch(
        "/api/v1/me", {"display_name": " Jack "}, content_type="application/json"
    )
    assert changed.json()["display_name"] == "Jack"
    assert client.get("/api/v1/me").json()["display_name"] == "Jack"
    for hostile in ("<b>Jack</b>", "Ja\x00ck", "Jack\u202e", "Jack\nJill"):
        refused = client.patch("/api/v1/me", {"display_name": hostile}, "application/json")
        assert refused.status_code == 422, hostile
    assert client.get("/api/v1/me").json()["display_name"] == "Jack"
    too_long = client.patch("/api/v1/me", {"display_name": "x" * 101}, "application/json")
    assert too_long.status_code == 422


def test_a_session_cookie_does_not_open_our_endpoints():
    reader = User.objects.create_user("clive", "clive@example.org", "pw")
    client = Client()
    client.force_login(reader)
    assert client.get("/api/v1/me").status_code == 401


def test_the_reader_chooses_a_register_from_contents(published):
    client = Client(**bearer(sign_up().access_token))

    def patch(body):
        return client.patch("/api/v1/me", body, "application/json")

    chosen = patch({"preferred_register": "reflective"})
    assert chosen.json()["preferred_register"] == {"slug": "reflective", "label": "Reflective"}
    assert patch({"display_name": "Jack"}).json()["preferred_register"]["slug"] == "reflective"
    assert patch({"preferred_register": "nope"}).status_code == 404  # as ?register=nope is
    assert patch({"preferred_register": None}).json()["preferred_register"] is None
