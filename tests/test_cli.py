"""The graphkit command as a user runs it (a real subprocess)."""

import json
import subprocess
import sys

import pytest

from graphkit.rdf.build import to_rdf
from graphkit.rdf.io import write_graph
from tests.factories import sample_extraction


def gk(*args, check=True):
    return subprocess.run(
        [sys.executable, "-m", "graphkit", *map(str, args)], capture_output=True, text=True, check=check
    )


@pytest.fixture(scope="module")
def graph_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "graph.ttl"
    write_graph(to_rdf([sample_extraction()]), path)
    return path


def test_query_positional_and_formats(graph_file):
    out = gk("query", graph_file, "SELECT ?l WHERE { ?e a gk:Person ; rdfs:label ?l } ORDER BY ?l").stdout
    assert "Bakhtawar" in out and "(2 rows)" in out
    out = gk(
        "query",
        graph_file,
        "-e",
        "SELECT ?l WHERE { ?e a gk:Person ; rdfs:label ?l } ORDER BY ?l",
        "--format",
        "csv",
    ).stdout
    assert out.splitlines() == ["l", "Bakhtawar", "Massoud"]
    data = json.loads(gk("query", graph_file, "ASK { ?e a gk:Person }", "--format", "json").stdout)
    assert data["boolean"] is True


def test_query_errors_are_one_line_without_traceback(graph_file, tmp_path):
    r = gk("query", graph_file, "SELECT ?x WHERE { ?x FILTER( }", check=False)
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert (
        r.stderr.startswith("graphkit: SPARQL syntax error at line 1, column") and r.stderr.count("\n") == 1
    )
    r = gk("query", tmp_path / "missing.ttl", "ASK {}", check=False)
    assert r.returncode == 1 and "no such graph file" in r.stderr and "Traceback" not in r.stderr
    r = gk("query", graph_file, "DELETE WHERE { ?s ?p ?o }", check=False)
    assert r.returncode == 1 and "read-only" in r.stderr


def test_html_export_validate_analyse(graph_file, tmp_path):
    gk("html", graph_file, "--out", tmp_path / "m.html", "--focus", "Massoud")
    assert "graph-data" in (tmp_path / "m.html").read_text()
    r = gk("html", graph_file, "--out", tmp_path / "m.html", "--focus", "Nobody", check=False)
    assert r.returncode == 1 and "no node called 'Nobody'" in r.stderr
    gk("export", graph_file, "--out", tmp_path / "g.jsonld")
    assert json.loads((tmp_path / "g.jsonld").read_text())
    assert "Conforms" in gk("validate", graph_file).stdout
    assert "## Most central actors" in gk("analyse", graph_file).stdout


def test_build_with_nothing_to_build_fails_clearly(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    r = gk("build", tmp_path, "--out", tmp_path / "out", check=False)
    assert r.returncode == 1 and "no article could be built" in r.stderr and "empty.txt" in r.stderr
