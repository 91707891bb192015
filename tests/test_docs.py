"""The documentation's queries run and answer on the sample graph (the README is the user's manual)."""

import re
from pathlib import Path

import pytest

from graphkit.rdf.io import add_ontology, load_graph
from graphkit.sparql import run_query

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.model


def sparql_blocks(path: Path) -> list[str]:
    return re.findall(r"```sparql\n(.*?)```", path.read_text(encoding="utf-8"), re.S)


@pytest.fixture(scope="module")
def graph_with_ontology(sample_build):
    return add_ontology(load_graph(sample_build.files["trig"]))


@pytest.mark.parametrize("doc", ["ontologies/README.md", "README.md"])
def test_every_documented_query_answers(graph_with_ontology, doc):
    blocks = sparql_blocks(ROOT / doc)
    assert len(blocks) >= 3, doc
    for q in blocks:
        out = run_query(graph_with_ontology, q)
        assert out.rows or out.boolean or (out.graph is not None and len(out.graph)), q
