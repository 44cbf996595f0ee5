"""Dive deeper and connects across, kept in step with publishing and tag review."""

import pytest
from django.utils import timezone

from lewis_content.models import PassageTag, Register, Work
from lewis_content.services import Decision, passages_published, review_tags
from lewis_ranking.models import ProjectedDocument

pytestmark = pytest.mark.django_db
API = "/api/v1"


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run on-commit hooks (projection, cache bumps) as a committed transaction would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def corpus(make_passage, tag, on_commit):
    grief, joy, veil, lion = (
        tag("theme", "Grief"),
        tag("theme", "Joy"),
        tag("motif", "The veil"),
        tag("motif", "The lion"),
    )
    other = Work.objects.create(title="The Four Loves", slug="the-four-loves", year=1960)
    imaginative = Register.objects.create(slug="imaginative", label="Imaginative")
    tagged = {
        "seed": [grief, veil],
        "both": [grief, veil],  # 2 (theme) + 3 (motif) = 5
        "motif elsewhere": [veil],  # 3, other work
        "theme elsewhere": [grief, joy],  # 2, other work
        "nothing shared": [lion],
    }
    works = {"motif elsewhere": other, "theme elsewhere": other}
    passages = {}
    with on_commit():
        for name, tags in tagged.items():
            passage = make_passage(
                title=name,
                work=works.get(name) or Work.objects.get(slug="a-grief-observed"),
                register=imaginative if name == "theme elsewhere" else None,
            )
            for t in tags:
                PassageTag.objects.create(passage=passage, tag=t, status="accepted")
            passages[name] = passage
        passages_published(p.pk for p in passages.values())
    return passages


@pytest.fixture
def make_passage(make_passage, register):
    def make(register=None, **fields):
        return make_passage(register=register or Register.objects.get(slug="reflective"), **fields)

    return make


def ids(items):
    return [i["passage"]["title"] for i in items]


def test_dive_deeper_ranks_by_weighted_overlap_and_explains_itself(client, corpus):
    body = client.get(f"{API}/passages/{corpus['seed'].pk}/related").json()
    assert body["weights"] == {"motif": 3, "theme": 2, "life-stage": 1}
    assert ids(body["items"]) == ["both", "motif elsewhere", "theme elsewhere"]
    assert [i["score"] for i in body["items"]] == [5, 3, 2]
    assert body["items"][0]["shared"] == {
        "motif": [
            {
                "id": corpus["both"].tag_assignments.get(tag__axis__slug="motif").tag_id,
                "slug": "the-veil",
                "label": "The veil",
            }
        ],
        "theme": [
            {
                "id": corpus["both"].tag_assignments.get(tag__axis__slug="theme").tag_id,
                "slug": "grief",
                "label": "Grief",
            }
        ],
    }


def test_weights_and_register_can_be_chosen_per_request(client, corpus):
    url = f"{API}/passages/{corpus['seed'].pk}/related"
    themed = client.get(url, {"weights": "motif:0,theme:5"}).json()
    assert ids(themed["items"]) == ["both", "theme elsewhere"]
    assert themed["weights"]["theme"] == 5
    only = client.get(url, {"register": "imaginative"}).json()
    assert ids(only["items"]) == ["theme elsewhere"]
    for bad in (
        {"weights": "motif:11"},
        {"weights": "motif"},
        {"weights": "theme:\u0663"},  # ASCII digits only
        {"weights": "theme:3,theme:0"},  # an axis once
        {"limit": 0},
    ):
        assert client.get(url, bad).status_code == 422, bad
    for unknown in ({"weights": "colour:1"}, {"register": "nope"}):  # names nothing
        assert client.get(url, unknown).status_code == 404, unknown


def test_connects_across_keeps_to_other_works_grouped_by_axis(client, corpus):
    body = client.get(f"{API}/passages/{corpus['seed'].pk}/connections").json()
    assert [(g["axis"], ids(g["items"])) for g in body["groups"]] == [
        ("motif", ["motif elsewhere"]),
        ("theme", ["theme elsewhere"]),
    ]


def test_a_draft_or_unknown_seed_is_404(client, corpus, make_passage):
    draft = make_passage(title="draft", live=False)
    assert client.get(f"{API}/passages/{draft.pk}/related").status_code == 404
    assert client.get(f"{API}/passages/987654/connections").status_code == 404


def test_unpublishing_and_publishing_reviewed_tags_update_the_index(
    client, corpus, on_commit, editor
):
    url = f"{API}/passages/{corpus['seed'].pk}/related"
    assert "both" in ids(client.get(url).json()["items"])
    with on_commit():
        corpus["both"].unpublish()
    assert "both" not in ids(client.get(url).json()["items"])
    assert not ProjectedDocument.objects.filter(pk=corpus["both"].pk).exists()

    # A suggested tag does not count until an editor accepts it.
    lion = PassageTag.objects.get(passage=corpus["nothing shared"], status="accepted").tag
    with on_commit():
        suggestion = PassageTag.objects.create(
            passage=corpus["seed"], tag=lion, source="ai", confidence=0.8
        )
    assert "nothing shared" not in ids(client.get(url).json()["items"])
    with on_commit():  # what the Accept button does
        review_tags(PassageTag.objects.filter(pk=suggestion.pk), Decision("accepted"), editor)
    assert "nothing shared" not in ids(client.get(url).json()["items"])  # not published yet
    with on_commit():  # what a moderator's publish does
        corpus["seed"].save_revision().publish()
    assert "nothing shared" in ids(client.get(url).json()["items"])


def test_a_tag_shared_only_as_a_suggestion_or_a_rejection_relates_nothing(
    client, corpus, make_passage, tag, on_commit
):
    veil = PassageTag.objects.get(passage=corpus["seed"], tag__slug="the-veil").tag
    with on_commit():
        for status in ("suggested", "rejected"):
            passage = make_passage(title=status)
            PassageTag.objects.create(
                passage=passage,
                tag=veil,
                source="ai",
                confidence=0.9,
                status=status,
                reviewed_at=None if status == "suggested" else timezone.now(),
            )
    related = ids(client.get(f"{API}/passages/{corpus['seed'].pk}/related").json()["items"])
    assert "suggested" not in related
    assert "rejected" not in related


def test_rebuild_indexes_exactly_the_published_passages(corpus, make_passage):
    from django.core.management import call_command

    make_passage(title="draft", live=False)
    ProjectedDocument.objects.all().delete()
    call_command("rebuild_ranking")
    assert set(ProjectedDocument.objects.values_list("pk", flat=True)) == {
        p.pk for p in corpus.values()
    }


def test_a_renamed_tag_shows_in_explanations_once_saved(client, corpus, on_commit):
    url = f"{API}/passages/{corpus['seed'].pk}/related"
    assert client.get(url).json()["items"][0]["shared"]["theme"][0]["label"] == "Grief"
    grief = PassageTag.objects.filter(passage=corpus["seed"], tag__slug="grief").get().tag
    with on_commit():
        grief.label = "Sorrow"
        grief.save()
    assert client.get(url).json()["items"][0]["shared"]["theme"][0]["label"] == "Sorrow"
