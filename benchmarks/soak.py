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

Then (issue 13) it runs the hostile categories, each case a real command under a time limit: sidecars that
are a FIFO, a link to /dev/zero or 5 MB; ``graphkit build .`` three times in the input folder; hostile base
IRIs (``#``, ``?``, no trailing ``/``, spaces, ``"``, ``%zz``, U+00A0) with files and a store; environment
failures (``--out``/``--store`` a file or under one, a read-only and a full disk on a small tmpfs when run as
root, an empty input); file names with a newline, ANSI escapes, backticks, invalid UTF-8 bytes and formulas;
dates that do not parse as a whole and ids with ``.``/``..`` segments; SPARQL updates after a comment holding
``<`` and ``DROP ALL``. Per category it prints attempts, one-line messages (refusals and notes that are one
line naming the file and the fix), crashes, hangs, invalid outputs (files that do not parse, ``graphkit
validate`` rejecting graphkit's graph, CSV formula cells, articles read from the outputs) and data lost.

Corpus: English Wikinews, "Politics and conflicts" + "Economy and business"
(``../shared/corpus/wikinews_en_politics_economy.jsonl``), CC BY 2.5, © Wikinews contributors,
https://en.wikinews.org.

    python benchmarks/soak.py                      # 1,000 files, ~900 articles
    python benchmarks/soak.py --files 200 --keep /tmp/soak
    python benchmarks/soak.py --hostile-only                     # only the issue 13 categories (~4 min)
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
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


# --------------------------------------------------------------------------- hostile inputs and environments
# Issue 13: every case below is run as a user would run it (a real subprocess, under a time limit) and
# classified: a crash (exit status other than 0/1, a traceback, an "internal error"), a hang (the time
# limit), an invalid output (graph files that pyoxigraph or rdflib cannot parse, `graphkit validate`
# failing on graphkit's own graph, articles that are not in the input), data lost (an article of the
# input that was not built), and whether each refusal or note is one line naming the file and the fix.

EVIL_NAME = "evil\n\x1b[31mskipped fake.txt: forged\x1b[0m\r\x07"
FIX_WORDS = ("use ", "give ", "choose ", "free ", "write to", "make it", "raise", "pass ", "send ")
GOOD_TEXTS = [
    "Abdul Jalil Bakhtawar, a retired Afghan general, joined the Taliban in Kabul on Monday, officials said.",
    "Mohammad Nabi, the governor of Herat, met United Nations officials in Geneva in June 2021.",
    'Sara Ahmadi, a spokeswoman for the Red Crescent, said: "We will not leave Kandahar."',
]
HOSTILE_TIMEOUT = 300  # seconds for one command (a build loads the model once, ~10 s)


@dataclass
class Tally:
    """Per category: what was tried and how it ended."""

    attempts: int = 0
    messages: int = 0  # refusals and notes expected
    one_line: int = 0  # ... of which were one line naming the file and the fix
    crashes: int = 0
    hangs: int = 0
    invalid: int = 0
    lost: int = 0
    skipped: str = ""  # why the category could not run here
    problems: list = field(default_factory=list)

    def problem(self, kind: str, what: str) -> None:
        setattr(self, kind, getattr(self, kind) + 1)
        self.problems.append(f"{kind}: {what}")


@dataclass
class Ran:
    rc: int | None
    stdout: str
    stderr: str

    @property
    def hung(self) -> bool:
        return self.rc is None


def gk(*args, cwd: Path | None = None, timeout: float = HOSTILE_TIMEOUT) -> Ran:
    cmd = [sys.executable, "-m", "graphkit", *map(str, args)]
    try:
        r = subprocess.run(cmd, capture_output=True, cwd=cwd, timeout=timeout)
    except subprocess.TimeoutExpired as e:
        return Ran(None, (e.stdout or b"").decode(errors="replace"), (e.stderr or b"").decode(errors="replace"))
    return Ran(r.returncode, r.stdout.decode(errors="replace"), r.stderr.decode(errors="replace"))


def ran_ok(t: Tally, r: Ran, what: str) -> bool:
    """False (and counted) when the command hung or crashed."""
    if r.hung:
        t.problem("hangs", f"{what}: no answer within {HOSTILE_TIMEOUT} s")
        return False
    if r.rc not in (0, 1) or "Traceback" in r.stderr or "internal error" in r.stderr:
        t.problem("crashes", f"{what}: exit {r.rc}: {' '.join(r.stderr.split())[-200:]}")
        return False
    return True


def refused(t: Tally, r: Ran, what: str, names: str) -> None:
    """The command must fail with exactly one line naming ``names`` and saying what to do."""
    t.attempts += 1
    t.messages += 1
    if not ran_ok(t, r, what):
        return
    lines = r.stderr.splitlines()
    if r.rc == 1 and len(lines) == 1 and lines[0].startswith("graphkit: ") and names in lines[0] and any(
        w in lines[0] for w in FIX_WORDS
    ):
        t.one_line += 1
    else:
        t.problems.append(f"message: {what}: exit {r.rc}, {len(lines)} line(s): {r.stderr.strip()[:200]!r}")


def noted(t: Tally, r: Ran, what: str, names: str, *, fix: bool = True) -> None:
    """A `note` or `skipped` line naming ``names`` (with what to do, when ``fix``) is in the output."""
    t.messages += 1
    hits = [ln for ln in r.stderr.splitlines() if ln.startswith(("note ", "skipped ")) and names in ln]
    if len(hits) == 1 and (not fix or any(w in hits[0] for w in FIX_WORDS)):
        t.one_line += 1
    else:
        t.problems.append(f"message: {what}: {len(hits)} line(s) naming {names!r}")


def built(t: Tally, r: Ran, what: str, out: Path | None, expected: int, *, validate: bool = True) -> None:
    """The build succeeded with ``expected`` articles and wrote files that parse (and validate)."""
    if not ran_ok(t, r, what):
        return
    if r.rc != 0:
        t.problem("lost", f"{what}: the build failed: {r.stderr.strip()[-200:]!r}")
        t.lost += expected - 1
        return
    m = re.search(r"Built (\d+) article", r.stdout)
    n = int(m.group(1)) if m else 0
    if n < expected:
        t.problem("lost", f"{what}: {n} of {expected} articles built")
        t.lost += expected - n - 1
    elif n > expected:
        t.problem("invalid", f"{what}: {n} articles built from {expected} (outputs read as input?)")
    if out is not None:
        graph_files_ok(t, out, what, validate=validate)


def graph_files_ok(t: Tally, out: Path, what: str, *, validate: bool = True) -> None:
    import pyoxigraph as ox
    from rdflib import Dataset, Graph

    for name, ox_fmt, fmt in (("graph.ttl", ox.RdfFormat.TURTLE, "turtle"), ("graph.trig", ox.RdfFormat.TRIG, "trig")):
        try:
            sum(1 for _ in ox.parse(path=str(out / name), format=ox_fmt))
            (Graph() if fmt == "turtle" else Dataset()).parse(out / name, format=fmt)
        except Exception as e:
            t.problem("invalid", f"{what}: {name}: {' '.join(str(e).split())[:150]}")
    try:
        json.loads((out / "report.json").read_text(encoding="utf-8"))
    except Exception as e:
        t.problem("invalid", f"{what}: report.json: {e}")
    for csv_name in ("nodes.csv", "edges.csv", "merge-candidates.csv", "event-merge-candidates.csv"):
        path = out / csv_name
        if path.exists():
            import csv

            with path.open(encoding="utf-8", newline="") as f:
                bad = [c for row in csv.reader(f) for c in row if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
            if bad:
                t.problem("invalid", f"{what}: {csv_name}: unguarded formula cell {bad[0][:40]!r}")
    if validate:
        v = gk("validate", out / "graph.ttl")
        if ran_ok(t, v, f"{what}: validate") and v.rc != 0:
            t.problem("invalid", f"{what}: graphkit validate rejects graphkit's own graph: {v.stdout[-300:]!r}")


def case_sidecars(work: Path) -> Tally:
    """A FIFO, a link to /dev/zero and a 5 MB file as NAME.meta.json: notes, never a hang."""
    t = Tally()
    d = work / "sidecars"
    d.mkdir()
    for i, text in enumerate(GOOD_TEXTS):
        (d / f"a{i}.txt").write_text(text, encoding="utf-8")
    os.mkfifo(d / "a0.meta.json")
    (d / "a1.meta.json").symlink_to("/dev/zero")
    (d / "a2.meta.json").write_text('{"title": "' + "x" * 5_000_000 + '"}')
    t.attempts += 3
    r = gk("build", d, "--out", work / "sidecars-out")
    built(t, r, "sidecars", work / "sidecars-out", 3)
    for i in range(3):
        noted(t, r, f"sidecar a{i}.meta.json", f"a{i}.meta.json")
    return t


def case_self_ingestion(work: Path) -> Tally:
    """`cd d && graphkit build .` three times: the same articles each time."""
    t = Tally()
    d = work / "self"
    d.mkdir()
    for i, text in enumerate(GOOD_TEXTS[:2]):
        (d / f"a{i}.txt").write_text(text, encoding="utf-8")
    for run in range(3):
        t.attempts += 1
        built(t, gk("build", ".", cwd=d), f"build . (run {run + 1})", d / "out", 2, validate=False)
    t.attempts += 1  # and the output folder given as the input itself
    built(t, gk("build", d / "out", d, "--out", work / "self-out2"), "build out/ d/", None, 2)
    return t


def case_base_iris(work: Path) -> Tally:
    t = Tally()
    d = work / "base"
    d.mkdir()
    (d / "a.txt").write_text(GOOD_TEXTS[0], encoding="utf-8")
    (d / "a.meta.json").write_text('{"date": "2021-06-22"}')
    for base in ("https://example.org/news#", "https://example.org/news#x/", "https://example.org/n?q=1/",
                 "http://bad host/", 'https://example.org/"x"/', "https://example.org/%zz/",
                 "https://example.org/\u00a0/", "not an iri/"):  # fmt: skip
        refused(t, gk("build", d, "--out", work / "base-refused", "--base-iri", base), f"--base-iri {base!r}",
                repr(base)[1:-1][:20])  # fmt: skip
    if (work / "base-refused").exists():
        t.problem("invalid", "a refused build left its output folder behind")
    for i, base in enumerate(("https://example.org/news", "urn:example:news/", "https://example.org/ä/")):
        t.attempts += 1
        out = work / f"base-ok-{i}"
        r = gk("build", d, "--out", out, "--base-iri", base)
        built(t, r, f"--base-iri {base!r}", out, 1)
        if not base.endswith("/"):
            noted(t, r, "--base-iri without '/'", "--base-iri", fix=False)
    t.attempts += 1
    store = work / "base-store"
    r = gk("build", d, "--store", store, "--base-iri", "https://example.org/news")
    built(t, r, "--store with a base IRI", None, 1)
    q = gk("query", "--store", store, "--format", "csv",
           "-e", "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { GRAPH ?g { ?a a gk:Article } }")  # fmt: skip
    if ran_ok(t, q, "store query") and q.stdout.split()[-1:] != ["1"]:
        t.problem("lost", f"--store with a base IRI holds {q.stdout.split()[-1:]} articles, not 1")
    return t


def _mount(where: Path, options: str) -> bool:
    where.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0:
        return False
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(where)], capture_output=True)
    return r.returncode == 0


def case_environment(work: Path) -> Tally:
    """--out a file, --out under a file, --store a file, a read-only and a full disk (small tmpfs)."""
    t = Tally()
    a = work / "env-a.txt"
    a.write_text(GOOD_TEXTS[0], encoding="utf-8")
    (work / "env-file").write_text("a file")
    refused(t, gk("build", a, "--out", work / "env-file"), "--out a file", str(work / "env-file"))
    refused(t, gk("build", a, "--out", work / "env-file" / "out"), "--out under a file", str(work / "env-file"))
    refused(t, gk("build", a, "--store", work / "env-file"), "--store a file", str(work / "env-file"))
    empty = work / "env-empty"
    empty.mkdir()
    (empty / "blank.txt").write_text(" \n")
    t.attempts += 1
    r = gk("build", empty, "--out", work / "env-new" / "out")
    if ran_ok(t, r, "empty input") and (work / "env-new").exists():
        t.problem("invalid", "an empty input left an output folder behind")
    ro, full = work / "ro", work / "full"
    if not (_mount(ro, "size=1m,ro") and _mount(full, "size=1m")):
        t.skipped = "read-only and full disks need root (mount -t tmpfs)"
        return t
    try:
        refused(t, gk("build", a, "--out", ro / "out"), "--out on a read-only disk", str(ro / "out"))
        refused(t, gk("build", a, "--out", ro), "--out a read-only folder", str(ro))
        refused(t, gk("build", a, "--store", ro / "store"), "--store on a read-only disk", str(ro / "store"))
        # fill the disk, then give back 8 KB: the checks before extraction pass, the graph files do not fit
        with contextlib.suppress(OSError), open(full / "filler", "wb", buffering=0) as f:
            while True:
                f.write(b"\0" * 4096)
        os.truncate(full / "filler", max(0, (full / "filler").stat().st_size - 8192))
        refused(t, gk("build", a, "--out", full / "out"), "--out fills up during the build", str(full / "out"))
        left = [p.name for p in (full / "out").glob(".*.tmp")] if (full / "out").exists() else []
        if left:
            t.problem("invalid", f"a full disk left temporary files: {left[:3]}")
        with contextlib.suppress(OSError), open(full / "filler", "ab", buffering=0) as f:
            while True:
                f.write(b"\0" * 4096)
        refused(t, gk("build", a, "--out", full / "out2"), "--out on a full disk", str(full / "out2"))
    finally:
        for where in (ro, full):
            subprocess.run(["umount", "-l", str(where)], capture_output=True)
    return t


def case_names(work: Path) -> Tally:
    """File names with a newline and ANSI escapes, backticks, invalid UTF-8 bytes, a formula."""
    t = Tally()
    d = work / "names"
    d.mkdir()
    (d / "good.txt").write_text(GOOD_TEXTS[0], encoding="utf-8")
    (d / f"{EVIL_NAME}.txt").write_text("")
    (d / "b`tick`.txt").write_text("")
    (d / "=cmd|' -C calc'!A0.txt").write_text(GOOD_TEXTS[1], encoding="utf-8")
    with open(os.path.join(os.fsencode(d), b"bad-\xff\xfe-bytes.txt"), "w", encoding="utf-8") as f:
        f.write(GOOD_TEXTS[2])
    (d / "labels.jsonl").write_text(json.dumps({"id": "=1+1", "title": "@SUM(A1)", "text": GOOD_TEXTS[1]}) + "\n")
    t.attempts += 6
    out = work / "names-out"
    r = gk("build", d, "--out", out)
    built(t, r, "hostile names", out, 4)
    t.messages += 2
    skipped = [ln for ln in r.stderr.splitlines() if ln.startswith("skipped ")]
    others = [ln for ln in r.stderr.splitlines() if not ln.startswith(("skipped ", "note "))]
    if len(skipped) == 2 and not others and not re.search("[\x00-\x08\x0b-\x1f\x7f]", r.stderr):
        t.one_line += 2
    else:
        t.problem("invalid", f"stderr forged or not one line per skip: {r.stderr[:300]!r}")
    md = (out / "report.md").read_text(encoding="utf-8") if (out / "report.md").exists() else ""
    section = md.split("## Skipped inputs", 1)[-1].split("\n## ", 1)[0]
    items = [ln for ln in section.splitlines() if ln.strip()]
    if re.search("[\x00-\x08\x0b-\x1f\x7f]", md) or len(items) != 2 or not all(x.startswith("- ") for x in items):
        t.problem("invalid", f"report.md: skipped inputs not one escaped item each: {items[:4]!r}")
    return t


def case_dates_and_ids(work: Path) -> Tally:
    """Dates that do not parse as a whole (left out with a note); ids with '.' and '..' segments."""
    t = Tally()
    d = work / "dates"
    d.mkdir()
    for i, bad in enumerate(("9999-12-31T99:99:99", "2021-06-22T10:00+99:99", "2021-02-30")):
        (d / f"d{i}.txt").write_text(GOOD_TEXTS[i], encoding="utf-8")
        (d / f"d{i}.meta.json").write_text(json.dumps({"date": bad}))
    ids = ["../article/b", "b", ".", "..", "a/./b"]
    (d / "ids.jsonl").write_text("".join(json.dumps({"id": i, "text": GOOD_TEXTS[0]}) + "\n" for i in ids))
    t.attempts += 3 + len(ids)
    out = work / "dates-out"
    r = gk("build", d, "--out", out)
    built(t, r, "bad dates and dot ids", out, 3 + len(ids))
    for i in range(3):
        noted(t, r, f"date d{i}", f"d{i}.txt")
    if (out / "graph.trig").exists():
        import pyoxigraph as ox

        names = {str(q.graph_name) for q in ox.parse(path=str(out / "graph.trig"), format=ox.RdfFormat.TRIG)}
        graphs = {n for n in names if "/graph/" in n}
        if len(graphs) != 3 + len(ids) or any("/./" in n or "/../" in n or n.endswith(("/.>", "/..>")) for n in graphs):
            t.problem("invalid", f"article graphs: {sorted(graphs)}")
    return t


def case_sparql(work: Path) -> Tally:
    t = Tally()
    g = work / "sparql.ttl"
    d = work / "in"
    d.mkdir()
    (d / "a.txt").write_text(GOOD_TEXTS[0], encoding="utf-8")
    r = gk("build", d, "--out", work / "out", "--no-map")
    if ran_ok(t, r, "build") and (work / "out" / "graph.ttl").exists():
        shutil.copy(work / "out" / "graph.ttl", g)
    if not g.exists():
        t.skipped = "no graph to query"
        return t
    update = "# adds <http://example.org/x>\nINSERT DATA { <http://e/a> <http://e/b> 1 }"
    refused(t, gk("query", g, "-e", update), "update after a comment holding '<'", "UPDATE")
    for q in (update, "DROP ALL", "CLEAR ALL"):
        t.attempts += 1
        r = gk("query", g, "--allow-update", "-e", q)
        if ran_ok(t, r, q) and (r.rc != 0 or "update applied" not in r.stdout):
            t.problem("invalid", f"{q!r}: {r.stderr.strip()[:200]!r}")
    return t


HOSTILE = {
    "sidecars (FIFO, /dev/zero, 5 MB)": case_sidecars,
    "self-ingestion (build . x3)": case_self_ingestion,
    "hostile base IRIs": case_base_iris,
    "environment (file, read-only, full)": case_environment,
    "hostile names (newline, ANSI, bytes, =)": case_names,
    "bad dates, dot-segment ids": case_dates_and_ids,
    "SPARQL (comment, DROP ALL)": case_sparql,
}


def run_hostile(work: Path, only: str = "") -> bool:
    """Run every category; print the table; True when the target holds (0 crashes, hangs, invalid
    outputs and lost articles; every refusal and note one line naming the file and the fix)."""
    rows = []
    for name, case in HOSTILE.items():
        if only and only not in name:
            continue
        folder = work / f"h{len(rows)}"
        folder.mkdir(parents=True)
        started = time.monotonic()
        t = case(folder)
        rows.append((name, t, time.monotonic() - started))
    print("\n| category | attempts | one-line messages | crashes | hangs | invalid outputs | data lost | s |")
    print("|---|---|---|---|---|---|---|---|")
    ok = True
    for name, t, secs in rows:
        print(f"| {name} | {t.attempts} | {t.one_line}/{t.messages} | {t.crashes} | {t.hangs} | {t.invalid} | "
              f"{t.lost} | {secs:.0f} |" + (f" (not run here: {t.skipped})" if t.skipped else ""))  # fmt: skip
        ok &= not (t.crashes or t.hangs or t.invalid or t.lost) and t.one_line == t.messages
    for name, t, _ in rows:
        for p in t.problems:
            print(f"  {name}: {p}")
    print("hostile target met" if ok else "HOSTILE TARGET MISSED")
    return ok


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--files", type=int, default=1000, help="files in the corpus (a tenth broken)")
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--seed", type=int, default=6)
    ap.add_argument("--keep", type=Path, help="write the corpus and outputs here and keep them")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--hostile-only", action="store_true", help="only the hostile-input categories (issue 13)")
    ap.add_argument("--no-hostile", action="store_true", help="only the broken-corpus build")
    ap.add_argument("--category", default="", help="with --hostile-only: the categories whose name holds this")
    args = ap.parse_args()

    work = args.keep or Path(tempfile.mkdtemp(prefix="graphkit-soak-"))
    if work.exists() and args.keep:
        shutil.rmtree(work)
    work.mkdir(parents=True, exist_ok=True)
    if args.hostile_only:
        hostile_ok = run_hostile(work / "hostile", args.category)
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        return 0 if hostile_ok else 1
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
    hostile_ok = args.no_hostile or run_hostile(work / "hostile")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if not crashes and not invalid and not extraction_errors and counts_ok and hostile_ok else 1


if __name__ == "__main__":
    sys.exit(main())
