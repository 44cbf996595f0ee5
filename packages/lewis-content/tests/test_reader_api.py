"""The reader API shows guests published content only, in the documented shapes."""

import base64
from datetime import date, timedelta

import pytest
from django.utils import timezone

from lewis_content.models import (
    Chapter,
    DailyDrop,
    EpisodePassage,
    HomePage,
    JourneyPage,
    JourneyStep,
    Passage,
    PassageTag,
    Podcast,
    PodcastEpisode,
    PortalPage,
    Register,
    ThemePage,
    ThemePassage,
    Work,
    WorkSourceLink,
)

pytestmark = pytest.mark.django_db
API = "/api/v1"


@pytest.fixture
def graph(work, register, make_passage, tag, editor):
    """A small corpus where every kind of hidden thing sits next to a visible one."""
    chapter = Chapter.objects.create(work=work, number=1, title="One")
    WorkSourceLink.objects.create(
        work=work, label="Paperback", bookstore="Blackwell's", url="https://books.example.org/grief"
    )
    hidden_work = Work.objects.create(title="Unfinished", slug="unfinished", live=False)
    grief, joy, veil = tag("theme", "Grief"), tag("theme", "Joy"), tag("motif", "The veil")
    shown = make_passage(
        title="Shown",
        chapter=chapter,
        body=[
            ("paragraph", "<p>Grief felt so like fear.</p>"),
            ("pull_quote", {"quote": "Like fear.", "attribution": "Lewis"}),
            ("citation", {"reference": "John 11:35", "kind": "scripture", "note": ""}),
            ("footnote", {"marker": "1", "text": "<p>Written in 1961.</p>"}),
        ],
    )
    now = timezone.now()
    PassageTag.objects.create(passage=shown, tag=grief, status="accepted")
    PassageTag.objects.create(
        passage=shown,
        tag=veil,
        source="ai",
        confidence=0.9,
        status="accepted",
        reviewed_by=editor,
        reviewed_at=now,
    )
    PassageTag.objects.create(passage=shown, tag=joy, source="ai", confidence=0.4)  # suggested
    hidden = {
        "draft": make_passage(title="Draft", chapter=chapter, live=False),
        "expired": make_passage(
            title="Expired", chapter=chapter, expire_at=now - timedelta(minutes=1)
        ),
        "unpublished work": make_passage(title="In unpublished work", work=hidden_work),
    }
    for passage in hidden.values():
        PassageTag.objects.create(passage=passage, tag=grief, status="accepted")
    # A live passage with an unpublished revision: readers keep seeing the published title.
    shown.title = "Revised but unpublished"
    shown.save_revision(user=editor)
    return {
        "shown": Passage.objects.get(pk=shown.pk),
        "hidden": hidden,
        "chapter": chapter,
        "work": work,
        "hidden_work": hidden_work,
        "register": register,
        "tags": {"grief": grief, "joy": joy, "veil": veil},
    }


def get(client, path, **params):
    response = client.get(API + path, params)
    assert response.status_code == 200, response.content
    return response.json()


def titles(cards):
    return [c["title"] for c in cards]


def test_passage_detail_has_the_documented_shape(client, graph):
    body = get(client, f"/passages/{graph['shown'].pk}")
    assert body["title"] == "Shown"
    assert body["work"]["slug"] == "a-grief-observed"
    assert body["chapter"] == {"id": graph["chapter"].pk, "number": 1, "title": "One"}
    assert body["register"]["slug"] == "reflective"
    assert (body["provenance"], body["tier"], body["audio"]) == ("lewis", "free", None)
    assert [b["type"] for b in body["body"]] == ["paragraph", "pull_quote", "citation", "footnote"]
    assert body["body"][0]["html"] == "<p>Grief felt so like fear.</p>"
    assert body["body"][2]["reference"] == "John 11:35"
    assert body["tags"] == {
        "motif": [{"id": graph["tags"]["veil"].pk, "slug": "the-veil", "label": "The veil"}],
        "theme": [{"id": graph["tags"]["grief"].pk, "slug": "grief", "label": "Grief"}],
    }
    assert body["source_ladder"] == [
        {"label": "Paperback", "bookstore": "Blackwell's", "url": "https://books.example.org/grief"}
    ]


@pytest.mark.parametrize("which", ["draft", "expired", "unpublished work"])
def test_hidden_passages_are_404_not_403(client, graph, which):
    response = client.get(f"{API}/passages/{graph['hidden'][which].pk}")
    assert response.status_code == 404


def test_lists_show_only_published_passages(client, graph):
    assert titles(get(client, "/passages")["items"]) == ["Shown"]
    assert titles(get(client, "/passages", tag="theme:grief")["items"]) == ["Shown"]
    assert get(client, "/passages", tag="theme:joy")["items"] == []  # only suggested there
    assert titles(get(client, f"/chapters/{graph['chapter'].pk}")["passages"]) == ["Shown"]
    assert [w["slug"] for w in get(client, "/works")] == ["a-grief-observed"]
    assert client.get(f"{API}/works/{graph['hidden_work'].pk}").status_code == 404


def test_work_detail_lists_chapters_and_passages_filter_by_chapter(client, graph, make_passage):
    second = Chapter.objects.create(work=graph["work"], number=2, title="Two")
    make_passage(title="Later", chapter=second)
    hidden_chapter = Chapter.objects.create(work=graph["hidden_work"], number=1, title="Hidden")
    body = get(client, f"/works/{graph['work'].pk}")
    assert [(c["number"], c["title"]) for c in body["chapters"]] == [(1, "One"), (2, "Two")]
    assert body["source_ladder"][0]["bookstore"] == "Blackwell's"
    assert titles(get(client, "/passages", chapter=graph["chapter"].pk)["items"]) == ["Shown"]
    assert titles(get(client, "/passages", chapter=second.pk)["items"]) == ["Later"]
    assert client.get(f"{API}/chapters/{hidden_chapter.pk}").status_code == 404


def test_image_and_embed_blocks_render_to_urls(client, make_passage, settings, tmp_path):
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    settings.MEDIA_ROOT = str(tmp_path)
    image = Image.objects.create(title="The Kilns", file=get_test_image_file(size=(1600, 800)))
    passage = make_passage(
        title="Illustrated",
        body=[
            ("image", {"image": image, "caption": "Headington, 1930"}),
            ("embed", "https://www.youtube.com/watch?v=abc"),
        ],
    )
    image_block, embed_block = get(client, f"/passages/{passage.pk}")["body"]
    assert image_block["type"] == "image"
    assert (image_block["width"], image_block["height"]) == (1200, 600)
    assert image_block["url"].endswith(".png")
    assert (image_block["alt"], image_block["caption"]) == ("The Kilns", "Headington, 1930")
    assert embed_block == {
        "type": "embed",
        "id": embed_block["id"],
        "url": "https://www.youtube.com/watch?v=abc",
    }


def test_passages_filter_by_work_register_and_provenance(client, graph, make_passage):
    other = Register.objects.create(slug="imaginative", label="Imaginative")
    make_passage(title="Myth", register=other)
    make_passage(title="Notes", provenance="editorial", author_byline="R. P.")
    assert titles(get(client, "/passages", register="imaginative")["items"]) == ["Myth"]
    assert titles(get(client, "/passages", provenance="editorial")["items"]) == ["Notes"]
    assert len(get(client, "/passages", work="a-grief-observed")["items"]) == 3


def test_cursor_pagination_walks_every_passage_once_in_reading_order(client, work, make_passage):
    made = [make_passage(title=f"P{n}", position=n) for n in (3, 1, 2, 5, 4)]
    seen, cursor = [], None
    while True:
        page = get(client, "/passages", limit=2, **({"cursor": cursor} if cursor else {}))
        seen += titles(page["items"])
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == ["P1", "P2", "P3", "P4", "P5"]
    assert len(made) == len(seen)


@pytest.mark.parametrize(
    ("path", "params", "status"),
    [
        ("/passages", {"cursor": "not-a-cursor"}, 400),
        ("/passages", {"cursor": base64.urlsafe_b64encode(b"x.y").decode()}, 400),
        ("/passages", {"limit": 0}, 422),
        ("/passages", {"limit": 51}, 422),
        ("/passages", {"limit": "many"}, 422),
        ("/passages", {"register": "nope"}, 422),
        ("/passages", {"work": "nope"}, 422),
        ("/passages", {"chapter": 999999}, 422),
        ("/passages", {"tag": "theme:nope"}, 422),
        ("/passages", {"provenance": "nope"}, 422),
        ("/tags", {"axis": "nope"}, 422),
        ("/today", {"register": "nope"}, 404),
        ("/themes/nope", {}, 404),
        ("/journeys/nope", {}, 404),
        ("/portals/nope", {}, 404),
        ("/chapters/999999", {}, 404),
        ("/passages/abc", {}, 422),
    ],
)
def test_bad_input_gets_a_clear_4xx(client, graph, path, params, status):
    response = client.get(API + path, params)
    assert response.status_code == status


def test_today_returns_the_scheduled_drop(client, graph, make_passage):
    other = make_passage(title="Scheduled")
    DailyDrop.objects.create(date=timezone.localdate(), register=graph["register"], passage=other)
    body = get(client, "/today", register="reflective")
    assert (body["scheduled"], body["passage"]["title"]) == (True, "Scheduled")
    assert body["date"] == timezone.localdate().isoformat()


def test_today_falls_back_to_a_pick_that_is_stable_for_the_day(graph, make_passage):
    from lewis_content.reader import today

    for n in range(30):
        make_passage(title=f"Candidate {n}")
    day = date(2026, 11, 22)
    picks = [today("reflective", day + timedelta(days=d)).passage.id for d in range(10)]
    assert today("reflective", day).passage.id == picks[0]
    assert not today("reflective", day).scheduled
    assert len(set(picks)) > 3, "the pick varies across days"
    hidden = {p.pk for p in graph["hidden"].values()}
    assert not hidden & set(picks)


def test_publishing_during_the_day_keeps_todays_fallback_pick(
    graph, make_passage, django_capture_on_commit_callbacks
):
    from lewis_content.reader import today

    candidates = [make_passage(title=f"Candidate {n}") for n in range(30)]
    day = date(2026, 11, 22)
    pick = today("reflective", day).passage.id
    others = [p for p in candidates if p.pk != pick]
    with django_capture_on_commit_callbacks(execute=True):
        for passage in others[:10]:
            passage.unpublish()
    assert today("reflective", day).passage.id == pick, "unpublishing others keeps the pick"
    with django_capture_on_commit_callbacks(execute=True):
        Passage.objects.get(pk=pick).unpublish()
    assert today("reflective", day).passage.id != pick


def test_a_drop_of_an_unpublished_passage_falls_back(client, graph):
    DailyDrop.objects.create(
        date=timezone.localdate(), register=graph["register"], passage=graph["hidden"]["draft"]
    )
    body = get(client, "/today")
    assert body["scheduled"] is False
    assert body["passage"]["title"] == "Shown"


def test_pages_show_only_published_pages_and_passages(client, graph, editor):
    home = HomePage.objects.get()
    shown, draft = graph["shown"], graph["hidden"]["draft"]
    theme = ThemePage(
        title="Grief",
        slug="grief",
        tag=graph["tags"]["grief"],
        curated_passages=[ThemePassage(passage=shown), ThemePassage(passage=draft)],
    )
    home.add_child(instance=theme)
    theme.save_revision().publish()
    journey = JourneyPage(
        title="Through grief",
        slug="through-grief",
        steps=[JourneyStep(passage=draft, note="hidden"), JourneyStep(passage=shown, note="first")],
    )
    home.add_child(instance=journey)
    journey.save_revision().publish()
    unpublished = JourneyPage(title="Not yet", slug="not-yet", live=False)
    home.add_child(instance=unpublished)
    expired = ThemePage(
        title="Joy",
        slug="joy",
        tag=graph["tags"]["joy"],
        expire_at=timezone.now() + timedelta(hours=1),
    )
    home.add_child(instance=expired)
    expired.save_revision().publish()
    ThemePage.objects.filter(pk=expired.pk).update(expire_at=timezone.now() - timedelta(seconds=1))
    home.add_child(instance=PortalPage(title="Hidden portal", slug="hidden-portal", live=False))
    portal = PortalPage(
        title="Start here",
        slug="start-here",
        items=[
            ("journey", journey),
            ("journey", unpublished),
            ("theme", theme),
            ("theme", expired),
            ("passage", draft),
            ("passage", shown),
        ],
    )
    home.add_child(instance=portal)
    portal.save_revision().publish()

    assert titles(get(client, "/themes/grief")["passages"]) == ["Shown"]
    steps = get(client, "/journeys/through-grief")["steps"]
    assert [(s["position"], s["note"]) for s in steps] == [(1, "first")]
    assert [(j["slug"], j["step_count"]) for j in get(client, "/journeys")] == [
        ("through-grief", 1)
    ]
    assert [t["slug"] for t in get(client, "/themes")] == ["grief"]  # Joy has expired
    assert client.get(f"{API}/themes/joy").status_code == 404
    assert [p["slug"] for p in get(client, "/portals")] == ["start-here"]
    assert client.get(f"{API}/journeys/not-yet").status_code == 404
    items = get(client, "/portals/start-here")["items"]
    assert [i["type"] for i in items] == ["journey", "theme", "passage"]
    assert items[0]["journey"]["step_count"] == 1
    assert items[1]["theme"]["slug"] == "grief"
    assert items[2]["passage"]["title"] == "Shown"


def test_podcasts_list_episodes_with_published_passages(client, graph):
    podcast = Podcast.objects.create(title="The Inklings Hour", slug="inklings")
    episode = PodcastEpisode.objects.create(
        podcast=podcast,
        number=1,
        title="Grief",
        audio_url="https://m.example.org/1.mp3",
        duration_seconds=1800,
        published_on=date(2026, 1, 1),
    )
    EpisodePassage.objects.create(episode=episode, passage=graph["shown"])
    EpisodePassage.objects.create(episode=episode, passage=graph["hidden"]["draft"])
    [listed] = get(client, "/podcasts")
    assert titles(listed["episodes"][0]["passages"]) == ["Shown"]


def test_tags_and_registers(client, graph):
    assert [t["slug"] for t in get(client, "/tags", axis="motif")] == ["the-veil"]
    assert {t["axis"] for t in get(client, "/tags")} == {"theme", "motif"}
    assert [r["slug"] for r in get(client, "/registers")] == ["reflective"]


def test_reads_carry_an_etag_and_answer_304_when_unchanged(client, graph):
    url = f"{API}/passages/{graph['shown'].pk}"
    first = client.get(url)
    assert first["Cache-Control"] == "public, no-cache"
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_a_publish_is_visible_on_the_next_read(
    client, graph, editor, django_capture_on_commit_callbacks
):
    url = f"{API}/passages/{graph['shown'].pk}"
    before = client.get(url)
    assert before.json()["title"] == "Shown"  # now cached
    with django_capture_on_commit_callbacks(execute=True):
        graph["shown"].latest_revision.publish(user=editor)
    after = client.get(url, HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200
    assert after.json()["title"] == "Revised but unpublished"


def test_unpublishing_hides_a_cached_passage_at_once(
    client, graph, editor, django_capture_on_commit_callbacks
):
    url = f"{API}/passages/{graph['shown'].pk}"
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        graph["shown"].unpublish()
    assert client.get(url).status_code == 404


def test_the_cache_is_only_refreshed_after_the_change_commits(
    client, graph, editor, django_capture_on_commit_callbacks
):
    url = f"{API}/passages/{graph['shown'].pk}"
    client.get(url)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        graph["shown"].unpublish()
    assert client.get(url).status_code == 200  # not committed yet: readers keep the old answer
    for callback in callbacks:
        callback()
    assert client.get(url).status_code == 404


def test_the_midnight_job_warms_today_for_every_register(client, graph, monkeypatch):
    from lewis_content import reader
    from lewis_content.tasks import warm_today

    assert warm_today.apply().get() == ["(default)", "reflective"]

    def must_not_be_called(*args):
        raise AssertionError("today was not served from the warmed cache")

    monkeypatch.setattr(reader, "today", must_not_be_called)
    assert get(client, "/today", register="reflective")["passage"]["title"] == "Shown"
    assert get(client, "/today")["register"] == "reflective"


def test_a_lost_generation_counter_never_brings_back_old_answers(
    client, graph, editor, django_capture_on_commit_callbacks
):
    from django.core.cache import cache

    from lewis_content.cache import GENERATION_KEY

    url = f"{API}/passages/{graph['shown'].pk}"
    assert client.get(url).json()["title"] == "Shown"  # cached under the current generation
    cache.delete(GENERATION_KEY)  # evicted, say
    with django_capture_on_commit_callbacks(execute=True):
        graph["shown"].latest_revision.publish(user=editor)
    assert client.get(url).json()["title"] == "Revised but unpublished"


def test_a_publish_by_another_process_is_seen_within_a_quarter_second(client, graph, monkeypatch):
    import time

    from django.core.cache import cache

    from lewis_content.cache import GENERATION_KEY, GENERATION_MEMO_SECONDS

    url = f"{API}/passages/{graph['shown'].pk}"
    assert client.get(url).json()["title"] == "Shown"
    # Another worker publishes: the row changes and the shared generation moves on.
    passage = Passage.objects.get(pk=graph["shown"].pk)
    passage.title = "Published elsewhere"
    passage.save()  # (its on-commit generation bump does not run inside this test)
    cache.incr(GENERATION_KEY)
    assert client.get(url).json()["title"] == "Shown"  # this process still remembers

    later = time.monotonic() + GENERATION_MEMO_SECONDS
    monkeypatch.setattr(time, "monotonic", lambda: later)
    assert client.get(url).json()["title"] == "Published elsewhere"


def test_drops_podcasts_and_pages_show_on_the_next_read(
    client, graph, make_passage, django_capture_on_commit_callbacks
):
    scheduled = make_passage(title="Scheduled")
    assert get(client, "/today")["scheduled"] is False  # cached from here on
    with django_capture_on_commit_callbacks(execute=True):
        DailyDrop.objects.create(
            date=timezone.localdate(), register=graph["register"], passage=scheduled
        )
    assert get(client, "/today")["passage"]["title"] == "Scheduled"

    assert get(client, "/podcasts") == []
    with django_capture_on_commit_callbacks(execute=True):
        Podcast.objects.create(title="The Inklings Hour", slug="inklings")
    assert [p["slug"] for p in get(client, "/podcasts")] == ["inklings"]

    assert get(client, "/themes") == []
    theme = ThemePage(title="Grief", slug="grief", tag=graph["tags"]["grief"])
    with django_capture_on_commit_callbacks(execute=True):
        HomePage.objects.get().add_child(instance=theme)
        theme.save_revision().publish()
    assert [t["slug"] for t in get(client, "/themes")] == ["grief"]
    with django_capture_on_commit_callbacks(execute=True):
        theme.unpublish()
    assert get(client, "/themes") == []
