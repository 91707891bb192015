"""Two quality runs side by side: the headline figures of ``quality.py --json`` before and after a change.

    python benchmarks/quality.py --json > after.json
    python benchmarks/compare_quality.py benchmarks/results/quality-04e9020.json after.json

Prints a Markdown table, one row per (set, measure) of the split sets and the MEANTIME / WikiEvents
headline measures: tuned and frozen F1 (or the single value) of both runs, and the same-run peer of the
second. Rows whose measure names a peer ("peer ...") are left out; the peer is in its own column.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

HEADLINE = {
    "entities overall": ("entities", "overall"),
    "event triggers": ("event_triggers",),
    "arguments, coarse role": ("arguments_coarse_role",),
    "event time accuracy": ("event_time_accuracy",),
    "cross-doc B-cubed overall": ("cross_doc_bcubed", "overall"),
}


def rows(run: dict) -> dict[tuple[str, str], dict[str, tuple[float, float | None]]]:
    """(set, measure) -> split -> (value, peer)."""
    out: dict[tuple[str, str], dict[str, tuple[float, float | None]]] = {}
    for name in ("meantime", "wikievents"):
        if name not in run:
            continue
        for label, path in HEADLINE.items():
            x = run[name]
            for key in path:
                x = x.get(key) if isinstance(x, dict) else None
            if not isinstance(x, dict):
                continue
            value = x.get("f1", x.get("accuracy"))
            if value is not None:
                out.setdefault((name, label), {})["tuned"] = (value, None)
    for f in run.get("figures", []):
        if f["measure"].startswith("peer "):
            continue
        out.setdefault((f["set"], f["measure"]), {})[f["split"]] = (f["value"], f.get("bar"))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("before", type=Path)
    ap.add_argument("after", type=Path)
    args = ap.parse_args()
    before, after = rows(json.loads(args.before.read_text())), rows(json.loads(args.after.read_text()))

    def cell(x: dict, split: str) -> str:
        return f"{x[split][0]:.3f}" if split in x else "—"

    print(
        "| set | measure | before tuned | before frozen | after tuned | after frozen | peer (after, tuned / frozen) |"
    )
    print("|---|---|---|---|---|---|---|")
    for key in dict.fromkeys([*before, *after]):
        b, a = before.get(key, {}), after.get(key, {})
        peer = " / ".join(
            f"{a[s][1]:.3f}" if s in a and a[s][1] is not None else "—" for s in ("tuned", "frozen")
        )
        print(
            f"| {key[0]} | {key[1]} | {cell(b, 'tuned')} | {cell(b, 'frozen')} | **{cell(a, 'tuned')}** | "
            f"**{cell(a, 'frozen')}** | {peer} |"
        )


if __name__ == "__main__":
    main()
