"""Determinism: the same input gives byte-identical graph files and the same IRIs, run after run.

Two real ``graphkit build`` processes with different ``PYTHONHASHSEED`` values (so every set and dict
of strings iterates in a different order) build the same articles — the bundled samples, plus text
with hard characters, a JSONL feed and an HTML page — and must write the same bytes.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SAMPLES

pytestmark = [pytest.mark.model, pytest.mark.slow]

HARD = (
    'Zabihullah Mujahid, the Taliban spokesman, said "the talks in Doha ended" on Sunday. '
    "He met Zalmay Khalilzad in Kabul \u200fحامد کرزی\u200e and ذبیح الله مجاهد. "
    'Amrullah Saleh said: "we won\'t accept it" \\ <b>&amp; 😀 e\u0301.\n\n'
    "The Afghan army withdrew from Farah province after the attack."
)


def make_input(root: Path) -> Path:
    src = root / "articles"
    shutil.copytree(SAMPLES, src)
    (src / "hard.txt").write_text(HARD, encoding="utf-8")
    feed = [
        {
            "id": "feed-1",
            "text": "Ashraf Ghani left Kabul for Tajikistan, officials said.",
            "date": "2021-08-15",
        },
        {"id": "feed-2", "text": "NATO and the United States signed a deal with the Taliban in Doha."},
    ]
    (src / "feed.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in feed) + "\n")
    (src / "page.html").write_text(
        "<html><body><nav>Menu</nav><article><p>Hamid Karzai spoke in Kabul on Monday.</p></article></body></html>"
    )
    return src


def start_build(src: Path, out: Path, seed: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    return subprocess.Popen(
        [sys.executable, "-m", "graphkit", "build", str(src), "--out", str(out), "--no-map"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def test_two_processes_with_different_hash_seeds_write_the_same_bytes(tmp_path):
    src = make_input(tmp_path)
    runs = [start_build(src, tmp_path / f"out{seed}", seed) for seed in ("1", "4242")]  # side by side
    for r in runs:
        _, err = r.communicate(timeout=900)
        assert r.returncode == 0, err
    a, b = tmp_path / "out1", tmp_path / "out4242"
    for name in ("graph.ttl", "graph.trig"):
        left, right = (a / name).read_bytes(), (b / name).read_bytes()
        assert left == right, f"{name} differs between runs"
    ttl = (a / "graph.ttl").read_text(encoding="utf-8")
    assert "Zabihullah Mujahid" in ttl and "کرزی" in ttl  # the hard article is in the graph
    assert len(ttl) > 10_000
    report_a = json.loads((a / "report.json").read_text())
    report_b = json.loads((b / "report.json").read_text())
    for volatile in ("seconds", "timings"):
        report_a.get("build", {}).pop(volatile, None)
        report_b.get("build", {}).pop(volatile, None)
    assert report_a == report_b
