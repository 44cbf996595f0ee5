from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from ninja.testing import TestClient
from wagtail.models import Page

from lewis_content import services
from lewis_content.api import router
from lewis_content.models import Work
from lewis_content.tasks import publish_scheduled

pytestmark = pytest.mark.django_db

WORKS = [
    {"slug": "mere-christianity", "title": "Mere Christianity", "year": 1952, "form": "book"},
    {"slug": "the-weight-of-glory", "title": "The Weight of Glory", "year": 1941, "form": "talk"},
]


def test_works_are_listed_oldest_first():
    services.ensure_works(WORKS)
    response = TestClient(router).get("/works")
    assert response.status_code == 200
    assert [(w["slug"], w["year"], w["form"]) for w in response.json()] == [
        ("the-weight-of-glory", 1941, "talk"),
        ("mere-christianity", 1952, "book"),
    ]


def test_ensuring_works_twice_creates_nothing_new_and_applies_edits():
    assert services.ensure_works(WORKS) == 2
    assert services.ensure_works([{**WORKS[0], "title": "Mere Christianity (1952)"}]) == 0
    assert Work.objects.count() == 2
    assert Work.objects.get(slug="mere-christianity").title == "Mere Christianity (1952)"


def test_an_editor_finds_works_in_the_cms(client):
    services.ensure_works(WORKS)
    editor = User.objects.create_superuser("editor", "editor@example.org", "pw")
    client.force_login(editor)

    response = client.get("/cms/snippets/lewis_content/work/")
    assert response.status_code == 200
    assert b"Mere Christianity" in response.content
    assert b"The Weight of Glory" in response.content

    searched = client.get("/cms/snippets/lewis_content/work/", {"q": "glory"})
    assert b"The Weight of Glory" in searched.content
    assert b"Mere Christianity" not in searched.content


def test_guests_are_sent_to_the_cms_login(client):
    response = client.get("/cms/snippets/lewis_content/work/")
    assert response.status_code == 302
    assert "/cms/login/" in response["Location"]


def test_the_scheduled_publishing_task_makes_due_pages_live():
    root = Page.get_first_root_node()
    page = root.add_child(instance=Page(title="Grief", slug="grief", live=False))
    revision = page.save_revision()
    revision.approved_go_live_at = timezone.now() - timedelta(minutes=1)
    revision.save()

    publish_scheduled.apply().get()

    page.refresh_from_db()
    assert page.live
