"""Output files are written atomically: a build killed at any moment leaves the previous outputs intact.

The unit tests pin down graphkit.atomic; the end-to-end test builds a graph, then starts a second real
``graphkit build`` into the same folder and SIGKILLs it at several moments (while the model loads,
while the graph files are being written, while the map is being written): every time, the five files
must be exactly the first build's. A rerun then completes and cleans up what the killed runs left.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from graphkit.atomic import atomic_open, remove_stale_temporaries, replace_together, write_text

OUTPUTS = ("graph.ttl", "graph.trig", "report.md", "report.json", "map.html")
CORPUS = Path("/work/shared/corpus/wikinews_en_politics_economy.jsonl")


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "graph.ttl"
    target.write_text("old")
    with pytest.raises(RuntimeError), atomic_open(target) as f:
        f.write("new, half written")
        raise RuntimeError("killed")
    assert target.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.ttl"]


def test_replace_together_holds_every_rename_until_the_end(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("old a")
    b.write_text("old b")
    with replace_together():
        write_text(a, "new a")
        write_text(b, "new b")
        assert (a.read_text(), b.read_text()) == ("old a", "old b")  # nothing replaced yet
    assert (a.read_text(), b.read_text()) == ("new a", "new b")
    with pytest.raises(KeyboardInterrupt), replace_together():
        write_text(a, "newer a")
        raise KeyboardInterrupt
    assert a.read_text() == "new a"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.txt"]  # temporaries removed


def test_stale_temporaries_of_dead_processes_are_removed(tmp_path):
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    stale = tmp_path / f".graph.ttl.{dead.stdout.strip()}.abcd1234.tmp"
    live = tmp_path / f".graph.ttl.{os.getppid()}.abcd1234.tmp"
    other = tmp_path / ".notes.txt.swp"
    for p in (stale, live, other):
        p.write_text("x")
    assert remove_stale_temporaries(tmp_path, {"graph.ttl"}) == [stale]
    assert live.exists() and other.exists()


# --------------------------------------------------------------------------- killing a real build


def corpus(folder: Path, n: int, start: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    with CORPUS.open(encoding="utf-8") as f:
        records = [json.loads(line) for _, line in zip(range(start + n), f, strict=False)][start:]
    (folder / "feed.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n")
    return folder


def start_build(src: Path, out: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "graphkit", "build", str(src), "--out", str(out)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def kill_when(proc: subprocess.Popen, out: Path, condition, timeout: float = 600) -> bool:
    """SIGKILL ``proc`` as soon as ``condition(names of the files in out)`` holds; False if it ended first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        if condition(set(os.listdir(out))):
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            return True
        time.sleep(0.002)
    proc.kill()
    raise AssertionError("the build never reached the moment to kill it")


def snapshot(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in OUTPUTS}


def temporaries(names: set[str], of: str | None = None) -> list[str]:
    return [
        n for n in names if n.startswith(".") and n.endswith(".tmp") and (of is None or n[1:].startswith(of))
    ]


@pytest.mark.model
@pytest.mark.slow
def test_killing_a_build_at_any_moment_leaves_the_previous_outputs(tmp_path):
    from graphkit.pipeline import build

    out = tmp_path / "out"
    build(corpus(tmp_path / "a", 2, 0), out)  # the previous outputs (in this process: the model is cached)
    before = snapshot(out)
    src = corpus(tmp_path / "b", 3, 100)
    started = {}

    stamps = {name: (out / name).stat().st_mtime_ns for name in OUTPUTS}

    def writing(prefix: str, name: str):
        """The build is writing ``name``: its temporary file is there, or the file itself has changed
        (a build that replaced its files one by one is caught here, after the fact)."""
        return lambda names: (
            bool(temporaries(names, prefix)) or (out / name).stat().st_mtime_ns != stamps[name]
        )

    moments = {
        "while the model loads": lambda names: time.monotonic() - started["t"] > 1.0,
        "while graph.ttl is written": writing("graph.ttl", "graph.ttl"),
        "while the map is written, last": writing("map.html", "map.html"),
    }
    killed = []
    for moment, condition in moments.items():
        started["t"] = time.monotonic()
        proc = start_build(src, out)
        if not kill_when(proc, out, condition):
            pytest.fail(f"the build finished before it could be killed {moment}: {proc.stderr.read()[-500:]}")
        killed.append(moment)
        after = snapshot(out)
        changed = [name for name in OUTPUTS if after[name] != before[name]]
        assert changed == [], f"killed {moment}: {changed} no longer the previous build's"

    # a rerun completes the job, writes complete new files and removes the killed runs' temporaries
    build(src, out)
    after = snapshot(out)
    assert all(after[name] != before[name] for name in OUTPUTS)
    assert sum(1 for _ in ox.parse(path=str(out / "graph.ttl"), format=ox.RdfFormat.TURTLE)) > 100
    assert sum(1 for _ in ox.parse(path=str(out / "graph.trig"), format=ox.RdfFormat.TRIG)) > 100
    assert json.loads(after["report.json"])["build"]["articles"] == 3
    assert after["map.html"].rstrip().endswith(b"</html>")
    assert temporaries(set(os.listdir(out))) == [], sorted(os.listdir(out))
    assert len(killed) == len(moments)
