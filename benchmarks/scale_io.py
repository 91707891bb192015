"""Load and serialise one million triples, Turtle and N-Triples: Oxigraph vs rdflib.

The triples are the first ``--triples`` (1,000,000) lines of the merged graph of a graphkit store
(``benchmarks/scale_build.py --keep DIR`` leaves one built from 2,010 news articles), so they are
real news-graph triples: long literals (sentences, article texts), many IRIs, typed numbers and dates.

For each library: parse the N-Triples file into memory, serialise it as N-Triples and as Turtle,
and parse that Turtle file back. rdflib: ``Graph.parse`` / ``Graph.serialize``; Oxigraph:
``pyoxigraph.Store.load`` / ``Store.dump`` (an in-memory store). One run each (rdflib takes
minutes); the load average is printed alongside.

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

            g = rdflib.Graph()
            rows.append(("rdflib", "parse N-Triples", timed(lambda: g.parse(nt, format="nt"))))
            assert len(g) == n
            rows.append(
                (
                    "rdflib",
                    "write N-Triples",
                    timed(lambda: g.serialize(tmp / "rd.nt", format="nt", encoding="utf-8")),
                )
            )
            rows.append(
                (
                    "rdflib",
                    "write Turtle",
                    timed(lambda: g.serialize(tmp / "rd.ttl", format="turtle", encoding="utf-8")),
                )
            )
            g = None
            g2 = rdflib.Graph()
            rows.append(("rdflib", "parse Turtle", timed(lambda: g2.parse(tmp / "rd.ttl", format="turtle"))))
            assert len(g2) == n
            print(f"rdflib done; load {os.getloadavg()[0]:.2f}", flush=True)

    ox_s = {op: s for lib, op, s in rows if lib == "Oxigraph"}
    print(f"\n{'operation':<18} {'Oxigraph s':>11} {'rdflib s':>10} {'ratio':>7}")
    for op in ("parse N-Triples", "write N-Triples", "write Turtle", "parse Turtle"):
        rd = next((s for lib, o, s in rows if lib == "rdflib" and o == op), None)
        ratio = f"{rd / ox_s[op]:.0f}x" if rd else "-"
        print(f"{op:<18} {ox_s[op]:>11.1f} {rd if rd is None else round(rd, 1)!s:>10} {ratio:>7}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
