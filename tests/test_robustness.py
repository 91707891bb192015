"""Bad input end to end: ``graphkit build`` (a real subprocess, the real model) on a folder holding every
kind of broken input next to good articles. Each bad input gets one line naming it and the reason, the
batch goes on, the summary and report.json count what was skipped and why, ``--strict`` makes any of
them fatal, and the graph files written parse with two independent parsers.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from dataclasses import fields, is_dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph

from graphkit.types import Article

pytestmark = [pytest.mark.model, pytest.mark.slow]

GOOD = {
    "kabul.txt": "Ashraf Ghani, the president of Afghanistan, left Kabul on Sunday, officials said.",
    "doha.md": "---\ntitle: Talks\ndate: 2020-02-29\n---\nThe United States and the Taliban signed a deal in Doha.",
}
HARD = (
    'Zabihullah Mujahid said "the talks ended" \\ back """ <b>&amp; </script> \x00\x07 NUL and BEL, '
    "\u200fRTL\u200e \u202eoverride\u202c 😀 👩‍👩‍👧 e\u0301 and حامد کرزی met ذبیح الله مجاهد in کابل.\n"
)
SCRIPT_ONLY = "Zorblax Quintavius"  # appears only inside <script>, <style>, <nav> and a comment


def write_corpus(root: Path) -> Path:
    src = root / "in"
    src.mkdir()
    for name, text in GOOD.items():
        (src / name).write_text(text, encoding="utf-8")
    (src / "hard.txt").write_text(HARD, encoding="utf-8")
    (src / "empty.txt").write_text("")
    (src / "[bold]markup.txt").write_text("")  # names and ids are data, not markup for the terminal
    markup = {"id": "[/x] not markup", "text": "Amrullah Saleh spoke in Panjshir."}
    (src / "markup.jsonl").write_text(json.dumps(markup) + "\n" + json.dumps(markup) + "\n")
    (src / "blank.md").write_text("  \n\t \n")
    (src / "scan.txt").write_bytes(b"%PDF-1.5\n%\xb5\xb5\xb5\xb5\n1 0 obj <<>> endobj\n")
    (src / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(300))
    (src / "latin1.txt").write_bytes("Le président Ghani a quitté Kaboul.".encode("latin-1"))
    (src / "cp1252.txt").write_bytes("The minister’s “visit” to Kabul – a first.".encode("cp1252"))
    (src / "utf16.txt").write_bytes("Hamid Karzai spoke in Kabul.".encode("utf-16"))
    (src / "broken-utf8.txt").write_bytes("Kābul: Massoud met Karzai. ".encode() + b"\xff\xfe\xc3 end.")
    (src / "page.html").write_text(
        f"<html><head><title>Page</title><script>var a = '{SCRIPT_ONLY}';</script>"
        f"<style>.x{{content:'{SCRIPT_ONLY}'}}</style></head><body><nav>{SCRIPT_ONLY} | Home</nav>"
        f"<!-- {SCRIPT_ONLY} --><article><p>Hamid Karzai visited Herat.</p></article></body></html>"
    )
    feed = [
        json.dumps({"id": "f1", "text": "NATO troops left Bagram Air Base."}),
        "{not json",
        json.dumps({"id": "f2"}),
        json.dumps({"id": "f3", "text": 42}),
        json.dumps({"id": "f1", "text": "Duplicate id."}),
        json.dumps({"id": "f4", "text": "   "}),
    ]
    (src / "feed.jsonl").write_text("\n".join(feed) + "\n")
    (src / "kabul.meta.json").write_text("{broken sidecar")
    (src / "self.txt").symlink_to(src / "self.txt")
    (src / "loop").mkdir()
    (src / "loop" / "up").symlink_to(src)
    os.mkfifo(src / "pipe.txt")
    (root / "nothing").mkdir()
    (root / "nothing" / "notes.pdf").write_bytes(b"%PDF-1.4")
    return src


def gk(*args, timeout=900) -> tuple[subprocess.CompletedProcess, int]:
    """Run graphkit; returns the result and the peak memory (KiB) of the process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    r = subprocess.run(
        [sys.executable, "-m", "graphkit", *map(str, args)], capture_output=True, text=True, timeout=timeout
    )
    return r, max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)


def parses_everywhere(out: Path) -> None:
    for name, fmt in (("graph.ttl", ox.RdfFormat.TURTLE), ("graph.trig", ox.RdfFormat.TRIG)):
        assert sum(1 for _ in ox.parse(path=str(out / name), format=fmt)) > 20
    assert len(Graph().parse(out / "graph.ttl", format="turtle")) > 20
    Dataset().parse(out / "graph.trig", format="trig")


@pytest.fixture(scope="module")
def bad_build(tmp_path_factory):
    root = tmp_path_factory.mktemp("robust")
    src = write_corpus(root)
    r, _ = gk("build", src, root / "nothing", root / "missing.txt", "--out", root / "out")
    return root, src, r


def test_the_batch_goes_on_and_every_bad_input_gets_one_line(bad_build):
    root, src, r = bad_build
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr
    lines = [ln for ln in r.stderr.splitlines() if ln.startswith("skipped ")]
    expected = {
        "empty.txt": "no text (empty or whitespace only)",
        "[bold]markup.txt": "no text (empty or whitespace only)",
        "markup.jsonl:2": "duplicate article id '[/x] not markup'",
        "blank.md": "no text (empty or whitespace only)",
        "scan.txt": "binary file (a PDF document), not text",
        "photo.txt": "binary file (a PNG image), not text",
        "feed.jsonl:2": "not valid JSON",
        "feed.jsonl:3": "no 'text' field",
        "feed.jsonl:4": "'text' must be a string, not a number",
        "feed.jsonl:5": "duplicate article id 'f1'",
        "feed.jsonl:6": "no text (empty or whitespace only)",
        "self.txt": "symbolic link loop",
        "up": "symbolic link loop (points back to",
        "pipe.txt": "not a regular file",
        "nothing": "folder holds no article files",
        "missing.txt": "no such file or folder",
    }
    for name, reason in expected.items():
        hits = [
            ln for ln in lines if f"/{name}: " in ln or f"{name}: " in ln.split(" ", 1)[1][: len(name) + 2]
        ]
        assert len(hits) == 1 and reason in hits[0], (name, hits, lines)
    assert len(lines) == len(expected), lines


def test_the_summary_and_report_count_skips_by_reason(bad_build):
    root, src, r = bad_build
    summary = r.stdout
    assert "Built 10 article(s)" in summary, summary
    assert "Skipped 16 input(s)" in summary
    for part in (
        "empty 4",
        "binary 2",
        "json 3",
        "duplicate-id 2",
        "unreadable 2",
        "symlink-loop 1",
        "empty-folder 1",
    ):
        assert part in summary, (part, summary)
    data = json.loads((root / "out" / "report.json").read_text())
    skipped = data["build"]["skipped"]
    assert len(skipped) == 16 and {s["category"] for s in skipped} >= {"empty", "binary", "json", "missing"}
    notes = " ".join(data["build"]["notes"])
    for name in ("latin1.txt", "cp1252.txt", "utf16.txt", "broken-utf8.txt", "kabul.meta.json"):
        assert name in notes, (name, notes)
    assert "Skipped inputs" in (root / "out" / "report.md").read_text()


def test_hard_text_and_html_reach_the_graph_as_text_only(bad_build):
    root, src, r = bad_build
    out = root / "out"
    parses_everywhere(out)
    g = Graph().parse(out / "graph.ttl", format="turtle")
    texts = [str(o) for o in g.objects() if isinstance(o, str)]
    whole = "\n".join(texts)
    assert "حامد کرزی" in whole and "😀" in whole and "\u202e" in whole and '"""' in whole
    assert "\x00" not in whole and "\x07" not in whole  # control characters became spaces
    assert SCRIPT_ONLY not in whole and "Hamid Karzai visited Herat." in whole
    assert "Le président Ghani a quitté Kaboul." in whole  # Latin-1 decoded
    assert "The minister’s “visit” to Kabul – a first." in whole  # Windows-1252 decoded


def test_strict_stops_at_the_first_bad_input_with_one_line(bad_build, tmp_path):
    root, src, _ = bad_build
    r, _ = gk("build", src, "--out", tmp_path / "out", "--strict")
    assert r.returncode == 1 and "Traceback" not in r.stderr
    last = r.stderr.strip().splitlines()[-1]
    assert last.startswith("graphkit: ") and "--strict" in last, r.stderr
    assert not (tmp_path / "out" / "graph.ttl").exists()


def test_nothing_buildable_fails_clearly(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"%PDF-1.4")
    (tmp_path / "b.txt").write_text("")
    r, _ = gk("build", tmp_path, "--out", tmp_path / "out")
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert "no article could be built" in r.stderr.splitlines()[-1]


def test_a_20_mb_article_is_refused_quickly_and_the_rest_is_built(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    para = "The Taliban entered Kabul on Sunday. Ashraf Ghani left the country, officials said.\n\n"
    with open(src / "giant.txt", "w") as f:
        for _ in range(20_000_000 // len(para) + 1):
            f.write(para)
    (src / "small.txt").write_text(GOOD["kabul.txt"])
    started = time.monotonic()
    r, peak_kib = gk("build", src, "--out", tmp_path / "out", "--no-map")
    assert r.returncode == 0, r.stderr
    assert time.monotonic() - started < 300
    [line] = [ln for ln in r.stderr.splitlines() if "giant.txt" in ln]
    assert "characters, over the limit of" in line and "--max-chars" in line
    assert "Built 1 article(s)" in r.stdout and "too-large 1" in r.stdout
    assert peak_kib < 2_000_000, f"peak memory {peak_kib} KiB"  # reading it did not blow up memory


# --------------------------------------------------------------------------- long articles in sections


def spans(value, out):
    """Every record with start/end/text anywhere in an Extraction (walked generically)."""
    if isinstance(value, tuple):
        for v in value:
            spans(v, out)
    elif is_dataclass(value) and not isinstance(value, Article):
        names = {f.name for f in fields(value)}
        if {"start", "end", "text"} <= names:
            out.append(value)
        for f in fields(value):
            spans(getattr(value, f.name), out)
    return out


def test_a_long_article_is_extracted_in_sections_with_offsets_into_the_original():
    from graphkit.config import Settings
    from graphkit.extraction import extract

    paragraphs = [
        "Zabihullah Mujahid, a Taliban spokesman, said the group had taken Farah on Sunday.",
        "Abdul Jalil Bakhtawar, a retired general, defected to the Taliban. His son Massoud denied it.",
        "The United States and the Taliban signed a peace deal in Doha, officials said.",
        "x" * 2500,  # no whitespace at all: cut hard at the limit
        "Ashraf Ghani left Kabul for Tajikistan, according to Amrullah Saleh.",
    ]
    text = "\n\n".join(paragraphs * 3)
    article = Article(id="long", text=text, date="2021-08-15")
    [whole] = extract([article], Settings(chunk_chars=10**9))
    [parts] = extract([article], Settings(chunk_chars=1000))
    assert parts.article is article
    found = spans(parts, [])
    assert len(found) > 50
    assert all(text[s.start : s.end] == s.text for s in found)
    assert [s.index for s in parts.sentences] == list(range(len(parts.sentences)))
    assert all(parts.sentences[m.sentence].start <= m.start for e in parts.entities for m in e.mentions)
    assert all(set(c.events) <= {e.local_id for e in parts.events} for c in parts.claims)
    keys_whole, keys_parts = {e.key for e in whole.entities}, {e.key for e in parts.entities}
    assert len(keys_whole & keys_parts) >= 0.8 * len(keys_whole)
    assert len(parts.events) >= 0.8 * len(whole.events)


def test_a_bad_base_iri_fails_at_once_with_one_line(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD["kabul.txt"])
    started = time.monotonic()
    r, _ = gk("build", tmp_path, "--out", tmp_path / "out", "--base-iri", "http://bad host/")
    assert r.returncode == 1 and r.stderr.count("\n") == 1 and "is not a valid absolute IRI" in r.stderr
    assert time.monotonic() - started < 60  # before the model is even loaded
