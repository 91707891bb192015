"""Load and serialise one million triples, Turtle and N-Triples: Oxigraph vs rdflib.

The triples are the first ``--triples`` (1,000,000) lines of the merged graph of a graphkit store
(``benchmarks/scale_build.py --keep DIR`` leaves one built from 2,010 news articles), so they are
real news-graph triples: long literals (sentences, article texts), many IRIs, typed numbers and dates.

For each library: parse the N-Triples file into memory, serialise it as N-Triples and as Turtle,
and parse that Turtle file back. rdflib: ``Graph.parse`` / ``Graph.serialize``; Oxigraph:
``pyoxigraph.Store.load`` / ``Store.dump`` (an in-memory store). rdflib's Turtle is written twice:
by rdflib's own serializer (quadratic on graphkit's IRIs, so run with a time limit,
``--rdflib-timeout``) and by graphkit's ``TurtleSerializer`` (what ``graph.ttl`` is written with);
rdflib parses graphkit's Turtle back. One run each (rdflib takes minutes); the load average is
printed alongside.

    python benchmarks/scale_io.py --store benchmarks/.data/store-2010
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_STORE = ROOT / "benchmarks" / ".data" / "store-2010"


def timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--store", type=Path, default=DEFAULT_STORE)
    ap.add_argument("--triples", type=int, default=1_000_000)
    ap.add_argument("--skip-rdflib", action="store_true")
    ap.add_argument(
        "--rdflib-timeout", type=float, default=900.0, help="limit for rdflib's own Turtle writer"
    )
    args = ap.parse_args(argv)

    import pyoxigraph as ox

    from graphkit.rdf.store import GraphStore

    with tempfile.TemporaryDirectory(prefix="gk-io-") as tmp:
        tmp = Path(tmp)
        full, nt = tmp / "merged.nt", tmp / "data.nt"
        with GraphStore(args.store) as st:
            st.export(full, "nt")
        with full.open("rb") as f, nt.open("wb") as o:
            for i, line in enumerate(f):
                if i >= args.triples:
                    break
                o.write(line)
        full.unlink()
        n = sum(1 for _ in nt.open("rb"))
        print(f"{n:,} triples ({nt.stat().st_size / 2**20:,.0f} MB of N-Triples) from {args.store}; "
              f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}")  # fmt: skip
        rows = []

        store = ox.Store()
        rows.append(
            (
                "Oxigraph",
                "parse N-Triples",
                timed(lambda: store.load(path=str(nt), format=ox.RdfFormat.N_TRIPLES)),
            )
        )
        assert len(store) == n
        rows.append(
            (
                "Oxigraph",
                "write N-Triples",
                timed(
                    lambda: store.dump(
                        str(tmp / "ox.nt"), ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()
                    )
                ),
            )
        )
        rows.append(
            (
                "Oxigraph",
                "write Turtle",
                timed(
                    lambda: store.dump(str(tmp / "ox.ttl"), ox.RdfFormat.TURTLE, from_graph=ox.DefaultGraph())
                ),
            )
        )
        store2 = ox.Store()
        rows.append(
            (
                "Oxigraph",
                "parse Turtle",
                timed(lambda: store2.load(path=str(tmp / "ox.ttl"), format=ox.RdfFormat.TURTLE)),
            )
        )
        assert len(store2) == n
        store = store2 = None  # free them before rdflib's turn
        print(f"Oxigraph done; load {os.getloadavg()[0]:.2f}", flush=True)

        if not args.skip_rdflib:
            import rdflib

            from graphkit.rdf.io import TurtleSerializer

            g = rdflib.Graph()
            rows.append(("rdflib", "parse N-Triples", timed(lambda: g.parse(nt, format="nt"))))
            assert len(g) == n
            print(f"rdflib parsed; load {os.getloadavg()[0]:.2f}", flush=True)
            rows.append(
                (
                    "rdflib",
                    "write N-Triples",
                    timed(lambda: g.serialize(tmp / "rd.nt", format="nt", encoding="utf-8")),
                )
            )
            # rdflib's own Turtle serializer is quadratic on graphkit's IRIs (one "namespace" per mention,
            # see graphkit.rdf.io): run it in a forked child with a time limit
            rows.append(("rdflib", "write Turtle", with_limit(args.rdflib_timeout, lambda: g.serialize(
                tmp / "rd.ttl", format="turtle", encoding="utf-8"))))  # fmt: skip
            print(f"rdflib's Turtle writer done; load {os.getloadavg()[0]:.2f}", flush=True)

            def graphkit_turtle() -> None:
                with (tmp / "gk.ttl").open("wb") as f:
                    TurtleSerializer(g).serialize(f, encoding="utf-8")

            rows.append(("rdflib", "write Turtle (graphkit)", timed(graphkit_turtle)))
            g = None
            g2 = rdflib.Graph()
            rows.append(("rdflib", "parse Turtle", timed(lambda: g2.parse(tmp / "gk.ttl", format="turtle"))))
            assert len(g2) == n
            print(f"rdflib done; load {os.getloadavg()[0]:.2f}", flush=True)

    ox_s = {op: s for lib, op, s in rows if lib == "Oxigraph"}
    print(f"\n{'operation':<26} {'Oxigraph s':>11} {'rdflib s':>10} {'ratio':>7}")
    for op in (
        "parse N-Triples",
        "write N-Triples",
        "write Turtle",
        "write Turtle (graphkit)",
        "parse Turtle",
    ):
        rd = next((s for lib, o, s in rows if lib == "rdflib" and o == op), None)
        ox_op = ox_s[op.split(" (")[0]]
        if rd is None:
            rd_text, ratio = "-", "-"
        elif rd == float("inf"):
            rd_text, ratio = f"> {args.rdflib_timeout:g}", f"> {args.rdflib_timeout / ox_op:.0f}x"
        else:
            rd_text, ratio = f"{rd:.1f}", f"{rd / ox_op:.0f}x"
        print(f"{op:<26} {ox_op:>11.1f} {rd_text:>10} {ratio:>7}")
    return 0


def with_limit(limit: float, fn) -> float:
    """Seconds ``fn`` took in a forked child (it sees this process's memory), or inf past ``limit``."""
    import multiprocessing as mp

    child = mp.get_context("fork").Process(target=fn)
    t0 = time.perf_counter()
    child.start()
    child.join(limit)
    if child.is_alive():
        child.kill()
        child.join()
        return float("inf")
    return time.perf_counter() - t0 if child.exitcode == 0 else float("nan")


if __name__ == "__main__":
    sys.exit(main())
