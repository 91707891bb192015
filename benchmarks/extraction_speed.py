"""How much graphkit's extraction costs on top of the spaCy parse itself.

Runs, on the same articles with the same model and batch size:

1. **plain spaCy**: ``spacy.load(model)`` and ``nlp.pipe(texts)``, nothing else;
2. **graphkit parse**: graphkit's pipeline (the model plus its gazetteer entity ruler
   and dateline component) through ``nlp.pipe``, without graphkit's rules;
3. **graphkit extract**: the whole extract stage, ``graphkit.extract(articles)``
   (parse + entities, coreference, relations, events, claims, time), every
   ``Extraction`` consumed.

and prints words/s for each and the overhead of 3 over 1 (the issue's budget is
25 %). Times are the best of ``--repeat`` runs, as wall time and as this process's
CPU time; on a shared machine the CPU-time figure is the steadier one. ``--profile``
adds a cProfile breakdown of graphkit's rules by module (which rules cost time).

Corpus: English Wikinews, "Politics and conflicts" + "Economy and business"
(``../shared/corpus/wikinews_en_politics_economy.jsonl``), CC BY 2.5, © Wikinews
contributors, https://en.wikinews.org. The first ``--limit`` articles are used.

    python benchmarks/extraction_speed.py --limit 200
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from itertools import islice
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "wikinews_en_politics_economy.jsonl"


def _timed(fn: Callable[[], object]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process) for one call."""
    w0, c0 = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - w0, time.process_time() - c0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--corpus", type=Path, default=DEFAULT_CORPUS, help="JSONL of articles (default: %(default)s)"
    )
    ap.add_argument("--limit", type=int, default=200, help="number of articles (default: %(default)s)")
    ap.add_argument("--batch-size", type=int, default=16, help="nlp.pipe batch size (default: %(default)s)")
    ap.add_argument(
        "--repeat", type=int, default=3, help="runs of each; the best is reported (default: %(default)s)"
    )
    ap.add_argument("--model", default=None, help="spaCy model (default: graphkit's)")
    ap.add_argument("--profile", action="store_true", help="also profile graphkit's rules by module")
    args = ap.parse_args(argv)
    if not args.corpus.exists():
        print(f"corpus not found: {args.corpus} (pass --corpus PATH)", file=sys.stderr)
        return 2

    import spacy

    from graphkit.config import Settings
    from graphkit.extract import extract, extract_doc
    from graphkit.extract.nlp import load_pipeline
    from graphkit.ingest import read_articles

    settings = Settings(batch_size=args.batch_size, workers=1)
    if args.model:
        settings = settings.with_(model=args.model)
    articles = list(islice(read_articles(args.corpus), args.limit))
    texts = [a.text for a in articles]
    words = sum(len(t.split()) for t in texts)
    plain = spacy.load(settings.model)
    graphkit_nlp = load_pipeline(settings.model)
    print(
        f"{len(articles)} articles, {words:,} words (whitespace-separated), model {settings.model}, "
        f"batch size {args.batch_size}, best of {args.repeat}"
    )
    print(f"plain pipeline:    {', '.join(plain.pipe_names)}")
    print(f"graphkit pipeline: {', '.join(graphkit_nlp.pipe_names)}")

    def run_plain() -> None:
        for _ in plain.pipe(texts, batch_size=args.batch_size):
            pass

    def run_parse() -> None:
        for _ in graphkit_nlp.pipe(texts, batch_size=args.batch_size):
            pass

    def run_extract() -> None:
        n = sum(1 for _ in extract(articles, settings))
        if n != len(articles):
            raise SystemExit(f"extract returned {n} of {len(articles)} articles (see the log)")

    # warm up (model weights, lexeme caches, lazy imports, the lexicon tables)
    for _ in plain.pipe(texts[:5]):
        pass
    list(extract(articles[:5], settings))

    runs: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for _ in range(args.repeat):  # interleaved, so a burst of load elsewhere hits all three alike
        runs["plain spaCy"].append(_timed(run_plain))
        runs["graphkit parse"].append(_timed(run_parse))
        runs["graphkit extract"].append(_timed(run_extract))

    best = {name: (min(w for w, _ in r), min(c for _, c in r)) for name, r in runs.items()}
    print(f"\n{'stage':<18} {'wall s':>8} {'words/s':>9} {'CPU s':>8} {'words/CPU s':>12}")
    for name, (wall, cpu) in best.items():
        print(f"{name:<18} {wall:8.2f} {words / wall:9.0f} {cpu:8.2f} {words / cpu:12.0f}")
    (pw, pc), (gw, gc), (xw, xc) = best["plain spaCy"], best["graphkit parse"], best["graphkit extract"]
    print(
        f"\noverhead of graphkit extract over plain spaCy: {100 * (xw - pw) / pw:+.1f} % wall, "
        f"{100 * (xc - pc) / pc:+.1f} % CPU (budget +25 %)"
    )
    print(
        f"  of which pipeline components (gazetteer ruler, dateline): {100 * (gw - pw) / pw:+.1f} % wall, "
        f"{100 * (gc - pc) / pc:+.1f} % CPU"
    )
    print(
        f"  of which rules (extract minus parse): {100 * (xw - gw) / pw:+.1f} % wall, {100 * (xc - gc) / pc:+.1f} % CPU"
    )

    if args.profile:
        _profile(graphkit_nlp, articles, args.batch_size, extract_doc, pc)
    return 0


def _profile(nlp, articles, batch_size: int, extract_doc, plain_cpu: float) -> None:
    """cProfile graphkit's rules on pre-parsed documents; time grouped by graphkit module."""
    docs = list(nlp.pipe((a.text for a in articles), batch_size=batch_size))
    prof = cProfile.Profile()
    prof.enable()
    for doc, article in zip(docs, articles, strict=True):
        extract_doc(doc, article)
    prof.disable()
    stats = pstats.Stats(prof)
    by_module: dict[str, float] = defaultdict(float)
    total = 0.0
    rows = []
    for (filename, line, func), (_cc, _nc, tottime, cumtime, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        total += tottime
        key = _module(filename)
        by_module[key] += tottime
        if "graphkit" in filename:
            rows.append((cumtime, tottime, f"{key}:{line} {func}"))
    print(
        f"\nrules under cProfile: {total:.2f} s (profiler overhead included; plain parse {plain_cpu:.2f} s CPU)"
    )
    print("self time by module (graphkit modules, and what they call into):")
    for key, t in sorted(by_module.items(), key=lambda kv: -kv[1])[:15]:
        print(f"  {100 * t / total:5.1f} %  {key}")
    print("graphkit functions by cumulative time:")
    for cum, tot, name in sorted(rows, reverse=True)[:20]:
        print(f"  {cum:7.3f} s cum {tot:7.3f} s self  {name}")


def _module(filename: str) -> str:
    p = Path(filename)
    if "graphkit" in p.parts:
        return "graphkit/" + "/".join(p.parts[p.parts.index("graphkit") + 1 :])
    for lib in ("spacy", "thinc", "dataclasses", "re", "functools"):
        if lib in p.parts or p.stem == lib:
            return lib
    return p.name if filename.startswith("<") or "/" not in filename else p.parent.name + "/" + p.name


if __name__ == "__main__":
    sys.exit(main())
