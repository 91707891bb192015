"""The public surface is small and pinned: changing it is a deliberate act.

``__all__``, the README's table of public names and what each name *is* are checked here, in fresh
interpreters: a name must mean the same before and after any of graphkit's modules is imported (the bug
this pins: ``graphkit.extract`` was the function on first access and the subpackage after ``import
graphkit.extract``, so ``graphkit.extract(articles)`` raised ``TypeError: 'module' object is not callable``).
No public name is also the name of a submodule of graphkit: the stages live in ``graphkit.extraction`` and
``graphkit.analysis``.
"""

import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import graphkit

ROOT = Path(__file__).resolve().parent.parent
PUBLIC = [
    "Article",
    "Extraction",
    "GraphFileError",
    "GraphStore",
    "GraphkitError",
    "InputError",
    "ModelNotFoundError",
    "QueryError",
    "Settings",
    "StoreError",
    "UnknownNodeError",
    "__version__",
    "analyse",
    "build",
    "entity_network",
    "event_network",
    "extract",
    "load_graph",
    "named_query",
    "query",
    "read_articles",
    "show",
    "to_pyvis",
    "to_rdf",
    "write_map",
]


def run(code: str, cwd: Path | None = None) -> str:
    r = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, cwd=cwd, timeout=300
    )
    assert r.returncode == 0, r.stderr[-3000:]
    return r.stdout


def test_public_api_is_pinned():
    assert sorted(graphkit.__all__) == sorted(PUBLIC)
    for name in graphkit.__all__:
        assert getattr(graphkit, name) is not None


def readme_api_names() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## Python API\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\| `graphkit\.(\w+)", section, re.M)


def test_readme_lists_exactly_the_public_names():
    names = readme_api_names()
    assert len(names) == len(set(names))
    assert sorted(names) == sorted(graphkit.__all__)


CALL_EVERY_NAME = """
    import importlib, inspect, json, pkgutil, sys, tempfile, types
    from pathlib import Path
    import graphkit

    first = {n: getattr(graphkit, n) for n in graphkit.__all__}  # before any submodule is imported
    # import every module of graphkit (the CLI's __main__ aside: importing it runs the CLI)
    for m in pkgutil.walk_packages(graphkit.__path__, "graphkit."):
        if not m.name.endswith("__main__"):
            importlib.import_module(m.name)
    changed = [n for n in graphkit.__all__ if getattr(graphkit, n) is not first[n]]
    assert not changed, f"names that changed meaning after an import: {changed}"
    modules = [n for n in graphkit.__all__ if isinstance(getattr(graphkit, n), types.ModuleType)]
    assert not modules, f"public names that are modules: {modules}"
    assert graphkit.extract is graphkit.extraction.extract and graphkit.analyse is graphkit.analysis.analyse

    tmp = Path(tempfile.mkdtemp())
    (tmp / "a.txt").write_text("Zalmay Khalilzad met Abdul Ghani Baradar in Doha on Sunday.\\n")
    arts = list(graphkit.read_articles(tmp / "a.txt"))
    assert isinstance(arts[0], graphkit.Article)
    assert inspect.isgenerator(graphkit.extract(arts))  # a stream: nothing parsed until it is read
    assert inspect.signature(graphkit.extract).parameters.keys() >= {"articles", "settings"}
    ds = graphkit.to_rdf([])
    (tmp / "g.trig").write_text(ds.serialize(format="trig"))
    ds = graphkit.load_graph(tmp / "g.trig")
    report = graphkit.analyse(ds)
    assert report.counts["entities"] == {} and report.top_actors == () and type(report).__name__ == "Report"
    assert json.loads(report.to_json())["timeline"] == []
    assert graphkit.entity_network(ds).number_of_nodes() == 0 == graphkit.event_network(ds).number_of_nodes()
    out = graphkit.query(ds, "SELECT ?s WHERE { ?s a gk:Person }")
    assert out.kind == "SELECT" and out.rows == ()
    assert graphkit.query(tmp / "g.trig", "ASK { ?s ?p ?o }").boolean is False
    assert graphkit.named_query(ds, "actor-timeline", actor="Taliban").rows == ()
    net = graphkit.to_pyvis(ds, title="t")
    assert isinstance(net, importlib.import_module("pyvis.network").Network)
    assert graphkit.write_map(net, tmp / "m.html").read_text().count("</script>") == 3
    assert graphkit.show(ds)._repr_html_().startswith("<iframe srcdoc=")
    store = graphkit.GraphStore(None)
    assert store.query("ASK { ?s ?p ?o }").boolean is False
    assert graphkit.Settings().with_(workers=1).workers == 1
    for err in (graphkit.GraphkitError, graphkit.InputError, graphkit.GraphFileError, graphkit.QueryError,
                graphkit.StoreError, graphkit.ModelNotFoundError, graphkit.UnknownNodeError):
        assert issubclass(err, graphkit.GraphkitError)
    try:
        graphkit.build(tmp / "no-such-folder", tmp / "out")
    except graphkit.GraphkitError as e:
        assert "no-such-folder" in str(e)
    else:
        raise AssertionError("build of a missing folder must fail with a GraphkitError")
    assert isinstance(graphkit.Extraction, type) and isinstance(graphkit.__version__, str)
    print("ok")
"""


def test_every_public_name_after_every_import():
    """Import all of graphkit first, then use each public name: none has turned into a module."""
    assert run(CALL_EVERY_NAME).strip().endswith("ok")


def test_extract_is_the_function_on_every_access():
    """The bug as a notebook user met it, in a fresh interpreter: a second call after an import."""
    out = run(
        """
        import inspect
        import graphkit
        a = graphkit.extract
        print(list(a([])))
        import graphkit.extraction.labels
        from graphkit.extraction import labels
        import graphkit.analysis as analysis_module
        from graphkit import analyse
        b = graphkit.extract
        print(a is b, inspect.isfunction(b), analyse is graphkit.analyse is analysis_module.analyse)
        print(list(graphkit.extract([])), inspect.isfunction(graphkit.analyse))
        """
    )
    assert out.split() == ["[]", "True", "True", "True", "[]", "True"]


def test_submodules_imported_first_do_not_rebind_a_public_name():
    out = run(
        """
        import graphkit.extraction.labels, graphkit.analysis, graphkit.visualise, graphkit.notebook
        import graphkit, inspect
        print(*(inspect.isfunction(getattr(graphkit, n)) for n in ("extract", "analyse", "to_pyvis", "show")))
        """
    )
    assert out.split() == ["True"] * 4


def test_no_public_name_is_a_submodule_name():
    """A module ``graphkit.<public name>`` (even a leftover folder of ``__pycache__``, which Python imports as
    a namespace package) would rebind the name when imported."""
    import importlib.util

    clashes = [n for n in graphkit.__all__ if importlib.util.find_spec(f"graphkit.{n}") is not None]
    assert not clashes, f"remove or rename graphkit/{clashes[0]}: it shadows the public name on import"


def test_import_is_light():
    """Importing graphkit must not load spaCy (work at import time is a trap kglab fell into)."""
    code = "import sys, graphkit; print('spacy' in sys.modules, 'rdflib' in sys.modules)"
    assert run(code).split() == ["False", "False"]


def test_version_single_source():
    from importlib.metadata import version

    assert version("graphkit") == graphkit.__version__


def test_a_network_already_made_takes_no_map_options(tmp_path):
    import rdflib

    net = graphkit.to_pyvis(rdflib.Dataset())
    for call in (
        lambda: graphkit.show(net, focus="Taliban"),
        lambda: graphkit.write_map(net, tmp_path / "m.html", hops=2),
    ):
        with pytest.raises(graphkit.GraphkitError, match="to_pyvis"):
            call()
    with pytest.raises(graphkit.GraphkitError, match="graph, not from its report"):
        graphkit.to_pyvis(graphkit.analyse(rdflib.Dataset()))


def test_a_networks_show_in_a_notebook_writes_nothing(tmp_path, monkeypatch):
    """pyvis's ``Network.show(name, notebook=True)`` writes ``name`` (and maybe ``lib/``) into the working
    directory; graphkit's Network shows the same page inline and writes nothing."""
    import html

    from pyvis.network import Network

    from graphkit.rdf.build import to_rdf
    from tests.factories import sample_extraction

    monkeypatch.chdir(tmp_path)
    net = graphkit.to_pyvis(to_rdf([sample_extraction()]), title="shown")
    assert isinstance(net, Network)
    net.toggle_physics(False)  # a pyvis user's change shows in what is displayed
    net.add_node("hand", label="added by hand")
    for shown in (net.show("map.html", notebook=True), net.show(), net):
        page = shown._repr_html_()
        assert page.startswith("<iframe srcdoc=") and 'sandbox="allow-scripts"' in page
        inner = html.unescape(page.split('srcdoc="', 1)[1].split('" sandbox', 1)[0])
        assert inner == net.generate_html() and "added by hand" in inner and "Bakhtawar" in inner
        assert '"physics":{"enabled":false' in inner
    assert list(tmp_path.iterdir()) == []  # nothing written into the working directory
    assert graphkit.visualise.MapNetwork is type(net)  # the class has a name to import
