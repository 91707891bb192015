"""Make the scale benchmarks' corpus: at least 2,000 distinct news articles as one JSONL file.

Sources, in this order (the first N lines are the "N-article" corpus of every scale benchmark):

1. the two bundled sample articles (``data/articles``);
2. the gold sets' texts: NewsReader MEANTIME (60 Wikinews articles, CC BY 4.0) and the WikiEvents
   dev split (20 news documents; research data, used here only to measure, never shipped);
3. English Wikinews, "Politics and conflicts" + "Economy and business"
   (``../shared/corpus/wikinews_en_politics_economy.jsonl``; text from Wikinews,
   https://en.wikinews.org, CC BY 2.5), in file order, until the corpus has ``--size`` articles.

Articles are kept only if their text (lower-cased, whitespace collapsed) has not been seen, so every
article is distinct. The file is written atomically; the script prints what it holds and its sha256.

    python benchmarks/scale_corpus.py --size 2100 --out benchmarks/.data/news-2100.jsonl
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
DEFAULT_OUT = ROOT / "benchmarks" / ".data" / "news-2100.jsonl"


def _key(text: str) -> str:
    return hashlib.sha256(" ".join(text.lower().split()).encode()).hexdigest()


def records(eval_dir: Path, wikinews: Path):
    """(source, record) for every candidate article, in corpus order."""
    from graphkit.evaluate.gold import read_meantime, read_wikievents
    from graphkit.ingest import read_articles

    for a in read_articles(ROOT / "data" / "articles"):
        yield "samples", {"id": a.id, "text": a.text, "source": a.source, "date": a.date}
    for d in read_meantime(eval_dir / "meantime" / "doc"):
        yield "meantime", {"id": f"meantime-{d.id}", "text": d.text, "title": d.title, "date": d.date}
    for d in read_wikievents(eval_dir / "wikievents" / "dev.jsonl"):
        yield "wikievents", {"id": f"wikievents-{d.id}", "text": d.text, "date": d.date}
    with wikinews.open(encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            yield "wikinews", {k: r[k] for k in ("id", "title", "date", "source", "url", "text") if r.get(k)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", type=int, default=2100, help="articles in the corpus (default: %(default)s)")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="JSONL to write (default: %(default)s)")
    ap.add_argument("--eval-dir", type=Path, default=SHARED / "eval")
    ap.add_argument("--wikinews", type=Path, default=SHARED / "corpus" / "wikinews_en_politics_economy.jsonl")
    args = ap.parse_args(argv)
    for p in (args.eval_dir, args.wikinews):
        if not p.exists():
            print(f"not found: {p}", file=sys.stderr)
            return 2

    from graphkit.atomic import atomic_open

    seen: set[str] = set()
    ids: set[str] = set()
    by_source: Counter[str] = Counter()
    words = 0
    h = hashlib.sha256()
    with atomic_open(args.out, "w") as out:
        for source, rec in records(args.eval_dir, args.wikinews):
            if len(seen) >= args.size:
                break
            text = rec.get("text") or ""
            k = _key(text)
            if not text.strip() or k in seen or rec["id"] in ids:
                continue
            seen.add(k)
            ids.add(rec["id"])
            rec = {k2: v for k2, v in rec.items() if v}
            line = json.dumps(rec, ensure_ascii=False) + "\n"
            out.write(line)
            h.update(line.encode())
            by_source[source] += 1
            words += len(text.split())
    if len(seen) < args.size:
        print(f"only {len(seen)} distinct articles available (asked for {args.size})", file=sys.stderr)
    print(f"wrote {args.out}: {len(seen):,} distinct articles, {words:,} words")
    print("by source: " + ", ".join(f"{k} {v}" for k, v in by_source.items()))
    print(f"sha256 {h.hexdigest()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
