"""The named query library: every query runs on the sample graph and says what the articles say.

The sample graph is the session build of data/articles (the real model). Queries run in Oxigraph
(as ``graphkit query --name`` does for files and stores); the ones rdflib can evaluate in reasonable
time are checked to give the same rows in rdflib.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from graphkit.errors import QueryError
from graphkit.queries import get, library, parse, parse_assignments, render, with_prefixes
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
    return rows(st.query(render(get(name), params)))


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
    text = render(get(name), params)
    assert sorted(map(str, run_query(sample_graph, text).rows)) == sorted(map(str, samples.query(text).rows))


def test_parameters_are_checked_and_bound_safely():
    q = get("actor-timeline")
    with pytest.raises(QueryError, match="needs --param actor"):
        render(q, {})
    with pytest.raises(QueryError, match="no parameter 'who'"):
        render(q, {"who": "x"})
    text = render(q, {"actor": 'x" } ; DROP ALL ; #'})  # a value is one literal, whatever it holds
    assert 'VALUES ?actor { "x\\" } ; DROP ALL ; #" "x\\" } ; drop all ; #" ' in text
    with pytest.raises(QueryError, match="not an event type"):
        render(get("actors-of-event-type"), {"type": "picnic"})
    with pytest.raises(QueryError, match="YYYY-MM"):
        render(get("events-by-place-and-month"), {"month": "June"})
    with pytest.raises(QueryError, match="asserted, denied"):
        render(get("actors-of-event-type"), {"type": "attack", "factuality": "maybe"})
    assert parse_assignments(["a=b=c", "x="]) == {"a": "b=c", "x": ""}
    with pytest.raises(QueryError, match="NAME=VALUE"):
        parse_assignments(["oops"])


def test_values_reach_subqueries_that_use_the_parameter_and_only_those():
    text = render(get("paths-between-actors"), {"from": "massoud", "to": "Taliban"})
    assert (
        text.count('VALUES ?from { "massoud" "MASSOUD" "Massoud" }') == 3
    )  # each subquery, not the outer WHERE
    outer = text[: text.index("SELECT", text.index("WHERE"))]
    assert "VALUES" not in outer
    assert "VALUES ?steps { 2 }" in text  # a default value


def test_a_bad_header_is_reported(tmp_path):
    bad = tmp_path / "x.rq"
    with pytest.raises(QueryError, match="bad parameter line"):
        parse("# Title\n# @param who person required the actor\nSELECT * WHERE { ?s ?p ?o }", bad)


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
    assert "VALUES ?type" in r.stdout and "PREFIX gk:" in r.stdout
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
