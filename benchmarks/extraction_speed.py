"""How much graphkit's extraction costs on top of the spaCy parse itself.

Runs, on the same articles with the same model and batch size:

1. **plain spaCy**: ``spacy.load(model)`` and ``nlp.pipe(texts)``, nothing else;
2. **graphkit parse**: graphkit's pipeline (the model plus its gazetteer entity ruler
   and dateline component) through ``nlp.pipe``, without graphkit's rules;
3. **graphkit extract**: the whole extract stage, ``graphkit.extract(articles)``
   (parse + entities, coreference, relations, events, claims, time), every
   ``Extraction`` consumed.

and prints words/s for each and the overhead of 3 over 1 (the budget is 30 % since the
trained trigger head joined the rules, issue 14). Times are the best of ``--repeat`` runs, as wall
time and as this process's CPU time; on a shared machine the CPU-time figure is the steadier one. Start-up (loading
the model, the gazetteers and the city table on first use) is measured apart on the
first ``--warmup`` articles and not counted in the per-article figures. ``--stages``
adds the CPU time of each rule family (entities, coreference, relations, events, claims, time).

Corpus: English Wikinews, "Politics and conflicts" + "Economy and business"
(``../shared/corpus/wikinews_en_politics_economy.jsonl``), CC BY 2.5, © Wikinews
contributors, https://en.wikinews.org. The first ``--limit`` articles are used.

    python benchmarks/extraction_speed.py --limit 200
"""

from __future__ import annotations

import argparse
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
    ap.add_argument(
        "--warmup", type=int, default=20, help="articles run once before timing (default: %(default)s)"
    )
    ap.add_argument("--model", default=None, help="spaCy model (default: graphkit's)")
    ap.add_argument("--stages", action="store_true", help="also time each rule family of the extract stage")
    args = ap.parse_args(argv)
    if not args.corpus.exists():
        print(f"corpus not found: {args.corpus} (pass --corpus PATH)", file=sys.stderr)
        return 2

    import spacy

    from graphkit.config import Settings
    from graphkit.extraction import extract
    from graphkit.extraction.nlp import load_pipeline
    from graphkit.ingest import read_articles

    settings = Settings(batch_size=args.batch_size, workers=1)
    if args.model:
        settings = settings.with_(model=args.model)
    articles = list(islice(read_articles(args.corpus), args.limit))
    texts = [a.text for a in articles]
    words = sum(len(t.split()) for t in texts)
    print(
        f"{len(articles)} articles, {words:,} words (whitespace-separated), model {settings.model}, "
        f"batch size {args.batch_size}, best of {args.repeat}"
    )

    # start-up: loading the model, graphkit's gazetteer ruler and its tables on first use
    warm = articles[: args.warmup]
    plain_start = _timed(lambda: [*spacy.load(settings.model).pipe(a.text for a in warm)])
    graphkit_start = _timed(lambda: [*extract(warm, settings)])
    plain = spacy.load(settings.model)
    for _ in plain.pipe(a.text for a in warm):
        pass
    graphkit_nlp = load_pipeline(settings.model)
    print(f"plain pipeline:    {', '.join(plain.pipe_names)}")
    print(f"graphkit pipeline: {', '.join(graphkit_nlp.pipe_names)}")
    print(
        f"start-up on the first {len(warm)} articles (model load, gazetteers and tables on first use, not counted "
        f"below): plain {plain_start[1]:.1f} s CPU, graphkit {graphkit_start[1]:.1f} s CPU"
    )

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
        f"{100 * (xc - pc) / pc:+.1f} % CPU (budget +30 %, issue 14: rules and trained components)"
    )
    print(
        f"  of which pipeline components (gazetteer ruler, dateline): {100 * (gw - pw) / pw:+.1f} % wall, "
        f"{100 * (gc - pc) / pc:+.1f} % CPU"
    )
    print(
        f"  of which rules (extract minus parse): {100 * (xw - gw) / pw:+.1f} % wall, "
        f"{100 * (xc - gc) / pc:+.1f} % CPU"
    )

    if args.stages:
        _stages(graphkit_nlp, articles, args.batch_size, pc)
    return 0


# the rule families in the order graphkit.extraction.extract_doc runs them
_STAGES = (
    ("graphkit.extraction.entities", "find_entities"),
    ("graphkit.extraction.coref", "resolve"),
    ("graphkit.extraction.relations", "find_relations"),
    ("graphkit.extraction.events", "find_events"),
    ("graphkit.extraction.claims", "find_claims"),
    ("graphkit.extraction.time", "find_times"),
    ("graphkit.extraction", "_finalise"),
)


def _stages(nlp, articles, batch_size: int, plain_cpu: float) -> None:
    """CPU time of each rule family on pre-parsed documents (the functions extract_doc calls are
    wrapped with a timer for this run only)."""
    import importlib

    from graphkit.extraction import extract_doc

    docs = list(nlp.pipe((a.text for a in articles), batch_size=batch_size))
    spent: dict[str, float] = defaultdict(float)
    originals = []
    for module_name, name in _STAGES:
        module = importlib.import_module(module_name)
        original = getattr(module, name)
        originals.append((module, name, original))

        key = f"{module_name.rsplit('.', 1)[-1]}.{name}"

        def timed(*a, _f=original, _k=key, **kw):
            c0 = time.process_time()
            try:
                return _f(*a, **kw)
            finally:
                spent[_k] += time.process_time() - c0

        setattr(module, name, timed)
    try:
        c0 = time.process_time()
        for doc, article in zip(docs, articles, strict=True):
            extract_doc(doc, article)
        total = time.process_time() - c0
    finally:
        for module, name, original in originals:
            setattr(module, name, original)
    print(
        f"\nrules on pre-parsed documents: {total:.2f} s CPU = {100 * total / plain_cpu:.1f} % of the plain parse"
    )
    for key, t in sorted(spent.items(), key=lambda kv: -kv[1]):
        print(f"  {100 * t / plain_cpu:5.1f} %  {t:6.2f} s  {key}")


if __name__ == "__main__":
    sys.exit(main())
