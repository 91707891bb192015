"""Measures: pure functions ``G -> dict`` that never mutate their input (centrality, betweenness,
communities), and the most central nodes for pruning a map.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import networkx as nx

EXACT_BETWEENNESS_LIMIT = 2500  # above this many nodes betweenness is estimated from a sample
BETWEENNESS_SAMPLE = 500  # sampled source nodes when estimating
LOUVAIN_LIMIT = 50_000  # above this many nodes communities come from label propagation (Louvain is slow)


# --------------------------------------------------------------------------- measures


def betweenness_sample(G: nx.Graph) -> int | None:
    """How many source nodes betweenness is estimated from (None: computed exactly).

    >>> betweenness_sample(nx.path_graph(10)) is None
    True
    """
    n = G.number_of_nodes()
    return None if n <= EXACT_BETWEENNESS_LIMIT else min(n, BETWEENNESS_SAMPLE)


def centrality(G: nx.Graph, seed: int = 42) -> dict[str, dict[str, float]]:
    """Per node: ``degree`` (neighbours), ``strength`` (weighted degree), ``pagerank`` (weighted)
    and ``betweenness`` (normalised, by hops; estimated from :func:`betweenness_sample` sources on
    large graphs, with a fixed seed so it is repeatable).

    >>> c = centrality(nx.star_graph(3))
    >>> c[0]["degree"], round(c[0]["betweenness"], 2), round(c[1]["betweenness"], 2)
    (3, 1.0, 0.0)
    """
    if G.number_of_nodes() == 0:
        return {}
    strength = dict(G.degree(weight="weight"))
    pagerank = nx.pagerank(G, weight="weight") if G.number_of_edges() else {n: 1 / len(G) for n in G}
    between = betweenness(G, k=betweenness_sample(G), seed=seed)
    return {
        node: {
            "degree": G.degree(node),
            "strength": float(strength[node]),
            "pagerank": float(pagerank[node]),
            "betweenness": float(between[node]),
        }
        for node in G
    }


def betweenness(G: nx.Graph, k: int | None = None, seed: int = 42, batch: int = 64) -> dict[Any, float]:
    """Normalised betweenness by hops (edge weights ignored), as networkx computes it, but with the
    breadth-first searches of Brandes' algorithm run for ``batch`` sources at once as sparse matrix
    products (scipy). Same results; 16x faster exactly at 2,000 nodes and 19x with 300 sampled
    sources at 10,000 (``benchmarks/betweenness.py``, figures in benchmarks/RESULTS.md).
    ``k`` sources sampled at random (seeded) estimate it on large graphs.

    >>> G = nx.karate_club_graph()
    >>> exact = nx.betweenness_centrality(G)
    >>> max(abs(exact[n] - v) for n, v in betweenness(G).items()) < 1e-12
    True
    """
    import numpy as np

    nodes = list(G)
    n = len(nodes)
    if n < 3 or G.number_of_edges() == 0:
        return dict.fromkeys(nodes, 0.0)
    A = nx.to_scipy_sparse_array(G, nodelist=nodes, weight=None, format="csr", dtype=np.float64)
    A.data[:] = 1.0
    if k is None or k >= n:
        sources = np.arange(n)
    else:
        sources = np.sort(np.random.default_rng(seed).choice(n, size=k, replace=False))
    total = np.zeros(n)
    for start in range(0, len(sources), batch):
        src = sources[start : start + batch]
        b = len(src)
        cols = np.arange(b)
        dist = np.full((n, b), -1, dtype=np.int32)
        sigma = np.zeros((n, b))
        dist[src, cols] = 0
        sigma[src, cols] = 1.0
        frontier = sigma.copy()
        level = 0
        while True:  # forward: count shortest paths level by level
            reach = A @ frontier
            new = (dist < 0) & (reach > 0)
            if not new.any():
                break
            level += 1
            dist[new] = level
            sigma[new] = reach[new]
            frontier = np.where(new, sigma, 0.0)
        delta = np.zeros((n, b))
        safe = np.where(sigma > 0, sigma, 1.0)
        for lev in range(level, 0, -1):  # backward: accumulate dependencies
            coeff = np.where(dist == lev, (1.0 + delta) / safe, 0.0)
            delta += np.where(dist == lev - 1, sigma * (A @ coeff), 0.0)
        delta[src, cols] = 0.0
        total += delta.sum(axis=1)
    scale = 1.0 / ((n - 1) * (n - 2))
    if len(sources) < n:
        scale *= n / len(sources)
    return {node: float(v * scale) for node, v in zip(nodes, total, strict=True)}


def communities(G: nx.Graph, seed: int = 42) -> list[list[str]]:
    """Communities, largest first, isolated nodes left out: Louvain (weighted) up to
    ``LOUVAIN_LIMIT`` nodes, label propagation above it.

    >>> G = nx.Graph([(1, 2), (2, 3), (1, 3), (4, 5), (5, 6), (4, 6), (3, 4)])
    >>> communities(G)
    [[1, 2, 3], [4, 5, 6]]
    """
    H = G.subgraph([n for n in G if G.degree(n) > 0])
    if H.number_of_edges() == 0:
        return []
    if H.number_of_nodes() <= LOUVAIN_LIMIT:
        found = nx.community.louvain_communities(H, weight="weight", seed=seed)
    else:
        found = nx.community.label_propagation_communities(H)
    return sorted((sorted(c) for c in found), key=lambda c: (-len(c), c[0]))


MEASURES = ("degree", "strength", "pagerank", "betweenness")


def _annotated(G: nx.Graph, cent: dict, comms: list[list[str]]) -> nx.Graph:
    """A copy of ``G`` whose nodes carry their measures and community (-1: none)."""
    H = G.copy()
    community_of = {n: i for i, c in enumerate(comms) for n in c}
    for n in H:
        H.nodes[n].update(cent.get(n, {}), community=community_of.get(n, -1))
    return H


def _measures(G: nx.Graph) -> tuple[dict, list[list[str]]]:
    """Measures stored on an annotated network (``Report.network``), else computed."""
    if len(G) and all(all(m in d for m in (*MEASURES, "community")) for _, d in G.nodes(data=True)):
        cent = {n: {m: d[m] for m in MEASURES} for n, d in G.nodes(data=True)}
        groups: dict[int, list[str]] = defaultdict(list)
        for n, d in G.nodes(data=True):
            if d["community"] >= 0:
                groups[d["community"]].append(n)
        return cent, [groups[i] for i in sorted(groups)]
    return centrality(G), communities(G)


def top_nodes(
    G: nx.Graph, n: int, pagerank: dict[str, float] | None = None, keep: Iterable[str] = ()
) -> list[str]:
    """The ``n`` most central nodes by PageRank (those in ``keep`` first), for pruning a map.

    >>> top_nodes(nx.star_graph(4), 2)
    [0, 1]
    """
    keep = [k for k in keep if k in G]
    if G.number_of_nodes() <= n:
        return list(G)
    if pagerank is None:
        pagerank = nx.pagerank(G, weight="weight") if G.number_of_edges() else dict.fromkeys(G, 0.0)
    rest = sorted((x for x in G if x not in set(keep)), key=lambda x: (-pagerank.get(x, 0.0), str(x)))
    return (keep + rest)[:n]
