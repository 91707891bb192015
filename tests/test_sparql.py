"""graphkit query on hand-built graphs: formats, one-line errors, read-only and no SERVICE by default."""

import json

import pytest

from graphkit.errors import QueryError
from graphkit.rdf.build import to_rdf
from graphkit.sparql import format_outcome, run_query
from tests.factories import sample_extraction


@pytest.fixture(scope="module")
def ds():
    return to_rdf([sample_extraction()])


def test_select_with_predeclared_prefixes_in_three_formats(ds):
    out = run_query(ds, "SELECT ?name WHERE { ?e a gk:Person ; rdfs:label ?name } ORDER BY ?name")
    assert [str(r[0]) for r in out.rows] == ["Bakhtawar", "Massoud"]
    table = format_outcome(out, "table")
    assert "Bakhtawar" in table and "(2 rows)" in table
    assert format_outcome(out, "csv").splitlines() == ["name", "Bakhtawar", "Massoud"]
    data = json.loads(format_outcome(out, "json"))
    assert data["head"]["vars"] == ["name"] and data["results"]["bindings"][0]["name"]["value"] == "Bakhtawar"


def test_ask_construct_describe(ds):
    assert run_query(ds, "ASK { ?e rdfs:label 'Taliban' }").boolean is True
    g = run_query(ds, "CONSTRUCT { ?e rdfs:label ?l } WHERE { ?e a gk:Organisation ; rdfs:label ?l }").graph
    assert len(g) == 1
    d = run_query(ds, "DESCRIBE <https://w3id.org/graphkit/data/entity/org/taliban>").graph
    assert len(d) > 3
    assert "@prefix" in format_outcome(
        run_query(ds, "DESCRIBE <https://w3id.org/graphkit/data/entity/org/taliban>")
    )


def test_syntax_error_is_one_line_with_position(ds):
    with pytest.raises(QueryError) as err:
        run_query(ds, "SELECT ?x WHERE {\n  ?x a gk:Person .\n  FILTER( }")
    msg = str(err.value)
    assert "\n" not in msg and "line 3" in msg and "column" in msg


def test_updates_are_refused_unless_allowed(ds):
    with pytest.raises(QueryError, match="read-only"):
        run_query(ds, "PREFIX x: <http://x/> INSERT DATA { x:a x:b x:c }")
    with pytest.raises(QueryError, match="read-only"):
        run_query(ds, "DELETE WHERE { ?s ?p ?o }")
    before = len(ds)
    run_query(ds, "INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }", allow_update=True)
    assert len(ds) == before + 1


def test_service_is_refused_unless_allowed(ds):
    with pytest.raises(QueryError, match="SERVICE"):
        run_query(ds, "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }")
