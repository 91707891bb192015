"""A real Oxigraph SPARQL server on a free loopback port: served stores, standard clients, push.

No model: the stores are built from hand-made extractions. Every server is a real ``oxigraph``
process started and stopped by the test; served stores go through graphkit's query guard
(:class:`GuardedServer`, what ``graphkit serve`` runs), so the clients below prove it passes the
protocols through unchanged.
"""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request

import pyoxigraph as ox
import pytest
import rdflib

from graphkit.errors import GraphkitError, StoreError
from graphkit.rdf.build import IRIs
from graphkit.rdf.store import GraphStore, article_rdf
from graphkit.server import GuardedServer, OxigraphServer, push, query_endpoint, store_graphs
from tests.factories import TEXT, sample_extraction

pytestmark = pytest.mark.server

PERSONS = "SELECT ?l WHERE { ?e a <https://w3id.org/graphkit/ontology#Person> ; <http://www.w3.org/2000/01/rdf-schema#label> ?l } ORDER BY ?l"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("served") / "store"
    with GraphStore(path, writable=True) as st:
        st.write(
            [
                article_rdf(sample_extraction("a1"), IRIs()),
                article_rdf(sample_extraction("a2", TEXT.replace("denies", "denies, again,")), IRIs()),
            ]
        )
    return path


@pytest.fixture(scope="module")
def server(store):
    with GuardedServer(store=store, port=0, timeout=30) as s:
        yield s


def get_json(url: str) -> dict:
    req = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.loads(r.read())


def test_serves_the_store_read_only_on_loopback(server, store):
    assert server.host == "127.0.0.1" and server.query_url.startswith("http://127.0.0.1:")
    data = get_json(server.query_url + "?query=" + urllib.parse.quote(PERSONS))
    assert [b["l"]["value"] for b in data["results"]["bindings"]] == ["Bakhtawar", "Massoud"]
    # the default graph is the merge (no duplicates although both articles name them), GRAPH ?g the articles
    n = get_json(
        server.query_url
        + "?query="
        + urllib.parse.quote("SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    )
    assert n["results"]["bindings"][0]["n"]["value"] == "2"
    for url, body, ctype, method in [
        (server.update_url, b"DELETE WHERE { ?s ?p ?o }", "application/sparql-update", "POST"),
        (server.store_url + "?default", b"<urn:a> <urn:b> <urn:c> .", "application/n-triples", "PUT"),
    ]:
        req = urllib.request.Request(url, data=body, headers={"Content-Type": ctype}, method=method)
        with pytest.raises(urllib.error.HTTPError) as e:
            urllib.request.urlopen(req, timeout=10)
        assert e.value.code == 403
    with GraphStore(store) as st:  # nothing changed
        assert st.stats()["articles"] == 2
    # the server listens on loopback only: the machine's other addresses are refused
    import socket

    other = socket.gethostbyname(socket.gethostname())
    if not other.startswith("127."):
        with pytest.raises(OSError), socket.create_connection((other, server.port), timeout=2):
            pass


def test_a_build_cannot_write_the_store_while_it_is_served(server, store):
    with pytest.raises(StoreError, match="busy"):
        GraphStore(store, writable=True)


def test_standard_clients_sparqlwrapper_and_rdflib_sparqlstore(server):
    from SPARQLWrapper import JSON, SPARQLWrapper

    sw = SPARQLWrapper(server.query_url)
    sw.setQuery(PERSONS)
    sw.setReturnFormat(JSON)
    rows = sw.query().convert()["results"]["bindings"]
    assert [r["l"]["value"] for r in rows] == ["Bakhtawar", "Massoud"]

    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    g = rdflib.Graph(store=SPARQLStore(server.query_url))
    assert [str(r[0]) for r in g.query(PERSONS)] == ["Bakhtawar", "Massoud"]
    assert (None, rdflib.RDFS.label, rdflib.Literal("Taliban")) in g


def test_graphkit_named_queries_over_http(server):
    from graphkit.queries import bind, get
    from graphkit.querying.engines import run

    # an endpoint cannot take bindings: the value goes as one escaped literal in the text, and the
    # parameter's column (the query returns it for Oxigraph's sake) is left out of the answer
    out = run(bind(get("claims-by-speaker"), {"speaker": "MASSOUD"}), endpoint=server.query_url)
    assert out.kind == "SELECT" and len(out.rows) == 2 and "speaker" not in out.variables
    assert {str(r[out.variables.index("factuality")]) for r in out.rows} == {"denied"}
    assert query_endpoint(server.query_url, "ASK { ?e a <https://w3id.org/graphkit/ontology#Event> }").boolean
    with pytest.raises(GraphkitError, match="read-only"):
        query_endpoint(server.query_url, "DELETE WHERE { ?s ?p ?o }")


def test_push_replaces_one_graph_per_article(store, tmp_path):
    with OxigraphServer(store=None, port=0) as target:  # an empty, writable in-memory server
        with GraphStore(store) as st:
            want = {q for q in st.oxigraph if not isinstance(q.graph_name, ox.DefaultGraph)}
            result = push(store_graphs(st), target.store_url)
            assert result.graphs == 2 and not result.failed
            again = push(store_graphs(st), target.store_url)  # idempotent: PUT replaces
            assert again.graphs == result.graphs
        dump = urllib.request.urlopen(
            urllib.request.Request(target.store_url, headers={"Accept": "application/n-quads"}), timeout=10
        ).read()
        got = {
            q for q in ox.parse(dump, ox.RdfFormat.N_QUADS) if not isinstance(q.graph_name, ox.DefaultGraph)
        }
        assert got == want
    with pytest.raises(GraphkitError, match="cannot reach"):
        push(iter([("http://example.org/g", b"")]), target.store_url)


def test_serve_and_push_commands(store, tmp_path):
    """The CLI as a user runs it: serve (a child process we stop), query it, push a TriG file to it."""
    from graphkit.server import free_port

    trig = tmp_path / "g.trig"
    with GraphStore(store) as st:
        st.export(trig, "trig")
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "graphkit", "serve", "--store", str(store), "--port", str(port)],
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = proc.stderr.readline()
        assert f"http://127.0.0.1:{port}/query" in line and "read-only" in line
        r = subprocess.run(
            [sys.executable, "-m", "graphkit", "query", "--endpoint", f"http://127.0.0.1:{port}/query",
             "--name", "actors-of-event-type", "--param", "type=defection", "--format", "csv"],
            capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        assert r.returncode == 0, r.stderr
        assert "Bakhtawar,Person,agent" in r.stdout.replace("\r", "")
    finally:
        proc.terminate()
        proc.wait(10)
    with OxigraphServer(store=None, port=0) as target:
        r = subprocess.run(
            [sys.executable, "-m", "graphkit", "push", str(trig), "--endpoint", target.store_url],
            capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        assert r.returncode == 0, r.stderr
        assert "Pushed 2 graph(s)" in r.stdout


def test_writes_go_through_the_guard_when_writable(tmp_path, store):
    """--writable: SPARQL UPDATE and Graph Store writes reach Oxigraph through the guard (PUT bodies
    streamed, in one piece or in chunks), and what was written is what is read back."""
    path = tmp_path / "writable"
    with GraphStore(path, writable=True) as st:
        st.write([article_rdf(sample_extraction("w1"), IRIs())])
    with GuardedServer(store=path, port=0, writable=True, timeout=30) as s:
        req = urllib.request.Request(
            s.update_url,
            data=b"INSERT DATA { GRAPH <http://example.org/g> { <urn:a> <urn:b> 'c' } }",
            headers={"Content-Type": "application/sparql-update"},
            method="POST",
        )
        with urllib.request.urlopen(req, timeout=10) as r:
            assert r.status in (200, 204)
        ask = "ASK { GRAPH <http://example.org/g> { <urn:a> <urn:b> 'c' } }"
        assert get_json(s.query_url + "?query=" + urllib.parse.quote(ask))["boolean"] is True
        with GraphStore(store) as st:
            result = push(store_graphs(st), s.store_url)  # PUT, Content-Length bodies
        assert result.graphs == 2 and not result.failed
        chunks = iter([b"<urn:x> <urn:y> ", b"<urn:z> .\n"])  # no length: sent chunked
        req = urllib.request.Request(
            s.store_url + "?graph=" + urllib.parse.quote("http://example.org/chunked", safe=""),
            data=chunks,
            headers={"Content-Type": "application/n-triples", "Transfer-Encoding": "chunked"},
            method="PUT",
        )
        with urllib.request.urlopen(req, timeout=10) as r:
            assert r.status in (200, 201, 204)
        req = urllib.request.Request(
            s.store_url + "?graph=" + urllib.parse.quote("http://example.org/chunked", safe=""),
            headers={"Accept": "application/n-triples"},
        )
        with urllib.request.urlopen(req, timeout=10) as r:
            assert r.read() == b"<urn:x> <urn:y> <urn:z> .\n"
        n = get_json(
            s.query_url
            + "?query="
            + urllib.parse.quote("SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        )
        assert int(n["results"]["bindings"][0]["n"]["value"]) >= 4  # w1, g, the 2 pushed, chunked
