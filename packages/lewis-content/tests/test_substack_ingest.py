"""Substack ingest against feeds served by a local HTTP server."""

import functools
import http.server
import shutil
import socket
import threading
from pathlib import Path

import pytest
from django.test import override_settings

from lewis_content.ingest import substack as ingest
from lewis_content.models import Passage, PassageTag
from lewis_content.tasks import ingest_substack

pytestmark = pytest.mark.django_db
FEEDS = Path(__file__).parent / "feeds"


@pytest.fixture
def feed_server(tmp_path):
    """Serves a copy of tests/feeds/ on 127.0.0.1; tests may edit the copy."""
    shutil.copytree(FEEDS, tmp_path, dirs_exist_ok=True)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=tmp_path)
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.folder = tmp_path
    server.url = f"http://127.0.0.1:{server.server_port}"
    yield server
    server.shutdown()


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_articles_become_draft_editorial_passages_with_their_byline(
    feed_server, tag, django_capture_on_commit_callbacks
):
    tag("theme", "Grief")
    with django_capture_on_commit_callbacks(execute=True):  # queues tag drafting on commit
        report = ingest.ingest_feed(f"{feed_server.url}/substack.xml")

    assert len(report.created) == 2
    grief = Passage.objects.get(source_guid="substack:post:1001")
    assert (grief.title, grief.provenance, grief.author_byline) == (
        "Reading A Grief Observed slowly",
        "editorial",
        "Ruth Pevensie",
    )
    assert not grief.live
    assert grief.latest_revision is not None
    assert [b.value.source for b in grief.body] == [
        "<p>Grief, Lewis found, felt so like fear.</p>",
        "<p>He wrote it down in four notebooks.</p>",  # scripts and markup never come through
    ]
    assert Passage.objects.get(source_guid="substack:post:1002").author_byline == "Arthur Greeves"
    suggested = PassageTag.objects.get(passage=grief)
    assert (suggested.tag.slug, suggested.status, suggested.source) == ("grief", "suggested", "ai")
    assert grief.tag_draft.status == "drafted"


def test_running_again_changes_nothing(feed_server):
    url = f"{feed_server.url}/substack.xml"
    ingest.ingest_feed(url)
    again = ingest.ingest_feed(url)
    assert (again.created, again.updated, again.unchanged) == ([], [], 2)
    assert Passage.objects.count() == 2


def test_an_edited_article_updates_its_passage_instead_of_duplicating(feed_server):
    url = f"{feed_server.url}/substack.xml"
    ingest.ingest_feed(url)
    feed = feed_server.folder / "substack.xml"
    feed.write_text(feed.read_text().replace("Why the wardrobe?", "Why a wardrobe?"))

    report = ingest.ingest_feed(url)
    assert len(report.updated) == 1
    assert Passage.objects.count() == 2
    assert Passage.objects.get(source_guid="substack:post:1002").title == "Why a wardrobe?"


def test_a_published_article_gets_a_new_draft_revision_not_a_silent_change(feed_server):
    url = f"{feed_server.url}/substack.xml"
    ingest.ingest_feed(url)
    passage = Passage.objects.get(source_guid="substack:post:1002")
    passage.latest_revision.publish()
    feed = feed_server.folder / "substack.xml"
    feed.write_text(feed.read_text().replace("Why the wardrobe?", "Why a wardrobe?"))

    ingest.ingest_feed(url)
    passage.refresh_from_db()
    assert passage.title == "Why the wardrobe?"  # what readers see
    assert passage.has_unpublished_changes
    assert passage.latest_revision.as_object().title == "Why a wardrobe?"


def test_a_bad_feed_is_logged_and_the_others_still_ingest(feed_server, caplog):
    feeds = [
        f"{feed_server.url}/malformed.xml",
        f"http://127.0.0.1:{closed_port()}/feed",
        f"{feed_server.url}/missing.xml",
        f"{feed_server.url}/substack.xml",
    ]
    with override_settings(LEWIS_CONTENT={"SUBSTACK_FEEDS": feeds}):
        result = ingest_substack.apply().get()
    assert result == {f"{feed_server.url}/substack.xml": 2}
    failures = [r for r in caplog.records if "will be tried again" in r.getMessage()]
    assert len(failures) == 3
    assert Passage.objects.count() == 2


def test_the_command_polls_the_configured_feeds_by_hand_and_says_what_it_did(
    feed_server, tag, capsys
):
    from django.core.management import call_command

    tag("theme", "Grief")
    feed = f"{feed_server.url}/substack.xml"
    with override_settings(LEWIS_CONTENT={"SUBSTACK_FEEDS": [feed]}):
        call_command("ingest_substack")
    assert f"{feed}: 2 new, 0 updated, 0 unchanged" in capsys.readouterr().out
    assert Passage.objects.filter(source_guid__startswith="substack:").count() == 2


def test_the_command_refuses_to_pretend_when_no_feed_is_configured_or_one_fails():
    from django.core.management import CommandError, call_command

    with (
        override_settings(LEWIS_CONTENT={"SUBSTACK_FEEDS": []}),
        pytest.raises(CommandError, match="set SUBSTACK_FEEDS"),
    ):
        call_command("ingest_substack")
    with pytest.raises(CommandError, match="1 of 1 feeds failed"):
        call_command("ingest_substack", "--feed", f"http://127.0.0.1:{closed_port()}/feed")
