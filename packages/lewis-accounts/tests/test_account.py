"""The account as a whole: the export of everything held, and deletion (App Store 5.1.1(v))."""

import pytest
from allauth.account.internal.flows.login import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.headless.tokens.strategies.jwt import internal as jwt_internal
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.test import Client

from lewis_accounts.models import AccountDeletion, Reflection, SavedPassage, User
from tests.flows import APP, PASSWORD, bearer, sign_in, sign_up

pytestmark = pytest.mark.django_db

API = "/api/v1"


def age_sign_in(access_token: str, seconds: int) -> None:
    """Make the token's session's sign-in look `seconds` older."""
    payload = jwt_internal.decode_token(access_token, "access")
    session = jwt_internal.get_token_session(payload)
    records = session[AUTHENTICATION_METHODS_SESSION_KEY]
    for record in records:
        record["at"] -= seconds
    session[AUTHENTICATION_METHODS_SESSION_KEY] = records
    session.save()


def test_the_export_holds_everything_about_the_reader(published):
    app = sign_up("clive@example.org")
    client = Client(**bearer(app.access_token))
    passage = published["passages"][0]
    client.put(f"{API}/me/soul-map/passages/{passage.pk}")
    client.put(f"{API}/me/soul-map/themes/grief")
    client.post(f"{API}/passages/{passage.pk}/reflections", {"text": "hm"}, "application/json")
    published["unpublish"](passage)  # unpublished saves are the reader's data too
    export = client.get(f"{API}/me/export")
    assert export.status_code == 200
    body = export.json()
    assert body["profile"]["email"] == "clive@example.org"
    assert body["emails"] == [{"email": "clive@example.org", "verified": True, "primary": True}]
    assert [s["passage_id"] for s in body["saved_passages"]] == [passage.pk]
    assert [s["theme_slug"] for s in body["saved_themes"]] == ["grief"]
    assert [(r["text"], r["status"]) for r in body["reflections"]] == [("hm", "pending")]
    assert len(body["sessions"]) == 1
    assert "password" not in export.content.decode()
    assert app.access_token not in export.content.decode()


def test_deleting_the_account_removes_the_reader_and_kills_every_token(published):
    tablet = sign_up("clive@example.org")
    phone = sign_in("clive@example.org")  # a sign-in moments ago: deletion needs one
    client = Client(**bearer(phone.access_token))
    passage = published["passages"][0]
    client.put(f"{API}/me/soul-map/passages/{passage.pk}")
    client.post(f"{API}/passages/{passage.pk}/reflections", {"text": "hm"}, "application/json")
    user_id = client.get(f"{API}/me").json()["id"]

    deleted = client.delete(f"{API}/me")
    assert deleted.status_code == 200, deleted.json()
    reference = deleted.json()["reference"]
    assert AccountDeletion.objects.get().reference.hex == reference.replace("-", "")
    assert not User.objects.filter(pk=user_id).exists()
    assert not SavedPassage.objects.exists()
    assert not Reflection.objects.exists()
    assert not Session.objects.exists()
    for app in (phone, tablet):
        assert Client(**bearer(app.access_token)).get(f"{API}/me").status_code == 401
        assert app.refresh(app.refresh_token).status_code == 400
    # The address is free again (once the minute's rate limit on codes to it has passed).
    cache.clear()
    assert sign_up("clive@example.org").access_token


def test_deletion_needs_a_recent_sign_in_or_re_authentication():
    sign_up()
    app = sign_in()
    client = Client(**bearer(app.access_token))
    age_sign_in(app.access_token, 10 * 60)
    refused = client.delete(f"{API}/me")
    assert refused.status_code == 403
    assert "reauthenticate" in refused.json()["message"]
    assert User.objects.exists()
    confirmed = app.post_json(f"{APP}/auth/reauthenticate", {"password": PASSWORD})
    assert confirmed.status_code == 200, confirmed.json()
    assert client.delete(f"{API}/me").status_code == 200
    assert not User.objects.exists()
