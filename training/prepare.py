"""Convert gold event triggers into spaCy DocBin files for training the trigger head.

ECB+ (``../shared/eval/ecbplus``, CC BY 3.0): topics 1-22 become ``train.spacy`` and topics 23-25
``dev.spacy`` (the protocol's ``train`` and ``tuned`` splits, ``graphkit.evaluate.protocol``); topics
26-35 are the frozen split and are never read here. Only the sentences listed in
``ECBplus_coreference_sentences.csv`` are fully annotated, so a document is the annotated sentences of
one file, in order, one per line. Every token of an ``ACTION_*`` / ``NEG_ACTION_*`` mention is a
trigger token.

Each reference Doc keeps the gold tokens and carries its trigger tokens as one-token spans in
``doc.spans["triggers"]``; spaCy's Example alignment maps them onto the pipeline's own tokenisation.

    python training/prepare.py            # -> training/corpus/train/ecbplus.spacy, training/corpus/dev.spacy
"""

from __future__ import annotations

import argparse
import csv
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_ECBPLUS = ROOT.parent / "shared" / "eval" / "ecbplus"
DEFAULT_LITBANK = ROOT.parent / "shared" / "train" / "litbank"
SPANS_KEY = "triggers"
TRAIN_TOPICS = range(1, 23)
DEV_TOPICS = range(23, 26)


def annotated_sentences(folder: Path) -> dict[tuple[int, str], set[int]]:
    """(topic, file stem such as "10ecbplus") -> the sentence numbers that are fully annotated."""
    out: dict[tuple[int, str], set[int]] = defaultdict(set)
    with open(folder / "ECBplus_coreference_sentences.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            out[(int(row["Topic"]), row["File"])].add(int(row["Sentence Number"]))
    return out


def read_file(path: Path, sentences: set[int]) -> tuple[list[list[str]], list[list[bool]]]:
    """The annotated sentences of one CAT XML file: words per sentence and a trigger flag per word."""
    root = ET.parse(path).getroot()
    where: dict[str, tuple[int, int]] = {}
    words: dict[int, list[str]] = defaultdict(list)
    for tok in root.iter("token"):
        s = int(tok.get("sentence", "-1"))
        if s in sentences:
            where[tok.get("t_id", "")] = (s, len(words[s]))
            words[s].append(tok.text or "_")
    flags = {s: [False] * len(w) for s, w in words.items()}
    markables = root.find("Markables")
    for m in markables if markables is not None else ():
        if not m.tag.startswith(("ACTION_", "NEG_ACTION_")):
            continue
        for anchor in m.findall("token_anchor"):
            if (pos := where.get(anchor.get("t_id", ""))) is not None:
                flags[pos[0]][pos[1]] = True
    order = sorted(words)
    return [words[s] for s in order], [flags[s] for s in order]


def ecbplus_docs(folder: Path, topics: range, vocab):
    """One reference Doc per ECB+ file of ``topics`` that has annotated sentences."""
    from spacy.tokens import Doc

    sentences = annotated_sentences(folder)
    for topic in topics:
        for path in sorted((folder / "ECB+" / str(topic)).glob("*.xml")):
            stem = path.stem.split("_", 1)[1]
            keep = sentences.get((topic, stem))
            if not keep:
                continue
            sents, flags = read_file(path, keep)
            words, spaces, starts, gold = [], [], [], []
            for sw, sf in zip(sents, flags, strict=True):
                for k, (w, f) in enumerate(zip(sw, sf, strict=True)):
                    if f:
                        gold.append(len(words))
                    words.append(w)
                    spaces.append(True)
                    starts.append(k == 0)
            doc = Doc(vocab, words=words, spaces=spaces, sent_starts=starts)
            doc.spans[SPANS_KEY] = [doc[i : i + 1] for i in gold]
            yield doc


def litbank_docs(folder: Path, vocab, sentences_per_doc: int = 20):
    """LitBank events (``events/tsv``: a token and EVENT or O a line, a blank line between sentences),
    in docs of ``sentences_per_doc`` sentences. LitBank marks only realis events (CC BY 4.0)."""
    from spacy.tokens import Doc

    for path in sorted((folder / "events" / "tsv").glob("*.tsv")):
        sents: list[list[tuple[str, bool]]] = [[]]
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                if sents[-1]:
                    sents.append([])
                continue
            word, _, tag = line.partition("\t")
            sents[-1].append((word, tag.strip() == "EVENT"))
        sents = [s for s in sents if s]
        for k in range(0, len(sents), sentences_per_doc):
            chunk = sents[k : k + sentences_per_doc]
            words = [w for s in chunk for w, _ in s]
            starts = [n == 0 for s in chunk for n in range(len(s))]
            gold = [i for i, f in enumerate(f for s in chunk for _, f in s) if f]
            doc = Doc(vocab, words=words, spaces=[True] * len(words), sent_starts=starts)
            doc.spans[SPANS_KEY] = [doc[i : i + 1] for i in gold]
            yield doc


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--ecbplus", type=Path, default=DEFAULT_ECBPLUS, help="ECB+ folder (default: %(default)s)"
    )
    ap.add_argument("--out", type=Path, default=ROOT / "training" / "corpus", help="output folder")
    ap.add_argument(
        "--litbank",
        type=Path,
        default=None,
        help=f"also write LitBank events as training data (e.g. {DEFAULT_LITBANK})",
    )
    args = ap.parse_args(argv)
    if not (args.ecbplus / "ECBplus_coreference_sentences.csv").exists():
        print(f"ECB+ not found in {args.ecbplus} (pass --ecbplus PATH)", file=sys.stderr)
        return 2
    import spacy
    from spacy.tokens import DocBin

    vocab = spacy.blank("en").vocab
    (args.out / "train").mkdir(parents=True, exist_ok=True)
    outputs = [
        ("train/ecbplus", ecbplus_docs(args.ecbplus, TRAIN_TOPICS, vocab)),
        ("dev", ecbplus_docs(args.ecbplus, DEV_TOPICS, vocab)),
    ]
    if args.litbank is not None:
        outputs.append(("train/litbank", litbank_docs(args.litbank, vocab)))
    for name, stream in outputs:
        docs = list(stream)
        DocBin(docs=docs).to_disk(args.out / f"{name}.spacy")
        n_tok = sum(len(d) for d in docs)
        n_trig = sum(len(d.spans[SPANS_KEY]) for d in docs)
        print(f"{name}: {len(docs)} docs, {n_tok} tokens, {n_trig} trigger tokens -> {args.out / name}.spacy")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
