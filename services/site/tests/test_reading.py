"""The reader API through the whole site: real cache (Redis when configured), real commits."""

import pytest
from django.core.cache import cache
from django.test import override_settings

from .test_http import BROKEN_CACHE


@pytest.mark.django_db
def test_reads_keep_working_when_the_cache_is_down(client, passage):
    with override_settings(CACHES=BROKEN_CACHE):
        cache.close()
        detail = client.get(f"/api/v1/passages/{passage.pk}")
        today = client.get("/api/v1/today")
    assert detail.status_code == 200
    assert detail.json()["title"] == "Affection"
    assert today.status_code == 200
    assert today.json()["passage"]["id"] == passage.pk


@pytest.mark.django_db(transaction=True)
def test_a_published_edit_is_served_on_the_very_next_request(client, passage):
    url = f"/api/v1/passages/{passage.pk}"
    assert client.get(url).json()["title"] == "Affection"  # cached now
    passage.title = "Affection, revised"
    passage.save_revision().publish()  # commits, then bumps the generation
    assert client.get(url).json()["title"] == "Affection, revised"


@pytest.mark.django_db
def test_unknown_api_input_never_produces_a_500(client, passage):
    for path in (
        "/api/v1/passages?limit=-1",
        "/api/v1/passages?cursor=%00%ff",
        "/api/v1/passages/99999999999999999999",
        "/api/v1/today?register=%00",
        "/api/v1/themes/" + "x" * 300,
        "/api/v1/tags?axis=",
    ):
        response = client.get(path)
        assert 400 <= response.status_code < 500, (path, response.status_code)
        assert set(response.json()) == {"code", "message", "details"}
