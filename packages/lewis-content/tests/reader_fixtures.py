"""Shared by the reader API tests: a small corpus with hidden things next to visible ones.

Its fixtures are what `from tests.reader_fixtures import *` brings (see __all__); the helpers
are imported by name. Passages and accepted tags made here through the ORM are followed by the
named action a publish runs (services.passages_published), so readers' read models
do not depend on model signals.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from lewis_content.models import Chapter, Passage, PassageTag, Work, WorkSourceLink
from lewis_content.services import passages_published

__all__ = ["graph", "make_published"]

API = "/api/v1"


@pytest.fixture
def make_published(make_passage):
    """make_passage (published unless told otherwise), then passages_published for it."""

    def make(**fields) -> Passage:
        passage = make_passage(**fields)
        passages_published([passage.pk])
        return passage

    return make


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
    passages_published([shown.pk, *(p.pk for p in hidden.values())])
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
