"""The in-process index's storage: NumPy arrays, no Python object per document.

- Vocabularies (small: one entry per axis, per (axis, tag) "term", per facet value) number
  what documents carry.
- Rows, one per document version: `ids` (int64), `groups` (int64), `alive` (bool), one int16
  code array per facet name (-1: missing), and the row's term numbers in CSR form (`row_ptr`
  int64, `row_terms` int32).
- Posting lists in CSR form (`post_ptr` int64 per term, `post_rows` int32) over the compacted
  rows `[0, base)`, which are sorted by id and looked up by binary search; for the few terms on
  a large share of the rows, also a dense 0/1 vector (uint8).

An upsert marks the document's old row dead and appends a row; a removal marks it dead. Rows
appended since the last compaction are scored by scanning their terms (they are few); when they,
or the dead rows, grow past a fraction of the index, `compact()` rewrites the arrays in memory.
Capacity grows by an eighth, so appends are amortised and the slack stays small.

Scoring adds each seed term's weight to a score per row, along its posting list or dense vector;
ineligible rows (dead, the seed, its group, failing a facet filter) are zeroed by contiguous
array operations; the cut score of the top `limit` is found by counting down from the best
score, and only the rows at or above it are gathered, ties on the cut broken by id.
"""

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence

import numpy as np

from lewis_ranking.types import DocumentNotIndexed, RankedResult

MISSING = -1
# One document as the index takes it: id, group id, facets, tags per axis.
Row = tuple[int, int, Mapping[str, object], Mapping[str, Iterable[int]]]


def _resized(array: np.ndarray, size: int, fill) -> np.ndarray:
    out = np.full(size, fill, dtype=array.dtype)
    out[: min(len(array), size)] = array[:size]
    return out


def _grown(current: int, needed: int) -> int:
    return max(needed, current + current // 8 + 1024)


class CompactIndex:
    # Compact once appended (or dead) rows exceed this many, or a sixteenth (an eighth) of the
    # compacted rows: appended rows are scored by a scan, dead rows still cost a little.
    compact_after = 4096
    # Terms on at least 1/dense_share of the rows also get a dense vector (at most dense_terms).
    dense_share = 24
    dense_terms = 32

    def __init__(self) -> None:
        self.axes: list[str] = []
        self._axis_code: dict[str, int] = {}
        self._terms_by_axis: list[dict[int, int]] = []  # axis code -> tag -> term
        self.term_axis: list[int] = []
        self.term_tag: list[int] = []
        self.facet_values: dict[str, list] = {}
        self._facet_code: dict[str, dict] = {}

        self.n = 0  # rows in use, alive or dead
        self.dead = 0
        self.ids = np.empty(0, np.int64)
        self.groups = np.empty(0, np.int64)
        self.alive = np.empty(0, bool)
        self.facets: dict[str, np.ndarray] = {}
        self.row_ptr = np.zeros(1, np.int64)
        self.row_terms = np.empty(0, np.int32)

        self.base = 0
        self.post_ptr = np.zeros(1, np.int64)
        self.post_rows = np.empty(0, np.int32)
        self._appended: dict[int, int] = {}  # id -> row, for rows [base, n): bounded by compaction
        self.dense = np.zeros((0, 0), np.uint8)  # (frequent term, compacted row) -> 0/1
        self.dense_of: dict[int, int] = {}  # term -> its vector in `dense`

    def __len__(self) -> int:
        return self.n - self.dead

    @property
    def nbytes(self) -> int:
        """Bytes held by the arrays, spare capacity included (the vocabularies are not counted:
        they grow with the taxonomy, not with the documents)."""
        arrays = [self.ids, self.groups, self.alive, self.row_ptr, self.row_terms]
        arrays += [self.post_ptr, self.post_rows, self.dense, *self.facets.values()]
        return sum(a.nbytes for a in arrays)

    # -- vocabularies ------------------------------------------------------------------------

    def _terms(self, tags: Mapping[str, Iterable[int]]) -> list[int]:
        terms = set()
        for axis, tag_ids in tags.items():
            code = self._axis_code.get(axis)
            if code is None:
                code = self._axis_code[axis] = len(self.axes)
                self.axes.append(axis)
                self._terms_by_axis.append({})
            known = self._terms_by_axis[code]
            for tag in map(int, tag_ids):
                term = known.get(tag)
                if term is None:
                    term = known[tag] = len(self.term_tag)
                    self.term_axis.append(code)
                    self.term_tag.append(tag)
                terms.add(term)
        return sorted(terms)

    def _facet_column(self, name: str) -> np.ndarray:
        column = self.facets.get(name)
        if column is None:
            column = self.facets[name] = np.full(len(self.ids), MISSING, np.int16)
            self.facet_values[name] = []
            self._facet_code[name] = {}
        return column

    def _facet(self, name: str, value: object) -> int:
        codes = self._facet_code[name]
        code = codes.get(value)
        if code is None:
            code = codes[value] = len(self.facet_values[name])
            self.facet_values[name].append(value)
            if code > np.iinfo(self.facets[name].dtype).max:  # more values than int16 holds
                self.facets[name] = self.facets[name].astype(np.int32)
        return code

    # -- building -----------------------------------------------------------------------------

    @classmethod
    def build(cls, rows: Iterable[Row], chunk: int = 50_000) -> "CompactIndex":
        """An index of `rows` (unique ids, any order), built in chunks so that only one chunk
        of Python objects is alive at a time."""
        index = cls()
        index._fill(((d, g, f, index._terms(tags)) for d, g, f, tags in rows), chunk)
        index.compact()
        return index

    @classmethod
    def build_numbered(
        cls,
        rows: Iterable[tuple[int, int, Mapping[str, object], Sequence[int]]],
        vocabulary: Callable[[], Iterable[tuple[int, str, int]]],
        chunk: int = 50_000,
    ) -> "CompactIndex":
        """An index of rows whose tags arrive as numbers of an outside (axis, tag) dictionary
        (the postgres projection's `terms`), which saves decoding JSON. `vocabulary()` yields
        (number, axis, tag); it is read after the rows, so it knows every number they use."""
        index = cls()
        index._fill(rows, chunk)
        numbers = list(vocabulary())
        local = np.full(max((n for n, _, _ in numbers), default=0) + 1, -1, np.int32)
        for number, axis, tag in numbers:
            local[number] = index._terms({axis: (tag,)})[0]
        index.row_terms = local[index.row_terms[: index.row_ptr[index.n]]]
        index.compact()
        return index

    def _fill(self, rows: Iterable[tuple[int, int, Mapping, Sequence[int]]], chunk: int) -> None:
        ids, groups, lengths, terms = [], [], [], []
        facet_rows: dict[str, list[np.ndarray]] = {}
        facet_codes: dict[str, list[np.ndarray]] = {}

        def flush(c_ids, c_groups, c_lengths, c_terms, c_facets):
            offset = sum(map(len, ids))
            ids.append(np.array(c_ids, np.int64))
            groups.append(np.array(c_groups, np.int64))
            lengths.append(np.array(c_lengths, np.int64))
            terms.append(np.array(c_terms, np.int32))
            for name, (f_rows, f_codes) in c_facets.items():
                facet_rows.setdefault(name, []).append(np.array(f_rows, np.int64) + offset)
                facet_codes.setdefault(name, []).append(np.array(f_codes, np.int32))

        def empty_chunk():
            return [], [], [], [], {}

        c_ids, c_groups, c_lengths, c_terms, c_facets = empty_chunk()
        for doc_id, group_id, facets, row_terms in rows:
            for name, value in facets.items():
                if value is not None:
                    self._facet_column(name)
                    f_rows, f_codes = c_facets.setdefault(name, ([], []))
                    f_rows.append(len(c_ids))
                    f_codes.append(self._facet(name, value))
            c_ids.append(doc_id)
            c_groups.append(group_id)
            c_lengths.append(len(row_terms))
            c_terms.extend(row_terms)
            if len(c_ids) == chunk:
                flush(c_ids, c_groups, c_lengths, c_terms, c_facets)
                c_ids, c_groups, c_lengths, c_terms, c_facets = empty_chunk()
        flush(c_ids, c_groups, c_lengths, c_terms, c_facets)

        self.ids = np.concatenate(ids)
        self.groups = np.concatenate(groups)
        self.n = len(self.ids)
        self.alive = np.ones(self.n, bool)
        self.row_ptr = np.zeros(self.n + 1, np.int64)
        np.cumsum(np.concatenate(lengths), out=self.row_ptr[1:])
        self.row_terms = np.concatenate(terms)
        for name in self.facets:
            dtype = np.int16 if len(self.facet_values[name]) <= np.iinfo(np.int16).max else np.int32
            column = np.full(self.n, MISSING, dtype)
            column[np.concatenate(facet_rows[name])] = np.concatenate(facet_codes[name])
            self.facets[name] = column

    def compact(self) -> None:
        """Drop dead rows, sort rows by id and rebuild the posting lists over all of them."""
        n = self.n
        live = np.flatnonzero(self.alive[:n])
        order = live[np.argsort(self.ids[live], kind="stable")]
        if len(order) != n or len(self.ids) != n or np.any(order != np.arange(n)):
            starts = self.row_ptr[order]
            lengths = self.row_ptr[order + 1] - starts
            row_ptr = np.zeros(len(order) + 1, np.int64)
            np.cumsum(lengths, out=row_ptr[1:])
            entries = np.repeat(starts - row_ptr[:-1], lengths)
            entries += np.arange(int(row_ptr[-1]), dtype=np.int64)
            self.row_terms = self.row_terms[entries]
            del entries
            self.row_ptr = row_ptr
            self.ids = self.ids[order]
            self.groups = self.groups[order]
            self.facets = {name: codes[order] for name, codes in self.facets.items()}
        else:  # already compact and sorted (a fresh build): only the posting lists are missing
            self.row_terms = self.row_terms[: self.row_ptr[n]]
        m = len(order)
        del live, order
        lengths = np.diff(self.row_ptr)
        rows_of_entries = np.repeat(np.arange(m, dtype=np.int32), lengths)
        by_term = np.argsort(self.row_terms, kind="stable")
        self.post_rows = rows_of_entries[by_term]
        del by_term, rows_of_entries
        self.post_ptr = np.zeros(len(self.term_tag) + 1, np.int64)
        np.cumsum(np.bincount(self.row_terms, minlength=len(self.term_tag)), out=self.post_ptr[1:])
        self.n = self.base = m
        self.dead = 0
        self.alive = np.ones(m, bool)
        self._appended = {}
        self._densify()

    def _densify(self) -> None:
        """Dense 0/1 vectors for the most frequent terms: adding a contiguous vector costs a
        fraction of a nanosecond a row, scattering along a posting list a few nanoseconds an
        entry, so a term on more than about 1/32 of the rows is cheaper dense."""
        counts = np.diff(self.post_ptr)
        frequent = np.flatnonzero(counts * self.dense_share >= max(self.base, 4096))
        frequent = frequent[np.argsort(-counts[frequent], kind="stable")][: self.dense_terms]
        self.dense = np.zeros((len(frequent), self.base), np.uint8)
        for vector, term in zip(self.dense, frequent.tolist(), strict=True):
            vector[self.post_rows[self.post_ptr[term] : self.post_ptr[term + 1]]] = 1
        self.dense_of = {term: i for i, term in enumerate(frequent.tolist())}

    # -- changes ------------------------------------------------------------------------------

    def row_of(self, doc_id: int) -> int | None:
        row = self._appended.get(doc_id)
        if row is not None:
            return row
        row = int(np.searchsorted(self.ids[: self.base], doc_id))
        if row < self.base and self.ids[row] == doc_id and self.alive[row]:
            return row
        return None

    def _kill(self, doc_id: int) -> None:
        row = self.row_of(doc_id)
        if row is not None:
            self.alive[row] = False
            self.dead += 1
            self._appended.pop(doc_id, None)

    def _reserve(self, rows: int, entries: int) -> None:
        if self.n + rows > len(self.ids):
            size = _grown(len(self.ids), self.n + rows)
            self.ids = _resized(self.ids, size, 0)
            self.groups = _resized(self.groups, size, 0)
            self.alive = _resized(self.alive, size, False)
            self.facets = {k: _resized(v, size, MISSING) for k, v in self.facets.items()}
            self.row_ptr = _resized(self.row_ptr, size + 1, 0)
        used = int(self.row_ptr[self.n])
        if used + entries > len(self.row_terms):
            self.row_terms = _resized(
                self.row_terms, _grown(len(self.row_terms), used + entries), 0
            )

    def _append(self, row: Row) -> None:
        doc_id, group_id, facets, tags = row
        terms = self._terms(tags)
        self._reserve(1, len(terms))
        n, start = self.n, int(self.row_ptr[self.n])
        self.ids[n] = doc_id
        self.groups[n] = group_id
        self.alive[n] = True
        for name, value in facets.items():
            if value is not None:
                self._facet_column(name)
                code = self._facet(name, value)
                self.facets[name][n] = code
        self.row_terms[start : start + len(terms)] = terms
        self.row_ptr[n + 1] = start + len(terms)
        self.n += 1
        self._appended[doc_id] = n

    def apply(self, upserts: Iterable[Row] = (), removals: Iterable[int] = ()) -> None:
        """Insert or replace the `upserts`, drop the `removals` (unknown ids are ignored)."""
        for doc_id in removals:
            self._kill(doc_id)
        for row in upserts:
            self._kill(row[0])
            self._append(row)
        appended, limit = self.n - self.base, self.compact_after
        if appended > max(limit, self.base // 16) or self.dead > max(limit, self.base // 8):
            self.compact()

    # -- ranking ------------------------------------------------------------------------------

    def related(
        self,
        seed_id: int,
        *,
        weights: Mapping[str, int],
        filters: Mapping[str, Collection[str]] | None = None,
        exclude_group: bool = False,
        limit: int = 20,
    ) -> list[RankedResult]:
        seed = self.row_of(seed_id)
        if seed is None:
            raise DocumentNotIndexed(seed_id)
        seed_terms = self.row_terms[self.row_ptr[seed] : self.row_ptr[seed + 1]].tolist()
        asked = {self._axis_code[a]: w for a, w in weights.items() if a in self._axis_code}
        weighted = [(t, asked[self.term_axis[t]]) for t in seed_terms if self.term_axis[t] in asked]
        if limit <= 0 or not any(w > 0 for _, w in weighted):
            return []
        scores = self._scores([(t, w) for t, w in weighted if w])
        # Ineligible rows are zeroed: every operation below runs over contiguous arrays.
        scores[seed] = 0
        if self.dead:
            scores *= self.alive[: self.n]
        if exclude_group:
            scores *= self.groups[: self.n] != self.groups[seed]
        for name, allowed in (filters or {}).items():
            column = self.facets.get(name)
            codes = self._facet_code.get(name, {})
            accepted = np.zeros(self.n, bool)
            for code in {codes[v] for v in allowed if v in codes}:
                accepted |= column[: self.n] == code
            scores *= accepted
        top = self._top(scores, limit)
        reported = {t: self.axes[self.term_axis[t]] for t, _ in weighted}
        return self._explain(top, scores, reported)

    def _scores(self, weighted: list[tuple[int, int]]) -> np.ndarray:
        """Weighted overlap with the seed's terms for every row (dead rows included)."""
        bound = sum(abs(w) for _, w in weighted)
        scores = np.zeros(self.n, np.int16 if bound <= np.iinfo(np.int16).max else np.int32)
        compacted = scores[: self.base]
        compacted_terms = len(self.post_ptr) - 1
        for term, weight in weighted:
            vector = self.dense_of.get(term)
            if vector is not None and abs(weight) <= 255:
                dense = self.dense[vector]
                if weight == 1:
                    compacted += dense
                elif weight > 0:
                    compacted += dense * np.uint8(weight)
                else:
                    compacted -= dense * np.uint8(-weight)
            elif term < compacted_terms:
                # A row appears once per posting list, so fancy-index += adds exactly once.
                compacted[self.post_rows[self.post_ptr[term] : self.post_ptr[term + 1]]] += weight
        if self.n > self.base:  # appended rows: scan their terms
            lookup = np.zeros(len(self.term_tag), np.int64)
            for term, weight in weighted:
                lookup[term] = weight
            first = int(self.row_ptr[self.base])
            sums = np.zeros(int(self.row_ptr[self.n]) - first + 1, np.int64)
            np.cumsum(lookup[self.row_terms[first : self.row_ptr[self.n]]], out=sums[1:])
            bounds = self.row_ptr[self.base : self.n + 1] - first
            scores[self.base : self.n] = sums[bounds[1:]] - sums[bounds[:-1]]
        return scores

    def _top(self, scores: np.ndarray, limit: int) -> np.ndarray:
        """The `limit` rows scoring best (above zero), by score descending, then id ascending."""
        cut = self._cut(scores, limit)
        if cut is None:
            return np.empty(0, np.int64)
        rows = np.flatnonzero(scores >= cut)
        if len(rows) > limit:
            row_scores = scores[rows]
            above, tied = rows[row_scores > cut], rows[row_scores == cut]
            wanted = limit - len(above)
            if tied[-1] < self.base:  # compacted rows are in id order already
                tied = tied[:wanted]
            else:
                tied = tied[np.argpartition(self.ids[tied], wanted - 1)[:wanted]]
            rows = np.concatenate([above, tied])
        return rows[np.lexsort((self.ids[rows], -scores[rows]))]

    @staticmethod
    def _cut(scores: np.ndarray, limit: int) -> int | None:
        """The lowest score among the best `limit` positive ones (None when none is positive).
        The best scores are few: stepping down from the top counts a few levels at most, and a
        histogram of the positive scores is the fallback."""
        cut = int(scores.max())
        if cut <= 0:
            return None
        for _ in range(8):
            if cut <= 1 or np.count_nonzero(scores >= cut) >= limit:
                return cut
            cut -= 1
        positive = scores[scores > 0]
        at_least = np.cumsum(np.bincount(positive)[::-1])[::-1]
        reached = np.flatnonzero(at_least >= limit)
        return int(reached[-1]) if len(reached) else 1

    def _explain(
        self, rows: np.ndarray, scores: np.ndarray, reported: Mapping[int, str]
    ) -> list[RankedResult]:
        """Results with the tags each row shares with the seed, per reported axis."""
        shared: list[dict[str, list[int]]] = []
        for row in rows.tolist():
            by_axis: dict[str, list[int]] = {}
            for term in self.row_terms[self.row_ptr[row] : self.row_ptr[row + 1]].tolist():
                axis = reported.get(term)
                if axis is not None:
                    by_axis.setdefault(axis, []).append(self.term_tag[term])
            shared.append(by_axis)
        return [
            RankedResult(
                id=doc_id,
                score=score,
                shared={axis: tuple(sorted(tags)) for axis, tags in by_axis.items()},
            )
            for doc_id, score, by_axis in zip(
                self.ids[rows].tolist(), scores[rows].tolist(), shared, strict=True
            )
        ]
