"""Extraction throughput with 1 and 2 processes, against plain spaCy on the same texts and processes.

For each process count P (``--workers 1 2``), on the first ``--limit`` articles of the corpus:

* **plain spaCy**: ``spacy.load(model)`` and ``for doc in nlp.pipe(texts, batch_size=16, n_process=P)``,
  nothing else (the baseline the issue names);
* **graphkit**: what ``graphkit build --workers P`` runs per article: graphkit's pipeline (the model
  plus its gazetteer ruler), its rules (entities, coreference, relations, events, claims, time),
  and the article's named graph serialised as N-Quads ("facts out"), in P processes
  (:mod:`graphkit.workers`; P = 1 runs in this process);
* **graphkit, no RDF**: the same without the N-Quads (``--no-rdf-split`` skips it).

Words are whitespace tokens. Times are wall time after start-up: models are loaded and worker pools
are started (and timed separately) before the clock starts. The ratio graphkit / plain spaCy is the
issue's target (>= 0.8). The machine's load average is printed with every figure: on a shared
machine the absolute numbers move with it, the ratios less so.

    python benchmarks/scale_throughput.py --limit 300 --workers 1 2
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT / "benchmarks" / ".data" / "news-2100.jsonl"


def load(corpus: Path, limit: int):
    from graphkit.types import Article

    arts = []
    with corpus.open(encoding="utf-8") as f:
        for line in f:
            if len(arts) >= limit:
                break
            r = json.loads(line)
            arts.append(
                Article(
                    id=r["id"],
                    text=r["text"],
                    title=r.get("title"),
                    date=r.get("date"),
                    source=r.get("source"),
                )
            )
    return arts


def plain_spacy(model: str, texts: list[str], processes: int, batch_size: int) -> float:
    import spacy

    nlp = spacy.load(model)
    nlp("Warm up.")
    t0 = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=batch_size, n_process=processes):
        pass
    return time.perf_counter() - t0


def graphkit_run(arts, settings, processes: int, with_rdf: bool) -> tuple[float, float, int]:
    """(seconds, start-up seconds, articles done) for graphkit's extraction in ``processes`` processes."""
    from graphkit.workers import LocalPool, chunks, extract_chunk, run_ordered

    if processes == 1:
        from graphkit.extraction.nlp import load_pipeline

        t0 = time.perf_counter()
        load_pipeline(settings.model)
        extract_chunk(arts[:1], settings, with_rdf)  # warm
        startup = time.perf_counter() - t0
        t0 = time.perf_counter()
        done = sum(
            o.error is None
            for c in chunks(arts, settings.batch_size)
            for o in extract_chunk(c, settings, with_rdf)
        )
        return time.perf_counter() - t0, startup, done
    t0 = time.perf_counter()
    pool = LocalPool(settings, processes)
    try:
        warm = [pool.submit(arts[i : i + 1], with_rdf) for i in range(processes * 2)]
        for f in warm:
            f.result()
        startup = time.perf_counter() - t0
        t0 = time.perf_counter()
        done = sum(
            o.error is None
            for o in run_ordered(
                lambda c: pool.submit(c, with_rdf), chunks(arts, settings.batch_size), window=2 * processes
            )
        )
        return time.perf_counter() - t0, startup, done
    finally:
        pool.close()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--limit", type=int, default=300)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--batch-size", type=int, default=16)
    ap.add_argument("--no-rdf-split", action="store_true", help="skip the 'graphkit, no RDF' runs")
    args = ap.parse_args(argv)
    if not args.corpus.exists():
        print(f"corpus not found: {args.corpus} (run benchmarks/scale_corpus.py)", file=sys.stderr)
        return 2
    from graphkit.config import DEFAULT_MODEL, Settings

    arts = load(args.corpus, args.limit)
    texts = [a.text for a in arts]
    words = sum(len(t.split()) for t in texts)
    settings = Settings(batch_size=args.batch_size)
    print(f"{len(arts)} articles, {words:,} words; model {DEFAULT_MODEL}; batch size {args.batch_size}; "
          f"{os.cpu_count()} cores")  # fmt: skip
    for p in args.workers:
        base = plain_spacy(DEFAULT_MODEL, texts, p, args.batch_size)
        print(
            f"P={p} plain spaCy nlp.pipe(n_process={p}): {words / base:,.0f} words/s ({base:.1f} s); load {os.getloadavg()[0]:.2f}"
        )
        runs = [("graphkit extract + RDF", True)] + (
            [] if args.no_rdf_split else [("graphkit extract, no RDF", False)]
        )
        for label, rdf in runs:
            s, startup, done = graphkit_run(arts, settings.with_(workers=p), p, rdf)
            print(
                f"P={p} {label}: {words / s:,.0f} words/s ({s:.1f} s, {done} articles; start-up {startup:.1f} s); "
                f"ratio to plain spaCy {base / s:.2f}; load {os.getloadavg()[0]:.2f}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
