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


# --------------------------------------------------------------------------- the Python examples run


def python_blocks(path: Path) -> list[str]:
    return re.findall(r"```python\n(.*?)```", path.read_text(encoding="utf-8"), re.S)


@pytest.mark.slow
def test_the_readme_python_examples_run(tmp_path, monkeypatch):
    """Every ```python block of the README, in order, in one namespace, from a folder holding the samples
    as ``data/`` (the examples write ``out/`` there, never into the repository)."""
    blocks = python_blocks(ROOT / "README.md")
    assert blocks and any("graphkit.to_pyvis" in b for b in blocks)
    (tmp_path / "data").symlink_to(ROOT / "data", target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    namespace: dict = {"__name__": "readme"}
    for code in blocks:
        exec(compile(code, "README.md", "exec"), namespace)  # noqa: S102 - the README's own examples
    assert (tmp_path / "out" / "taliban.html").read_text(encoding="utf-8").count("</script>") == 3
    assert "added by hand" in (tmp_path / "out" / "taliban.html").read_text(encoding="utf-8")
    assert namespace["out"].kind == "SELECT" and namespace["out"].rows


PUBLIC_MODULES = [  # the modules behind graphkit.__all__ that carry examples
    "graphkit",
    "graphkit.analysis",
    "graphkit.analysis.measures",  # the package's modules whose functions carry examples
    "graphkit.analysis.network",
    "graphkit.analysis.read",
    "graphkit.analysis.report",
    "graphkit.analysis.writers",
    "graphkit.ingest",
    "graphkit.notebook",
    "graphkit.rdf.store",
    "graphkit.visualise",
]


@pytest.mark.parametrize("name", PUBLIC_MODULES)
def test_docstring_examples_of_the_public_modules_run(name):
    import doctest
    import importlib

    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0, name
