"""Extraction quality against gold news: prints the table recorded in benchmarks/RESULTS.md.

    python benchmarks/quality.py [--eval-dir ../shared/eval] [--sets meantime,ecbplus,...]
                                 [--split tuned|frozen|both] [--limit N] [--json]

The same code as ``graphkit evaluate`` (graphkit.evaluate): the real pipeline runs on the
gold texts (MEANTIME, WikiEvents, ECB+, CoNLL04, PLOVER, and GUM from ../shared/train), the
scores are read from the RDF it produces, with the definitions of ../shared/eval/README.md.
Split sets are scored on their tuned and frozen parts (benchmarks/README.md): while tuning,
run ``--split tuned`` only.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graphkit.evaluate import evaluate  # noqa: E402
from graphkit.evaluate.run import ALL_SETS  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eval-dir", type=Path, default=ROOT.parent / "shared" / "eval")
    ap.add_argument("--train-dir", type=Path, default=None, help="folder holding gum/ (default ../shared/train)")
    ap.add_argument("--sets", default=",".join(ALL_SETS), help="comma-separated gold sets")
    ap.add_argument("--split", choices=("tuned", "frozen", "both"), default="both")
    ap.add_argument("--limit", type=int, default=None, help="at most N documents per gold set")
    ap.add_argument("--json", action="store_true", help="print JSON instead of the table")
    args = ap.parse_args()
    splits = {"both": ("tuned", "frozen"), "tuned": ("tuned",), "frozen": ("frozen",)}[args.split]
    sets = [n.strip() for n in args.sets.split(",") if n.strip()]
    report = evaluate(args.eval_dir, limit=args.limit, sets=sets, splits=splits, train_dir=args.train_dir)
    if args.json:
        print(json.dumps(report.as_dict(), indent=2))
        return
    commit = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "-C", str(ROOT), "status", "--porcelain", "--", "graphkit", "data", "ontologies"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    print(f"commit {commit}{' (+ uncommitted changes)' if dirty else ''}; command: {' '.join(sys.argv)}\n")
    print(report.to_table())


if __name__ == "__main__":
    main()
