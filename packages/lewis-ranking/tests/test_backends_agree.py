"""Every backend returns exactly what a brute-force reading of the semantics returns, after a
whole projection is written and after any sequence of upserts and removals."""

import pytest
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lewis_ranking import services
from lewis_ranking.backends.memory import MemoryRanker
from lewis_ranking.backends.postgres import PostgresRanker
from lewis_ranking.backends.scan import ScanRanker
from lewis_ranking.models import ProjectedDocument
from lewis_ranking.services import RankingDocument
from tests.backends import BACKENDS, ON_POSTGRES

AXES = ("motif", "theme", "life-stage")
COMPARED = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def document(max_id=10_000):
    return st.builds(
        lambda id, group, register, tier, tags: RankingDocument(
            id=id,
            group_id=group,
            facets={"register": register} | ({"tier": tier} if tier else {}),
            tags={axis: frozenset(t) for axis, t in zip(AXES, tags, strict=True) if t},
        ),
        id=st.integers(1, max_id),
        group=st.integers(1, 4),
        register=st.sampled_from(["reflective", "imaginative"]),
        tier=st.sampled_from(["free", None]),
        tags=st.tuples(*[st.sets(st.integers(1, 6), max_size=4)] * 3),
    )


documents = st.lists(document(), min_size=1, max_size=40, unique_by=lambda d: d.id)
queries = st.fixed_dictionaries(
    {
        "weights": st.fixed_dictionaries({a: st.integers(0, 5) for a in AXES}),
        "filters": st.sampled_from(
            [
                None,
                {"register": {"reflective"}},
                {"register": {"reflective", "imaginative"}, "tier": {"free"}},
                {"register": set()},
                {"colour": {"blue"}},  # a facet no document carries
            ]
        ),
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
        if filters and not all(d.facets.get(k) in allowed for k, allowed in filters.items()):
            continue
        shared = {a: tuple(sorted(seed.tags.get(a, set()) & d.tags.get(a, set()))) for a in weights}
        total = sum(weights[a] * len(s) for a, s in shared.items())
        if total > 0:
            results.append((-total, d.id, {a: s for a, s in shared.items() if s}))
    return [(i, -t, s) for t, i, s in sorted(results)[:limit]]


def plain(results):
    return [(r.id, r.score, dict(r.shared)) for r in results]


@pytest.mark.django_db
@pytest.mark.parametrize("backend", BACKENDS)
@COMPARED
@given(docs=documents, query=queries, data=st.data())
def test_backend_matches_the_oracle(backend, docs, query, data):
    ProjectedDocument.objects.all().delete()
    services.upsert_documents(docs)
    seed = data.draw(st.sampled_from(docs))
    with override_settings(LEWIS_RANKING={"BACKEND": backend}):
        got = services.related(seed.id, **query)
    assert plain(got) == oracle(docs, seed.id, **query)


changes = st.lists(
    st.one_of(
        st.tuples(
            st.just("upsert"),
            st.lists(document(max_id=30), min_size=1, max_size=6, unique_by=lambda d: d.id),
        ),
        st.tuples(st.just("remove"), st.sets(st.integers(1, 30), min_size=1, max_size=5)),
    ),
    min_size=1,
    max_size=8,
)


@pytest.mark.django_db(transaction=True)  # real commits, as between worker processes
@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    initial=st.lists(document(max_id=30), max_size=20, unique_by=lambda d: d.id),
    steps=changes,
    compact_after=st.sampled_from([1, 3, 4096]),
    query=queries,
    data=st.data(),
)
def test_in_process_indexes_follow_upserts_and_removals(initial, steps, compact_after, query, data):
    services.replace_all_documents([initial])
    writer = MemoryRanker()  # the process making the changes: told about each one
    reader = MemoryRanker()  # another worker: only sees the version move
    for ranker in (writer, reader):
        ranker.fresh_index().compact_after = compact_after
    loaded = reader.index
    model = {d.id: d for d in initial}
    for kind, change in steps:
        if kind == "upsert":
            services.upsert_documents(change)
            writer.upsert(change)
            model |= {d.id: d for d in change}
        else:
            services.remove_documents(change)
            writer.remove(change)
            for i in change:
                model.pop(i, None)
        if data.draw(st.booleans(), label="reader catches up now"):
            reader.fresh_index()
    if not model:
        return
    docs = list(model.values())
    seed = data.draw(st.sampled_from(docs), label="seed")
    expected = oracle(docs, seed.id, **query)
    # The writer's own index is right before it reads anything back ...
    assert plain(writer.index.related(seed.id, **query)) == expected
    # ... and other workers catch up from the log, without reloading everything.
    assert plain(reader.related(seed.id, **query)) == expected
    assert reader.index is loaded
    others = [ScanRanker()] + ([PostgresRanker()] if ON_POSTGRES else [])
    for ranker in others:
        assert plain(ranker.related(seed.id, **query)) == expected


@pytest.mark.django_db
def test_the_memory_index_notices_writes_made_elsewhere():
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
