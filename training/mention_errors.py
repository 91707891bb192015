"""Where graphkit's PER/ORG/LOC mentions lose on the TUNED splits (GUM dev, ECB+ topics 23-25).

    python training/mention_errors.py [--sets gum,ecbplus] [--examples 25] [--split tuned|train]

Tuned (or train) data only, by the protocol (benchmarks/README.md): the frozen split is never
listed. The system mentions are those ``graphkit evaluate`` scores (the real pipeline, built into
RDF and read back). Each gold mention is matched as the scorer matches (overlap and type,
one-to-one); what is left is classed:

* **missed**: no system mention of any type overlaps it;
* **mistyped**: an unmatched system mention of another type overlaps it;
* **spurious**: a system mention that overlaps no gold mention at all.

Mentions are grouped by kind (NAM = head is a proper noun, PRO = pronoun, NOM = the rest; the
head is the span's syntactic root in a spaCy parse of the text) and by the head's lemma, so the
largest losses can be read off the counts.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from graphkit.config import Settings
from graphkit.evaluate.score import Mention, match_mentions, overlap

GUM_DIR = Path("../shared/train/gum")
ECB_DIR = Path("../shared/eval/ecbplus")


def _kind(doc, start: int, end: int) -> tuple[str, str]:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return "NOM", "?"
    root = span.root
    if root.pos_ == "PROPN":
        return "NAM", root.text
    if root.pos_ == "PRON" or root.tag_ in ("PRP", "PRP$", "WP", "WP$"):
        return "PRO", root.lower_
    return "NOM", root.lemma_.lower()


def _docs(name: str, split: str):
    """(id, text, gold mentions, scored(start) predicate) for a set's tuned or train documents."""
    from graphkit.evaluate.protocol import ecbplus_split

    if name == "gum":
        from graphkit.evaluate.gum import read_gum_file, read_splits

        key = {"tuned": "dev", "train": "train"}[split]
        for doc_id in read_splits(GUM_DIR / "splits.md")[key]:
            p = GUM_DIR / f"{doc_id}.conllu"
            if p.is_file():
                d = read_gum_file(p)
                yield d.id, d.text, [Mention(m.start, m.end, m.type) for m in d.mentions], lambda s: True
    else:
        from graphkit.evaluate.ecbplus import read_ecbplus

        topics = {"tuned": range(23, 26), "train": range(1, 23)}[split]
        for d in read_ecbplus(ECB_DIR, topics):
            assert ecbplus_split(d.topic) == split
            yield d.id, d.text, [Mention(p.start, p.end, p.type) for p in d.participants], d.in_scored


def listing(name: str, split: str, examples: int) -> None:
    from graphkit.evaluate.ecbplus import plain_nlp
    from graphkit.evaluate.gum import SYSTEM_TYPES
    from graphkit.evaluate.run import build_graph
    from graphkit.evaluate.system import NOUN_PHRASE_KINDS, SysDoc, read_system
    from graphkit.types import Article

    settings = Settings()
    docs = list(_docs(name, split))
    system = read_system(build_graph((Article(id=i, text=t) for i, t, _, _ in docs), settings))
    nlp = plain_nlp(settings.model)
    tally: dict[str, Counter] = {
        k: Counter() for k in ("gold", "correct", "missed", "mistyped", "spurious", "system")
    }
    heads: dict[str, Counter] = {k: Counter() for k in ("missed", "mistyped", "spurious", "correct")}
    shown: dict[str, list[str]] = {k: [] for k in heads}
    for (doc_id, text, gold, scored), parsed in zip(docs, nlp.pipe(t for _, t, _, _ in docs), strict=True):
        sysm = [
            Mention(m.start, m.end, SYSTEM_TYPES[m.type])
            for m in system.get(doc_id, SysDoc()).mentions
            if m.type in SYSTEM_TYPES and m.kind in NOUN_PHRASE_KINDS and scored(m.start)
        ]
        pairs = match_mentions(gold, sysm)
        mg, ms = {g for g, _ in pairs}, {s for _, s in pairs}
        for i, g in enumerate(gold):
            kind, head = _kind(parsed, g.start, g.end)
            tally["gold"][(g.type, kind)] += 1
            if i in mg:
                tally["correct"][(g.type, kind)] += 1
                heads["correct"][(g.type, kind, head)] += 1
                continue
            other = [
                sysm[j]
                for j in range(len(sysm))
                if j not in ms and overlap((g.start, g.end), (sysm[j].start, sysm[j].end))
            ]
            what = "mistyped" if other else "missed"
            label = (g.type, kind) if not other else (f"{g.type}->{other[0].type}", kind)
            tally[what][label] += 1
            heads[what][(label[0], kind, head)] += 1
            if len(shown[what]) < examples:
                shown[what].append(
                    f"{doc_id}: [{text[g.start : g.end]}] {label[0]} {kind} ...{text[max(0, g.start - 40) : g.end + 30]!r}"
                )
        for j, s in enumerate(sysm):
            kind, head = _kind(parsed, s.start, s.end)
            tally["system"][(s.type, kind)] += 1
            if j in ms or any(overlap((s.start, s.end), (g.start, g.end)) for g in gold):
                continue
            tally["spurious"][(s.type, kind)] += 1
            heads["spurious"][(s.type, kind, head)] += 1
            if len(shown["spurious"]) < examples:
                shown["spurious"].append(
                    f"{doc_id}: [{text[s.start : s.end]}] {s.type} {kind} ...{text[max(0, s.start - 40) : s.end + 30]!r}"
                )
    print(f"== {name} {split}: {len(docs)} documents")
    for k in ("gold", "correct", "missed", "mistyped", "system", "spurious"):
        print(
            f"{k:9s} {sum(tally[k].values()):5d}  "
            + ", ".join(f"{a}/{b} {n}" for (a, b), n in tally[k].most_common())
        )
    for k in ("missed", "mistyped", "spurious"):
        print(f"-- {k}: commonest heads")
        print("   " + ", ".join(f"{h} ({t} {kd}) {n}" for (t, kd, h), n in heads[k].most_common(40)))
        for line in shown[k]:
            print("   " + line)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sets", default="gum,ecbplus")
    ap.add_argument("--split", choices=("tuned", "train"), default="tuned")
    ap.add_argument("--examples", type=int, default=25)
    a = ap.parse_args(argv)
    for name in a.sets.split(","):
        listing(name.strip(), a.split, a.examples)
    return 0


if __name__ == "__main__":
    sys.exit(main())
