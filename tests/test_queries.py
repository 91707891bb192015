"""The named query library: every query runs on the sample graph and says what the articles say.

The sample graph is the session build of data/articles (the real model). Queries run in Oxigraph
(as ``graphkit query --name`` does for files and stores); the ones rdflib can evaluate in reasonable
time are checked to give the same rows in rdflib.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
import rdflib
from rdflib import Literal, URIRef
from rdflib.namespace import RDFS

import graphkit
from graphkit.errors import QueryError
from graphkit.queries import bind, get, inline, library, parse, parse_assignments, with_prefixes
from graphkit.querying.policy import sparql_keywords
from graphkit.rdf.namespaces import GK
from graphkit.rdf.nquads import term as nq_term
from graphkit.rdf.store import GraphStore
from graphkit.sparql import run_query

pytestmark = pytest.mark.model

EXPECTED = {
    "actors-of-event-type", "actor-timeline", "affiliations", "claims-by-speaker",
    "events-by-place-and-month", "co-mentioned-actors", "paths-between-actors",
}  # fmt: skip


@pytest.fixture(scope="module")
def samples(sample_build):
    st = GraphStore.from_files(sample_build.files["trig"])
    yield st
    st.close()


def rows(outcome) -> list[dict[str, str]]:
    return [
        {v: str(x) for v, x in zip(outcome.variables, r, strict=True) if x is not None} for r in outcome.rows
    ]


def run(st, name, **params):
    b = bind(get(name), params)
    return rows(st.query(b.text, bindings=b.values()))


def test_the_library_has_every_query_documented():
    lib = library()
    assert set(lib) >= EXPECTED
    for q in lib.values():
        assert q.title and q.description, q.name
        assert q.example.startswith("graphkit query") and f"--name {q.name}" in q.example, q.name
        for p in q.params:
            assert p.description, (q.name, p.name)
            assert f"?{p.name}" in q.text, (q.name, p.name)


def test_actors_of_an_event_type(samples):
    out = run(samples, "actors-of-event-type", type="defection")
    by_name = {(r["name"], r["role"]) for r in out}
    assert ("Abdul Jalil Bakhtawar", "agent") in by_name
    assert ("Taliban", "recipient") in by_name
    # a broader type includes its narrower types: "yield" covers surrender, withdrawal, desertion
    yielding = run(samples, "actors-of-event-type", type="yield")
    surrender = run(samples, "actors-of-event-type", type="surrender")
    assert {r["actor"] for r in surrender} <= {r["actor"] for r in yielding}
    assert run(samples, "actors-of-event-type", type="defection", factuality="hypothetical") == []


def test_an_actors_timeline(samples):
    out = run(samples, "actor-timeline", actor="bakhtawar")  # an alias, any case
    kinds = {(r["eventType"], r["factuality"]) for r in out}
    assert ("defection", "asserted") in kinds and ("defection", "denied") in kinds
    assert all(r["sentence"] for r in out)
    dated = [r["date"] for r in run(samples, "actor-timeline", actor="Taliban") if r["date"]]
    assert dated == sorted(dated)


def test_who_is_affiliated_with_whom(samples):
    out = run(samples, "affiliations", actor="atlantic council")
    assert any(r["subject"] == "Kamal Alam" and r["object"] == "Atlantic Council" for r in out)
    everyone = run(samples, "affiliations")
    assert any(
        r["subject"] == "Enayat Najafizada" and r["object"] == "Institute of War and Peace Studies"
        for r in everyone
    )
    assert len(everyone) > len(out)


def test_claims_by_speaker_and_whether_they_were_denied(samples):
    out = run(samples, "claims-by-speaker", speaker="Massoud")
    denial = [r for r in out if r["factuality"] == "denied"]
    assert denial and "defection" in denial[0]["content"] and denial[0]["denied"] == "true"
    assert {r["saidBy"] for r in out} == {"Massoud"}


def test_events_by_place_and_month(samples):
    out = run(samples, "events-by-place-and-month", place="Afghanistan")
    places = {r["where"] for r in out}
    assert "Farah" in places  # Farah lies in Afghanistan
    farah = run(samples, "events-by-place-and-month", place="farah", type="defection")
    assert [(r["where"], r["eventType"]) for r in farah] == [("Farah", "defection")]
    assert run(samples, "events-by-place-and-month", month="1999-01") == []


def test_co_mentioned_actors(samples):
    out = run(samples, "co-mentioned-actors", actor="Abdul Jalil Bakhtawar")
    names = {r["name"] for r in out}
    assert {"Taliban", "Massoud"} <= names
    assert "Abdul Jalil Bakhtawar" not in names


def test_paths_between_two_actors(samples):
    out = run(samples, "paths-between-actors", **{"from": "Massoud", "to": "Taliban"})
    assert out and out[0]["hops"] == "2" and out[0]["via1"] == "Abdul Jalil Bakhtawar"
    assert [int(r["hops"]) for r in out] == sorted(int(r["hops"]) for r in out)


@pytest.mark.parametrize(
    "name,params",
    [
        ("actors-of-event-type", {"type": "defection"}),
        ("actor-timeline", {"actor": "Taliban"}),
        ("affiliations", {}),
        ("claims-by-speaker", {"speaker": "Massoud"}),
        ("events-by-place-and-month", {"place": "Afghanistan"}),
    ],
)
def test_rdflib_gives_the_same_rows(samples, sample_graph, name, params):
    b = bind(get(name), params)
    ox_rows = samples.query(b.text, bindings=b.values()).rows
    assert ox_rows  # (the comparison means something)
    assert sorted(map(str, run_query(sample_graph, b.text, bindings=b.values()).rows)) == sorted(
        map(str, ox_rows)
    )


def test_parameters_are_checked_and_bound_safely():
    q = get("actor-timeline")
    with pytest.raises(QueryError, match="needs --param actor"):
        bind(q, {})
    with pytest.raises(QueryError, match="no parameter 'who'"):
        bind(q, {"who": "x"})
    with pytest.raises(QueryError, match="give a name"):
        bind(q, {"actor": "  "})
    b = bind(q, {"actor": 'x" } ; DROP ALL ; #'})  # a value is one literal, whatever it holds
    assert b.text == q.text and b.values() == {"actor": Literal('x" } ; drop all ; #')}
    with pytest.raises(QueryError, match="not an event type"):
        bind(get("actors-of-event-type"), {"type": "picnic"})
    with pytest.raises(QueryError, match="YYYY-MM"):
        bind(get("events-by-place-and-month"), {"month": "June"})
    with pytest.raises(QueryError, match="asserted, denied"):
        bind(get("actors-of-event-type"), {"type": "attack", "factuality": "maybe"})
    assert bind(get("paths-between-actors"), {"from": "a", "to": "b", "steps": "+3"}).values()[
        "steps"
    ] == Literal(3)
    with pytest.raises(QueryError, match="whole number"):
        bind(get("paths-between-actors"), {"from": "a", "to": "b", "steps": "3 } UNION {"})
    assert parse_assignments(["a=b=c", "x="]) == {"a": "b=c", "x": ""}
    with pytest.raises(QueryError, match="NAME=VALUE"):
        parse_assignments(["oops"])


HOSTILE = "x\" } SERVICE <http://example.org/sparql> { ?s ?p ?o } . ?who gk:nameKey ?k #'{"


@pytest.mark.parametrize("name,param", [("actor-timeline", "actor"), ("affiliations", "actor"),
                                        ("co-mentioned-actors", "actor"), ("events-by-place-and-month", "place")])  # fmt: skip
def test_a_hostile_value_is_one_literal_that_finds_nothing(samples, sample_graph, name, param):
    """Quotes, braces, a SERVICE clause: bound as a value, it is a name nobody has (the query's text
    is the library's, unchanged); written into text for an endpoint, it is one escaped literal."""
    b = bind(get(name), {param: HOSTILE})
    assert b.text == get(name).text and b.values()[param] == Literal(HOSTILE.lower())
    assert samples.query(b.text, bindings=b.values()).rows == ()  # Oxigraph: SERVICE would be refused
    # rdflib: nothing found (for the nested aggregate of events-by-place-and-month rdflib answers an empty
    # input with one row of unbound keys and zero counts, as it did when the value was a VALUES block)
    assert all(r[0] is None for r in run_query(sample_graph, b.text, bindings=b.values()).rows)  # rdflib
    text = b.inline()
    assert "SERVICE" not in sparql_keywords(text)  # the policy sees no SERVICE: it is inside the literal
    assert samples.query(text).rows == ()
    assert text.count(nq_term(Literal(HOSTILE.lower()))) >= 2  # in the SELECT list and in the pattern


def test_inline_text_means_what_substitution_means(samples):
    """What Oxigraph and endpoints run (:func:`inline`): each value written as its term, in triple
    patterns, in the query's SELECT list (``(TERM AS ?from)``; a subquery's drops it) and in GROUP BY;
    it gives the rows SEP-0007 substitution (pyoxigraph's ``substitutions``) gives."""
    import pyoxigraph as ox

    from graphkit.rdf.namespaces import PREFIXES
    from graphkit.rdf.store import from_rdflib, to_rdflib

    b = bind(get("paths-between-actors"), {"from": "massoud", "to": "Taliban"})
    text = b.inline()
    assert text.count('gk:nameKey "massoud"') == 3 and text.count('("massoud" AS ?from)') == 1
    assert "VALUES" not in text and "?from" not in text.replace("AS ?from", "")
    assert '("2"^^<http://www.w3.org/2001/XMLSchema#integer> AS ?steps)' in text  # a default value
    prefixes = {k: str(v) for k, v in PREFIXES.items()}
    for name, params in [("paths-between-actors", {"from": "massoud", "to": "Taliban"}),
                         ("events-by-place-and-month", {"place": "Afghanistan", "type": "defection"}),
                         ("events-by-place-and-month", {}), ("actors-of-event-type", {"type": "yield"}),
                         ("affiliations", {"actor": "Atlantic Council"}), ("actor-timeline", {"actor": "taliban"})]:  # fmt: skip
        b = bind(get(name), params)
        subs = {ox.Variable(k): from_rdflib(v) for k, v in b.values().items()}
        result = samples.oxigraph.query(b.text, prefixes=prefixes, substitutions=subs or None)
        want = sorted(
            str(tuple(to_rdflib(r[v]) for v in result.variables if v.value not in b.values())) for r in result
        )
        got = samples.query(b.text, bindings=b.values())
        assert want and want == sorted(map(str, got.rows)), name
    assert inline("SELECT ?a ?x WHERE { ?a ?p ?x } GROUP BY ?a ?x ORDER BY ?x", {"x": Literal("v")}) == (
        'SELECT ?a ("v" AS ?x) WHERE { ?a ?p "v" } GROUP BY ?a ("v") ORDER BY ("v")'
    )


def test_names_match_in_any_case_and_old_graphs_are_told_to_rebuild(samples):
    assert run(samples, "claims-by-speaker", speaker="mAsSoUd") == run(
        samples, "claims-by-speaker", speaker="Massoud"
    )
    old = rdflib.Dataset()  # a graph written before gk:nameKey: an entity with a label and no key
    e = URIRef("http://example.org/e")
    old.add((e, RDFS.label, Literal("Taliban")))
    old.add((e, GK.canonicalKey, Literal("taliban")))
    with pytest.raises(QueryError, match="gk:nameKey.*rebuild"):
        graphkit.named_query(old, "actor-timeline", actor="Taliban")
    assert graphkit.named_query(old, "affiliations").rows == ()  # no name given: nothing to check


def test_a_bad_header_is_reported(tmp_path):
    bad = tmp_path / "x.rq"
    with pytest.raises(QueryError, match="bad parameter line"):
        parse("# Title\n# @param who person required the actor\nSELECT * WHERE { ?s ?p ?o }", bad)
    with pytest.raises(QueryError, match="'who' must be in the query's SELECT list"):
        parse("# Title\n# @param who name required the actor\nSELECT ?s WHERE { ?s gk:nameKey ?who }", bad)


def test_with_prefixes_declares_only_what_is_used():
    text = with_prefixes(
        "PREFIX gk: <urn:x#>\nSELECT * WHERE { ?s gk:a/nif:b ?o ; rdfs:label 'skos:x' . ?o <urn:sem:y> 1 }"
    )
    assert "PREFIX rdfs:" in text and "PREFIX nif:" in text and text.count("PREFIX gk:") == 1
    assert "PREFIX skos:" not in text and "PREFIX sem:" not in text  # only in a string and an IRI


def test_cli_lists_shows_and_runs_named_queries(sample_build):
    def gk(*args):
        return subprocess.run(
            [sys.executable, "-m", "graphkit", *map(str, args)], capture_output=True, text=True
        )

    r = gk("queries")
    assert r.returncode == 0 and all(name in r.stdout for name in EXPECTED)
    r = gk("query", "--name", "actors-of-event-type", "--param", "type=defection", "--show")
    assert (
        "(<https://w3id.org/graphkit/event-type/defection> AS ?type)" in r.stdout and "PREFIX gk:" in r.stdout
    )
    r = gk(
        "query",
        sample_build.files["trig"],
        "--name",
        "claims-by-speaker",
        "-p",
        "speaker=Massoud",
        "--format",
        "json",
    )
    assert r.returncode == 0, r.stderr
    assert '"denied"' in r.stdout
    r = gk("query", sample_build.files["trig"], "--name", "actor-timeline")
    assert r.returncode == 1 and "needs --param actor" in r.stderr and "Traceback" not in r.stderr
