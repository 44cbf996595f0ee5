import pytest
from django.test import override_settings

from lewis_ranking import services
from lewis_ranking.services import DocumentNotIndexed, RankingDocument
from tests.backends import BACKENDS

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True, params=BACKENDS)
def backend(request):
    """Every behaviour below holds for every backend."""
    with override_settings(LEWIS_RANKING={"BACKEND": request.param}):
        yield request.param


def doc(id, group=1, register="reflective", **tags):
    return RankingDocument(
        id=id,
        group_id=group,
        facets={"register": register},
        tags={axis.replace("_", "-"): frozenset(ids) for axis, ids in tags.items()},
    )


WEIGHTS = {"motif": 3, "theme": 2, "life-stage": 1}


def test_score_is_the_weighted_sum_of_shared_tags_per_axis():
    services.upsert_documents(
        [
            doc(1, motif={1, 2}, theme={10}, life_stage={20}),
            doc(2, motif={1, 2, 3}, theme={11}),  # 3*2 = 6
            doc(3, motif={1}, theme={10}, life_stage={20}),  # 3 + 2 + 1 = 6
            doc(4, theme={10}),  # 2
            doc(5, motif={9}),  # shares nothing
        ]
    )
    results = services.related(1, weights=WEIGHTS)
    assert [(r.id, r.score) for r in results] == [(2, 6), (3, 6), (4, 2)]
    assert results[1].shared == {"motif": (1,), "theme": (10,), "life-stage": (20,)}


def test_ties_break_by_id_and_limit_cuts_after_ordering():
    services.upsert_documents([doc(i, motif={7}) for i in (9, 4, 6, 1)])
    assert [r.id for r in services.related(9, weights=WEIGHTS, limit=2)] == [1, 4]


def test_filters_and_excluding_the_seeds_own_work():
    services.upsert_documents(
        [
            doc(1, group=1, motif={1}),
            doc(2, group=1, motif={1}),
            doc(3, group=2, motif={1}, register="argumentative"),
            doc(4, group=3, motif={1}),
        ]
    )
    assert [r.id for r in services.related(1, weights=WEIGHTS, exclude_group=True)] == [3, 4]
    only_reflective = services.related(1, weights=WEIGHTS, filters={"register": {"reflective"}})
    assert [r.id for r in only_reflective] == [2, 4]


def test_a_seed_without_tags_has_no_related_documents():
    services.upsert_documents([doc(1), doc(2, motif={1})])
    assert services.related(1, weights=WEIGHTS) == []


def test_zero_weights_rank_nothing_but_shared_tags_are_still_reported():
    services.upsert_documents([doc(1, motif={1}, theme={2}), doc(2, motif={1}, theme={2})])
    assert services.related(1, weights={"motif": 0, "theme": 0}) == []
    (result,) = services.related(1, weights={"motif": 0, "theme": 1})
    assert (result.id, result.score, result.shared) == (2, 1, {"motif": (1,), "theme": (2,)})


def test_removed_or_unknown_seed_is_reported_not_ranked():
    services.upsert_documents([doc(1, motif={1}), doc(2, motif={1})])
    services.remove_documents([1])
    with pytest.raises(DocumentNotIndexed):
        services.related(1, weights=WEIGHTS)
    assert services.related(2, weights=WEIGHTS) == []


def test_upsert_replaces_a_documents_tags():
    services.upsert_documents([doc(1, motif={1}), doc(2, motif={1})])
    services.upsert_documents([doc(2, motif={5})])
    assert services.related(1, weights=WEIGHTS) == []
