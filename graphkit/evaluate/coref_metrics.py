"""Coreference metrics: MUC, B-cubed, CEAF-e and the CoNLL F1 (their mean).

Pure functions over clusterings (no spaCy, no RDF). A clustering is given as a mapping
``item -> cluster id`` (:func:`clusters` turns it into the list of sets the metrics take);
``key`` is the gold clustering, ``response`` the system's. The definitions are the standard ones
of the CoNLL-2011/2012 reference scorer (Pradhan et al. 2014, "Scoring Coreference Partitions of
Predicted Mentions"), including mentions that are in one clustering and not the other:

* MUC (Vilain et al. 1995), link-based: recall = sum over key clusters K of
  ``|K| - |p(K)|`` divided by the sum of ``|K| - 1``, where ``p(K)`` is the partition of K by the
  response clusters (a mention of K absent from the response is a part of its own); precision is
  the same with key and response swapped. Singletons carry no links and so do not count.
* B-cubed (Bagga and Baldwin 1998), mention-based: recall = sum over key K and response R of
  ``|K & R|**2 / |K|`` divided by the number of key mentions; precision the same over response
  mentions with ``/ |R|``.
* CEAF-e (Luo 2005), entity-based: the one-to-one alignment of key and response clusters that
  maximises the total similarity ``phi4(K, R) = 2 |K & R| / (|K| + |R|)``; recall = that total
  divided by the number of key clusters, precision divided by the number of response clusters.
* CoNLL F1 = the mean of the three F1 values.

Worked example (checked by hand in ``tests/test_evaluate_ecbplus.py``): key {a b c} {d e},
response {a b} {c d e}.

>>> key = {"a": 1, "b": 1, "c": 1, "d": 2, "e": 2}
>>> response = {"a": "x", "b": "x", "c": "y", "d": "y", "e": "y"}
>>> [round(v, 3) for v in muc(key, response)]
[0.667, 0.667, 0.667]
>>> [round(v, 3) for v in b_cubed(key, response)]
[0.733, 0.733, 0.733]
>>> [round(v, 3) for v in ceaf_e(key, response)]
[0.8, 0.8, 0.8]
>>> round(conll_f1(key, response), 3)
0.733
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass

Clustering = Mapping[Hashable, Hashable]  # item -> cluster id
_ABSENT = object()  # a mention missing from one side is a part of its own


@dataclass(frozen=True, slots=True)
class CorefScore:
    """Precision, recall and F1 of one metric (iterable as ``p, r, f = score``)."""

    precision: float
    recall: float
    f1: float

    def __iter__(self):
        return iter((self.precision, self.recall, self.f1))


def clusters(mapping: Clustering) -> list[frozenset]:
    """The clusters of ``item -> cluster id`` as sets, in a stable order.

    >>> [sorted(c) for c in clusters({"a": 1, "b": 2, "c": 1})]
    [['a', 'c'], ['b']]
    """
    out: dict[Hashable, set] = {}
    for item, cid in mapping.items():
        out.setdefault(cid, set()).add(item)
    return [frozenset(v) for v in out.values()]


def _prf(p_num: float, p_den: float, r_num: float, r_den: float) -> CorefScore:
    p = p_num / p_den if p_den else 0.0
    r = r_num / r_den if r_den else 0.0
    return CorefScore(p, r, 2 * p * r / (p + r) if p + r else 0.0)


def _muc_side(key: Clustering, response: Clustering) -> tuple[int, int]:
    """(numerator, denominator) of MUC recall of ``response`` against ``key``."""
    num = den = 0
    for k in clusters(key):
        parts = {response.get(m, (_ABSENT, m)) for m in k}
        num += len(k) - len(parts)
        den += len(k) - 1
    return num, den


def muc(key: Clustering, response: Clustering) -> CorefScore:
    """MUC precision, recall, F1 (0 when a side has no links).

    >>> list(muc({1: "a", 2: "a", 3: "a"}, {1: "x", 2: "x", 3: "y"}))
    [1.0, 0.5, 0.6666666666666666]
    >>> list(muc({1: "a", 2: "b"}, {1: "x", 2: "y"}))  # singletons only: no links to find
    [0.0, 0.0, 0.0]
    """
    r_num, r_den = _muc_side(key, response)
    p_num, p_den = _muc_side(response, key)
    return _prf(p_num, p_den, r_num, r_den)


def _b3_side(key: Clustering, response: Clustering) -> tuple[float, int]:
    num = 0.0
    for k in clusters(key):
        shared: dict[Hashable, int] = {}
        for m in k:
            if m in response:
                shared[response[m]] = shared.get(response[m], 0) + 1
        num += sum(n * n for n in shared.values()) / len(k)
    return num, len(key)


def b_cubed(key: Clustering, response: Clustering) -> CorefScore:
    """B-cubed precision, recall, F1.

    >>> [round(v, 3) for v in b_cubed({1: "a", 2: "a", 3: "b"}, {1: "x", 2: "x", 3: "x"})]
    [0.556, 1.0, 0.714]
    """
    r_num, r_den = _b3_side(key, response)
    p_num, p_den = _b3_side(response, key)
    return _prf(p_num, p_den, r_num, r_den)


def ceaf_e(key: Clustering, response: Clustering) -> CorefScore:
    """CEAF-e precision, recall, F1 (entity-based CEAF with phi4).

    The best alignment is found per connected group of overlapping clusters (clusters that share
    no mention have similarity 0 and never need to be aligned), with the Hungarian method.

    >>> [round(v, 3) for v in ceaf_e({1: "a", 2: "a", 3: "b"}, {1: "x", 2: "x", 3: "x"})]
    [0.8, 0.4, 0.533]
    """
    k_sets, r_sets = clusters(key), clusters(response)
    r_index = {m: j for j, r in enumerate(r_sets) for m in r}
    # connected groups of the bipartite overlap graph (union-find over key i / response j)
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(x):
        while parent.get(x, x) != x:
            parent[x] = parent.get(parent[x], parent[x])
            x = parent[x]
        return x

    overlaps: dict[tuple[int, int], int] = {}
    for i, k in enumerate(k_sets):
        for m in k:
            j = r_index.get(m)
            if j is None:
                continue
            overlaps[(i, j)] = overlaps.get((i, j), 0) + 1
            a, b = find(("k", i)), find(("r", j))
            if a != b:
                parent[a] = b
    groups: dict[tuple[str, int], tuple[list[int], list[int]]] = {}
    for i, j in overlaps:
        g = groups.setdefault(find(("k", i)), ([], []))
        if i not in g[0]:
            g[0].append(i)
        if j not in g[1]:
            g[1].append(j)
    total = 0.0
    for ks, rs in groups.values():
        sim = [[2 * overlaps.get((i, j), 0) / (len(k_sets[i]) + len(r_sets[j])) for j in rs] for i in ks]
        total += _best_assignment(sim)
    return _prf(total, len(r_sets), total, len(k_sets))


def _best_assignment(sim: list[list[float]]) -> float:
    """The largest total of a one-to-one assignment of rows to columns."""
    if len(sim) == 1 or len(sim[0]) == 1:
        return max(max(row) for row in sim) if len(sim) == 1 else max(row[0] for row in sim)
    from scipy.optimize import linear_sum_assignment

    rows, cols = linear_sum_assignment(sim, maximize=True)
    return float(sum(sim[r][c] for r, c in zip(rows, cols, strict=True)))


def conll_f1(key: Clustering, response: Clustering) -> float:
    """The mean of the MUC, B-cubed and CEAF-e F1 values.

    >>> conll_f1({1: "a", 2: "a"}, {1: "x", 2: "x"})
    1.0
    """
    return (muc(key, response).f1 + b_cubed(key, response).f1 + ceaf_e(key, response).f1) / 3


def all_metrics(key: Clustering, response: Clustering) -> dict[str, CorefScore | float]:
    """``{"MUC": ..., "B-cubed": ..., "CEAF-e": ..., "CoNLL F1": float}``."""
    m, b, c = muc(key, response), b_cubed(key, response), ceaf_e(key, response)
    return {"MUC": m, "B-cubed": b, "CEAF-e": c, "CoNLL F1": (m.f1 + b.f1 + c.f1) / 3}
