"""Passage snapshots: a cache miss reads one row, and that row follows every change readers see."""

import threading
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lewis_audio import services as audio
from lewis_audio.models import AudioAsset
from lewis_content import generation as cache
from lewis_content import services
from lewis_content.library.rendering import plain_text
from lewis_content.models import Chapter, PassageSnapshot, PassageTag, WorkSourceLink
from lewis_content.reading.snapshots import rebuild_snapshots, refresh_snapshots

pytestmark = pytest.mark.django_db
API = "/api/v1"


@pytest.fixture
def shown(work, make_passage, tag):
    chapter = Chapter.objects.create(work=work, number=1, title="One")
    passage = make_passage(title="Shown", chapter=chapter)
    PassageTag.objects.create(passage=passage, tag=tag("theme", "Grief"), status="accepted")
    services.passages_published([passage.pk])  # as publishing it in the CMS does
    return passage


SNIPPETS = "/cms/snippets/lewis_content"


def edit_in_cms(client, model: str, pk: int, **fields):
    response = client.post(f"{SNIPPETS}/{model}/edit/{pk}/", fields)
    assert response.status_code == 302, response.content.decode()[-2000:]


def delete_in_cms(client, model: str, pk: int):
    response = client.post(f"{SNIPPETS}/{model}/delete/{pk}/")
    assert response.status_code == 302, response.content.decode()[-2000:]


@pytest.fixture
def published(django_capture_on_commit_callbacks):
    """Runs what a commit runs (the content generation bump), as a real request would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def detail(client, passage):
    response = client.get(f"{API}/passages/{passage.pk}")
    assert response.status_code == 200, response.content
    return response.json()


def test_a_cache_miss_on_a_passage_reads_one_row(client, shown):
    with CaptureQueriesContext(connection) as queries:
        assert detail(client, shown)["title"] == "Shown"
    assert len(queries) == 1, [q["sql"] for q in queries]


def test_snapshots_match_a_fresh_render(client, shown, editor):
    before = detail(client, shown)
    assert rebuild_snapshots() == 1
    assert detail(client, shown) == before


def test_renaming_what_a_passage_shows_reaches_its_snapshot(
    client, editor_client, shown, register, work
):
    # Each change on its own, each checked at once: none may lean on another's re-render.
    grief = PassageTag.objects.get(passage=shown).tag
    grief.label = "Sorrow"
    grief.save()
    assert detail(client, shown)["tags"]["theme"][0]["label"] == "Sorrow"

    edit_in_cms(
        editor_client, "chapter", shown.chapter_id, work=work.pk, number=1, title="First notebook"
    )
    assert detail(client, shown)["chapter"]["title"] == "First notebook"

    edit_in_cms(
        editor_client, "register", register.pk, label="Quiet", slug=register.slug, position=0
    )
    assert detail(client, shown)["register"]["label"] == "Quiet"

    work.source_links.add(WorkSourceLink(label="Paperback", bookstore="B", url="https://b.x/1"))
    work.save_revision().publish()
    body = detail(client, shown)
    assert [s["label"] for s in body["source_ladder"]] == ["Paperback"]
    assert (body["chapter"]["title"], body["register"]["label"]) == ("First notebook", "Quiet")


def publish(passage) -> None:
    passage.refresh_from_db()
    passage.save_revision().publish()


def test_deleting_a_chapter_or_rejecting_a_tag_reaches_the_snapshot(client, editor_client, shown):
    delete_in_cms(editor_client, "chapter", shown.chapter_id)
    assigned = PassageTag.objects.get(passage=shown)
    edit_in_cms(
        editor_client,
        "passagetag",
        assigned.pk,
        passage=shown.pk,
        tag=assigned.tag_id,
        status=PassageTag.Status.REJECTED,
        rationale="",
    )

    body = detail(client, shown)
    assert body["chapter"] is None
    assert list(body["tags"]) == ["theme"]  # a tag's review waits for the passage's publish
    publish(shown)
    assert detail(client, shown)["tags"] == {}


def bulk_delete_in_cms(client, model: str, pk: int):
    response = client.post(f"/cms/bulk/lewis_content/{model}/delete/?id={pk}")
    assert response.status_code == 302, response.content.decode()[-2000:]


def test_a_bulk_delete_in_the_listings_reaches_the_snapshot(client, editor_client, shown):
    # Each on its own, each checked at once: neither may lean on the other's re-render.
    assigned = PassageTag.objects.get(passage=shown)
    bulk_delete_in_cms(editor_client, "chapter", shown.chapter_id)
    assert detail(client, shown)["chapter"] is None
    bulk_delete_in_cms(editor_client, "passagetag", assigned.pk)
    assert list(detail(client, shown)["tags"]) == ["theme"]  # until the passage is published
    publish(shown)
    assert detail(client, shown)["tags"] == {}


def test_a_new_audio_reading_appears_on_the_passage(client, shown, published):
    with published():
        shown.work.audio_allowed = True
        shown.work.save()
    assert detail(client, shown)["audio"] is None

    key = audio.reading_key(plain_text(shown.body.raw_data))
    with published():
        asset = AudioAsset.objects.create(
            content_hash=key, file="audio/x.mp3", duration_seconds=12.5, status="ready"
        )
    assert asset.file.url.endswith("audio/x.mp3")
    assert detail(client, shown)["audio"] == {
        "url": asset.file.url,
        "duration_seconds": 12.5,
        "timings_url": None,
        "read_blocks": [shown.body[0].id],
    }


def test_unpublishing_the_work_or_expiry_hides_the_passage(client, shown, work, published):
    with published():
        work.expire_at = timezone.now() - timedelta(seconds=1)  # expired, beat not run yet
        work.save()
    assert client.get(f"{API}/passages/{shown.pk}").status_code == 404
    with published():
        work.expire_at = None
        work.save()
    assert detail(client, shown)["title"] == "Shown"
    with published():
        work.live = False
        work.save()
    assert client.get(f"{API}/passages/{shown.pk}").status_code == 404
    assert not PassageSnapshot.objects.exists()


def test_an_axis_weight_change_renders_nothing_again(shown):
    from lewis_tagging.models import Axis

    theme = Axis.objects.get(slug="theme")
    before = PassageSnapshot.objects.get().rendered_at
    theme.ranking_weight = 7
    theme.save()
    assert PassageSnapshot.objects.get().rendered_at == before
    theme.label = "Themes"
    theme.slug = "themes"
    theme.save()
    assert '"themes"' in PassageSnapshot.objects.get().detail


def test_a_tag_moved_to_another_passage_leaves_the_first_and_reaches_the_second(
    client, editor_client, shown, make_passage
):
    other = make_passage(title="Other")
    assigned = PassageTag.objects.get(passage=shown)
    edit_in_cms(
        editor_client,
        "passagetag",
        assigned.pk,
        passage=other.pk,
        tag=assigned.tag_id,
        status=assigned.status,
        rationale="",
    )

    assert [t["label"] for t in detail(client, shown)["tags"]["theme"]] == ["Grief"]
    assert detail(client, other)["tags"] == {}  # each passage's publish takes it
    publish(shown)
    publish(other)
    assert detail(client, shown)["tags"] == {}
    assert [t["label"] for t in detail(client, other)["tags"]["theme"]] == ["Grief"]


def test_a_suggestion_or_a_lock_renders_nothing_again(shown, tag, editor, published):
    """Nor does it make readers' cached responses stale."""
    joy = tag("theme", "Joy")
    before = PassageSnapshot.objects.get().rendered_at
    generation = cache.generation()
    with published():
        PassageTag.objects.create(passage=shown, tag=joy, source="ai", confidence=0.4)
        shown.locked, shown.locked_by = True, editor
        shown.save(update_fields=["locked", "locked_by"])
    assert PassageSnapshot.objects.get().rendered_at == before
    cache.forget_generation()
    assert cache.generation() == generation


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks: SQLite runs one writer at a time"
)
@pytest.mark.django_db(transaction=True)
def test_concurrent_refreshes_of_a_passage_take_turns(shown):
    """Two editors' changes re-render the same passage at once: neither fails, one row stays."""
    errors = []
    start = threading.Barrier(4)

    def refresh_repeatedly():
        try:
            start.wait()
            for _ in range(25):
                refresh_snapshots([shown.pk])
        except Exception as exc:  # reported below: a thread's exception would vanish
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=refresh_repeatedly) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert PassageSnapshot.objects.filter(passage=shown).count() == 1
