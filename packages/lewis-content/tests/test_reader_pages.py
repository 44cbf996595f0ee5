"""The reader API's curated pages, podcasts and taxonomy: published things only."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from lewis_content.models import (
    EpisodePassage,
    HomePage,
    JourneyPage,
    JourneyStep,
    Podcast,
    PodcastEpisode,
    PortalPage,
    ThemePage,
    ThemePassage,
)
from tests.reader_fixtures import *  # noqa: F403 (fixtures: graph, make_published)
from tests.reader_fixtures import API, get, titles

pytestmark = pytest.mark.django_db


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
