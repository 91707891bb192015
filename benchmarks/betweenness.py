"""Betweenness: graphkit's batched sparse Brandes (graphkit.analysis.betweenness) against networkx.

On the entity networks of the synthetic graphs of benchmarks/maps.py: exact at 2,000 entities,
sampled (300 source nodes, the same count for both) at 10,000. Prints the times and the largest
difference (exact) or the overlap of the top 20 (sampled: the two sample different sources).

Run:  python benchmarks/betweenness.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import networkx as nx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from maps import synthetic_extractions  # noqa: E402

from graphkit.analysis import betweenness, entity_network  # noqa: E402
from graphkit.rdf.build import to_rdf  # noqa: E402


def timed(f):
    t = time.perf_counter()
    out = f()
    return out, time.perf_counter() - t


def main() -> None:
    for n, k in ((2000, None), (10000, 300)):
        G = entity_network(to_rdf(synthetic_extractions(n)))
        ours, t_ours = timed(lambda G=G, k=k: betweenness(G, k=k, seed=1))
        theirs, t_nx = timed(lambda G=G, k=k: nx.betweenness_centrality(G, k=k, seed=1))
        if k is None:
            diff = max(abs(ours[x] - theirs[x]) for x in G)
            agree = f"largest difference {diff:.1e}"
        else:
            top = lambda d: set(sorted(d, key=d.get, reverse=True)[:20])  # noqa: E731
            agree = f"top-20 overlap {len(top(ours) & top(theirs))}/20"
        what = "exact" if k is None else f"{k} sampled sources"
        print(f"{G.number_of_nodes():,} nodes, {G.number_of_edges():,} links, {what}: graphkit {t_ours:.1f} s, "
              f"networkx {t_nx:.1f} s ({t_nx / t_ours:.0f}x); {agree}", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
