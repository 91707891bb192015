"""One write path: every build writes through Oxigraph, and every format says the same graph.

The default build (``--out``) loads each article's N-Quads into a scratch Oxigraph store inside the
output folder (memory stays flat), runs the merge step there and streams graph.ttl / graph.trig out of
it; the scratch store is gone afterwards. Here the five export formats of the same store are parsed
back by both pyoxigraph and rdflib (the independent parser) and compared as sets of quads (graphkit
mints no blank nodes, so set equality is graph isomorphism); the sample build's files are checked
the same way.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys

import pyoxigraph as ox
import pytest
import rdflib

from graphkit.errors import GraphkitError
from graphkit.rdf.build import IRIs
from graphkit.rdf.store import GraphStore, article_rdf
from tests.test_rdf_fastpath import HOSTILE

OX = {
    "turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS, "json-ld": ox.RdfFormat.JSON_LD,
}  # fmt: skip
TRIPLE_FORMATS = ("turtle", "nt")


def _ox_quads(data: bytes, fmt: str) -> set[tuple[str, str, str, str]]:
    return {(str(q.subject), str(q.predicate), str(q.object), str(q.graph_name)) for q in ox.parse(data, OX[fmt])}


def _rdflib_quads(data: bytes, fmt: str) -> set[tuple[str, str, str, str]]:
    """The same file read by rdflib, written back as N-Quads and read by pyoxigraph (one term syntax)."""
    ds = rdflib.Dataset()
    if fmt in TRIPLE_FORMATS:
        ds.default_graph.parse(data=data, format=fmt)
    else:
        ds.parse(data=data, format=fmt)
    return _ox_quads(ds.serialize(format="nquads", encoding="utf-8"), "nquads")


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory):
    iris = IRIs()
    st = GraphStore(tmp_path_factory.mktemp("fast") / "st", writable=True, index=False)
    rdf = [article_rdf(x, iris) for x in HOSTILE]
    assert st.write(rdf) == []
    yield st, rdf
    st.close()


@pytest.mark.parametrize("fmt", sorted(OX))
def test_every_export_format_is_the_same_graph_for_both_parsers(hostile_store, fmt):
    st, rdf = hostile_store
    # what the articles said, as Oxigraph holds it (it keeps xsd:decimal as a value: "-0.0" reads back "0")
    said = ox.Store()
    said.load(b"".join(a.nquads for a in rdf), ox.RdfFormat.N_QUADS)
    named = _ox_quads(said.dump(format=ox.RdfFormat.N_QUADS), "nquads")
    named = {q for q in named if q[3] != "DEFAULT"}
    assert len(named) == sum(a.triples for a in rdf)
    union = {(s, p, o, "DEFAULT") for s, p, o, _ in named}
    buf = io.BytesIO()
    st.export(buf, fmt)
    data = buf.getvalue()
    want = union if fmt in TRIPLE_FORMATS else named
    assert _ox_quads(data, fmt) == want
    assert _rdflib_quads(data, fmt) == want
    if fmt in ("turtle", "trig"):  # readable: the project's prefixes are declared and used
        text = data.decode("utf-8")
        assert "@prefix gk: <https://w3id.org/graphkit/ontology#> ." in text
        assert "\ngk:" in text or " gk:" in text


def test_the_default_build_writes_one_graph_in_both_files_and_leaves_no_scratch(sample_build):
    out = sample_build.out_dir
    ttl = (out / "graph.ttl").read_bytes()
    trig = (out / "graph.trig").read_bytes()
    union = {(s, p, o, "DEFAULT") for s, p, o, _ in _ox_quads(trig, "trig")}
    assert _ox_quads(ttl, "turtle") == union
    assert _rdflib_quads(ttl, "turtle") == union
    assert _rdflib_quads(trig, "trig") == _ox_quads(trig, "trig")
    assert "@prefix gk:" in ttl.decode("utf-8")
    assert not [p for p in out.iterdir() if p.name.startswith(".graphkit-scratch.")]


def test_a_build_that_fails_removes_its_scratch_store(tmp_path):
    from graphkit.pipeline import build

    src = tmp_path / "in"
    src.mkdir()
    (src / "empty.txt").write_text("   \n", encoding="utf-8")
    out = tmp_path / "out"
    with pytest.raises(GraphkitError, match="no article could be built"):
        build(src, out)
    assert not out.exists() or not [p for p in out.iterdir() if p.name.startswith(".graphkit-scratch.")]


def test_scratch_stores_of_killed_builds_are_removed_by_the_next_one(tmp_path):
    from graphkit.pipeline import SCRATCH_PREFIX, _remove_stale_scratch

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    stale = tmp_path / f"{SCRATCH_PREFIX}{int(dead.stdout)}.abc"
    live = tmp_path / f"{SCRATCH_PREFIX}{os.getpid()}.def"
    for d in (stale, live):
        d.mkdir()
        (d / "CURRENT").write_text("x")
    _remove_stale_scratch(tmp_path)
    assert not stale.exists() and live.exists()
