"""Extraction in worker processes and on a Dask cluster gives the same graph as one process.

Real processes: a spawned pool of 2 workers, and a dask.distributed LocalCluster of 2 workers, each
loading the real model once. The texts are short to keep it quick.
"""

from __future__ import annotations

from concurrent.futures import Future

import pytest

from graphkit.config import Settings
from graphkit.pipeline import build
from graphkit.types import Article
from graphkit.workers import Outcome, run_ordered
from tests.test_incremental import ARTICLES, snapshot, write_jsonl

MORE = {
    "d": "Russia hosted talks between the Taliban and Afghan officials in Moscow on Friday.",
    "e": "The Afghan army withdrew from Kunduz after the attack, the defence ministry said.",
}


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """The store and graph files of a build in this process (workers=1)."""
    tmp = tmp_path_factory.mktemp("ref")
    src = write_jsonl(tmp / "in.jsonl", {**ARTICLES, **MORE})
    build(src, store=tmp / "store")
    build(src, tmp / "out", write_map=False)
    return src, snapshot(tmp / "store"), (tmp / "out" / "graph.trig").read_bytes()


@pytest.mark.model
@pytest.mark.slow
def test_two_worker_processes_build_the_same_graph(reference, tmp_path):
    src, want, trig = reference
    settings = Settings(workers=2, batch_size=2)  # small chunks, so both workers get some
    r = build(src, store=tmp_path / "store", settings=settings)
    assert r.store.added == 5 and not r.skipped
    assert snapshot(tmp_path / "store") == want
    build(src, tmp_path / "out", settings=settings, write_map=False)
    assert (tmp_path / "out" / "graph.trig").read_bytes() == trig


@pytest.mark.model
@pytest.mark.slow
def test_a_dask_local_cluster_of_two_workers_builds_the_same_graph(reference, tmp_path):
    pytest.importorskip("distributed")
    from graphkit.distributed import dask_client

    src, want, _ = reference
    settings = Settings(workers=2, batch_size=2)
    with dask_client("local", workers=2) as client:
        assert len(client.scheduler_info()["workers"]) == 2
        r = build(src, store=tmp_path / "store", settings=settings, dask=client.scheduler.address)
    assert r.store.added == 5 and not r.skipped
    assert snapshot(tmp_path / "store") == want


# ---------------------------------------------------------------------- failure isolation, no processes


def _done(value=None, error=None) -> Future:
    f: Future = Future()
    if error is not None:
        f.set_exception(error)
    else:
        f.set_result(value)
    return f


def test_a_failing_chunk_is_retried_article_by_article_and_order_is_kept():
    arts = [Article(id=f"x{i}", text="t") for i in range(5)]
    calls: list[list[str]] = []

    def submit(chunk):
        ids = [a.id for a in chunk]
        calls.append(ids)
        if "x2" in ids:  # x2 makes its worker die, and with it the chunk
            return _done(error=RuntimeError("worker died"))
        return _done([Outcome(a.id, a.id, extraction=None) for a in chunk])

    broken: list[BaseException] = []
    out = list(
        run_ordered(
            submit,
            [arts[:2], arts[2:4], arts[4:]],
            window=2,
            on_broken=lambda e, fut: broken.append(e) or True,
        )
    )
    assert [o.article_id for o in out] == ["x0", "x1", "x2", "x3", "x4"]
    assert [o.article_id for o in out if o.error] == ["x2"] and "worker died" in out[2].error
    assert ["x2"] in calls and ["x3"] in calls  # the failed chunk was split
    assert broken  # the executor was told, so it could replace a dead pool
