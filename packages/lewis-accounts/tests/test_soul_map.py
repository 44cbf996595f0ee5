"""The Soul Map and reflections, as two readers use them from the app."""

import pytest
from django.test import Client

from tests.flows import bearer, sign_up

pytestmark = pytest.mark.django_db

API = "/api/v1"


@pytest.fixture
def alice():
    return Client(**bearer(sign_up("alice@example.org").access_token))


@pytest.fixture
def bob():
    return Client(**bearer(sign_up("bob@example.org").access_token))


def put(client, path):
    return client.put(API + path)


def soul_map(client, **query):
    response = client.get(f"{API}/me/soul-map", query)
    assert response.status_code == 200, response.json()
    return response.json()


def saved_ids(body):
    return [item["passage"]["id"] for item in body["passages"]["items"]]


def test_saves_are_idempotent_newest_first_and_only_of_published_items(alice, published):
    first, second, third = published["passages"]
    for passage in (first, second, third, second):
        response = put(alice, f"/me/soul-map/passages/{passage.pk}")
        assert response.status_code == 200, response.json()
        assert response.json()["passage"]["id"] == passage.pk
    assert saved_ids(soul_map(alice)) == [third.pk, second.pk, first.pk]
    assert put(alice, f"/me/soul-map/passages/{published['draft'].pk}").status_code == 404
    assert put(alice, "/me/soul-map/passages/999999").status_code == 404
    assert alice.delete(f"{API}/me/soul-map/passages/{second.pk}").status_code == 204
    assert alice.delete(f"{API}/me/soul-map/passages/{second.pk}").status_code == 204
    assert saved_ids(soul_map(alice)) == [third.pk, first.pk]


def test_the_soul_map_pages_with_a_cursor(alice, published):
    for passage in published["passages"]:
        put(alice, f"/me/soul-map/passages/{passage.pk}")
    first_page = soul_map(alice, limit=2)
    rest = soul_map(alice, limit=2, cursor=first_page["passages"]["next_cursor"])
    assert saved_ids(first_page) + saved_ids(rest) == [
        p.pk for p in reversed(published["passages"])
    ]
    assert rest["passages"]["next_cursor"] is None
    assert alice.get(f"{API}/me/soul-map", {"cursor": "abc"}).status_code == 422


def test_an_unpublished_save_is_hidden_not_lost(alice, published):
    passage = published["passages"][0]
    put(alice, f"/me/soul-map/passages/{passage.pk}")
    published["unpublish"](passage)
    assert saved_ids(soul_map(alice)) == []
    published["republish"](passage)
    assert saved_ids(soul_map(alice)) == [passage.pk]


def test_every_change_is_seen_on_the_next_read_of_a_kept_soul_map(alice, published):
    """The Soul Map is kept in the cache between reads: each change must still show at once."""
    first, second, _ = published["passages"]
    assert saved_ids(soul_map(alice)) == []
    put(alice, f"/me/soul-map/passages/{first.pk}")
    assert saved_ids(soul_map(alice)) == saved_ids(soul_map(alice)) == [first.pk]
    alice.post(
        f"{API}/me/soul-map/import", {"passages": [second.pk]}, content_type="application/json"
    )
    assert saved_ids(soul_map(alice)) == [second.pk, first.pk]
    put(alice, "/me/soul-map/themes/grief")
    assert [t["theme"]["slug"] for t in soul_map(alice)["themes"]] == ["grief"]
    published["unpublish"](second)
    assert saved_ids(soul_map(alice)) == [first.pk]
    alice.delete(f"{API}/me/soul-map/passages/{first.pk}")
    alice.delete(f"{API}/me/soul-map/themes/grief")
    assert soul_map(alice) == {"passages": {"items": [], "next_cursor": None}, "themes": []}


def test_themes_are_saved_by_slug(alice, published):
    assert put(alice, "/me/soul-map/themes/grief").json()["theme"]["slug"] == "grief"
    assert put(alice, "/me/soul-map/themes/grief").status_code == 200
    assert put(alice, "/me/soul-map/themes/nope").status_code == 404
    assert [t["theme"]["title"] for t in soul_map(alice)["themes"]] == ["Grief"]
    assert alice.delete(f"{API}/me/soul-map/themes/grief").status_code == 204
    assert soul_map(alice)["themes"] == []


def test_the_guest_hand_off_saves_what_is_published_and_reports_the_rest(alice, published):
    first, second, _ = published["passages"]
    body = {
        "passages": [first.pk, second.pk, published["draft"].pk, 999999, first.pk],
        "themes": ["grief", "nope"],
    }
    for _ in range(2):  # a retried hand-off changes nothing
        response = alice.post(f"{API}/me/soul-map/import", body, content_type="application/json")
        assert response.status_code == 200, response.json()
        assert response.json() == {
            "passages": [first.pk, second.pk],
            "themes": ["grief"],
            "unknown_passages": [published["draft"].pk, 999999],
            "unknown_themes": ["nope"],
        }
    assert sorted(saved_ids(soul_map(alice))) == sorted([first.pk, second.pk])


def test_reflections_are_plain_text_private_and_only_on_published_passages(alice, published):
    passage = published["passages"][0]
    url = f"{API}/passages/{passage.pk}/reflections"
    text = "<script>alert(1)</script> Grief & fear"
    written = alice.post(url, {"text": text}, content_type="application/json")
    assert written.status_code == 201, written.json()
    assert written.json()["text"] == text  # as written: never rendered, never escaped here
    assert written.json()["status"] == "pending"
    assert alice.get(f"{API}/me/reflections").json()["items"][0]["id"] == written.json()["id"]
    for bad in ({"text": ""}, {"text": "   "}, {"text": "x" * 2001}, {}):
        assert alice.post(url, bad, content_type="application/json").status_code == 422, bad


@pytest.mark.parametrize(
    "text",
    [
        "grief\x00fear",  # NUL: PostgreSQL cannot store it
        "a bell\x07",
        "reads \u202eotherwise",  # right-to-left override
        "<b>one</b> <i>two</i> <a href='x'>three</a>",  # markup-heavy
        "\ud800 lone surrogate",
    ],
    ids=["nul", "bell", "bidi override", "markup", "surrogate"],
)
def test_a_reflection_with_control_characters_or_markup_is_refused(alice, published, text):
    url = f"{API}/passages/{published['passages'][0].pk}/reflections"
    refused = alice.post(url, {"text": text}, content_type="application/json")
    assert refused.status_code == 422
    assert '"text"' in refused.content.decode()  # the field that was refused
    assert alice.get(f"{API}/me/reflections").json()["items"] == []  # nothing was kept


def test_a_reflection_keeps_line_breaks_tabs_and_a_little_angle_bracket(alice, published):
    url = f"{API}/passages/{published['passages'][0].pk}/reflections"
    text = "Two lines:\n\tgrief < fear, and <3 for the lion.\r\nEnd."
    written = alice.post(url, {"text": text}, content_type="application/json")
    assert (written.status_code, written.json()["text"]) == (201, text)
    draft_url = f"{API}/passages/{published['draft'].pk}/reflections"
    assert alice.post(draft_url, {"text": "hi"}, content_type="application/json").status_code == 404


def test_one_readers_rows_are_invisible_to_another(alice, bob, published):
    passage = published["passages"][0]
    put(alice, f"/me/soul-map/passages/{passage.pk}")
    put(alice, "/me/soul-map/themes/grief")
    reflection = alice.post(
        f"{API}/passages/{passage.pk}/reflections", {"text": "mine"}, "application/json"
    ).json()
    assert saved_ids(soul_map(bob)) == []
    assert soul_map(bob)["themes"] == []
    assert bob.get(f"{API}/me/reflections").json()["items"] == []
    # Bob deleting Alice's reflection: 404, as for one that never existed; it stays.
    assert bob.delete(f"{API}/me/reflections/{reflection['id']}").status_code == 404
    assert bob.delete(f"{API}/me/reflections/999999").status_code == 404
    # Bob unsaving Alice's passage only touches Bob's (empty) Soul Map.
    assert bob.delete(f"{API}/me/soul-map/passages/{passage.pk}").status_code == 204
    assert saved_ids(soul_map(alice)) == [passage.pk]
    assert [r["id"] for r in alice.get(f"{API}/me/reflections").json()["items"]] == [
        reflection["id"]
    ]
    assert alice.delete(f"{API}/me/reflections/{reflection['id']}").status_code == 204


def test_every_reader_endpoint_refuses_guests(client, published):
    passage = published["passages"][0].pk
    for method, path in [
        ("get", "/me/soul-map"),
        ("put", f"/me/soul-map/passages/{passage}"),
        ("delete", f"/me/soul-map/passages/{passage}"),
        ("put", "/me/soul-map/themes/grief"),
        ("delete", "/me/soul-map/themes/grief"),
        ("post", "/me/soul-map/import"),
        ("post", f"/passages/{passage}/reflections"),
        ("get", "/me/reflections"),
        ("delete", "/me/reflections/1"),
        ("patch", "/me"),
    ]:
        assert getattr(client, method)(API + path).status_code == 401, (method, path)


def test_writes_are_throttled_per_reader_with_retry_after(alice, bob, published):
    url = f"{API}/me/soul-map/passages/{published['passages'][0].pk}"
    statuses = [alice.put(url).status_code for _ in range(61)]
    assert statuses[:60] == [200] * 60
    assert statuses[60] == 429
    refused = alice.put(url)
    assert int(refused["Retry-After"]) > 0
    assert bob.put(url).status_code == 200  # another reader is not held back
    assert alice.get(f"{API}/me/soul-map").status_code == 200  # reads are not throttled
