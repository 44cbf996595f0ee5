"""The reader API's passages, works and chapters: published content only, in the documented
shapes, filtered and paginated; bad input gets a clear 4xx."""

import base64

import pytest

from lewis_content.models import Chapter, Register
from tests.reader_fixtures import *  # noqa: F403 (fixtures: graph, make_published)
from tests.reader_fixtures import API, get, titles

pytestmark = pytest.mark.django_db


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


def test_work_detail_lists_chapters_and_passages_filter_by_chapter(client, graph, make_published):
    second = Chapter.objects.create(work=graph["work"], number=2, title="Two")
    make_published(title="Later", chapter=second)
    hidden_chapter = Chapter.objects.create(work=graph["hidden_work"], number=1, title="Hidden")
    body = get(client, f"/works/{graph['work'].pk}")
    assert [(c["number"], c["title"]) for c in body["chapters"]] == [(1, "One"), (2, "Two")]
    assert body["source_ladder"][0]["bookstore"] == "Blackwell's"
    assert titles(get(client, "/passages", chapter=graph["chapter"].pk)["items"]) == ["Shown"]
    assert titles(get(client, "/passages", chapter=second.pk)["items"]) == ["Later"]
    assert client.get(f"{API}/chapters/{hidden_chapter.pk}").status_code == 404


def test_image_and_embed_blocks_render_to_urls(client, make_published, settings, tmp_path):
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    settings.MEDIA_ROOT = str(tmp_path)
    image = Image.objects.create(title="The Kilns", file=get_test_image_file(size=(1600, 800)))
    passage = make_published(
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


def test_passages_filter_by_work_register_and_provenance(client, graph, make_published):
    other = Register.objects.create(slug="imaginative", label="Imaginative")
    make_published(title="Myth", register=other)
    make_published(title="Notes", provenance="editorial", author_byline="R. P.")
    assert titles(get(client, "/passages", register="imaginative")["items"]) == ["Myth"]
    assert titles(get(client, "/passages", provenance="editorial")["items"]) == ["Notes"]
    assert len(get(client, "/passages", work="a-grief-observed")["items"]) == 3


def test_cursor_pagination_walks_every_passage_once_in_reading_order(client, work, make_published):
    made = [make_published(title=f"P{n}", position=n) for n in (3, 1, 2, 5, 4)]
    seen, cursor = [], None
    while True:
        page = get(client, "/passages", limit=2, **({"cursor": cursor} if cursor else {}))
        seen += titles(page["items"])
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == ["P1", "P2", "P3", "P4", "P5"]
    assert len(made) == len(seen)
    assert get(client, "/passages", limit=2, cursor="") == get(client, "/passages", limit=2)
    # A cursor is a place in reading order: one of the issued form resumes after that place.
    assert titles(get(client, "/passages", cursor=f"{work.pk}.3")["items"]) == ["P4", "P5"]
    assert get(client, "/passages", cursor=f"{work.pk + 1}.1")["items"] == []


@pytest.mark.parametrize(
    ("path", "params", "status"),
    [
        ("/passages", {"cursor": "not-a-cursor"}, 422),
        ("/passages", {"cursor": base64.urlsafe_b64encode(b"1.2").decode()}, 422),
        ("/passages", {"limit": 0}, 422),
        ("/passages", {"limit": 51}, 422),
        ("/passages", {"limit": "many"}, 422),
        ("/passages", {"provenance": "nope"}, 422),
        # Well-formed, but naming nothing that exists: 404, as for a path.
        ("/passages", {"register": "nope"}, 404),
        ("/passages", {"work": "nope"}, 404),
        ("/passages", {"chapter": 999999}, 404),
        ("/passages", {"tag": "theme:nope"}, 404),
        ("/tags", {"axis": "nope"}, 404),
        ("/today", {"register": "nope"}, 404),
        ("/themes/nope", {}, 404),
        ("/journeys/nope", {}, 404),
        ("/portals/nope", {}, 404),
        ("/chapters/999999", {}, 404),
        ("/passages/abc", {}, 422),
        # Only what the API itself writes: canonical cursors, plain decimal numbers.
        ("/passages", {"cursor": "1 . 2"}, 422),
        ("/passages", {"cursor": "01.2"}, 422),
        ("/passages", {"cursor": "1.\u0663"}, 422),
        ("/passages", {"cursor": "1_000.2"}, 422),
        ("/passages", {"cursor": "1.2.3"}, 422),
        ("/passages/05", {}, 422),
        ("/passages/+5", {}, 422),
        ("/passages/\u0661", {}, 422),
        ("/passages", {"limit": "+5"}, 422),
        ("/passages", {"limit": " 5"}, 422),
        ("/passages", {"limit": "5_0"}, 422),
        ("/passages", {"limit": "05"}, 422),
        ("/passages", {"limit": "5.0"}, 422),
        ("/passages", {"chapter": "+1"}, 422),
    ],
)
def test_bad_input_gets_a_clear_4xx(client, graph, path, params, status):
    response = client.get(API + path, params)
    assert response.status_code == status
