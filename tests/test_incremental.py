"""Incremental, idempotent store builds with the real model, and builds that are killed mid-way.

Short news-like articles keep it quick. The reference for every check is a fresh build of the
same input: an incremental build must end with exactly the store a clean build makes.
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

from graphkit.pipeline import build
from graphkit.rdf.store import GraphStore

pytestmark = [pytest.mark.model, pytest.mark.slow]

ARTICLES = {
    "a": "Hamid Karzai met Zalmay Khalilzad in Kabul on Monday. The Taliban attacked a checkpoint in Farah.",
    "b": "NATO and the United States signed an agreement with the Taliban in Doha, officials said.",
    "c": "Ashraf Ghani left Kabul for Tajikistan. His spokesman denied that he had fled.",
}


def write_jsonl(path: Path, articles: dict[str, str]) -> Path:
    path.write_text(
        "".join(json.dumps({"id": k, "text": v, "date": "2021-08-15"}) + "\n" for k, v in articles.items())
    )
    return path


def snapshot(store: Path) -> tuple[set, set]:
    """(quads of the named graphs, triples of the default graph)."""
    with GraphStore(store) as st:
        quads = set(st.oxigraph)
    named = {q for q in quads if not isinstance(q.graph_name, ox.DefaultGraph)}
    merged = {q.triple for q in quads if isinstance(q.graph_name, ox.DefaultGraph)}
    assert merged == {q.triple for q in named}, "the default graph must be the union of the article graphs"
    return named, merged


def fresh(tmp_path: Path, articles: dict[str, str], name: str) -> tuple[set, set]:
    store = tmp_path / f"fresh-{name}"
    build(write_jsonl(tmp_path / f"{name}.jsonl", articles), store=store)
    return snapshot(store)


def test_incremental_builds_end_where_a_clean_build_would(tmp_path):
    store = tmp_path / "store"
    v1 = write_jsonl(tmp_path / "v1.jsonl", ARTICLES)
    seen: list[str] = []
    r = build(v1, store=store, on_article=lambda x: seen.append(x.article.id))
    assert (r.store.added, r.store.replaced, r.store.unchanged) == (3, 0, 0) and sorted(seen) == [
        "a",
        "b",
        "c",
    ]
    first = snapshot(store)

    # the same input again: nothing is extracted, nothing changes
    seen.clear()
    r = build(v1, store=store, on_article=lambda x: seen.append(x.article.id))
    assert seen == [] and (r.store.added, r.store.replaced, r.store.unchanged) == (0, 0, 3)
    assert snapshot(store) == first

    # the store holds the same quads as graph.trig of an in-memory build
    out = tmp_path / "files"
    build(v1, out, write_map=False)
    trig = set(ox.parse(path=str(out / "graph.trig"), format=ox.RdfFormat.TRIG))
    assert trig == first[0]

    # a changed, b unchanged, c gone from the input, d new
    v2 = dict(
        ARTICLES,
        a="Hamid Karzai met Abdullah Abdullah in Herat on Tuesday.",
        d="Russia hosted talks in Moscow.",
    )
    del v2["c"]
    seen.clear()
    r = build(
        write_jsonl(tmp_path / "v2.jsonl", v2), store=store, on_article=lambda x: seen.append(x.article.id)
    )
    assert sorted(seen) == ["a", "d"]
    assert (r.store.added, r.store.replaced, r.store.unchanged, r.store.removed) == (1, 1, 1, 0)
    with GraphStore(store) as st:  # the size the summary states (counted while the merge step ran) is right
        assert r.store.triples == len(st) and r.store.articles == 4  # c stays without --prune
    assert snapshot(store) == fresh(tmp_path, {**v2, "c": ARTICLES["c"]}, "kept")  # c stays without --prune
    with GraphStore(store) as st:  # a's old facts are gone: nobody else names Khalilzad
        assert not st.query("ASK { ?e rdfs:label 'Zalmay Khalilzad' }").boolean
        assert st.query("ASK { ?e rdfs:label 'Taliban' }").boolean  # b still names the Taliban

    r = build(tmp_path / "v2.jsonl", store=store, prune=True)
    assert (r.store.added, r.store.replaced, r.store.unchanged, r.store.removed) == (0, 0, 3, 1)
    with GraphStore(store) as st:
        assert r.store.triples == len(st)
    assert snapshot(store) == fresh(tmp_path, v2, "pruned")


def test_store_build_writes_report_and_map_of_the_whole_store(tmp_path):
    store, out = tmp_path / "store", tmp_path / "out"
    build(write_jsonl(tmp_path / "one.jsonl", {"a": ARTICLES["a"]}), store=store)
    r = build(write_jsonl(tmp_path / "two.jsonl", {"b": ARTICLES["b"]}), out, store=store)
    assert r.store.added == 1 and r.store.articles == 2
    report = json.loads((out / "report.json").read_text())
    assert "Taliban" in json.dumps(report) and "Hamid Karzai" in json.dumps(report)  # both articles
    assert (out / "map.html").is_file() and not (out / "graph.ttl").exists()


def test_a_store_build_killed_mid_way_stays_readable_and_a_rerun_completes_it(tmp_path):
    names = ["Hamid Karzai", "Ashraf Ghani", "Abdullah Abdullah", "Amrullah Saleh", "Zalmay Khalilzad"]
    places = ["Kabul", "Herat", "Kandahar", "Farah", "Mazar-i-Sharif", "Jalalabad"]
    articles = {
        f"n{i:03d}": (
            f"{names[i % 5]} met officials in {places[i % 6]} on Monday. "
            f"The Taliban attacked a checkpoint near {places[(i + 1) % 6]}, police said. "
            f"{names[(i + 2) % 5]} denied that the army had withdrawn from {places[(i + 3) % 6]}."
        )
        for i in range(80)
    }
    src = write_jsonl(tmp_path / "feed.jsonl", articles)
    store = tmp_path / "store"
    proc = subprocess.Popen(
        [sys.executable, "-m", "graphkit", "build", str(src), "--store", str(store)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    # kill it once the first transactions are on disk (the write-ahead log grows), or after 60 s
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if store.is_dir() and sum(p.stat().st_size for p in store.glob("*.log")) > 200_000:
            break
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()

    with GraphStore(store) as st:  # readable, consistent, every stored article complete
        done = st.articles()
        assert len(done) < len(articles), "the build finished before it could be killed; grow the corpus"
    snapshot(store)
    r = build(src, store=store)
    assert r.store.added == len(articles) - len(done) and r.store.unchanged == len(done)
    assert snapshot(store) == fresh(tmp_path, articles, "clean")
