"""Ingest on hand-built files: formats, metadata, and bad input that is skipped, not fatal."""

import codecs
import json

import pytest

from graphkit.errors import InputError
from graphkit.ingest import (
    Note,
    Skip,
    decode_bytes,
    html_to_text,
    iter_inputs,
    read_articles,
    split_front_matter,
)


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
    ids = [x.id for x in got if not isinstance(x, Skip | Note)]
    skips = [x for x in got if isinstance(x, Skip)]
    assert ids == ["x1", "x4", "x5"]  # a date that is not ISO 8601 is left out with a note, not the article
    assert [x.date for x in got if not isinstance(x, Skip | Note)] == ["2020-01-02", None, None]
    reasons = " | ".join(str(s) for s in skips)
    assert "c.jsonl:2: not valid JSON" in reasons
    assert "c.jsonl:3: no 'text' field" in reasons
    assert "'text' must be a string" in reasons
    assert "duplicate article id 'x1'" in reasons
    assert any("c.jsonl:6: date 'yesterday' left out: not an ISO 8601 date" in str(x) for x in got)


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
    assert decode_bytes("café".encode("utf-16"), "x") == ("café", "decoded as UTF-16 (byte-order mark)")
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


# --------------------------------------------------------------------------- bad input, case by case


def skips(path):
    return {x.source.rsplit("/", 1)[-1]: x for x in iter_inputs(path) if isinstance(x, Skip)}


def notes(path):
    return {x.source.rsplit("/", 1)[-1]: x.message for x in iter_inputs(path) if isinstance(x, Note)}


def test_binary_files_are_recognised_by_content_not_by_name(tmp_path):
    import os

    (tmp_path / "report.txt").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj")
    (tmp_path / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(200))
    (tmp_path / "archive.md").write_bytes(b"PK\x03\x04" + os.urandom(200))
    (tmp_path / "noise.txt").write_bytes(os.urandom(4000).replace(b"\x00", b"\x01"))  # no magic, no NUL
    (tmp_path / "feed.jsonl").write_bytes(b"\x1f\x8b\x08\x00" + os.urandom(100))  # gzip named .jsonl
    got = skips(tmp_path)
    assert {k: v.category for k, v in got.items()} == dict.fromkeys(
        ["report.txt", "photo.txt", "archive.md", "noise.txt", "feed.jsonl"], "binary"
    )
    assert "a PDF document" in got["report.txt"].reason and "a PNG image" in got["photo.txt"].reason
    assert "control characters" in got["noise.txt"].reason


def test_every_encoding_decodes_and_says_so(tmp_path):
    body = "Le président Ghani a quitté Kaboul – « vite ». "
    (tmp_path / "latin1.txt").write_bytes(
        body.replace("–", "-").replace("«", '"').replace("»", '"').encode("latin-1")
    )
    (tmp_path / "cp1252.txt").write_bytes("The minister’s “visit” – a first.".encode("cp1252"))
    (tmp_path / "utf16.txt").write_bytes(body.encode("utf-16"))  # with a BOM
    (tmp_path / "utf16be.txt").write_bytes(codecs.BOM_UTF16_BE + body.encode("utf-16-be"))
    (tmp_path / "utf8bom.txt").write_bytes(codecs.BOM_UTF8 + body.encode())
    (tmp_path / "broken.txt").write_bytes(body.encode() + b"\xff\xfe" + body.encode())
    (tmp_path / "cut.txt").write_bytes(body.encode() + "é".encode()[:1])  # truncated mid-character
    arts = {a.id: a.text for a in read_articles(tmp_path)}
    said = notes(tmp_path)
    assert (
        arts["latin1"].startswith("Le président Ghani a quitté Kaboul")
        and "Windows-1252" in said["latin1.txt"]
    )
    assert arts["cp1252"] == "The minister’s “visit” – a first." and "Windows-1252" in said["cp1252.txt"]
    assert arts["utf16"] == arts["utf16be"] == arts["utf8bom"] == body
    assert "UTF-16" in said["utf16.txt"] and "utf8bom.txt" not in said
    assert (
        arts["broken"].count("\ufffd") == 2
        and "2 invalid UTF-8 byte sequence(s) replaced" in said["broken.txt"]
    )
    assert arts["cut"] == body + "\ufffd" and "truncated" in said["cut.txt"]


def test_html_declared_charset_is_used(tmp_path):
    page = '<html><head><meta charset="windows-1251"></head><body><p>Президент Гани.</p></body></html>'
    (tmp_path / "ru.html").write_bytes(page.encode("cp1251"))
    [a] = read_articles(tmp_path)
    assert a.text == "Президент Гани."


def test_jsonl_lines_each_fail_alone(tmp_path):
    lines = [
        json.dumps({"id": "ok1", "text": "Fine."}),
        "[" * 100_000,  # nested too deeply for the JSON parser
        json.dumps({"id": ["x"], "text": "Wrong id type."}),
        json.dumps({"id": "", "text": "Empty id."}),
        json.dumps({"id": "t", "text": "Title is a list.", "title": ["a"]}),
        json.dumps({"id": "ws", "text": "   \n  "}),
        '{"id": "raw", "text": "A raw\ttab inside a string."}',
        json.dumps({"id": "sur", "text": "Lone \ud800 surrogate."}),
        json.dumps({"text": "No id: the line number is the id."}),
    ]
    (tmp_path / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    got = list(iter_inputs(tmp_path))
    arts = {x.id: x.text for x in got if not isinstance(x, Skip | Note)}
    assert arts == {
        "ok1": "Fine.",
        "raw": "A raw\ttab inside a string.",
        "sur": "Lone   surrogate.",
        "feed-9": "No id: the line number is the id.",
    }
    reasons = {x.source.rsplit(":", 1)[-1]: x.reason for x in got if isinstance(x, Skip)}
    assert reasons == {
        "2": "not valid JSON (nested too deeply)",
        "3": "article id must be a string or an integer, not list",
        "4": "article id is empty",
        "5": "metadata 'title' must be a string, not list",
        "6": "no text (empty or whitespace only)",
    }


def test_jsonl_is_streamed_with_a_limit_per_line(tmp_path):
    big = json.dumps({"id": "big", "text": "x " * 5000})
    (tmp_path / "feed.jsonl").write_text(
        json.dumps({"id": "a", "text": "Small."})
        + "\n"
        + big
        + "\n"
        + json.dumps({"id": "b", "text": "Also small."})
    )
    got = list(iter_inputs(tmp_path, max_bytes=1000))
    assert [x.id for x in got if not isinstance(x, Skip | Note)] == ["a", "b"]
    [s] = [x for x in got if isinstance(x, Skip)]
    assert s.source.endswith("feed.jsonl:2") and s.category == "too-large" and "--max-bytes" in s.reason


def test_jsonl_invalid_utf8_lines_are_repaired_and_named(tmp_path):
    good = json.dumps({"id": "a", "text": "Kābul."}, ensure_ascii=False).encode()
    bad = b'{"id": "b", "text": "Bad \xff byte."}'
    (tmp_path / "feed.jsonl").write_bytes(good + b"\n" + bad + b"\n")
    assert {a.id: a.text for a in read_articles(tmp_path)} == {"a": "Kābul.", "b": "Bad \ufffd byte."}
    assert "line(s) 2" in notes(tmp_path)["feed.jsonl"]


def test_a_file_over_the_byte_limit_is_skipped_unread(tmp_path):
    (tmp_path / "huge.txt").write_text("word " * 1000)
    [s] = iter_inputs(tmp_path, max_bytes=1000)
    assert s.category == "too-large" and s.reason.startswith(
        "file is 5,000 bytes, over the limit of 1,000 bytes"
    )
    assert "--max-bytes" in s.reason
    assert [a.id for a in read_articles(tmp_path, max_bytes=10_000)] == ["huge"]


def test_pipes_and_links_that_go_nowhere(tmp_path):
    import os

    (tmp_path / "good.txt").write_text("Good.")
    os.mkfifo(tmp_path / "pipe.txt")  # reading it would block forever
    (tmp_path / "self.txt").symlink_to(tmp_path / "self.txt")
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "up").symlink_to(tmp_path)  # a loop through a parent
    got = skips(tmp_path)
    assert got["pipe.txt"].reason == "not a regular file (a pipe, socket or device)"
    assert got["self.txt"].reason == "symbolic link loop (the link points to itself)"
    assert got["dangling.txt"].reason.startswith("broken symbolic link")
    assert got["up"].category == "symlink-loop" and "points back to" in got["up"].reason
    assert [a.id for a in read_articles(tmp_path)] == ["good"]
    fifo = skips(tmp_path / "pipe.txt")["pipe.txt"]  # named directly, it is not read either
    assert fifo.category == "unreadable"


def test_a_folder_without_articles_says_so(tmp_path):
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    [s] = iter_inputs(tmp_path)
    assert s.category == "empty-folder" and "holds no article files" in s.reason


def test_html_drops_everything_a_reader_does_not_see():
    html = """<html><head><title>T</title><script>var leak = "Osama bin Laden";</script>
    <style>.x { content: "Vladimir Putin" }</style></head><body>
    <header>Site header Joe Biden</header><nav><a>Home</a> <a>Donald Trump</a></nav>
    <!-- a comment naming Xi Jinping -->
    <article><h1>Headline</h1><p>Ashraf Ghani left Kabul.</p>
    <script>document.write("Angela Merkel")</script><noscript>Enable JS, Emmanuel Macron</noscript>
    <div hidden>Boris Johnson</div><span style="display: none">Narendra Modi</span>
    <p aria-hidden="true">Recep Erdogan</p><![CDATA[ Kim Jong-un ]]><template><p>Imran Khan</p></template>
    <aside>Related: Hamid Karzai</aside><form><button>Subscribe, Shinzo Abe</button></form>
    <p>The &lt;b&gt;Taliban&lt;/b&gt; &amp; others <b>entered</b> the city.</p></article>
    <footer>© Mohammad Najibullah</footer></body></html>"""
    text, meta = html_to_text(html)
    assert text == "Headline\n\nAshraf Ghani left Kabul.\n\nThe <b>Taliban</b> & others entered the city."
    assert meta["title"] == "T"
