"""Latency of ``graphkit serve`` (whatever :class:`graphkit.server.GuardedServer` is on the path): median
milliseconds per request, sequential, over real HTTP on 127.0.0.1, for a few query shapes.

    python benchmarks/serve_latency.py --store STORE [--runs 50]

Run it with ``PYTHONPATH`` pointing at two checkouts to compare them on the same store.
"""

from __future__ import annotations

import argparse
import statistics
import time
import urllib.parse
import urllib.request
from pathlib import Path

QUERIES = {
    "ASK {}": "ASK {}",
    "persons (SELECT)": "SELECT ?l WHERE { ?e a <https://w3id.org/graphkit/ontology#Person> ; "
    "<http://www.w3.org/2000/01/rdf-schema#label> ?l } ORDER BY ?l",
    "CONSTRUCT 50": "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 50",
}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--store", type=Path, required=True)
    ap.add_argument("--runs", type=int, default=50)
    args = ap.parse_args(argv)
    from graphkit.queries import bind, get, with_prefixes
    from graphkit.server import GuardedServer

    queries = dict(QUERIES)
    queries["claims-by-speaker (named)"] = with_prefixes(bind(get("claims-by-speaker"), {"speaker": "massoud"}).inline())
    t0 = time.perf_counter()
    with GuardedServer(store=args.store, port=0, timeout=30) as server:
        started = time.perf_counter() - t0
        print(f"start: {started * 1000:.0f} ms")
        for name, q in queries.items():
            url = server.query_url + "?query=" + urllib.parse.quote(q)
            req = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json, text/turtle"})
            urllib.request.urlopen(req, timeout=30).read()  # warm-up
            times = []
            for _ in range(args.runs):
                t = time.perf_counter()
                with urllib.request.urlopen(req, timeout=30) as r:
                    r.read()
                times.append((time.perf_counter() - t) * 1000)
            print(f"{name}: median {statistics.median(times):.1f} ms (p90 {sorted(times)[int(0.9 * len(times))]:.1f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
