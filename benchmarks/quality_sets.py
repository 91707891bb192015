"""ECB+ and GUM figures on the protocol's splits, printed as a Markdown table.

    python benchmarks/quality_sets.py --sets ecbplus,gum --split tuned [--limit N] [--json]

``--split tuned`` while working; ``--split frozen`` only for the record (graphkit/evaluate/protocol.py:
frozen figures are never inspected while rules or models change). ECB+ is read from
``<eval-dir>/ecbplus`` (default ../shared/eval), GUM from ``<train-dir>/gum`` (default ../shared/train).
Every figure is graphkit's graph read back from RDF; the peers (plain spaCy script, same-lemma
baseline, raw spaCy NER) are measured on the same documents in the same run. ``--limit`` caps the
documents per split and set.
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

from graphkit.config import Settings  # noqa: E402
from graphkit.evaluate.protocol import Figure  # noqa: E402

SETS = ("ecbplus", "gum")


def run_set(name: str, eval_dir: Path, train_dir: Path, splits: tuple, limit: int | None) -> list[Figure]:
    settings = Settings()
    if name == "ecbplus":
        from graphkit.evaluate.ecbplus import evaluate_ecbplus

        return evaluate_ecbplus(eval_dir / "ecbplus", settings, splits, limit)
    from graphkit.evaluate.gum import evaluate_gum

    return evaluate_gum(train_dir / "gum", settings, splits, limit)


def table(figures: list[Figure]) -> str:
    rows = ["| set | split | measure | P | R | F1 | n | bar F1 (peer) |", "|---|---|---|---|---|---|---|---|"]
    for f in figures:
        p = "" if f.precision is None else f"{f.precision:.3f}"
        r = "" if f.recall is None else f"{f.recall:.3f}"
        bar = "—" if f.bar is None else f"{f.bar:.3f} ({f.bar_name})"
        rows.append(f"| {f.set} | {f.split} | {f.measure} | {p} | {r} | **{f.value:.3f}** | {f.n} | {bar} |")
    return "\n".join(rows) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sets", default=",".join(SETS), help="comma-separated: ecbplus,gum")
    ap.add_argument("--split", default="tuned", help="tuned, frozen, or tuned,frozen")
    ap.add_argument("--limit", type=int, default=None, help="at most N documents per split and set")
    ap.add_argument("--eval-dir", type=Path, default=ROOT.parent / "shared" / "eval")
    ap.add_argument("--train-dir", type=Path, default=ROOT.parent / "shared" / "train")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON instead of the table")
    args = ap.parse_args()
    sets = [s.strip() for s in args.sets.split(",") if s.strip()]
    splits = tuple(s.strip() for s in args.split.split(",") if s.strip())
    for s in sets:
        if s not in SETS:
            sys.exit(f"unknown set {s!r}: use any of {', '.join(SETS)}")
    for s in splits:
        if s not in ("tuned", "frozen"):
            sys.exit(f"unknown split {s!r}: use tuned, frozen or tuned,frozen")
    figures: list[Figure] = []
    took: list[str] = []
    t0 = time.perf_counter()
    for name in sets:
        t1 = time.perf_counter()
        figures += run_set(name, args.eval_dir, args.train_dir, splits, args.limit)
        took.append(f"{name} {time.perf_counter() - t1:.0f} s")
    total = time.perf_counter() - t0
    if args.json:
        print(json.dumps({"figures": [f.as_dict() for f in figures], "seconds": round(total, 1)}, indent=2))
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
    print(table(figures))
    print(f"wall time: {', '.join(took)}; total {total:.0f} s (model loading included).")


if __name__ == "__main__":
    main()
