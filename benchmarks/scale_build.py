"""Store builds at scale: peak memory at two corpus sizes, a full build, and adding 10 articles.

Each build is a real ``graphkit build ARTICLES --store DIR --workers W`` subprocess. Its memory is
sampled every 0.1 s with psutil: the peak of the whole process tree's resident memory (the
parent, which reads articles and writes the store, plus its extraction workers), and the parent's
own peak. Figures printed:

1. peak memory building the first ``--small`` (500) and the first ``--large`` (2,000) articles of
   the corpus into empty stores (target: within 1.5x of each other);
2. the wall time of the large build;
3. incremental: the first ``--large + 10`` articles built into the large store, which extracts only
   the 10 new ones (target: under 5 % of the large build's time).

The large store is kept (``--keep DIR``) for ``benchmarks/scale_sparql.py``. Build the corpus first
with ``benchmarks/scale_corpus.py``.

    python benchmarks/scale_build.py --workers 2 --keep benchmarks/.data/store-2000
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT / "benchmarks" / ".data" / "news-2100.jsonl"


def head(corpus: Path, n: int, out: Path) -> tuple[Path, int]:
    """The first ``n`` articles of the corpus as their own file; returns it and its word count."""
    import json

    words = 0
    with corpus.open(encoding="utf-8") as f, out.open("w", encoding="utf-8") as o:
        for i, line in enumerate(f):
            if i >= n:
                break
            o.write(line)
            words += len(json.loads(line)["text"].split())
    return out, words


def run_build(src: Path, store: Path, workers: int) -> dict:
    """One ``graphkit build --store`` subprocess: wall seconds, peak tree RSS, peak parent RSS, its summary."""
    import psutil

    cmd = [
        sys.executable,
        "-m",
        "graphkit",
        "build",
        str(src),
        "--store",
        str(store),
        "--workers",
        str(workers),
    ]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = {"tree": 0, "parent": 0}
    done = threading.Event()

    def sample() -> None:
        p = psutil.Process(proc.pid)
        while not done.is_set():
            try:
                parent = p.memory_info().rss
                tree = parent + sum(c.memory_info().rss for c in p.children(recursive=True))
            except psutil.Error:
                tree = parent = 0
            peak["tree"] = max(peak["tree"], tree)
            peak["parent"] = max(peak["parent"], parent)
            done.wait(0.1)

    t = threading.Thread(target=sample, daemon=True)
    t.start()
    out, err = proc.communicate()
    seconds = time.perf_counter() - t0
    done.set()
    t.join()
    if proc.returncode != 0:
        raise SystemExit(f"build failed ({' '.join(cmd)}):\n{err[-2000:]}")
    return {
        "seconds": seconds,
        "tree_mb": peak["tree"] / 2**20,
        "parent_mb": peak["parent"] / 2**20,
        "summary": out.strip(),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--small", type=int, default=500)
    ap.add_argument("--large", type=int, default=2000)
    ap.add_argument(
        "--add", type=int, default=10, help="articles added to the large store (default: %(default)s)"
    )
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--keep", type=Path, default=None, help="move the large store here afterwards")
    args = ap.parse_args(argv)
    if not args.corpus.exists():
        print(f"corpus not found: {args.corpus} (run benchmarks/scale_corpus.py)", file=sys.stderr)
        return 2
    print(f"machine: {os.cpu_count()} cores; load average at start {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory(prefix="gk-scale-") as tmp:
        tmp = Path(tmp)
        results = {}
        for n in (args.small, args.large):
            src, words = head(args.corpus, n, tmp / f"first-{n}.jsonl")
            r = run_build(src, tmp / f"store-{n}", args.workers)
            results[n] = r
            print(
                f"build {n:>5} articles ({words:,} words), --workers {args.workers}: {r['seconds']:.1f} s "
                f"({words / r['seconds']:,.0f} words/s); peak RSS {r['tree_mb']:,.0f} MB "
                f"(parent {r['parent_mb']:,.0f} MB); load {os.getloadavg()[0]:.2f}"
            )
            print("    " + r["summary"].replace("\n", "\n    "))
        ratio = results[args.large]["tree_mb"] / results[args.small]["tree_mb"]
        print(f"peak memory {args.large} vs {args.small} articles: {ratio:.2f}x (target <= 1.5x)")

        src, _ = head(args.corpus, args.large + args.add, tmp / f"first-{args.large + args.add}.jsonl")
        inc = run_build(src, tmp / f"store-{args.large}", args.workers)
        share = inc["seconds"] / results[args.large]["seconds"]
        print(
            f"incremental: {args.add} articles added to the {args.large}-article store in {inc['seconds']:.1f} s "
            f"= {share:.1%} of the full build (target < 5 %); peak RSS {inc['tree_mb']:,.0f} MB"
        )
        print("    " + inc["summary"].replace("\n", "\n    "))
        print(f"load average at end {os.getloadavg()[0]:.2f}")
        if args.keep:
            if args.keep.exists():
                shutil.rmtree(args.keep)
            shutil.move(str(tmp / f"store-{args.large}"), args.keep)
            print(f"kept the {args.large + args.add}-article store in {args.keep}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
