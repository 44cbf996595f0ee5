"""Account deletion across the composed site: every foreign key to the user has a strategy,
and after deletion no table holds the reader's email, name or id but the opaque audit row."""

import time

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from wagtail.log_actions import log

from lewis_accounts.deletion import USER_REFERENCES
from tests.test_accounts import signed_up

pytestmark = pytest.mark.django_db

ON_DELETE = {
    "cascade": models.CASCADE,
    "set null": models.SET_NULL,
    "anonymise": models.DO_NOTHING,
}


def user_references():
    user_model = get_user_model()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if field.concrete and field.is_relation and field.related_model is user_model:
                yield f"{model._meta.label}.{field.name}", field


def test_every_foreign_key_to_the_user_has_its_deletion_strategy():
    found = dict(user_references())
    assert not set(found) - set(USER_REFERENCES), "add these to lewis_accounts.deletion"
    for label, field in found.items():
        if field.many_to_many:
            continue
        assert field.remote_field.on_delete is ON_DELETE[USER_REFERENCES[label]], label


def test_after_deletion_no_table_holds_the_reader(client, passage):
    token = signed_up(client)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    client.patch("/api/v1/me", {"display_name": "Jack Lewis"}, "application/json", **auth)
    client.put(f"/api/v1/me/soul-map/passages/{passage.pk}", **auth)
    client.post(
        f"/api/v1/passages/{passage.pk}/reflections",
        {"text": "Dear Jack"},
        "application/json",
        **auth,
    )
    user = get_user_model().objects.get(email="reader@example.org")
    log(passage, "wagtail.edit", user=user)  # an audit line Wagtail keeps without a constraint
    relogin = client.post(
        "/_allauth/app/v1/auth/login",
        {"email": "reader@example.org", "password": "a long reader passphrase"},
        content_type="application/json",
    )
    auth = {"HTTP_AUTHORIZATION": f"Bearer {relogin.json()['meta']['access_token']}"}
    reference = client.delete("/api/v1/me", **auth).json()["reference"]

    traces = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.ForeignKey) and field.related_model is get_user_model():
                hits = model._base_manager.filter(**{field.attname: user.pk})
            elif isinstance(field, (models.CharField, models.TextField, models.JSONField)):
                text = models.Q()
                for needle in ("reader@example.org", "Jack Lewis"):
                    text |= models.Q(**{f"{field.name}__icontains": needle})
                hits = model._base_manager.filter(text)
            else:
                continue
            if hits.exists():
                traces.append(f"{model._meta.label}.{field.name}")
    assert traces == []
    deletion = apps.get_model("lewis_accounts", "AccountDeletion").objects.get()
    assert str(deletion.reference) == reference
    assert deletion.deleted_at.timestamp() == pytest.approx(time.time(), abs=60)
