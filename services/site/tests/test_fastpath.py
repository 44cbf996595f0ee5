"""Cached reads are answered in front of Django, identically to what Django sends."""

import pytest
from django.test import override_settings

from lewis_site.fastpath import CachedReads

pytestmark = pytest.mark.django_db


def django_must_not_be_called(environ, start_response):
    raise AssertionError("the request reached Django")


def call(app, path, query="", **extra):
    captured = {}

    def start_response(status, headers):
        captured["status"], captured["headers"] = status, dict(headers)

    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "wsgi.url_scheme": "http",
        **extra,
    }
    body = b"".join(app(environ, start_response))
    return captured["status"], captured["headers"], body


def test_a_cached_read_is_answered_without_django(client, passage):
    via_django = client.get("/api/v1/passages", {"register": "reflective", "limit": "5"})
    status, headers, body = call(
        CachedReads(django_must_not_be_called), "/api/v1/passages", "limit=5&register=reflective"
    )
    assert status == "200 OK"
    assert body == via_django.content
    assert headers["ETag"] == via_django["ETag"]
    assert headers["Cache-Control"] == via_django["Cache-Control"]
    assert headers["X-Content-Type-Options"] == "nosniff"

    status, _, body = call(
        CachedReads(django_must_not_be_called),
        "/api/v1/passages",
        "limit=5&register=reflective",
        HTTP_IF_NONE_MATCH=headers["ETag"],
    )
    assert (status, body) == ("304 Not Modified", b"")


def test_misses_writes_and_other_paths_go_to_django(client, passage):
    reached = []

    def django(environ, start_response):
        reached.append(environ["PATH_INFO"])
        start_response("200 OK", [])
        return [b""]

    app = CachedReads(django)
    call(app, f"/api/v1/passages/{passage.pk}")  # not cached yet
    call(app, "/cms/")
    call(app, "/api/v1/me", REQUEST_METHOD="POST")
    assert reached == [f"/api/v1/passages/{passage.pk}", "/cms/", "/api/v1/me"]


def test_plain_http_is_left_to_django_when_https_is_required(client, passage):
    client.get(f"/api/v1/passages/{passage.pk}")
    reached = []

    def django(environ, start_response):
        reached.append(True)
        start_response("301 Moved Permanently", [])
        return [b""]

    with override_settings(SECURE_SSL_REDIRECT=True):
        call(CachedReads(django), f"/api/v1/passages/{passage.pk}")
    assert reached == [True]
