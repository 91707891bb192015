"""The named queries on a graph of at least a million triples: Oxigraph (the store) vs rdflib in memory.

The graph is a store built by ``graphkit build --store`` (``benchmarks/scale_build.py --keep DIR``
leaves one of 2,010 news articles). Oxigraph answers on the store as ``graphkit query --store`` does
(default graph = the merged graph); rdflib answers on the same article graphs, exported as N-Quads
and parsed into an in-memory ``rdflib.Dataset`` whose default graph is their union, as ``graphkit
query graph.trig`` holds them (rdflib's parse and evaluation, graphkit's checks). Both get the same
query text, with the parameters bound as values (Oxigraph's ``substitutions``, rdflib's
``initBindings``), as ``graphkit query --name`` binds them.

Parameters are picked from the data so the queries have work to do (printed with the results):
the most-mentioned person and organisation, the most frequent claim speaker, the place with the
most events. Each query runs once to warm up, then ``--runs`` times on Oxigraph (median) and up to
``--rdflib-runs`` times on rdflib (median; a run over ``--rdflib-timeout`` seconds is stopped and
reported as ">"). Every row count is checked to agree between the two engines.

    python benchmarks/scale_sparql.py --store benchmarks/.data/store-2010
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_STORE = ROOT / "benchmarks" / ".data" / "store-2010"


def top(st, query: str) -> str:
    out = st.query(query)
    if not out.rows:
        raise SystemExit(f"no data for: {query}")
    return str(out.rows[0][0])


def pick_params(st) -> dict[str, dict[str, str]]:
    person = top(
        st,
        "SELECT ?l WHERE { ?e a gk:Person ; rdfs:label ?l ; gaf:denotedBy ?m } GROUP BY ?e ?l ORDER BY DESC(COUNT(?m)) ?l LIMIT 1",
    )
    org = top(
        st,
        "SELECT ?l WHERE { ?e a gk:Organisation ; rdfs:label ?l ; gaf:denotedBy ?m } GROUP BY ?e ?l ORDER BY DESC(COUNT(?m)) ?l LIMIT 1",
    )
    speaker = top(
        st,
        "SELECT ?l WHERE { ?c a gk:Claim ; gk:speaker/rdfs:label ?l } GROUP BY ?l ORDER BY DESC(COUNT(?c)) ?l LIMIT 1",
    )
    place = top(
        st,
        "SELECT ?l WHERE { ?e a gk:Event ; sem:hasPlace/rdfs:label ?l } GROUP BY ?l ORDER BY DESC(COUNT(?e)) ?l LIMIT 1",
    )
    return {
        "actors-of-event-type": {"type": "attack"},
        "actor-timeline": {"actor": org},
        "affiliations": {},
        "claims-by-speaker": {"speaker": speaker},
        "events-by-place-and-month": {},
        "events-by-place-and-month (place)": {"place": place},
        "co-mentioned-actors": {"actor": person},
        "paths-between-actors": {"from": person, "to": org},
    }


def timed(fn) -> tuple[float, object]:
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--store", type=Path, default=DEFAULT_STORE)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--rdflib-runs", type=int, default=3)
    ap.add_argument("--rdflib-timeout", type=float, default=300.0)
    ap.add_argument("--skip-rdflib", action="store_true")
    args = ap.parse_args(argv)

    import rdflib

    from graphkit.errors import QueryError
    from graphkit.queries import bind, get
    from graphkit.rdf.store import GraphStore
    from graphkit.sparql import run_query

    st = GraphStore(args.store)
    stats = st.stats()
    print(f"store {args.store}: {stats['articles']:,} articles, {stats['triples']:,} triples in the merged graph, "
          f"{stats['quads']:,} quads in the article graphs; {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}")  # fmt: skip
    params = pick_params(st)
    texts = {label: bind(get(label.split(" ")[0]), p) for label, p in params.items()}

    ox_times: dict[str, float] = {}
    ox_rows: dict[str, int] = {}
    for label, text in texts.items():
        st.query(text.text, bindings=text.values())  # warm up
        runs = [timed(lambda t=text: st.query(t.text, bindings=t.values())) for _ in range(args.runs)]
        ox_times[label] = statistics.median(s for s, _ in runs)
        ox_rows[label] = len(runs[0][1].rows)

    rd_times: dict[str, str] = {}
    if not args.skip_rdflib:
        print(
            "Oxigraph medians (ms): " + ", ".join(f"{k} {v * 1000:,.0f}" for k, v in ox_times.items()),
            flush=True,
        )
        with tempfile.TemporaryDirectory() as tmp:
            # the article graphs, as `graphkit query graph.trig` holds them: a Dataset whose default graph
            # is their union (co-mentioned-actors needs GRAPH ?g)
            nq = Path(tmp) / "store.nq"
            st.export(nq, "nquads")
            g = rdflib.Dataset(default_union=True)
            s, _ = timed(lambda: g.parse(nq, format="nquads"))
            print(
                f"rdflib: parsed the article graphs ({len(g):,} quads) into a Dataset in {s:.1f} s; "
                f"load {os.getloadavg()[0]:.2f}",
                flush=True,
            )
        for label, text in texts.items():
            samples: list[float] = []
            note = ""
            for _ in range(args.rdflib_runs):
                try:
                    s, out = timed(
                        lambda t=text: run_query(g, t.text, timeout=args.rdflib_timeout, bindings=t.values())
                    )
                except QueryError as e:
                    note = (
                        f"> {args.rdflib_timeout:g} s (stopped)"
                        if "time limit" in str(e)
                        else f"error: {e}"[:60]
                    )
                    break
                samples.append(s)
                if len(out.rows) != ox_rows[label]:
                    note = f"rows differ: rdflib {len(out.rows)} vs Oxigraph {ox_rows[label]}"
                if s > 30:  # slow enough: one run says it
                    break
            rd_times[label] = note or f"{statistics.median(samples) * 1000:,.0f}"
    st.close()

    print(f"\n{'query':<36} {'params':<44} {'rows':>6} {'Oxigraph ms':>12} {'rdflib ms':>18} {'speed-up':>9}")
    for label in texts:
        p = ", ".join(f"{k}={v}" for k, v in params[label].items()) or "-"
        ox_ms = ox_times[label] * 1000
        rd = rd_times.get(label, "-")
        try:
            speed = f"{float(rd.replace(',', '')) / ox_ms:,.0f}x"
        except ValueError:
            speed = f"> {args.rdflib_timeout * 1000 / ox_ms:,.0f}x" if rd.startswith(">") else "-"
        print(f"{label:<36} {p[:44]:<44} {ox_rows[label]:>6} {ox_ms:>12,.0f} {rd:>18} {speed:>9}")
    print(f"\nload average at end {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
