"""The notebooks run headless, top to bottom, on the samples, in a kernel of this very Python.

They are stored without outputs; here they are executed with nbclient in a kernel whose spec is
written to a temporary folder (so a fresh venv needs no ``ipykernel install``), and what they
show is checked.
"""

import json
import re
import sys
from pathlib import Path

import nbformat
import pytest

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
pytestmark = [pytest.mark.model, pytest.mark.slow]


@pytest.fixture(scope="module")
def kernel(tmp_path_factory):
    """A kernelspec for sys.executable, found through JUPYTER_PATH."""
    root = tmp_path_factory.mktemp("jupyter")
    spec = root / "kernels" / "graphkit-test"
    spec.mkdir(parents=True)
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    (spec / "kernel.json").write_text(
        json.dumps({"argv": argv, "display_name": "graphkit test", "language": "python"})
    )
    mp = pytest.MonkeyPatch()
    mp.setenv("JUPYTER_PATH", str(root))
    mp.setenv("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    yield "graphkit-test"
    mp.undo()


def run(name: str, kernel: str) -> nbformat.NotebookNode:
    from nbclient import NotebookClient

    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    NotebookClient(
        nb, timeout=600, kernel_name=kernel, resources={"metadata": {"path": str(NOTEBOOKS)}}
    ).execute()
    return nb


def text_of(nb) -> str:
    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            parts.append(out.get("text", ""))
            parts.extend(str(v) for k, v in out.get("data", {}).items() if k in ("text/plain", "text/html"))
    return "\n".join(parts)


@pytest.mark.parametrize("name", ["quickstart.ipynb", "analyst-tour.ipynb"])
def test_notebooks_are_stored_without_outputs(name):
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(c.outputs == [] and c.execution_count is None for c in code)
    assert not any("import graphkit." in c.source and "._" in c.source for c in code)  # public API only


def test_quickstart_runs(kernel):
    before = sorted(p.name for p in NOTEBOOKS.iterdir())
    nb = run("quickstart.ipynb", kernel)
    assert sorted(p.name for p in NOTEBOOKS.iterdir()) == before  # show() writes nothing next to the notebook
    text = text_of(nb)
    assert re.search(r"^True \d+ nodes, \d+ links$", text, re.M)  # to_pyvis gave a pyvis Network
    assert "Built 2 article(s)" in text
    assert "Massoud" in text and "deputy governor" in text  # the SPARQL table
    assert "Taliban" in text.split("betweenness", 1)[1][:600]  # among the first rows of the centrality table
    maps = [
        v
        for c in nb.cells
        for o in c.get("outputs", [])
        for k, v in o.get("data", {}).items()
        if k == "text/html"
    ]
    assert len(maps) == 2  # graphkit.show(net), then pyvis's net.show("map.html", notebook=True)
    for html in maps:
        assert html.startswith("<iframe srcdoc=") and "graph-data" in html and "&lt;script" in html
        assert "&quot;type&quot;:&quot;continuous&quot;" in html  # the option set on the Network shows
        assert "src=&quot;http" not in html and "&lt;link" not in html  # self-contained: nothing to fetch
    assert "added by hand" not in maps[0] and "added by hand" in maps[1]
    assert "'map.html'" in text and "'nodes.csv'" in text


def test_analyst_tour_runs(kernel):
    nb = run("analyst-tour.ipynb", kernel)
    text = text_of(nb)
    maps = [
        v
        for c in nb.cells
        for o in c.get("outputs", [])
        for k, v in o.get("data", {}).items()
        if k == "text/html"
    ]
    assert len(maps) == 1 and maps[0].startswith("<iframe srcdoc=") and "graph-data" in maps[0]
    assert "Taliban" in text.split("bridges", 1)[0][-200:]  # the first broker
    assert "Taliban → United States: shortest 1 step(s)" in text and "peace deal" in text
    assert "Massoud → " in text and "Zalmay Khalilzad" in text
    assert "disputes" in text and "his father’s defection" in text  # Massoud's denial
    assert "Id,Label,type" in text and "graph.graphml" in text
