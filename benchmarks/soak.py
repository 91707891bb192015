"""Reliability soak: one real ``graphkit build`` over a corpus of which a tenth is broken.

Writes a corpus of ``--files`` files (default 1,000): good articles from English Wikinews as ``.txt``,
``.md`` (front matter), ``.html`` (with scripts, styles, navigation and comments around the article) and
``.jsonl`` feeds; and, one file in ten, input broken in every way issue 6 lists: empty and
whitespace-only files, binary files named ``.txt`` (PDF, PNG, random bytes), Latin-1, Windows-1252,
UTF-16 and invalid UTF-8, JSONL feeds with malformed lines, lines without text, wrong types and
duplicate ids, links that loop, a pipe, a 20 MB article, and text that is hard for RDF and HTML (quotes,
backslashes, ``\"\"\"``, ``<>&``, NUL and other controls, bidi marks, emoji, combining accents,
Pashto/Dari script). Then it runs the real command line once::

    graphkit build CORPUS --out OUT

and reports: inputs in, articles built, inputs skipped by reason, notes, crashes (a non-zero exit, a
traceback or an "internal error"; target 0), articles whose extraction raised (target 0), invalid
outputs (graph.ttl, graph.trig and a JSON-LD export that pyoxigraph or rdflib cannot parse, a
report.json that is not JSON, a map.html that is cut short; target 0), expected against actual counts,
and the build's wall time and peak memory (max RSS of the build process).

Corpus: English Wikinews, "Politics and conflicts" + "Economy and business"
(``../shared/corpus/wikinews_en_politics_economy.jsonl``), CC BY 2.5, © Wikinews contributors,
https://en.wikinews.org.

    python benchmarks/soak.py                      # 1,000 files, ~900 articles
    python benchmarks/soak.py --files 200 --keep /tmp/soak
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "wikinews_en_politics_economy.jsonl"
HARD = (
    'He said "no" \\ and \\" and """ then <script>alert(1)</script> & &amp; </textarea> \x00\x07\x1b '
    "\u200fRTL\u200e \u202eevil\u202c \u2066iso\u2069 😀 👩‍👩‍👧 🇦🇫 e\u0301 A\u030a \ufeff \u2028 "
    "حامد کرزی met ذبیح الله مجاهد in کابل; "
)


class Corpus:
    """Writes the corpus and keeps the counts a correct build must report."""

    def __init__(self, folder: Path, articles: list[dict], seed: int) -> None:
        self.folder = folder
        self.articles = iter(articles)
        self.rng = random.Random(seed)
        self.files = 0
        self.inputs = 0  # files plus JSONL lines: the units a skip or an article is counted in
        self.built = 0
        self.skipped: Counter[str] = Counter()
        self.noted = 0

    def next_article(self) -> dict:
        return next(self.articles)

    def write(self, name: str, data: bytes | str) -> Path:
        path = self.folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        self.files += 1
        return path

    # ------------------------------------------------------------------ good input

    def good(self, n: int) -> None:
        a = self.next_article()
        kind = n % 10
        if kind < 7:
            self.write(f"txt/{a['id']}.txt", a["text"])
            self.write(
                f"txt/{a['id']}.meta.json",
                json.dumps({k: a[k] for k in ("title", "date", "source", "url") if k in a}),
            )
            self.files -= 1  # a sidecar is not an input of its own
        elif kind < 9:
            front = f'---\ntitle: "{a["title"]}"\ndate: {a.get("date", "")}\nsource: Wikinews\n---\n'
            self.write(f"md/{a['id']}.md", front + a["text"])
        else:
            paras = "".join(f"<p>{_html_escape(p)}</p>" for p in a["text"].split("\n\n"))
            self.write(
                f"html/{a['id']}.html",
                f"<html><head><title>{_html_escape(a['title'])}</title><script>var x = 'tracking';</script>"
                f"<style>p {{ color: red }}</style></head><body><nav>Home | World</nav><!-- ad slot -->"
                f"<article><h1>{_html_escape(a['title'])}</h1>{paras}</article><footer>© Wikinews</footer></body></html>",
            )
        self.inputs += 1
        self.built += 1

    def feed(self, n_lines: int) -> None:
        """A good JSONL feed (one file, ``n_lines`` articles)."""
        lines = [json.dumps(self.next_article(), ensure_ascii=False) for _ in range(n_lines)]
        self.write(f"feeds/good-{self.files}.jsonl", "\n".join(lines) + "\n")
        self.inputs += n_lines
        self.built += n_lines

    # ------------------------------------------------------------------ broken input

    def broken(self, n: int) -> None:
        cases = [
            self.empty, self.whitespace, self.pdf, self.png, self.noise, self.latin1, self.cp1252,
            self.utf16, self.bad_utf8, self.bad_feed, self.hard_text, self.hostile_html, self.self_link,
            self.no_text_md,
        ]  # fmt: skip
        cases[n % len(cases)](n)

    def _skip(self, category: str, k: int = 1) -> None:
        self.inputs += k
        self.skipped[category] += k

    def empty(self, n: int) -> None:
        self.write(f"broken/empty-{n}.txt", b"")
        self._skip("empty")

    def whitespace(self, n: int) -> None:
        self.write(f"broken/blank-{n}.md", " \n\t\n   \n")
        self._skip("empty")

    def no_text_md(self, n: int) -> None:
        self.write(f"broken/front-only-{n}.md", "---\ntitle: Nothing here\n---\n\n")
        self._skip("empty")

    def pdf(self, n: int) -> None:
        self.write(f"broken/scan-{n}.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + self.rng.randbytes(2000))
        self._skip("binary")

    def png(self, n: int) -> None:
        self.write(f"broken/photo-{n}.txt", b"\x89PNG\r\n\x1a\n" + self.rng.randbytes(3000))
        self._skip("binary")

    def noise(self, n: int) -> None:
        self.write(f"broken/noise-{n}.txt", self.rng.randbytes(5000).replace(b"\x00", b"\x01"))
        self._skip("binary")

    def _decoded(self, name: str, data: bytes) -> None:
        self.write(name, data)
        self.inputs += 1
        self.built += 1
        self.noted += 1

    def latin1(self, n: int) -> None:
        text = self.next_article()["text"].encode("latin-1", "replace").decode("latin-1") + " Café à Kaboul."
        self._decoded(f"enc/latin1-{n}.txt", text.encode("latin-1"))

    def cp1252(self, n: int) -> None:
        text = self.next_article()["text"].encode("cp1252", "replace").decode("cp1252") + " “Quoted” – dash."
        self._decoded(f"enc/cp1252-{n}.txt", text.encode("cp1252"))

    def utf16(self, n: int) -> None:
        self._decoded(f"enc/utf16-{n}.txt", self.next_article()["text"].encode("utf-16"))

    def bad_utf8(self, n: int) -> None:
        text = self.next_article()["text"] + " Kābul. "
        data = text.encode()
        cut = len(data) // 2
        self._decoded(f"enc/badutf8-{n}.txt", data[:cut] + b"\xff\xfe\xc3(" + data[cut:])

    def bad_feed(self, n: int) -> None:
        a, b = self.next_article(), self.next_article()
        lines = [
            json.dumps(a, ensure_ascii=False),
            "{not json",
            json.dumps({"id": f"x{n}-notext", "title": "no text"}),
            json.dumps({"id": f"x{n}-wrongtype", "text": ["a", "list"]}),
            json.dumps({**b, "id": a["id"]}, ensure_ascii=False),  # duplicate id
            "[" * 50_000,  # nested too deeply
            json.dumps({"id": f"x{n}-blank", "text": "   "}),
        ]
        self.write(f"feeds/broken-{n}.jsonl", "\n".join(lines) + "\n")
        self.inputs += len(lines)
        self.built += 1
        self.skipped.update({"json": 4, "duplicate-id": 1, "empty": 1})

    def hard_text(self, n: int) -> None:
        a = self.next_article()
        paras = a["text"].split("\n\n")
        paras.insert(1, HARD * 3)
        self.write(f"hard/hard-{n}.txt", "\n\n".join(paras))
        self.inputs += 1
        self.built += 1

    def hostile_html(self, n: int) -> None:
        a = self.next_article()
        body = "".join(f"<p>{_html_escape(p)}</p>" for p in a["text"].split("\n\n"))
        self.write(
            f"hard/hostile-{n}.html",
            "<html><head><meta charset='utf-8'><script>document.write('Zorblax Quintavius')</script>"
            "<style>.x{content:'Zorblax Quintavius'}</style></head><body><nav>Zorblax Quintavius | Home</nav>"
            "<!-- Zorblax Quintavius --><div hidden>Zorblax Quintavius</div>"
            f"<article>{body}<p>&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quoted&quot;</p>"
            "<script>alert('Zorblax Quintavius')</script></article></body></html>",
        )
        self.inputs += 1
        self.built += 1

    def self_link(self, n: int) -> None:
        link = self.folder / "broken" / f"self-{n}.txt"
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(link)
        self.files += 1
        self._skip("unreadable")

    def extras(self) -> None:
        """Once per corpus: a folder link looping to an ancestor, a pipe, a 20 MB article."""
        loop = self.folder / "links"
        loop.mkdir()
        (loop / "up").symlink_to(self.folder)
        self.files += 1
        self._skip("symlink-loop")
        (self.folder / "broken").mkdir(exist_ok=True)
        os.mkfifo(self.folder / "broken" / "pipe.txt")
        self.files += 1
        self._skip("unreadable")
        para = self.next_article()["text"] + "\n\n"
        with open(self.folder / "broken" / "giant.txt", "w", encoding="utf-8") as f:
            for _ in range(20_000_000 // len(para) + 1):
                f.write(para)
        self.files += 1
        self._skip("too-large")


def _html_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def make_corpus(folder: Path, corpus: Path, files: int, seed: int) -> Corpus:
    with corpus.open(encoding="utf-8") as f:
        articles = [json.loads(line) for line in f]
    random.Random(seed).shuffle(articles)
    c = Corpus(folder, articles, seed)
    c.extras()
    n_broken = files // 10 - c.files
    n_feeds = 10  # good JSONL feeds of 5 articles each
    n_good = files - files // 10 - n_feeds
    for i in range(n_good):
        c.good(i)
    for _ in range(n_feeds):
        c.feed(5)
    for i in range(n_broken):
        c.broken(i)
    return c


def check_outputs(out: Path) -> list[str]:
    """What is wrong with the files the build wrote (empty list: nothing)."""
    import pyoxigraph as ox
    from rdflib import Dataset, Graph

    problems = []
    for name, ox_fmt, rdflib_fmt in (
        ("graph.ttl", ox.RdfFormat.TURTLE, "turtle"),
        ("graph.trig", ox.RdfFormat.TRIG, "trig"),
        ("graph.jsonld", ox.RdfFormat.JSON_LD, "json-ld"),
    ):
        path = out / name
        try:
            n = sum(1 for _ in ox.parse(path=str(path), format=ox_fmt))
            if n == 0:
                problems.append(f"{name}: no triples")
        except Exception as e:
            problems.append(f"{name}: pyoxigraph: {' '.join(str(e).split())[:200]}")
        try:
            (Graph() if rdflib_fmt == "turtle" else Dataset()).parse(path, format=rdflib_fmt)
        except Exception as e:
            problems.append(f"{name}: rdflib: {' '.join(str(e).split())[:200]}")
    try:
        json.loads((out / "report.json").read_text(encoding="utf-8"))
    except Exception as e:
        problems.append(f"report.json: {e}")
    html = (out / "map.html").read_text(encoding="utf-8")
    if not html.rstrip().endswith("</html>"):
        problems.append("map.html: cut short")
    if "Zorblax Quintavius" in (out / "graph.ttl").read_text(encoding="utf-8"):
        problems.append("graph.ttl: text from a <script>, <style>, <nav>, comment or hidden element got in")
    return problems


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--files", type=int, default=1000, help="files in the corpus (a tenth broken)")
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--seed", type=int, default=6)
    ap.add_argument("--keep", type=Path, help="write the corpus and outputs here and keep them")
    ap.add_argument("--workers", type=int, default=1)
    args = ap.parse_args()

    work = args.keep or Path(tempfile.mkdtemp(prefix="graphkit-soak-"))
    if work.exists() and args.keep:
        shutil.rmtree(work)
    work.mkdir(parents=True, exist_ok=True)
    src, out = work / "corpus", work / "out"
    src.mkdir()
    c = make_corpus(src, args.corpus, args.files, args.seed)
    load_before = os.getloadavg()
    cmd = [
        sys.executable,
        "-m",
        "graphkit",
        "build",
        str(src),
        "--out",
        str(out),
        "--workers",
        str(args.workers),
    ]
    started = time.monotonic()
    r = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.monotonic() - started
    peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    load_after = os.getloadavg()

    crashes = []
    if r.returncode != 0:
        crashes.append(f"exit status {r.returncode}: {r.stderr.strip().splitlines()[-1:]}")
    crashes += [ln for ln in r.stderr.splitlines() if "Traceback" in ln or "internal error" in ln]
    report = json.loads((out / "report.json").read_text()) if (out / "report.json").exists() else {}
    build = report.get("build", {})
    skipped = Counter(s["category"] for s in build.get("skipped", []))
    extraction_errors = skipped.pop("extraction", 0)
    skip_lines = [ln for ln in r.stderr.splitlines() if ln.startswith("skipped ")]
    note_lines = [ln for ln in r.stderr.splitlines() if ln.startswith("note ")]
    invalid = []
    if (out / "graph.trig").exists():
        e = subprocess.run(
            [
                sys.executable,
                "-m",
                "graphkit",
                "export",
                str(out / "graph.trig"),
                "--out",
                str(out / "graph.jsonld"),
            ],
            capture_output=True,
            text=True,
        )
        if e.returncode != 0:
            invalid.append(f"export: {e.stderr.strip()}")
        invalid += check_outputs(out)
    else:
        invalid.append("no graph files written")

    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "graphkit"], capture_output=True, text=True, cwd=ROOT
    ).stdout
    print(f"command: {' '.join(cmd[2:])}  (graphkit at {commit}{' + uncommitted changes' if dirty else ''})")
    print(f"files in the corpus: {c.files} ({sum(c.skipped.values())} inputs broken beyond use, "
          f"{c.noted} in legacy or broken encodings, plus hard-text and hostile-HTML articles)")  # fmt: skip
    print(f"inputs (files + JSONL lines): {c.inputs}")
    print(f"articles built: {build.get('articles')} (expected {c.built})")
    print(f"skipped by reason: {dict(sorted(skipped.items()))} (expected {dict(sorted(c.skipped.items()))})")
    print(f"skip lines on stderr: {len(skip_lines)}; notes: {len(build.get('notes', []))} "
          f"(note lines {len(note_lines)}, expected at least {c.noted})")  # fmt: skip
    print(f"crashes: {len(crashes)} {crashes[:3]}")
    print(f"articles whose extraction raised: {extraction_errors}")
    print(f"invalid outputs: {len(invalid)} {invalid[:5]}")
    print(
        f"wall time: {wall:.0f} s; words: {build.get('words')}; peak memory (max RSS of the build): {peak_mib:.0f} MiB"
    )
    print(f"load average before/after: {load_before[0]:.1f} / {load_after[0]:.1f} on {os.cpu_count()} cores")
    counts_ok = (
        build.get("articles") == c.built
        and skipped == c.skipped
        and len(skip_lines) == sum(c.skipped.values())
    )
    print("counts as expected" if counts_ok else "COUNTS DIFFER FROM EXPECTED")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if not crashes and not invalid and not extraction_errors and counts_ok else 1


if __name__ == "__main__":
    sys.exit(main())
