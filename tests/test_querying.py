"""graphkit.querying.check, the one query policy, on hand-written texts (no engine, no server)."""

from __future__ import annotations

import pytest

from graphkit.errors import QueryError
from graphkit.querying import Policy, check

RDFLIB = Policy(fetches_from=True)
OXIGRAPH = Policy(use_parser=False)


@pytest.mark.parametrize("policy", [RDFLIB, OXIGRAPH], ids=["rdflib", "tokens"])
def test_kinds(policy):
    assert check("PREFIX x: <http://x/> SELECT * WHERE { ?s ?p ?o }", policy).kind == "SELECT"
    assert check("# INSERT\nASK { ?s ?p 'DELETE' }", policy).kind == "ASK"
    assert check("CONSTRUCT WHERE { ?s ?p ?o }", policy).kind == "CONSTRUCT"
    assert check("DESCRIBE <http://x>", policy).kind == "DESCRIBE"
    up = Policy(allow_update=True, use_parser=policy.use_parser)
    assert check("INSERT DATA { <urn:a> <urn:b> 'c' }", up).is_update


@pytest.mark.parametrize("policy", [RDFLIB, OXIGRAPH], ids=["rdflib", "tokens"])
@pytest.mark.parametrize(
    "text, word",
    [
        ("SELECT * WHERE { SERVICE <http://e/> { ?s ?p ?o } }", "SERVICE"),
        ("SELECT * WHERE { sErViCe SILENT <http://e/> { ?s ?p ?o } }", "SERVICE"),
        ("SELECT * WHERE { \\u0053ERVICE <http://e/> { ?s ?p ?o } }", "SERVICE"),
        ("SELECT * WHERE { SERVICE # comment\n <http://e/> { ?s ?p ?o } }", "SERVICE"),
        ("SELECT * WHERE { { SELECT ?s WHERE { SERVICE <http://e/> { ?s ?p ?o } } } }", "SERVICE"),
        ("SELECT * WHERE { SERVICESILENT <http://e/> { ?s ?p ?o } }", "SERVICE"),
        (
            'SELECT * WHERE { ?a ?b "x\\u0022y" . SERVICE <http://e/> { ?s ?p ?o } FILTER(?o = "z") }',
            "SERVICE",
        ),
        ("SELECT * WHERE { ?s ?p ?o LATERAL { SERVICE <http://e/> { ?o ?q ?r } } }", "SERVICE"),
    ],
)
def test_fetches_are_refused_with_one_line(policy, text, word):
    with pytest.raises(QueryError) as e:
        check(text, policy)
    assert word in str(e.value) and "--allow-service" in str(e.value) and "\n" not in str(e.value)
    assert check(text, Policy(allow_fetch=True, use_parser=policy.use_parser))  # allowed when asked


def test_updates_and_loads():
    with pytest.raises(QueryError, match="read-only .*--allow-update"):
        check("DELETE WHERE { ?s ?p ?o }")
    for text in ("LOAD <http://e/g.ttl>", "CLEARSILENTDEFAULT;LOADSILENT<http://e/g>"):
        with pytest.raises(QueryError, match="LOAD"):
            check(text, Policy(allow_update=True, use_parser=False))


def test_from_is_a_fetch_only_where_the_engine_loads_it():
    text = "SELECT * FROM NAMED <http://e/g> WHERE { GRAPH ?g { ?s ?p ?o } }"
    with pytest.raises(QueryError, match="FROM NAMED <http://e/g>.*GRAPH <graph-iri>"):
        check(text, RDFLIB)
    assert check(text, OXIGRAPH).kind == "SELECT"  # Oxigraph reads FROM graphs from the store


def test_no_false_alarms_in_strings_iris_comments_and_names():
    for text in (
        "# SERVICE <http://e/> { }\nASK { ?s ?p ?o }",
        "SELECT * WHERE { ?s ?p 'SERVICE <http://e/> { }' }",
        "SELECT ?service WHERE { ?service <http://example.org/SERVICE> ?load }",
        "SELECT * WHERE { ?s ex:LOAD ?o }",
    ):
        assert check(text, OXIGRAPH)
