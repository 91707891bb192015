"""Issue 13: every bad input and every broken environment gets one clear line; nothing hangs, nothing
is lost. One test (or a few) per repro of the issue: hostile sidecars, a build reading its own outputs,
base IRIs with a fragment or a query, environment failures (an --out that is a file, a read-only or
full folder), names that forge output, ids with dot segments, lenient dates, and the two SPARQL ones.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from rdflib import Dataset, Literal, URIRef

from graphkit.errors import GraphkitError
from graphkit.ingest import Note, Skip, iter_inputs, normalise_date
from graphkit.types import Article

GOOD = "The Taliban captured Herat on Monday, officials said."
EVIL = "evil\n\x1b[31mskipped fake.txt: forged\x1b[0m\r\x07"


def gk(*args, timeout=300, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "graphkit", *map(str, args)],
        capture_output=True, text=True, timeout=timeout, cwd=cwd,
    )  # fmt: skip


def one_line(stderr: str) -> bool:
    return stderr.count("\n") == 1 and "internal error" not in stderr and "Traceback" not in stderr


def within(seconds: float, fn):
    """``fn()``'s result, or pytest.fail when it does not return within ``seconds`` (it would hang)."""
    box: dict = {}
    t = threading.Thread(target=lambda: box.setdefault("v", fn()), daemon=True)
    t.start()
    t.join(seconds)
    if t.is_alive():
        pytest.fail(f"did not return within {seconds} s (blocked)")
    return box["v"]


# --------------------------------------------------------------------------- sidecars


def test_a_fifo_sidecar_never_blocks_and_the_article_is_built_without_it(tmp_path):
    (tmp_path / "x.txt").write_text(GOOD)
    fifo = tmp_path / "x.meta.json"
    os.mkfifo(fifo)
    try:
        got = within(10, lambda: list(iter_inputs(tmp_path)))
    finally:  # free a reader blocked on the pipe, if any
        with contextlib.suppress(OSError):
            fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
            os.close(fd)
    arts = [x for x in got if isinstance(x, Article)]
    notes = [str(x) for x in got if isinstance(x, Note)]
    assert [a.id for a in arts] == ["x"]
    assert len(notes) == 1 and "x.meta.json" in notes[0] and "not a regular file" in notes[0]


def test_a_dev_zero_sidecar_and_a_huge_one_are_refused_unread(tmp_path):
    (tmp_path / "x.txt").write_text(GOOD)
    (tmp_path / "x.meta.json").symlink_to("/dev/zero")
    (tmp_path / "y.txt").write_text(GOOD)
    (tmp_path / "y.meta.json").write_text('{"title": "' + "a" * 2_000_000 + '"}')
    got = within(10, lambda: list(iter_inputs(tmp_path)))
    assert sorted(a.id for a in got if isinstance(a, Article)) == ["x", "y"]
    notes = sorted(str(x) for x in got if isinstance(x, Note))
    assert len(notes) == 2
    assert "x.meta.json" in notes[0] and "not a regular file" in notes[0]
    assert "y.meta.json" in notes[1] and "over the limit" in notes[1]
    assert all(a.title is None for a in got if isinstance(a, Article))
    assert not [
        x for x in got if isinstance(x, Skip)
    ]  # a sidecar is not an input of its own: one line, a note


# --------------------------------------------------------------------------- own outputs


def test_a_folder_holding_graphkit_outputs_is_not_read_as_articles(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD)
    out = tmp_path / "out"
    out.mkdir()
    (out / ".graphkit-output").write_text("graphkit\n")
    (out / "report.md").write_text("# graphkit report\n\nGephi and Organisation.\n")
    (out / "map.html").write_text("<html><body><p>Gephi</p></body></html>")
    legacy = tmp_path / "old"  # an output folder from before the marker file
    legacy.mkdir()
    for name in ("report.md", "report.json", "graph.trig"):
        (legacy / name).write_text("Gephi Organisation")
    got = list(iter_inputs(tmp_path))
    assert [a.id for a in got if isinstance(a, Article)] == ["a"]
    notes = [str(x) for x in got if isinstance(x, Note)]
    assert len(notes) == 2 and all("graphkit output" in n for n in notes)


def test_the_output_folder_is_excluded_even_without_a_marker(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD)
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "notes.md").write_text("Gephi is a program.")
    got = list(iter_inputs(tmp_path, exclude=[tmp_path / "out"]))
    assert [a.id for a in got if isinstance(a, Article)] == ["a"]


@pytest.mark.model
def test_building_twice_in_the_input_folder_reads_the_same_articles(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD)
    first = gk("build", ".", cwd=tmp_path)
    second = gk("build", ".", cwd=tmp_path)
    assert first.returncode == 0 and second.returncode == 0, second.stderr
    assert "Built 1 article(s)" in first.stdout and "Built 1 article(s)" in second.stdout
    assert (tmp_path / "out" / ".graphkit-output").is_file()
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    assert report["build"]["articles"] == 1


# --------------------------------------------------------------------------- base IRI


@pytest.mark.parametrize(
    "base", ["https://example.org/news#", "https://example.org/news#x/", "https://example.org/n?x=1/"]
)
def test_a_base_iri_with_a_fragment_or_a_query_is_refused(base):
    from graphkit.rdf.build import IRIs

    with pytest.raises(GraphkitError) as e:
        IRIs(base)
    msg = str(e.value)
    assert "\n" not in msg and repr(base) in msg and "https://example.org/news/" in msg


def test_a_base_iri_without_a_trailing_slash_gets_one_with_a_note(tmp_path):
    from graphkit.config import check_base_iri
    from graphkit.rdf.build import IRIs

    assert IRIs("https://example.org/news").base == "https://example.org/news/"
    base, note = check_base_iri("https://example.org/news")
    assert base == "https://example.org/news/" and "trailing '/'" in note
    assert check_base_iri("https://example.org/news/") == ("https://example.org/news/", "")


def test_a_fragment_base_iri_fails_the_cli_at_once_with_one_line(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD)
    started = time.monotonic()
    r = gk("build", tmp_path, "--out", tmp_path / "o", "--base-iri", "https://example.org/news#")
    assert r.returncode == 1 and one_line(r.stderr) and "fragment" in r.stderr, r.stderr
    assert time.monotonic() - started < 60
    assert not (tmp_path / "o").exists()


# --------------------------------------------------------------------------- ids with dot segments


@pytest.mark.parametrize(
    ("article_id", "tail"),
    [("../article/b", "%2E%2E/article/b"), ("a/./b", "a/%2E/b"), (".", "%2E"), ("..", "%2E%2E"),
     ("a/..", "a/%2E%2E"), ("...", "..."), ("a.b/c..d", "a.b/c..d")],
)  # fmt: skip
def test_dot_segments_in_ids_are_percent_encoded(article_id, tail):
    from graphkit.rdf.build import IRIs

    iris = IRIs()
    assert str(iris.graph(article_id)) == f"{iris.base}graph/{tail}"
    assert str(iris.article(article_id)) == f"{iris.base}article/{tail}"


def test_an_id_with_dot_segments_cannot_land_on_another_articles_iri():
    from urllib.parse import urljoin

    from graphkit.rdf.build import IRIs

    iris = IRIs()
    a, b = str(iris.graph("../article/b")), str(iris.article("b"))
    assert urljoin(a, ".") != urljoin(b, ".") and "/../" not in a and urljoin(a, "x").startswith(iris.base)


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    "value",
    ["9999-12-31T99:99:99", "2021-06-22T10:00+99:99", "2021-06-22T25:00", "2021-06-22 Tuesday",
     "2021-06-22T10:00:00+24:00", "2021-13", "2021-02-30", "yesterday", "2021-06-22T"],
)  # fmt: skip
def test_a_date_that_does_not_parse_as_a_whole_is_refused(value):
    assert normalise_date(value) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2021-06-22", "2021-06-22"), ("2021-06", "2021-06"), ("2021", "2021"),
     ("2021-06-22T10:00Z", "2021-06-22"), ("2021-06-22T10:00:00.000+04:30", "2021-06-22"),
     ("2021-06-22 10:00:00", "2021-06-22"), (" 2021-06-22T23:59:59-05:00 ", "2021-06-22")],
)  # fmt: skip
def test_a_whole_iso_date_or_datetime_is_accepted(value, expected):
    assert normalise_date(value) == expected


def test_an_article_with_a_bad_date_is_built_without_it_and_a_note_says_so(tmp_path):
    (tmp_path / "x.txt").write_text(GOOD)
    (tmp_path / "x.meta.json").write_text(json.dumps({"date": "9999-12-31T99:99:99", "title": "T"}))
    got = list(iter_inputs(tmp_path))
    arts = [a for a in got if isinstance(a, Article)]
    notes = [str(n) for n in got if isinstance(n, Note)]
    assert len(arts) == 1 and arts[0].date is None and arts[0].title == "T"
    assert len(notes) == 1 and "9999-12-31T99:99:99" in notes[0] and "x.txt" in notes[0]


# --------------------------------------------------------------------------- names that forge output


def test_printable_escapes_line_breaks_and_terminal_controls():
    from graphkit.ingest import printable

    shown = printable(EVIL)
    assert "\n" not in shown and "\r" not in shown and "\x1b" not in shown and "\x07" not in shown
    assert "\\n" in shown and "\\x1b" in shown
    assert printable("كابل/Kābul 😀.txt") == "كابل/Kābul 😀.txt"  # ordinary text stays as it is
    assert "\u202e" not in printable("a\u202etxt.exe")


def test_a_skip_naming_a_hostile_file_is_one_line(tmp_path):
    name = tmp_path / f"{EVIL}.txt"
    name.write_text("")
    got = [x for x in iter_inputs(tmp_path) if isinstance(x, Skip)]
    assert len(got) == 1
    line = str(got[0])
    assert "\n" not in line and "\x1b" not in line and "\r" not in line and "no text" in line


@pytest.mark.model
def test_hostile_names_are_escaped_on_stderr_and_in_report_md(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(GOOD)
    (src / f"{EVIL}.txt").write_text("")
    (src / "b`tick`.txt").write_text("")
    r = gk("build", src, "--out", tmp_path / "out")
    assert r.returncode == 0, r.stderr
    assert "\x1b" not in r.stderr and "\x07" not in r.stderr
    skipped = [ln for ln in r.stderr.splitlines() if ln.startswith("skipped ")]
    assert len(skipped) == 2 and r.stderr.count("\n") == 2  # no forged line
    md = (tmp_path / "out" / "report.md").read_text()
    section = md.split("## Skipped inputs", 1)[1].split("\n## ", 1)[0]
    items = [ln for ln in section.splitlines() if ln.strip()]
    assert len(items) == 2 and all(ln.startswith("- ") for ln in items)
    assert "\x1b" not in md and "``/b`tick`.txt``" in section.replace(" ", "").replace(str(src), "")


@pytest.mark.parametrize("label", ['=HYPERLINK("http://x")', "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_csv_cells_that_a_spreadsheet_would_run_are_guarded(label):
    import csv
    import io

    from graphkit.analysis import _csv, csv_cell

    label_in_csv = "'" + label.replace("\r", "\n")  # a lone CR would end the row in readers
    assert csv_cell(label) == label_in_csv
    assert csv_cell(-2) == -2 and csv_cell("Taliban") == "Taliban" and csv_cell("") == ""
    rows = list(csv.DictReader(io.StringIO(_csv([{"Id": "x", "Label": label}], ["Id", "Label"]), newline="")))
    assert len(rows) == 1 and rows[0]["Label"] == label_in_csv


# --------------------------------------------------------------------------- environment


def test_an_out_that_is_a_file_fails_before_extraction_with_one_line(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD)
    (tmp_path / "o").write_text("not a folder")
    started = time.monotonic()
    r = gk("build", tmp_path / "a.txt", "--out", tmp_path / "o")
    assert r.returncode == 1 and one_line(r.stderr), r.stderr
    assert "is a file, not a folder" in r.stderr and str(tmp_path / "o") in r.stderr
    assert time.monotonic() - started < 60  # the model was never loaded
    assert (tmp_path / "o").read_text() == "not a folder"


def test_a_store_that_is_a_file_fails_before_extraction_with_one_line(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD)
    (tmp_path / "s").write_text("not a folder")
    r = gk("build", tmp_path / "a.txt", "--store", tmp_path / "s")
    assert r.returncode == 1 and one_line(r.stderr) and "is a file, not a folder" in r.stderr, r.stderr


def test_an_out_under_a_file_fails_with_one_line(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD)
    r = gk("build", tmp_path / "a.txt", "--out", tmp_path / "a.txt" / "out")
    assert r.returncode == 1 and one_line(r.stderr) and "not a folder" in r.stderr, r.stderr


def test_an_empty_input_leaves_no_output_folder_behind(tmp_path):
    from graphkit.pipeline import build

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.txt").write_text("")
    with pytest.raises(GraphkitError, match="no article could be built"):
        build(tmp_path / "in", tmp_path / "new" / "out")
    assert not (tmp_path / "new").exists()
    (tmp_path / "kept").mkdir()  # a folder that was there before stays
    with pytest.raises(GraphkitError):
        build(tmp_path / "in", tmp_path / "kept")
    assert (tmp_path / "kept").is_dir() and not any((tmp_path / "kept").iterdir())


@pytest.mark.parametrize(
    ("code", "words"),
    [(errno.ENOSPC, "no space left"), (errno.EACCES, "permission"), (errno.EROFS, "read-only"),
     (errno.ENOTDIR, "not a folder"), (errno.EDQUOT, "quota")],
)  # fmt: skip
def test_os_errors_become_one_line_that_says_what_to_do(code, words):
    from graphkit.atomic import os_error_message

    msg = os_error_message(OSError(code, os.strerror(code), "/data/out/graph.ttl"), "the output folder")
    assert "\n" not in msg and words in msg.lower() and "/data/out/graph.ttl" in msg


@pytest.mark.model
def test_a_full_disk_while_writing_is_one_line_and_the_old_outputs_stay(tmp_path, monkeypatch):
    """ENOSPC simulated by making the atomic writer's fsync fail (see also the tmpfs test below)."""
    from graphkit import atomic
    from graphkit.pipeline import build

    (tmp_path / "a.txt").write_text(GOOD)
    out = tmp_path / "out"
    build(tmp_path / "a.txt", out, write_map=False)
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", full)
    with pytest.raises(GraphkitError) as e:
        build(tmp_path / "a.txt", out, write_map=False)
    assert "no space left" in str(e.value).lower() and "\n" not in str(e.value)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # nothing half-written, nothing left


def _mount_tmpfs(where: Path, options: str) -> bool:
    where.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0:
        return False
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(where)], capture_output=True)
    return r.returncode == 0


@pytest.fixture
def small_fs(tmp_path):
    mounts = []

    def mount(name: str, options: str) -> Path:
        where = tmp_path / name
        if not _mount_tmpfs(where, options):
            pytest.skip("cannot mount a tmpfs here (needs root)")
        mounts.append(where)
        return where

    yield mount
    for where in mounts:
        subprocess.run(["umount", "-l", str(where)], capture_output=True)


def test_a_read_only_output_folder_fails_before_extraction_with_one_line(tmp_path, small_fs):
    ro = small_fs("ro", "size=1m,ro")
    (tmp_path / "a.txt").write_text(GOOD)
    started = time.monotonic()
    r = gk("build", tmp_path / "a.txt", "--out", ro / "out")
    assert r.returncode == 1 and one_line(r.stderr) and "read-only" in r.stderr, r.stderr
    r = gk("build", tmp_path / "a.txt", "--out", ro)
    assert r.returncode == 1 and one_line(r.stderr) and "read-only" in r.stderr, r.stderr
    assert time.monotonic() - started < 60


@pytest.mark.model
def test_a_really_full_disk_is_one_line(tmp_path, small_fs):
    full = small_fs("full", "size=1m")
    with contextlib.suppress(OSError), open(full / "filler", "wb") as f:
        while True:
            f.write(b"\0" * 4096)
    (tmp_path / "a.txt").write_text(GOOD)
    r = gk("build", tmp_path / "a.txt", "--out", full / "out")
    assert r.returncode == 1 and one_line(r.stderr) and "no space left" in r.stderr.lower(), r.stderr
    assert (
        not any(p.name.endswith(".tmp") for p in (full / "out").glob(".*"))
        if (full / "out").exists()
        else True
    )


def test_main_maps_a_stray_os_error_to_one_line(monkeypatch, capsys):
    from graphkit import cli

    def boom():
        raise PermissionError(errno.EACCES, "Permission denied", "/x/report.md")

    monkeypatch.setattr(cli, "app", boom)
    with pytest.raises(SystemExit) as e:
        cli.main()
    err = capsys.readouterr().err
    assert (
        e.value.code == 1 and err.count("\n") == 1 and "internal error" not in err and "/x/report.md" in err
    )


# --------------------------------------------------------------------------- SPARQL


def test_an_update_starting_with_a_comment_holding_an_iri_is_an_update():
    from graphkit.errors import QueryError
    from graphkit.sparql import is_update, run_query

    q = "# adds <http://example.org/x>\nINSERT DATA { <http://e/a> <http://e/b> 1 }"
    assert is_update(q)
    assert is_update("PREFIX ex: <http://e/> # a <comment>\n# <more>\nDELETE WHERE { ?s ex:p ?o }")
    assert not is_update("# INSERT <x>\nSELECT * WHERE { ?s ?p ?o }")
    assert not is_update('SELECT * WHERE { ?s ?p "INSERT" }')
    with pytest.raises(QueryError, match="SPARQL UPDATE"):
        run_query(Dataset(), q)


@pytest.mark.parametrize(
    "update",
    [
        "DROP ALL",
        "CLEAR ALL",
        "DROP NAMED",
        "DROP GRAPH <http://g/1>",
        "CLEAR GRAPH <http://g/1>",
        "DROP SILENT GRAPH <http://g/9>",
    ],
)
def test_graph_management_updates_work_on_a_loaded_dataset(update):
    from graphkit.sparql import run_query

    ds = Dataset(default_union=True)
    ds.graph(URIRef("http://g/1")).add((URIRef("http://e/a"), URIRef("http://e/b"), Literal(1)))
    run_query(ds, update, allow_update=True)
    assert len(ds) == (1 if "g/9" in update else 0)


def test_insert_data_still_works_on_a_loaded_dataset():
    from graphkit.sparql import run_query

    ds = Dataset(default_union=True)
    run_query(ds, "INSERT DATA { <http://e/a> <http://e/b> 2 }", allow_update=True)
    assert len(ds) == 1


def test_the_builds_own_output_folder_is_passed_over_in_silence_and_an_input_root_is_still_read(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD)
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / ".graphkit-output").write_text("graphkit\n")
    got = list(iter_inputs(tmp_path, exclude=[tmp_path / "out"]))
    assert [type(x).__name__ for x in got] == ["Article"]
    # the output folder given as the input: its articles are read, graphkit's report.md and map.html not
    (tmp_path / "out" / "b.txt").write_text(GOOD)
    (tmp_path / "out" / "report.md").write_text("# graphkit report")
    (tmp_path / "out" / "map.html").write_text("<p>Gephi</p>")
    got = list(iter_inputs(tmp_path / "out"))
    assert [a.id for a in got if isinstance(a, Article)] == ["b"]
    assert [x for x in got if isinstance(x, Note)] and not [x for x in got if isinstance(x, Skip)]


def test_an_extraction_failure_logs_the_file_name_escaped(monkeypatch, caplog):
    """A rule that raises on an article named with a newline and an ANSI escape logs one line: the name
    is shown escaped, so it cannot print a fake log line or recolour the terminal."""
    import logging
    from pathlib import Path

    import graphkit.extraction as extract_pkg
    from graphkit.types import Article

    def boom(*args, **kwargs):
        raise RuntimeError("a rule bug")

    monkeypatch.setattr(extract_pkg, "extract_doc", boom)
    hostile = Path("/tmp/in/x\nINFO fake line\x1b[31m.txt")
    article = Article(id="x", text="The Taliban captured Herat.", path=hostile)
    with caplog.at_level(logging.ERROR, logger="graphkit.extraction"):
        assert list(extract_pkg.extract([article])) == []
    (record,) = [r for r in caplog.records if "extraction failed" in r.getMessage()]
    message = record.getMessage()
    assert "\n" not in message and "\x1b" not in message
    assert "\\n" in message and "\\x1b" in message


def test_a_map_page_written_into_an_input_folder_is_not_read_as_an_article(tmp_path):
    """`graphkit html --out` can put map.html under any name into a folder that is read later: its
    generator tag marks it as graphkit's own page, skipped with one line instead of read as news."""
    import rdflib

    from graphkit.ingest import Skip, iter_inputs
    from graphkit.visualise import write_map

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("The Taliban captured Herat on Monday.", encoding="utf-8")
    write_map(rdflib.Dataset(), folder / "taliban-map.html")
    items = list(iter_inputs([folder]))
    skips = [i for i in items if isinstance(i, Skip)]
    assert [s.category for s in skips] == ["own-output"], skips
    assert "generator" in str(skips[0]) and "\n" not in str(skips[0])
    assert [getattr(i, "id", None) for i in items if not isinstance(i, Skip)] == ["a"]
