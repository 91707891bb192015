"""Queries cannot reach out, cannot change the graph, and cannot run forever — unless the user says so.

Remote fetches are checked against a real HTTP listener on 127.0.0.1 that counts the requests it gets:
refused queries must leave it at zero, and the same query *allowed* must reach it (so each test
would fail if the refusal were missing).
"""

from __future__ import annotations

import contextlib
import http.server
import os
import subprocess
import sys
import threading
import time

import pytest

from graphkit.errors import QueryError
from graphkit.rdf.build import to_rdf
from graphkit.rdf.io import write_graph
from graphkit.sparql import call_with_timeout, run_query
from tests.factories import sample_extraction

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"


class Listener:
    """An HTTP server on a free loopback port that records every request and answers with Turtle."""

    def __init__(self) -> None:
        hits = self.hits = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                hits.append((self.command, self.path))
                body = b"<http://example.org/s> <http://example.org/p> <http://example.org/o> .\n"
                self.send_response(200)
                self.send_header("Content-Type", "text/turtle")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_POST = do_GET

            def log_message(self, *args) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def listener():
    lst = Listener()
    yield lst
    lst.close()


@pytest.fixture(scope="module")
def ds():
    return to_rdf([sample_extraction()])


def fetching_queries(url: str) -> dict[str, str]:
    e = f"<{url}/sparql>"
    return {
        "SERVICE": f"SELECT * WHERE {{ SERVICE {e} {{ ?s ?p ?o }} }}",
        "SERVICE in OPTIONAL": f"SELECT * WHERE {{ ?a ?b ?c OPTIONAL {{ SERVICE {e} {{ ?s ?p ?o }} }} }}",
        "SERVICE in a subquery": f"SELECT * WHERE {{ {{ SELECT ?s WHERE {{ SERVICE {e} {{ ?s ?p ?o }} }} }} }}",
        "SERVICE in FILTER EXISTS": f"SELECT * WHERE {{ ?a ?b ?c FILTER EXISTS {{ SERVICE {e} {{ ?s ?p ?o }} }} }}",
        "SERVICE in MINUS": f"SELECT * WHERE {{ ?a ?b ?c MINUS {{ SERVICE {e} {{ ?a ?p ?o }} }} }}",
        "SERVICE in ASK": f"ASK {{ SERVICE {e} {{ ?s ?p ?o }} }}",
        "SERVICE in CONSTRUCT": f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ service {e} {{ ?s ?p ?o }} }}",
        "FROM": f"SELECT * FROM <{url}/g.ttl> WHERE {{ ?s ?p ?o }}",
        "FROM NAMED": f"SELECT * FROM NAMED <{url}/g.ttl> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
    }


@pytest.mark.parametrize("kind", list(fetching_queries("http://x")))
def test_a_query_cannot_make_the_engine_fetch_a_url_unless_allowed(ds, listener, kind):
    q = fetching_queries(listener.url)[kind]
    with pytest.raises(QueryError, match="--allow-service"):
        run_query(ds, q)
    with pytest.raises(QueryError, match="--allow-service"):
        run_query(ds, q, timeout=10)
    assert listener.hits == []
    # allowed, the same query does reach out: the refusal above is what kept the listener quiet (the
    # listener's answer is not a SPARQL result, so the query may then fail; only the request matters)
    with contextlib.suppress(QueryError):
        run_query(ds, q, allow_service=True)
    assert listener.hits, f"{kind}: rdflib did not fetch even when allowed; this test proves nothing"


def test_an_update_cannot_fetch_either(listener):
    ds = to_rdf([sample_extraction()])
    load = f"LOAD <{listener.url}/data.ttl>"
    service = f"INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <{listener.url}/sparql> {{ ?s ?p ?o }} }}"
    using = f"INSERT {{ ?s ?p ?o }} USING <{listener.url}/g.ttl> WHERE {{ ?s ?p ?o }}"
    for q in (load, service, using):
        with pytest.raises(QueryError, match="--allow-service"):
            run_query(ds, q, allow_update=True)
    assert listener.hits == []
    for q in (load, service, using):  # allowed, each of them does reach out
        before = len(listener.hits)
        with contextlib.suppress(QueryError):
            run_query(ds, q, allow_update=True, allow_service=True)
        assert len(listener.hits) > before, q


def test_updates_are_refused_by_default_and_leave_the_graph_alone():
    ds = to_rdf([sample_extraction()])
    before = len(ds)
    for q in (
        "INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }",
        "# a comment first\nDELETE WHERE { ?s ?p ?o }",
        "PREFIX x: <http://x/>\nCLEAR ALL",
        "drop all",
        "WITH <http://x/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    ):
        with pytest.raises(QueryError, match="read-only"):
            run_query(ds, q)
    assert len(ds) == before


def test_a_runaway_query_is_stopped_at_the_time_limit(ds):
    started = time.monotonic()
    with pytest.raises(QueryError, match=r"stopped after 1\.5 s, the time limit \(raise it with --timeout"):
        run_query(ds, RUNAWAY, timeout=1.5)
    elapsed = time.monotonic() - started
    assert elapsed < 10, elapsed  # the query alone would run for hours
    import multiprocessing

    assert multiprocessing.active_children() == []  # the worker was killed, not left running


def test_answers_are_the_same_with_and_without_a_time_limit(ds):
    for q in (
        "SELECT ?l WHERE { ?e a gk:Person ; rdfs:label ?l } ORDER BY ?l",
        "ASK { ?e rdfs:label 'Taliban' }",
        "CONSTRUCT { ?e rdfs:label ?l } WHERE { ?e a gk:Organisation ; rdfs:label ?l }",
    ):
        a, b = run_query(ds, q), run_query(ds, q, timeout=30)
        assert (a.kind, a.variables, a.rows, a.boolean) == (b.kind, b.variables, b.rows, b.boolean)
        assert (a.graph is None) == (b.graph is None)
        if a.graph is not None:
            assert set(a.graph) == set(b.graph)


def test_evaluation_errors_come_back_as_one_line_from_the_worker(ds):
    with pytest.raises(QueryError) as err:
        call_with_timeout(lambda: 1 / 0, 10)
    assert str(err.value) == "the query failed: ZeroDivisionError: division by zero"


def test_a_worker_that_dies_is_reported_not_waited_for():
    with pytest.raises(QueryError, match="ended without an answer"):
        call_with_timeout(lambda: os._exit(9), 30)


def gk(*args, timeout=120):
    return subprocess.run(
        [sys.executable, "-m", "graphkit", *map(str, args)], capture_output=True, text=True, timeout=timeout
    )


@pytest.fixture(scope="module")
def graph_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("safety") / "graph.ttl"
    write_graph(to_rdf([sample_extraction()]), path)
    return path


def test_cli_timeout_is_one_line_and_exit_1(graph_file):
    started = time.monotonic()
    r = gk("query", graph_file, RUNAWAY, "--timeout", "2")
    assert time.monotonic() - started < 30
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert r.stderr.count("\n") == 1 and "stopped after 2 s, the time limit" in r.stderr


def test_cli_refuses_service_and_updates(graph_file, listener):
    r = gk("query", graph_file, f"SELECT * WHERE {{ SERVICE <{listener.url}/sparql> {{ ?s ?p ?o }} }}")
    assert r.returncode == 1 and "--allow-service" in r.stderr and r.stderr.count("\n") == 1
    r = gk("query", graph_file, f"SELECT * FROM <{listener.url}/x.ttl> WHERE {{ ?s ?p ?o }}")
    assert r.returncode == 1 and "--allow-service" in r.stderr
    assert listener.hits == []
    r = gk("query", graph_file, "INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }")
    assert r.returncode == 1 and "read-only" in r.stderr


@pytest.mark.parametrize(
    "doc",
    [
        {"@context": "{url}/ctx.jsonld", "@id": "http://example.org/a", "name": "A"},
        {"@context": [{"@vocab": "http://schema.org/"}, "{url}/ctx.jsonld"], "@id": "http://example.org/a"},
        {"@graph": [{"@context": "{url}/ctx.jsonld", "@id": "http://example.org/a", "name": "A"}]},
        {"@context": {"@import": "{url}/ctx.jsonld"}, "@id": "http://example.org/a", "name": "A"},
    ],
    ids=["context", "context in a list", "nested context", "@import"],
)
def test_opening_a_jsonld_file_fetches_nothing(tmp_path, listener, doc):
    import json

    from rdflib import Dataset

    from graphkit.errors import GraphFileError
    from graphkit.rdf.io import load_graph

    path = tmp_path / "g.jsonld"
    path.write_text(json.dumps(doc).replace("{url}", listener.url))
    with pytest.raises(GraphFileError, match="put the context inline"):
        load_graph(path)
    r = gk("query", path, "ASK { ?s ?p ?o }")
    assert r.returncode == 1 and "put the context inline" in r.stderr
    assert listener.hits == []
    with contextlib.suppress(Exception):  # rdflib on its own does fetch it: the check above is what stops it
        Dataset().parse(path, format="json-ld")
    assert listener.hits


def test_graphkits_own_jsonld_still_loads(tmp_path):
    from graphkit.rdf.io import load_graph

    path = write_graph(to_rdf([sample_extraction()]), tmp_path / "g.jsonld")
    assert len(load_graph(path)) > 50


# --------------------------------------------------------------------------- the on-disk store and the server


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    from graphkit.rdf.build import IRIs
    from graphkit.rdf.store import GraphStore, article_rdf

    path = tmp_path_factory.mktemp("safety-store") / "store"
    with GraphStore(path, writable=True) as st:
        st.write([article_rdf(sample_extraction("a1"), IRIs())])
    return path


def test_a_runaway_query_on_a_store_is_stopped_at_the_time_limit(store):
    started = time.monotonic()
    r = gk("query", "--store", store, "-e", RUNAWAY, "--timeout", "2")
    assert time.monotonic() - started < 60
    assert r.returncode == 1 and r.stderr.count("\n") == 1 and "stopped after 2 s, the time limit" in r.stderr
    r = gk("query", "--store", store, "-e", "ASK { ?e a gk:Person }", "--timeout", "30")
    assert r.returncode == 0 and r.stdout.strip() == "true"


def test_store_queries_cannot_fetch_or_write(store, listener):
    r = gk("query", "--store", store, "-e", f"SELECT * WHERE {{ SERVICE <{listener.url}/s> {{ ?s ?p ?o }} }}")
    assert r.returncode == 1 and "--allow-service" in r.stderr
    r = gk("query", "--store", store, "-e", "DELETE WHERE { ?s ?p ?o }")
    assert r.returncode == 1 and "read-only" in r.stderr
    assert listener.hits == []


def listening_addresses(port: int) -> set[str]:
    """Local addresses with a socket listening on ``port`` (from /proc/net/tcp and tcp6)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(FileNotFoundError), open(table) as f:
            for line in f.readlines()[1:]:
                local, state = line.split()[1], line.split()[3]
                address, hexport = local.rsplit(":", 1)
                if state == "0A" and int(hexport, 16) == port:  # 0A: LISTEN
                    found.add(address)
    return found


@pytest.mark.server
def test_serve_listens_on_loopback_only_unless_told(store):
    from graphkit.server import free_port

    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "graphkit", "serve", "--store", str(store), "--port", str(port)],
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = proc.stderr.readline()
        assert f"http://127.0.0.1:{port}/query" in line and "read-only" in line, line
        assert listening_addresses(port) == {"0100007F"}  # 127.0.0.1, and nothing else
    finally:
        proc.terminate()
        proc.wait(10)


def served_query(server, query: str, timeout: float) -> bytes:
    import urllib.parse
    import urllib.request

    url = server.query_url + "?query=" + urllib.parse.quote(query)
    with urllib.request.urlopen(url, timeout=timeout) as r:
        return r.read()


@pytest.mark.server
@pytest.mark.xfail(
    strict=True,
    reason="the Oxigraph server evaluates SERVICE (it fetched the listener's URL) and has no option to refuse "
    "it: graphkit serve needs a query filter in front of it (reported; server.py belongs to the scale work)",
)
def test_a_served_store_cannot_be_made_to_fetch_a_url(store, listener):
    from graphkit.server import OxigraphServer

    with OxigraphServer(store=store, port=0) as server, contextlib.suppress(OSError):
        served_query(server, f"SELECT * WHERE {{ SERVICE <{listener.url}/sparql> {{ ?s ?p ?o }} }}", 10)
    assert listener.hits == []


@pytest.mark.server
@pytest.mark.xfail(
    strict=True,
    reason="oxigraph serve --timeout-s (graphkit serve --timeout) does not stop a running aggregate query",
)
def test_a_served_store_stops_a_runaway_query(store):
    from graphkit.server import OxigraphServer

    with OxigraphServer(store=store, port=0, timeout=1) as server:
        started = time.monotonic()
        with contextlib.suppress(OSError):  # an HTTP error answer is fine: the query was stopped
            served_query(server, RUNAWAY, 8)
        assert time.monotonic() - started < 7  # the server answered (with an error) near its 1 s limit
