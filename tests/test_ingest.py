"""Ingest on hand-built files: formats, metadata, and bad input that is skipped, not fatal."""

import json

import pytest

from graphkit.errors import InputError
from graphkit.ingest import Skip, decode_bytes, html_to_text, iter_inputs, read_articles, split_front_matter


def items(path):
    return list(iter_inputs(path))


def test_txt_with_sidecar_metadata(tmp_path):
    (tmp_path / "a.txt").write_text("Kabul is the capital.", encoding="utf-8")
    (tmp_path / "a.meta.json").write_text(json.dumps({"title": "T", "date": "2021-06-22", "source": "S"}))
    [a] = read_articles(tmp_path)
    assert (a.id, a.title, a.date, a.source, a.text) == ("a", "T", "2021-06-22", "S", "Kabul is the capital.")
    assert len(a.sha256) == 64


def test_markdown_front_matter(tmp_path):
    (tmp_path / "b.md").write_text(
        '---\ntitle: "Deal signed"\ndate: 2020-02\nignored: x\n---\nBody text here.\n'
    )
    [a] = read_articles(tmp_path)
    assert a.title == "Deal signed" and a.date == "2020-02" and a.text == "Body text here.\n"


def test_split_front_matter_without_block_keeps_text():
    assert split_front_matter("--- not front matter") == ("--- not front matter", {})


def test_html_keeps_article_text_only():
    html = """<html><head><title>Page</title><meta property="article:published_time" content="2021-07-04T10:00:00Z">
    <style>p{}</style><script>alert(1)</script></head><body><nav>Home | News</nav>
    <article><h1>Headline</h1><p>First <b>para</b>.</p><!-- comment --><p>Second para.</p>
    <figure><figcaption>caption</figcaption></figure></article><footer>Contact</footer></body></html>"""
    text, meta = html_to_text(html)
    assert text == "Headline\n\nFirst para.\n\nSecond para."
    assert meta["date"].startswith("2021-07-04") and meta["title"] == "Page"


def test_jsonl_records_and_bad_lines(tmp_path):
    lines = [
        json.dumps({"id": "x1", "text": "One.", "date": "2020-01-02"}),
        "{not json",
        json.dumps({"id": "x2"}),
        json.dumps({"id": "x3", "text": 42}),
        json.dumps({"id": "x1", "text": "Duplicate id."}),
        json.dumps({"id": "x4", "text": "Four.", "date": "yesterday"}),
        json.dumps({"id": "x5", "text": "Five."}),
    ]
    (tmp_path / "c.jsonl").write_text("\n".join(lines), encoding="utf-8")
    got = items(tmp_path)
    ids = [x.id for x in got if not isinstance(x, Skip)]
    skips = [x for x in got if isinstance(x, Skip)]
    assert ids == ["x1", "x5"]
    reasons = " | ".join(str(s) for s in skips)
    assert "c.jsonl:2: not valid JSON" in reasons
    assert "c.jsonl:3: no 'text' field" in reasons
    assert "'text' must be a string" in reasons
    assert "duplicate article id 'x1'" in reasons
    assert "not ISO 8601" in reasons


def test_empty_binary_and_missing_inputs_are_skipped(tmp_path):
    (tmp_path / "empty.txt").write_text("   \n")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    (tmp_path / "good.txt").write_text("Good text.")
    got = items([tmp_path, tmp_path / "missing.txt"])
    assert [x.id for x in got if not isinstance(x, Skip)] == ["good"]
    cats = sorted(x.category for x in got if isinstance(x, Skip))
    assert cats == ["binary", "empty", "missing"]


def test_strict_makes_a_skip_fatal(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    with pytest.raises(InputError, match="empty.txt: no text"):
        list(read_articles(tmp_path, strict=True))


def test_decoding_legacy_encodings():
    assert decode_bytes("café".encode("utf-16"), "x") == ("café", "")
    text, note = decode_bytes("café – “quoted”".encode("cp1252"), "x")
    assert text == "café – “quoted”" and "Windows-1252" in note
    text, note = decode_bytes("naïve ".encode() * 10 + b"\xff", "x")
    assert text.endswith("\ufffd") and "replaced" in note


def test_symlink_loop_terminates(tmp_path):
    (tmp_path / "a.txt").write_text("Text.")
    (tmp_path / "loop").symlink_to(tmp_path)
    assert [x.id for x in items(tmp_path) if not isinstance(x, Skip)] == ["a"]


def test_control_characters_are_replaced(tmp_path):
    (tmp_path / "c.txt").write_text("A\x00B\x07C\r\nD")
    [a] = read_articles(tmp_path)
    assert a.text == "A B C\nD"
