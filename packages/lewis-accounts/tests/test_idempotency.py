"""Idempotency-Key on the reader's writes: a retry writes once and answers as the first did."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from lewis_accounts.idempotency import purge_expired
from lewis_accounts.models import IdempotencyRecord, Reflection
from tests.flows import bearer, sign_up

pytestmark = pytest.mark.django_db

API = "/api/v1"


@pytest.fixture
def reader():
    return Client(**bearer(sign_up().access_token))


def reflect(client, passage_id, text, key=None):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return client.post(
        f"{API}/passages/{passage_id}/reflections", {"text": text}, "application/json", **headers
    )


def test_a_retried_write_with_the_same_key_writes_once_and_answers_the_same(reader, published):
    passage = published["passages"][0].pk
    first = reflect(reader, passage, "once", key="k-1")
    retry = reflect(reader, passage, "once", key="k-1")
    assert first.status_code == retry.status_code == 201
    assert retry.json() == first.json()
    assert retry["Idempotent-Replayed"] == "true"
    assert Reflection.objects.count() == 1
    reflect(reader, passage, "once")  # no key: a second reflection
    assert Reflection.objects.count() == 2
    export = reader.get(f"{API}/me/export").json()
    assert [r["key"] for r in export["idempotency_records"]] == ["k-1"]


def test_the_same_key_for_another_request_is_refused(reader, published):
    passage = published["passages"][0].pk
    reflect(reader, passage, "once", key="k-1")
    other = reflect(reader, passage, "something else", key="k-1")
    assert other.status_code == 422
    assert other.json()["code"] == "invalid_request"
    assert Reflection.objects.count() == 1
    assert reflect(reader, passage, "x", key="é" * 3).status_code == 422


def test_keys_are_the_readers_own_and_expire(reader, published):
    passage = published["passages"][0].pk
    reflect(reader, passage, "once", key="shared")
    other = Client(**bearer(sign_up("other@example.org").access_token))
    assert reflect(other, passage, "once", key="shared").status_code == 201
    assert Reflection.objects.count() == 2
    IdempotencyRecord.objects.update(created_at=timezone.now() - timedelta(hours=25))
    again = reflect(reader, passage, "once", key="shared")
    assert again.status_code == 201
    assert "Idempotent-Replayed" not in again
    assert Reflection.objects.count() == 3
    assert purge_expired() == 1  # the other reader's old record
