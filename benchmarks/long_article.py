"""One very long article through graphkit's extract stage: time, peak memory, offsets.

Builds a single article of ``--chars`` characters by concatenating English Wikinews articles
(paragraphs kept), runs ``graphkit.extraction`` on it with the default settings (an article over
``chunk_chars`` is parsed and extracted section by section), and prints the wall time, this
process's peak memory (max RSS, which includes the spaCy model) and how many spans of the result do
not select their own text in the article (target 0).

Corpus: English Wikinews, "Politics and conflicts" + "Economy and business"
(``../shared/corpus/wikinews_en_politics_economy.jsonl``), CC BY 2.5, © Wikinews contributors,
https://en.wikinews.org.

    python benchmarks/long_article.py --chars 1000000
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from dataclasses import fields, is_dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "wikinews_en_politics_economy.jsonl"


def spans(value, out: list) -> list:
    """Every record with start/end/text anywhere in an Extraction."""
    from graphkit.types import Article

    if isinstance(value, tuple):
        for v in value:
            spans(v, out)
    elif is_dataclass(value) and not isinstance(value, Article):
        if {"start", "end", "text"} <= {f.name for f in fields(value)}:
            out.append(value)
        for f in fields(value):
            spans(getattr(value, f.name), out)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--chars", type=int, default=1_000_000)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = ap.parse_args()

    from graphkit.config import Settings
    from graphkit.extraction import extract
    from graphkit.extraction.nlp import load_pipeline
    from graphkit.types import Article

    parts, size = [], 0
    with args.corpus.open(encoding="utf-8") as f:
        for line in f:
            text = json.loads(line)["text"] + "\n\n"
            parts.append(text)
            size += len(text)
            if size >= args.chars:
                break
    text = "".join(parts)[: args.chars]
    settings = Settings(max_article_chars=max(args.chars, Settings().max_article_chars))
    load_pipeline(settings.model)
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    [x] = extract([Article(id="long", text=text)], settings)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    found = spans(x, [])
    bad = sum(1 for s in found if text[s.start : s.end] != s.text)
    print(
        f"{len(text):,} characters, {len(text.split()):,} words, sections of {settings.chunk_chars:,}: "
        f"{seconds:.1f} s; peak memory {peak:.0f} MiB (model loaded: {base:.0f} MiB); "
        f"{len(x.entities):,} entities, {len(x.events):,} events, {len(x.sentences):,} sentences; "
        f"{len(found):,} spans, {bad} not selecting their text"
    )
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
