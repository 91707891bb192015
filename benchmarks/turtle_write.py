"""Writing a graph as Turtle: graphkit's serializer against rdflib's own, on the same graph.

graphkit's :class:`graphkit.rdf.io.TurtleSerializer` fixes rdflib 7's escaping of multi-line literals
and finds prefixed names among the bound prefixes only (rdflib's ``compute_qname`` grows a trie with
one entry per distinct IRI "namespace", one per mention in graphkit's graphs, and scans it linearly).
Prints both times, whether the two outputs are byte-identical, and whether pyoxigraph and rdflib
read graphkit's output back to the same triples.

    python benchmarks/turtle_write.py out/graph.trig
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from pathlib import Path


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("graph", type=Path, help="a graph file graphkit can load (.trig, .ttl, ...)")
    args = ap.parse_args()

    import pyoxigraph as ox
    from rdflib import Graph
    from rdflib.plugins.serializers.turtle import TurtleSerializer as RdflibTurtle

    from graphkit.rdf.io import TurtleSerializer, load_graph, union_graph

    g = union_graph(load_graph(args.graph))
    out = {}
    for name, cls in (("graphkit", TurtleSerializer), ("rdflib", RdflibTurtle)):
        started = time.perf_counter()
        buf = io.BytesIO()
        cls(g).serialize(buf, encoding="utf-8")
        out[name] = buf.getvalue()
        print(f"{name:8s} {time.perf_counter() - started:7.1f} s  {len(out[name]):,} bytes")
    same = set(Graph().parse(data=out["graphkit"], format="turtle")) == set(g)
    n_ox = sum(1 for _ in ox.parse(out["graphkit"], format=ox.RdfFormat.TURTLE))
    print(
        f"{len(g):,} triples; byte-identical: {out['graphkit'] == out['rdflib']}; "
        f"rdflib reads graphkit's back: {same}; pyoxigraph reads {n_ox:,} triples"
    )
    return 0 if same and n_ox == len(g) else 1


if __name__ == "__main__":
    sys.exit(main())
