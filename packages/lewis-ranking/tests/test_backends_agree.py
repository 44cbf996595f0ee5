"""Every backend returns exactly what a brute-force reading of the semantics returns."""

import pytest
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lewis_ranking import services
from lewis_ranking.models import ProjectedDocument
from lewis_ranking.services import RankingDocument

AXES = ("motif", "theme", "life-stage")
BACKENDS = ["lewis_ranking.backends.scan.ScanRanker", "lewis_ranking.backends.memory.MemoryRanker"]

documents = st.lists(
    st.builds(
        lambda id, group, register, tags: RankingDocument(
            id=id,
            group_id=group,
            facets={"register": register},
            tags={axis: frozenset(t) for axis, t in zip(AXES, tags, strict=True) if t},
        ),
        id=st.integers(1, 10_000),
        group=st.integers(1, 4),
        register=st.sampled_from(["reflective", "imaginative"]),
        tags=st.tuples(*[st.sets(st.integers(1, 6), max_size=4)] * 3),
    ),
    min_size=1,
    max_size=40,
    unique_by=lambda d: d.id,
)
queries = st.fixed_dictionaries(
    {
        "weights": st.fixed_dictionaries({a: st.integers(0, 5) for a in AXES}),
        "filters": st.none() | st.just({"register": {"reflective"}}),
        "exclude_group": st.booleans(),
        "limit": st.integers(1, 50),
    }
)


def oracle(docs, seed_id, weights, filters, exclude_group, limit):
    """The semantics, written as plainly as possible."""
    seed = next(d for d in docs if d.id == seed_id)
    results = []
    for d in docs:
        if d.id == seed.id or (exclude_group and d.group_id == seed.group_id):
            continue
        if filters and d.facets["register"] not in filters["register"]:
            continue
        shared = {a: tuple(sorted(seed.tags.get(a, set()) & d.tags.get(a, set()))) for a in weights}
        total = sum(weights[a] * len(s) for a, s in shared.items())
        if total > 0:
            results.append((-total, d.id, {a: s for a, s in shared.items() if s}))
    return [(i, -t, s) for t, i, s in sorted(results)[:limit]]


@pytest.mark.django_db
@pytest.mark.parametrize("backend", BACKENDS)
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(docs=documents, query=queries, data=st.data())
def test_backend_matches_the_oracle(backend, docs, query, data):
    ProjectedDocument.objects.all().delete()
    services.upsert_documents(docs)
    seed = data.draw(st.sampled_from(docs))
    with override_settings(LEWIS_RANKING={"BACKEND": backend}):
        got = services.related(seed.id, **query)
    assert [(r.id, r.score, dict(r.shared)) for r in got] == oracle(docs, seed.id, **query)


@pytest.mark.django_db
def test_the_memory_index_notices_writes_made_elsewhere():
    from lewis_ranking.backends.memory import MemoryRanker

    ranker = MemoryRanker()
    services.upsert_documents(
        [
            RankingDocument(1, 1, {"motif": frozenset({1})}),
            RankingDocument(2, 2, {"motif": frozenset({1})}),
        ]
    )
    weights = {"motif": 1}
    assert [r.id for r in ranker.related(1, weights=weights)] == [2]
    # Another process writes: this ranker instance is not told, only the version moves.
    services.upsert_documents([RankingDocument(3, 3, {"motif": frozenset({1})})])
    assert [r.id for r in ranker.related(1, weights=weights)] == [2, 3]
    services.remove_documents([2])
    assert [r.id for r in ranker.related(1, weights=weights)] == [3]
