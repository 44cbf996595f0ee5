"""Ranking in PostgreSQL: integer arrays, intarray operators and a GIN index, one query per call.

The original design ranked one axis with `array_length(motif_tags & :seed, 1)` over rows found by
`motif_tags && :seed` through a GIN index. This generalises it to weighted axes and filters:
every document's tags, on every axis, are numbered by a term dictionary (`lewis_ranking_term`,
one row per (axis, tag)) and kept as one sorted int4 array, `terms`, beside the JSON projection
(migration 0004). A query splits the seed's terms by axis, finds candidates sharing any term on
a positively weighted axis (`terms && seed_terms`, served by the `gin__int_ops` index), scores
them with `sum(weight * icount(terms & seed_axis_terms))` and sorts by score, then id.

The arrays are part of the projection on PostgreSQL, written in the same transaction as the JSON
rows by `lewis_ranking.projection` whichever backend is configured, so switching to this backend
needs no rebuild and it never sees a half-written state.
"""

from collections.abc import Collection, Mapping

from django.db import connection

from lewis_ranking.models import ProjectedDocument
from lewis_ranking.types import DocumentNotIndexed, RankedResult, RankingDocument

DOCUMENTS = ProjectedDocument._meta.db_table
TERMS = "lewis_ranking_term"

# The (axis, tag) pairs of the selected documents' JSON tags.
_PAIRS = f"""
    FROM {DOCUMENTS} d
    CROSS JOIN LATERAL jsonb_each(d.tags) a
    CROSS JOIN LATERAL jsonb_array_elements_text(a.value) t
"""


def project_terms(ids: Collection[int] | None = None) -> None:
    """Number any new (axis, tag) pairs and write the `terms` arrays of the given documents (all
    when `ids` is None) from their JSON tags. Only rows whose array changes are written."""
    where = "" if ids is None else "WHERE d.id = ANY(%(ids)s::bigint[])"
    params = {} if ids is None else {"ids": list(ids)}
    with connection.cursor() as cursor:
        # Insert only the missing pairs: ON CONFLICT alone would burn identity values each time.
        cursor.execute(
            f"""
            INSERT INTO {TERMS} (axis, tag)
            SELECT DISTINCT a.key, t.value::bigint {_PAIRS} {where}
            {"AND" if where else "WHERE"} NOT EXISTS (
                SELECT 1 FROM {TERMS} tm WHERE tm.axis = a.key AND tm.tag = t.value::bigint
            )
            ORDER BY 1, 2
            ON CONFLICT (axis, tag) DO NOTHING
            """,  # noqa: S608  (table names and a fixed clause; values are parameters)
            params,
        )
        cursor.execute(
            f"""
            UPDATE {DOCUMENTS} AS doc SET terms = x.terms
            FROM (
                SELECT d.id, coalesce(
                    sort(array_agg(DISTINCT tm.id) FILTER (WHERE tm.id IS NOT NULL)), '{{}}'
                ) AS terms
                FROM {DOCUMENTS} d
                LEFT JOIN LATERAL jsonb_each(d.tags) a ON true
                LEFT JOIN LATERAL jsonb_array_elements_text(a.value) t ON true
                LEFT JOIN {TERMS} tm ON tm.axis = a.key AND tm.tag = t.value::bigint
                {where}
                GROUP BY d.id
            ) x
            WHERE doc.id = x.id AND doc.terms IS DISTINCT FROM x.terms
            """,  # noqa: S608  (table names and a fixed clause; values are parameters)
            params,
        )


def _related_sql(
    weights: Mapping[str, int],
    filters: Mapping[str, Collection[str]] | None,
    exclude_group: bool,
) -> tuple[str, dict]:
    """One statement: the seed's terms per axis, the ranked candidates, their shared tags.

    Axes with weight 0 are still split out, because results report shared tags on every axis
    the caller asked about; only positively weighted axes select candidates."""
    axes = list(weights)
    params: dict = {f"axis{i}": axis for i, axis in enumerate(axes)}
    params |= {f"w{i}": int(weights[axis]) for i, axis in enumerate(axes)}
    seed_axes = ",\n".join(
        f"""coalesce((SELECT array_agg(tm.id ORDER BY tm.id) FROM {TERMS} tm
                      WHERE tm.id = ANY(s.terms) AND tm.axis = %(axis{i})s), '{{}}') AS t{i}"""  # noqa: S608
        for i in range(len(axes))
    )
    positive = [i for i, axis in enumerate(axes) if weights[axis] > 0]
    overlap = " | ".join(f"seed.t{i}" for i in positive)
    score = " + ".join(
        f"%(w{i})s * icount(c.terms & seed.t{i})" for i, axis in enumerate(axes) if weights[axis]
    )
    conditions = [f"c.terms && ({overlap})", "c.id <> seed.id"]
    if exclude_group:
        conditions.append("c.group_id <> seed.group_id")
    for j, (name, allowed) in enumerate((filters or {}).items()):
        params[f"facet{j}"] = name
        params[f"allowed{j}"] = [str(v) for v in allowed]
        conditions.append(f"c.facets ->> %(facet{j})s = ANY(%(allowed{j})s::text[])")
    shared = ",\n".join(
        f"""ARRAY(SELECT tm.tag FROM {TERMS} tm
                  WHERE tm.id = ANY(ranked.terms & seed.t{i}) ORDER BY tm.tag) AS shared{i}"""  # noqa: S608
        for i in range(len(axes))
    )
    sql = f"""
        WITH seed AS MATERIALIZED (
            SELECT s.id, s.group_id, {seed_axes}
            FROM {DOCUMENTS} s WHERE s.id = %(seed)s
        )
        SELECT ranked.id, ranked.score, {shared}
        FROM seed LEFT JOIN LATERAL (
            SELECT * FROM (
                SELECT c.id, c.terms, {score} AS score
                FROM {DOCUMENTS} c
                WHERE {" AND ".join(conditions)}
            ) scored
            WHERE scored.score > 0
            ORDER BY scored.score DESC, scored.id
            LIMIT %(limit)s
        ) ranked ON true
        ORDER BY ranked.score DESC, ranked.id
    """  # noqa: S608  (table names and generated placeholders; values are parameters)
    return sql, params


class PostgresRanker:
    """Reads the arrays on every call, so it keeps no state to refresh between processes."""

    # The system check refuses this backend on any other database.
    database_vendor = "postgresql"

    def upsert(self, documents: Collection[RankingDocument]) -> None:
        pass  # the projection's arrays were written with the rows, in the same transaction

    def remove(self, ids: Collection[int]) -> None:
        pass

    def rebuild(self) -> None:
        """Recompute every row's arrays from the JSON tags (a repair: normally they are already
        right), then refresh the planner's statistics for the replaced table."""
        project_terms()
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {DOCUMENTS}")

    def related(
        self,
        seed_id: int,
        *,
        weights: Mapping[str, int],
        filters: Mapping[str, Collection[str]] | None = None,
        exclude_group: bool = False,
        limit: int = 20,
    ) -> list[RankedResult]:
        axes = list(weights)
        with connection.cursor() as cursor:
            if any(w > 0 for w in weights.values()) and limit > 0:
                sql, params = _related_sql(weights, filters, exclude_group)
                cursor.execute(sql, {**params, "seed": seed_id, "limit": limit})
            else:  # nothing can score above zero; still tell an unknown seed apart
                cursor.execute(f"SELECT NULL FROM {DOCUMENTS} WHERE id = %s", [seed_id])  # noqa: S608
            rows = cursor.fetchall()
        if not rows:
            raise DocumentNotIndexed(seed_id)
        return [
            RankedResult(
                id=row[0],
                score=row[1],
                shared={
                    axis: tuple(tags) for axis, tags in zip(axes, row[2:], strict=True) if tags
                },
            )
            for row in rows
            if row[0] is not None
        ]
