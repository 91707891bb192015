"""CoNLL04 named entities and relations, scored from graphkit's graph: prints a Markdown table.

    python benchmarks/quality_conll04.py --split tuned [--path ../shared/eval/conll04/conll04_dev.json]
        [--limit N] [--json]

The protocol (graphkit/evaluate/protocol.py): tune on ``--split tuned`` only; ``--split frozen`` is run
once, for the record. The mapping of graphkit's relations to the five CoNLL04 types and the peers
(raw spaCy NER, the co-occurrence script) are documented in graphkit/evaluate/conll04.py.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graphkit.evaluate.conll04 import evaluate_conll04, to_table  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--path", type=Path, default=ROOT.parent / "shared" / "eval" / "conll04" / "conll04_dev.json"
    )
    ap.add_argument("--split", action="append", choices=("tuned", "frozen"), help="repeatable; default tuned")
    ap.add_argument("--limit", type=int, default=None, help="at most N sentences per split")
    ap.add_argument("--json", action="store_true", help="print JSON instead of the table")
    args = ap.parse_args()
    t0 = time.perf_counter()
    figs = evaluate_conll04(args.path, splits=tuple(args.split or ["tuned"]), limit=args.limit)
    if args.json:
        print(json.dumps([f.as_dict() for f in figs], indent=2))
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
    print(to_table(figs))
    print(f"{time.perf_counter() - t0:.0f} s.")


if __name__ == "__main__":
    main()
