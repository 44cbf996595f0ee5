"""The shared response cache of guest reads: ETags, 304s, invalidation by content generation,
and the fast path that replays what Django sent, for WSGI and ASGI alike."""

import asyncio
import time

import pytest
from django.core.cache import cache
from django.test import Client, override_settings
from django.utils import timezone

from lewis_content.generation import GENERATION_KEY, GENERATION_MEMO_SECONDS
from lewis_content.models import HomePage, Passage, Register, ThemePage
from lewis_site.response_cache import FastPathASGI, FastPathWSGI
from lewis_tagging.models import Axis, Tag

from .conftest import embedded_only

pytestmark = pytest.mark.django_db
API = "/api/v1"
SNIPPETS = "/cms/snippets/lewis_content"


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run on-commit hooks (generation bumps, the index) as a committed transaction would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def revised(passage, django_user_model):
    """A live passage with an unpublished revision: readers keep the published title."""
    editor = django_user_model.objects.create_superuser("editor", "editor@example.org", "pw")
    passage.title = "Affection, revised"
    passage.save_revision(user=editor)
    return Passage.objects.get(pk=passage.pk)


def test_reads_carry_an_etag_and_answer_304_when_unchanged(client, passage):
    url = f"{API}/passages/{passage.pk}"
    first = client.get(url)
    assert first["Cache-Control"] == "public, no-cache"
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    weak = client.get(url, HTTP_IF_NONE_MATCH=f'"other", W/{first["ETag"]}')
    assert weak.status_code == 304  # weak comparison, as a compressing proxy needs


def test_a_publish_is_visible_on_the_next_read(client, revised, committed):
    url = f"{API}/passages/{revised.pk}"
    before = client.get(url)
    assert before.json()["title"] == "Affection"  # now cached
    with committed():
        revised.latest_revision.publish()
    after = client.get(url, HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200
    assert after.json()["title"] == "Affection, revised"


def test_unpublishing_hides_a_cached_passage_at_once(client, passage, committed):
    url = f"{API}/passages/{passage.pk}"
    assert client.get(url).status_code == 200
    with committed():
        passage.unpublish()
    assert client.get(url).status_code == 404


def test_the_cache_is_only_refreshed_after_the_change_commits(
    client, passage, django_capture_on_commit_callbacks
):
    url = f"{API}/passages/{passage.pk}"
    client.get(url)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        passage.unpublish()
    assert client.get(url).status_code == 200  # not committed yet: readers keep the old answer
    for callback in callbacks:
        callback()
    assert client.get(url).status_code == 404


def test_a_lost_generation_counter_never_brings_back_old_answers(client, revised, committed):
    url = f"{API}/passages/{revised.pk}"
    assert client.get(url).json()["title"] == "Affection"  # cached under the current generation
    cache.delete(GENERATION_KEY)  # evicted, say
    with committed():
        revised.latest_revision.publish()
    assert client.get(url).json()["title"] == "Affection, revised"


def test_a_publish_by_another_process_is_seen_within_a_quarter_second(client, passage, monkeypatch):
    url = f"{API}/passages/{passage.pk}"
    assert client.get(url).json()["title"] == "Affection"
    # Another worker publishes: the row changes and the shared generation moves on.
    passage.title = "Published elsewhere"
    passage.save()  # (its on-commit generation bump does not run inside this test)
    cache.incr(GENERATION_KEY)
    assert client.get(url).json()["title"] == "Affection"  # this process still remembers

    later = time.monotonic() + GENERATION_MEMO_SECONDS
    monkeypatch.setattr(time, "monotonic", lambda: later)
    assert client.get(url).json()["title"] == "Published elsewhere"


def test_drops_podcasts_and_pages_show_on_the_next_read(
    client, passage, committed, django_user_model
):
    editor = Client()
    editor.force_login(django_user_model.objects.create_superuser("editor", "e@example.org", "pw"))
    register = Register.objects.get()
    scheduled = Passage.objects.create(
        title="Scheduled", work=passage.work, register=register, position=2, body=[]
    )
    assert client.get(f"{API}/today").json()["scheduled"] is False  # cached from here on
    with committed():  # an editor schedules it in the CMS
        added = editor.post(
            f"{SNIPPETS}/dailydrop/add/",
            {"date": timezone.localdate(), "register": register.pk, "passage": scheduled.pk},
        )
    assert added.status_code == 302
    assert client.get(f"{API}/today").json()["passage"]["title"] == "Scheduled"

    assert client.get(f"{API}/podcasts").json() == []
    with committed():
        added = editor.post(
            f"{SNIPPETS}/podcast/add/", {"title": "The Inklings Hour", "slug": "inklings"}
        )
    assert added.status_code == 302
    assert [p["slug"] for p in client.get(f"{API}/podcasts").json()] == ["inklings"]

    grief = Tag.objects.create(axis=Axis.objects.get(slug="theme"), slug="grief", label="Grief")
    assert client.get(f"{API}/themes").json() == []
    theme = ThemePage(title="Grief", slug="grief", tag=grief)
    with committed():
        HomePage.objects.get().add_child(instance=theme)
        theme.save_revision().publish()
    assert [t["slug"] for t in client.get(f"{API}/themes").json()] == ["grief"]
    with committed():
        theme.unpublish()
    assert client.get(f"{API}/themes").json() == []


def wait_until(moment) -> None:
    time.sleep(max(0.0, (moment - timezone.now()).total_seconds()))


def test_a_cached_passage_and_page_go_within_a_second_of_their_expiry_without_the_scheduler(
    client, passage, committed
):
    from datetime import timedelta

    grief = Tag.objects.create(axis=Axis.objects.get(slug="theme"), slug="grief", label="Grief")
    theme = ThemePage(title="Grief", slug="grief", tag=grief)
    expiry = timezone.now() + timedelta(seconds=2)
    with committed():
        HomePage.objects.get().add_child(instance=theme)
        theme.expire_at = expiry
        theme.save_revision().publish()
        passage.expire_at = expiry
        passage.save()
    url = f"{API}/passages/{passage.pk}"
    assert client.get(url).status_code == 200
    assert client.get(f"{API}/themes/grief").status_code == 200
    assert call(fast(django_must_not_be_called), url)[0] == "200 OK"  # cached, in front of Django

    wait_until(expiry + timedelta(seconds=0.3))  # nothing runs publish_scheduled meanwhile
    assert client.get(url).status_code == 404
    assert client.get(f"{API}/themes/grief").status_code == 404


def test_restricting_a_page_takes_its_cached_answer_away_at_once(client, committed):
    from wagtail.models import PageViewRestriction

    grief = Tag.objects.create(axis=Axis.objects.get(slug="theme"), slug="grief", label="Grief")
    theme = ThemePage(title="Grief", slug="grief", tag=grief)
    with committed():
        HomePage.objects.get().add_child(instance=theme)
        theme.save_revision().publish()
    assert client.get(f"{API}/themes/grief").status_code == 200  # cached from here on
    with committed():
        PageViewRestriction.objects.create(
            page=theme, restriction_type=PageViewRestriction.PASSWORD, password="for-friends"
        )
    assert client.get(f"{API}/themes/grief").status_code == 404
    assert [t["slug"] for t in client.get(f"{API}/themes").json()] == []


# The fast path in front of Django


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
        "HTTP_HOST": "testserver",
        **extra,
    }
    body = b"".join(app(environ, start_response))
    return captured["status"], captured["headers"], body


def fast(app=django_must_not_be_called):
    return FastPathWSGI(app, f"{API}/")


def test_a_cached_read_is_replayed_exactly_as_django_sent_it(client, passage):
    via_django = client.get(f"{API}/passages", {"register": "reflective", "limit": "5"})
    status, headers, body = call(fast(), f"{API}/passages", "limit=5&register=reflective")
    assert status == "200 OK"
    assert body == via_django.content
    assert headers == dict(via_django.items())  # every header Django's middleware added

    status, _, body = call(
        fast(), f"{API}/passages", "limit=5&register=reflective", HTTP_IF_NONE_MATCH=headers["ETag"]
    )
    assert (status, body) == ("304 Not Modified", b"")


def test_misses_writes_and_other_paths_go_to_django(client, passage):
    reached = []

    def django(environ, start_response):
        reached.append(environ["PATH_INFO"])
        start_response("200 OK", [])
        return [b""]

    app = fast(django)
    call(app, f"{API}/passages/{passage.pk}")  # not cached yet
    call(app, "/cms/")
    call(app, f"{API}/me", REQUEST_METHOD="POST")
    assert reached == [f"{API}/passages/{passage.pk}", "/cms/", f"{API}/me"]


@pytest.mark.parametrize(
    "extra",
    [
        {"HTTP_HOST": "evil.example"},  # Django answers 400 to a host it does not serve
        {"HTTP_AUTHORIZATION": "Bearer abc"},  # signed in: never the shared cache
        {"HTTP_COOKIE": "sessionid=abc"},
    ],
    ids=["unknown host", "bearer token", "session cookie"],
)
def test_what_django_would_treat_differently_goes_to_django(client, passage, extra):
    url = f"{API}/passages/{passage.pk}"
    client.get(url)  # cached now
    reached = []

    def django(environ, start_response):
        reached.append(True)
        start_response("400 Bad Request", [])
        return [b""]

    call(fast(django), url, **extra)
    assert reached == [True]


def test_plain_http_is_left_to_django_when_https_is_required(client, passage):
    client.get(f"{API}/passages/{passage.pk}")
    reached = []

    def django(environ, start_response):
        reached.append(True)
        start_response("301 Moved Permanently", [])
        return [b""]

    with override_settings(SECURE_SSL_REDIRECT=True):
        call(fast(django), f"{API}/passages/{passage.pk}")
    assert reached == [True]


def test_a_signed_in_read_is_neither_served_from_nor_stored_in_the_shared_cache(client, passage):
    url = f"{API}/passages/{passage.pk}"
    signed_in = client.get(url, HTTP_AUTHORIZATION="Bearer abc")
    assert signed_in.status_code == 200
    assert signed_in["ETag"]  # conditional requests still work
    status, _, _ = call(fast(lambda e, s: (s("204 No Content", []), [b""])[1]), url)
    assert status == "204 No Content"  # nothing was stored for guests


def test_the_asgi_entry_point_replays_cached_reads_too(client, passage):
    via_django = client.get(f"{API}/passages/{passage.pk}")
    sent = []

    async def django(scope, receive, send):
        raise AssertionError("the request reached Django")

    async def send(message):
        sent.append(message)

    scope = {
        "type": "http",
        "method": "GET",
        "path": f"{API}/passages/{passage.pk}",
        "query_string": b"",
        "headers": [(b"host", b"testserver")],
        "scheme": "http",
        "server": ("testserver", 80),
    }
    asyncio.run(FastPathASGI(django, f"{API}/")(scope, None, send))
    start, body = sent
    assert start["status"] == 200
    assert dict((k.decode(), v.decode()) for k, v in start["headers"]) == dict(via_django.items())
    assert body["body"] == via_django.content


def test_an_unknown_query_parameter_is_refused_and_adds_no_cache_entry(client, passage):
    from urllib.parse import urlencode

    url = f"{API}/passages/{passage.pk}/connections"
    assert client.get(url).status_code == 200  # cached
    reached = []

    def django(environ, start_response):
        reached.append(environ["QUERY_STRING"])
        start_response("204 No Content", [])
        return [b""]

    for query in ({"register": "devotional"}, {"x": "1"}, {"x": "2"}):
        refused = client.get(url, query)
        assert refused.status_code == 422
        assert refused.json()["details"][0]["loc"] == ["query", next(iter(query))]
        call(fast(django), url, urlencode(query))
    assert reached == ["register=devotional", "x=1", "x=2"]  # nothing was stored for them


APP = "https://app.lewis.example"


@override_settings(CORS_ALLOWED_ORIGINS=[APP])
def test_cors_is_open_to_listed_origins_only_and_the_cache_keeps_them_apart(client, passage):
    url = f"{API}/passages/{passage.pk}"
    listed = client.get(url, HTTP_ORIGIN=APP)
    assert listed["Access-Control-Allow-Origin"] == APP
    other = client.get(url, HTTP_ORIGIN="https://evil.example")
    assert "Access-Control-Allow-Origin" not in other
    plain = client.get(url)
    assert "Access-Control-Allow-Origin" not in plain

    _, replayed, _ = call(fast(), url)  # a guest's cached answer names no origin
    assert "access-control-allow-origin" not in {name.lower() for name in replayed}
    _, replayed, _ = call(fast(), url, HTTP_ORIGIN=APP)
    assert {name.lower(): value for name, value in replayed.items()}[
        "access-control-allow-origin"
    ] == APP

    preflight = client.options(url, HTTP_ORIGIN=APP, HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET")
    assert preflight["Access-Control-Allow-Origin"] == APP


def test_cors_is_closed_by_default(client, passage):
    response = client.get(f"{API}/passages/{passage.pk}", HTTP_ORIGIN=APP)
    assert "Access-Control-Allow-Origin" not in response


@embedded_only
def test_the_embedded_cache_is_shared_by_every_process():
    """A change made by another process (beat, `lewis publish_scheduled`, a shell) moves the
    generation this process serves from."""
    import subprocess
    import sys

    from lewis_content.generation import forget_generation, generation

    before = generation()
    bump = "from lewis_content.generation import bump_generation; bump_generation()"
    subprocess.run(
        [sys.executable, "-c", "from lewis_site.manage import main; main()", "shell", "-c", bump],
        check=True,
    )
    forget_generation()
    assert generation() != before
