"""PLOVER category accuracy and source/target agreement, tuned and frozen, beside the plain spaCy bar.

    python benchmarks/quality_plover.py [--split tuned|frozen|both] [--eval-dir ../shared/eval]
                                        [--limit N] [--errors] [--json]

The same code as ``graphkit.evaluate.plover`` (definitions in its docstring): every gold sentence is
built as an article with the real pipeline and scored from the RDF it produces. ``--errors`` lists the
tuned records whose category, source or target was missed, to tune on; it refuses the frozen split
(frozen figures are computed for the record only, never inspected: graphkit.evaluate.protocol).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graphkit.config import Settings  # noqa: E402
from graphkit.evaluate.plover import evaluate_plover, outcomes, read_plover  # noqa: E402
from graphkit.evaluate.run import split_table  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eval-dir", type=Path, default=ROOT.parent / "shared" / "eval")
    ap.add_argument("--split", choices=("tuned", "frozen", "both"), default="tuned")
    ap.add_argument("--limit", type=int, default=None, help="at most N records per split")
    ap.add_argument("--errors", action="store_true", help="list the tuned records scored wrong")
    ap.add_argument("--json", action="store_true", help="print JSON instead of the table")
    args = ap.parse_args()
    path = args.eval_dir / "plover" / "PLOVER_GSR_CAMEO_dev.json"
    splits = ("tuned", "frozen") if args.split == "both" else (args.split,)
    if args.errors:
        if splits != ("tuned",):
            sys.exit("--errors lists tuned records only: frozen outputs are never inspected")
        _errors(path, args.limit)
        return
    figures = evaluate_plover(path, Settings(), splits, args.limit)
    if args.json:
        print(json.dumps([f.as_dict() for f in figures], indent=2))
        return
    print(f"command: {' '.join(sys.argv)}\n")
    print(split_table(figures))


def _errors(path: Path, limit: int | None) -> None:
    records = [r for r in read_plover(path) if r.split == "tuned"][:limit]
    for o in outcomes(records, Settings()):
        if o.category_ok and o.source_ok is not False and o.target_ok is not False:
            continue
        r, ev = o.record, o.event
        marks = "".join(
            ch if ok is False else "."
            for ch, ok in (("C", o.category_ok), ("S", o.source_ok), ("T", o.target_ok))
        )
        print(f"{marks} {r.id} gold {r.category} ({r.category_2016}); main: "
              + (f"{ev.type} {ev.trigger!r} {ev.confidence:.2f} -> {o.category}" if ev else "none"))  # fmt: skip
        print(f"    {r.text}")
        print(f"    gold src {[r.text[a:b] for a, b in r.sources]} tgt {[r.text[a:b] for a, b in r.targets]} "
              f"evt {[r.text[a:b] for a, b in r.event_words]}")  # fmt: skip
        if ev:
            print(
                "    args "
                + "; ".join(f"{a.role}={r.text[a.spans[0][0] : a.spans[0][1]]!r}" for a in ev.arguments)
            )
        print("    all  " + "; ".join(f"{e.trigger}:{e.type}:{e.confidence:.2f}" for e in o.events))


if __name__ == "__main__":
    main()
