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
    # keywords run together: Oxigraph reads SERVICESILENT as SERVICE SILENT (04e9020 let it fetch)
    q = f"SELECT * WHERE {{ ?a ?b ?c SERVICESILENT <{listener.url}/s> {{ ?s ?p ?o }} }}"
    r = gk("query", "--store", store, "-e", q)
    assert r.returncode == 1 and "--allow-service" in r.stderr
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


def http_answer(
    url: str, data: bytes | None = None, headers: dict | None = None, method: str | None = None, timeout=30
):
    """``(status, headers, body)`` of one real HTTP request; error statuses are answers too."""
    import urllib.error
    import urllib.request

    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def get_query(server, query: str, timeout: float = 30, accept: str = "application/sparql-results+json"):
    import urllib.parse

    return http_answer(
        server.query_url + "?query=" + urllib.parse.quote(query), headers={"Accept": accept}, timeout=timeout
    )


def post_query(server, query: str, encoding: str):
    import urllib.parse

    if encoding == "form":
        body, ctype = urllib.parse.urlencode({"query": query}).encode(), "application/x-www-form-urlencoded"
    else:
        body, ctype = query.encode(), "application/sparql-query"
    return http_answer(
        server.query_url, body, {"Content-Type": ctype, "Accept": "application/sparql-results+json"}, "POST"
    )


def assert_refused(answer, word: str = "SERVICE") -> None:
    status, headers, body = answer
    text = body.decode()
    assert status == 400, (status, text)
    assert headers["Content-Type"].startswith("text/plain")
    assert text.count("\n") == 1 and word in text and "--allow-service" in text, text


@pytest.fixture
def guarded(store):
    from graphkit.server import GuardedServer

    with GuardedServer(store=store, port=0) as server:
        yield server


# a query rdflib cannot parse (Oxigraph's LATERAL): the guard falls back to looking for the keyword
LATERAL = "SELECT * WHERE {{ ?s ?p ?o LATERAL {{ {inner} }} }} LIMIT 1"


@pytest.mark.server
def test_a_served_store_cannot_be_made_to_fetch_a_url(guarded, listener):
    assert guarded.sandbox == ""  # the workers run without internet sockets (see test_server_attacks)
    for kind, q in fetching_queries(listener.url).items():
        if kind.startswith("FROM"):  # Oxigraph reads FROM graphs from the store; it fetches nothing
            continue
        assert_refused(get_query(guarded, q))
        assert_refused(post_query(guarded, q, "form"))
        assert_refused(post_query(guarded, q, "body"))
    service = f"SERVICE <{listener.url}/sparql> {{ ?o ?q ?r }}"
    assert_refused(get_query(guarded, LATERAL.format(inner=service)))  # unparsable by rdflib: by keyword
    assert_refused(
        get_query(guarded, f"SELECT * WHERE {{ \\u0053ERVICE <{listener.url}/s> {{ ?s ?p ?o }} }}")
    )
    # keywords run together, which Oxigraph reads as two (found fetching on 04e9020's keyword net)
    for q in (
        f"SELECT * WHERE {{ SERVICESILENT <{listener.url}/s> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ ?a ?b trueSERVICE <{listener.url}/s> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ OPTIONAL{{}}SERVICE<{listener.url}/s>{{}} }}",
        # an escaped quote inside a string: expanded first, it would close the string and open
        # another that hides the SERVICE (Oxigraph keeps it inside the string; 04e9020 let it through)
        f'SELECT * WHERE {{ ?a ?b "x\\u0022y" . SERVICE <{listener.url}/s> {{ ?s ?p ?o }} FILTER(?o = "z") }}',
    ):
        assert_refused(get_query(guarded, q))
    assert listener.hits == []


@pytest.mark.server
def test_a_writable_server_refuses_fetching_updates(tmp_path, listener):
    from graphkit.rdf.build import IRIs
    from graphkit.rdf.store import GraphStore, article_rdf
    from graphkit.server import SparqlServer

    path = tmp_path / "w"
    with GraphStore(path, writable=True) as st:
        st.write([article_rdf(sample_extraction("w1"), IRIs())])
    service = f"SERVICE <{listener.url}/sparql> {{ ?s ?p ?o }}"
    with SparqlServer(store=path, port=0, writable=True, timeout=30) as server:
        for update, word in (
            (f"INSERT {{ ?s ?p ?o }} WHERE {{ {service} }}", "SERVICE"),
            (f"INSERT {{ ?s ?p ?o }} WHERE {{ {{ SELECT * WHERE {{ {service} }} }} }}", "SERVICE"),
            (f"INSERT DATA {{ <urn:a> <urn:b> 'c' }} ; INSERT {{ ?s ?p ?o }} WHERE {{ sErViCe /**/ <{listener.url}/s> {{ ?s ?p ?o }} }}", "SERVICE"),
            (f"INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE # a comment\n <{listener.url}/s> {{ ?s ?p ?o }} }}", "SERVICE"),
            (f"LOAD <{listener.url}/g.ttl>", "LOAD"),
            (f"# comment\nlo\\u0061d <{listener.url}/g.ttl> INTO GRAPH <urn:g>", "LOAD"),
            (f"CLEAR GRAPH <urn:g> ; LOAD SILENT <{listener.url}/g.ttl>", "LOAD"),
            (f"CLEARSILENTDEFAULT;LOADSILENT<{listener.url}/g.ttl>", "LOAD"),
        ):
            assert_refused(
                http_answer(server.update_url, update.encode(), {"Content-Type": "application/sparql-update"}),
                word,
            )
    assert listener.hits == []


@pytest.mark.server
def test_allow_service_does_let_the_server_fetch(store, listener):
    """The proof that the refusal above is what keeps the listener quiet: allowed, Oxigraph fetches."""
    from graphkit.server import GuardedServer

    with GuardedServer(store=store, port=0, allow_service=True) as server:
        get_query(server, f"SELECT * WHERE {{ SERVICE <{listener.url}/sparql> {{ ?s ?p ?o }} }}")
        assert len(listener.hits) == 1
        get_query(server, LATERAL.format(inner=f"SERVICE <{listener.url}/lateral> {{ ?o ?q ?r }}"))
        assert len(listener.hits) > 1


@pytest.mark.server
def test_service_in_a_comment_a_string_or_an_iri_is_not_refused(guarded, listener):
    url = f"<{listener.url}/sparql>"
    for q in (
        f"# SERVICE {url} {{ ?s ?p ?o }}\nASK {{ ?s ?p ?o }}",
        f"SELECT * WHERE {{ ?s ?p ?o FILTER(?o != 'SERVICE {url} {{ ?s ?p ?o }}') }} LIMIT 1",
        f'SELECT * WHERE {{ ?s ?p ?o FILTER(?o != """a "SERVICE" {url}""") }} LIMIT 1',
        "SELECT ?service WHERE { ?service <http://example.org/SERVICE> ?o }",
        LATERAL.format(inner="SELECT ?o WHERE { ?o ?q ?r } LIMIT 1") + f"  # SERVICE {url} {{ }}",
        LATERAL.format(inner=f"BIND('SERVICE {url} {{ }}' AS ?x)"),
    ):
        status, _, body = get_query(guarded, q)
        assert status == 200, (q, body)
    assert listener.hits == []


@pytest.mark.server
def test_query_bodies_in_both_encodings_and_content_negotiation(guarded):
    import json

    q = "SELECT ?l WHERE { ?e a <https://w3id.org/graphkit/ontology#Person> ; <http://www.w3.org/2000/01/rdf-schema#label> ?l } ORDER BY ?l"
    answers = [get_query(guarded, q), post_query(guarded, q, "form"), post_query(guarded, q, "body")]
    for status, headers, body in answers:
        assert status == 200 and headers["Content-Type"].startswith("application/sparql-results+json")
        assert [b["l"]["value"] for b in json.loads(body)["results"]["bindings"]] == ["Bakhtawar", "Massoud"]
    status, headers, body = get_query(guarded, q, accept="text/csv")
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    assert body.decode().split() == ["l", "Bakhtawar", "Massoud"]
    status, headers, body = get_query(
        guarded, "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 3", accept="application/n-triples"
    )
    assert status == 200 and headers["Content-Type"].startswith("application/n-triples")
    assert body.count(b" .\n") == 3
    status, _, body = http_answer(guarded.url + "/")  # the server's own page
    assert status == 200 and b"graphkit SPARQL server" in body and b"/query" in body


@pytest.mark.server
def test_a_served_store_stops_a_runaway_query(store):
    from graphkit.server import GuardedServer

    with GuardedServer(store=store, port=0, timeout=1) as server:
        started = time.monotonic()
        status, headers, body = get_query(server, RUNAWAY, timeout=8)
        elapsed = time.monotonic() - started
        assert status == 503 and headers["Content-Type"].startswith("text/plain")
        assert body.decode().count("\n") == 1 and "stopped after 1 s, the time limit" in body.decode()
        assert "--timeout" in body.decode()
        assert 0.9 < elapsed < 4, elapsed  # the query alone would run for hours
        # the next query is answered normally, by a fresh Oxigraph process
        status, _, body = get_query(server, "ASK { ?e a <https://w3id.org/graphkit/ontology#Person> }")
        assert status == 200 and b"true" in body


@pytest.mark.server
def test_runaway_queries_in_flight_together_are_each_stopped(store):
    import concurrent.futures

    from graphkit.server import SparqlServer

    with SparqlServer(store=store, port=0, timeout=1.5) as server:
        first = server.worker_pids
        assert len(first) == 2
        with concurrent.futures.ThreadPoolExecutor(2) as pool:
            other = pool.submit(get_query, server, RUNAWAY.replace("?o }", "?o . ?x ?y ?z }"), 10)
            time.sleep(0.7)  # this one starts later, and is still running when the first hits its limit
            late = pool.submit(get_query, server, RUNAWAY, 10)
            answers = [other.result(), late.result()]
        assert [a[0] for a in answers] == [503, 503]
        assert all("stopped after 1.5 s, the time limit" in a[2].decode() for a in answers)
        assert get_query(server, "ASK { ?s ?p ?o }")[0] == 200  # answered by a fresh worker
        assert not set(first) & set(server.worker_pids)
        for pid in first:  # the runaway queries' processes are gone
            assert not os.path.exists(f"/proc/{pid}")


def worker_children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            with contextlib.suppress(OSError), open(f"/proc/{entry}/stat") as f:
                stat = f.read()
            with contextlib.suppress(OSError), open(f"/proc/{entry}/cmdline", "rb") as f:
                if int(stat.rsplit(")", 1)[1].split()[1]) == pid and b"graphkit.querying.worker" in f.read():
                    found.append(int(entry))
    return found


@pytest.mark.server
def test_serve_allow_service_flag_and_a_clean_stop(store, listener):
    from graphkit.server import free_port

    query = f"SELECT * WHERE {{ SERVICE <{listener.url}/sparql> {{ ?s ?p ?o }} }}"
    for flags, refused in (((), True), (("--allow-service",), False)):
        port = free_port()
        proc = subprocess.Popen(
            [sys.executable, "-m", "graphkit", "serve", "--store", str(store), "--port", str(port), *flags],
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            line = proc.stderr.readline()
            assert f"http://127.0.0.1:{port}/query" in line and "read-only" in line, line
            assert listening_addresses(port) == {"0100007F"}
            backends = worker_children(proc.pid)
            assert len(backends) == 2
            import urllib.parse

            url = f"http://127.0.0.1:{port}/query?query=" + urllib.parse.quote(query)
            status = http_answer(url)[0]
            assert (status == 400) == refused and bool(listener.hits) != refused, (flags, status)
        finally:
            proc.terminate()
            proc.wait(10)
        assert proc.returncode == 0, proc.stderr.read()
        for backend in backends:  # no orphan worker process
            assert not os.path.exists(f"/proc/{backend}")
