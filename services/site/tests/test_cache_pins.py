"""Cached reader responses move on when they should: at midnight for /today, and on every change
to what the taxonomy, registers and works show, though no passage changes."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db
API = "/api/v1"


@pytest.fixture
def next_day(monkeypatch):
    """From when it is called, it is a day later; nothing published changes."""

    def move():
        later = timezone.now() + timedelta(days=1)
        monkeypatch.setattr(timezone, "now", lambda: later)

    return move


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def editor_client(django_user_model):
    from django.test import Client

    editor = django_user_model.objects.create_superuser("editor", "editor@example.org", "pw")
    signed_in = Client()
    signed_in.force_login(editor)
    return signed_in


def get(client, path):
    response = client.get(f"{API}{path}")
    assert response.status_code == 200, response.content
    return response.json()


def todays_date(client) -> date:
    return date.fromisoformat(get(client, "/today")["date"])


# /today


def test_today_moves_on_to_the_next_day_with_no_content_change(client, passage, next_day):
    day = todays_date(client)  # cached now

    next_day()

    assert todays_date(client) == day + timedelta(days=1)


def test_the_midnight_job_warms_the_new_day_not_the_day_before(client, passage, next_day):
    from lewis_content.tasks import warm_today

    day = todays_date(client)  # the day before, cached
    next_day()
    warm_today.apply().get()

    assert todays_date(client) == day + timedelta(days=1)


# Taxonomy, registers and works: no passage shows them yet, so only the change itself can
# renew the cached responses.


def test_a_new_tag_is_listed_on_the_next_read(client, passage, committed):
    from lewis_tagging.models import Axis, Tag

    assert "courage" not in [t["slug"] for t in get(client, "/tags")]
    with committed():
        Tag.objects.create(axis=Axis.objects.get(slug="theme"), slug="courage", label="Courage")
    assert "courage" in [t["slug"] for t in get(client, "/tags")]


def test_a_renamed_axis_shows_on_its_tags_on_the_next_read(client, passage, committed):
    from lewis_tagging.models import Axis, Tag

    with committed():
        virtue = Axis.objects.create(slug="virtue", label="Virtue", position=9)
        Tag.objects.create(axis=virtue, slug="courage", label="Courage")
    assert {t["axis"] for t in get(client, "/tags") if t["slug"] == "courage"} == {"virtue"}
    with committed():
        virtue.slug = "virtues"
        virtue.save()
    assert {t["axis"] for t in get(client, "/tags") if t["slug"] == "courage"} == {"virtues"}


def test_a_new_register_is_listed_on_the_next_read(client, passage, committed, editor_client):
    assert [r["slug"] for r in get(client, "/registers")] == ["reflective"]
    with committed():  # an editor adds it in the CMS
        added = editor_client.post(
            "/cms/snippets/lewis_content/register/add/",
            {"slug": "imaginative", "label": "Imaginative", "position": 1},
        )
    assert added.status_code == 302
    assert sorted(r["slug"] for r in get(client, "/registers")) == ["imaginative", "reflective"]


def test_a_new_source_link_shows_on_its_work_on_the_next_read(client, passage, committed):
    from lewis_content.models import Work, WorkSourceLink

    with committed():
        work = Work.objects.create(title="Mere Christianity", slug="mere-christianity", year=1952)
    assert get(client, f"/works/{work.pk}")["source_ladder"] == []
    with committed():  # an editor adds the link and publishes the work
        work.source_links.add(
            WorkSourceLink(label="Paperback", bookstore="B", url="https://books.example.org/mc")
        )
        work.save_revision().publish()
    assert [s["label"] for s in get(client, f"/works/{work.pk}")["source_ladder"]] == ["Paperback"]
