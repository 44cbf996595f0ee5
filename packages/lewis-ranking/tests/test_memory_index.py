"""The in-process index: compact storage, and freshness across processes and rollbacks."""

import numpy as np
import pytest
from django.db import transaction

from lewis_ranking import services
from lewis_ranking.backends.memory import MemoryRanker
from lewis_ranking.backends.memory_index import CompactIndex
from lewis_ranking.services import RankingDocument


def synthetic_rows(count, seed=7):
    """About 4.7 tags per document on three axes, Zipf-skewed, like the benchmark corpus."""
    rng = np.random.default_rng(seed)
    zipf = 1 / np.arange(1, 301) ** 1.07
    zipf /= zipf.sum()
    axes = {
        axis: (rng.choice(300, size=(count, high), p=zipf), rng.integers(low, high + 1, count))
        for axis, low, high in (("theme", 1, 3), ("motif", 1, 3), ("life-stage", 0, 2))
    }
    for row in range(count):
        tags = {
            axis: set(draws[row, : sizes[row]].tolist()) for axis, (draws, sizes) in axes.items()
        }
        facets = {"register": ("reflective", "imaginative")[row % 2], "tier": "free"}
        yield row + 1, row // 150, facets, {axis: t for axis, t in tags.items() if t}


def test_the_index_keeps_no_python_object_per_document_and_fits_100_bytes_each():
    index = CompactIndex.build(synthetic_rows(50_000))
    assert len(index) == 50_000
    # 100 bytes a document is 100 MB at a million, half the 200 MB budget.
    assert index.nbytes / len(index) <= 100
    assert len(index.term_tag) <= 900  # vocabularies grow with the taxonomy, not the corpus


def test_appended_and_compacted_rows_rank_alike():
    index = CompactIndex.build(synthetic_rows(2000))
    weights = {"theme": 2, "motif": 3, "life-stage": 1}
    before = index.related(10, weights=weights, limit=30)
    rows = list(synthetic_rows(2000))
    index.apply(upserts=rows[:1500])  # re-upserted: now appended rows, the old ones dead
    assert index.n > index.base
    assert index.related(10, weights=weights, limit=30) == before
    index.compact()
    assert index.n == index.base == 2000
    assert index.related(10, weights=weights, limit=30) == before


def doc(id, *tags):
    return RankingDocument(id=id, group_id=id, tags={"motif": frozenset(tags)})


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_write_leaves_no_trace_in_the_index():
    ranker = MemoryRanker()
    weights = {"motif": 1}
    services.upsert_documents([doc(1, 7), doc(2, 7)])
    assert [r.id for r in ranker.related(1, weights=weights)] == [2]

    with transaction.atomic():
        services.upsert_documents([doc(3, 7)])
        # Inside the transaction its own write is visible, as any query would show it.
        assert [r.id for r in ranker.related(1, weights=weights)] == [2, 3]
        transaction.set_rollback(True)
    # The projection went back to an older version: the index notices.
    assert [r.id for r in ranker.related(1, weights=weights)] == [2]

    with transaction.atomic():
        services.upsert_documents([doc(4, 7)])
        assert [r.id for r in ranker.related(1, weights=weights)] == [2, 4]
        transaction.set_rollback(True)
    # A newer write commits before the index is asked again: the rolled-back one stays gone.
    services.upsert_documents([doc(5, 7)])
    assert [r.id for r in ranker.related(1, weights=weights)] == [2, 5]


@pytest.mark.django_db(transaction=True)
def test_replacing_everything_reloads_other_workers_in_full():
    ranker = MemoryRanker()
    services.replace_all_documents([[doc(1, 7), doc(2, 7)]])
    first = ranker.fresh_index()
    services.replace_all_documents([[doc(1, 7), doc(3, 7)]])
    assert [r.id for r in ranker.related(1, weights={"motif": 1})] == [3]
    assert ranker.index is not first


class PostingsOnly(CompactIndex):
    dense_terms = 0


class DenseEverywhere(CompactIndex):
    dense_share = 10**9  # every term counts as frequent
    dense_terms = 10**6


def test_dense_vectors_and_posting_lists_score_alike():
    rows = list(synthetic_rows(3000))
    postings, dense = PostingsOnly.build(rows), DenseEverywhere.build(rows)
    assert len(postings.dense) == 0
    assert len(dense.dense) == len(dense.term_tag)
    for seed in range(1, 3001, 97):
        for weights in (
            {"motif": 3, "theme": 2, "life-stage": 1},
            {"motif": 0, "theme": 1},
            {"motif": 300, "life-stage": 2},  # too heavy for a uint8 vector: posting list
        ):
            for filters in (None, {"register": {"imaginative"}}):
                query = {"weights": weights, "filters": filters, "exclude_group": seed % 2 == 0}
                assert dense.related(seed, **query) == postings.related(seed, **query)
