"""`graphkit serve` tried as an attacker would: each hostile request goes to the real command, running
as a child process on a free loopback port, over a raw socket where a client library would tidy the
request up. Bounded: a handful of requests each, a 2 s time limit, every socket with a timeout.

The attacks are those of issue 12 (found against the old proxy at 04e9020): duplicate Content-Type
headers that skipped the SERVICE check (SSRF) and the time limit, a cross-site form POST that deleted
the store under --writable, POST /store with text/plain, a foreign Host (DNS rebinding), and the
backend Oxigraph port that answered anyone.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.parse

import pytest

from tests.test_query_safety import RUNAWAY, Listener

pytestmark = pytest.mark.server

LIMIT = 2  # seconds: the servers' time limit
PERSON = "ASK { ?e a <https://w3id.org/graphkit/ontology#Person> }"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    from graphkit.rdf.build import IRIs
    from graphkit.rdf.store import GraphStore, article_rdf
    from tests.factories import sample_extraction

    path = tmp_path_factory.mktemp("attack-store") / "store"
    with GraphStore(path, writable=True) as st:
        st.write([article_rdf(sample_extraction("a1"), IRIs())])
    return path


class Serve:
    """``graphkit serve`` as a child process."""

    def __init__(self, store, *flags: str, env: dict | None = None) -> None:
        from graphkit.server import free_port

        self.port = free_port()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "graphkit", "serve", "--store", str(store), "--port", str(self.port),
             "--timeout", str(LIMIT), *flags],
            stderr=subprocess.PIPE, text=True, env={**os.environ, **(env or {})},
        )  # fmt: skip
        line = self.proc.stderr.readline()
        assert f"127.0.0.1:{self.port}/query" in line, line

    def close(self) -> None:
        self.proc.terminate()
        self.proc.wait(10)


@pytest.fixture(scope="module")
def served(store):
    s = Serve(store)
    yield s
    s.close()


@pytest.fixture
def listener():
    lst = Listener()
    yield lst
    lst.close()


def raw(port: int, request: bytes, timeout: float = 10) -> tuple[int, bytes, float]:
    """Send ``request`` as it is; ``(status, body, seconds)`` of the answer (0 if the connection closed)."""
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(request)
        data = b""
        with contextlib.suppress(TimeoutError, ConnectionResetError):
            while b"\r\n\r\n" not in data or not _complete(data):
                chunk = s.recv(65536)
                if not chunk:
                    break
                data += chunk
    elapsed = time.monotonic() - started
    if not data.startswith(b"HTTP/1."):
        return 0, data, elapsed
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split()[1]), body, elapsed


def _complete(data: bytes) -> bool:
    head, _, body = data.partition(b"\r\n\r\n")
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            return len(body) >= int(line.split(b":")[1])
    return body.endswith(b"0\r\n\r\n")


def request(method: str, path: str, port: int, headers: list[tuple[str, str]], body: bytes = b"") -> bytes:
    lines = [f"{method} {path} HTTP/1.1", *(f"{k}: {v}" for k, v in headers), "Connection: close"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def host(port: int) -> tuple[str, str]:
    return ("Host", f"127.0.0.1:{port}")


def ask(port: int, query: str = PERSON, host_header: str | None = None) -> tuple[int, bytes, float]:
    h = [("Host", host_header or f"127.0.0.1:{port}"), ("Accept", "application/sparql-results+json")]
    return raw(port, request("GET", "/query?query=" + urllib.parse.quote(query), port, h))


def test_duplicate_content_type_cannot_smuggle_service_or_an_endless_query(served, listener):
    service = f"SELECT * WHERE {{ SERVICE <{listener.url}/sparql> {{ ?s ?p ?o }} }}".encode()
    for body in (service, RUNAWAY.encode()):
        for types in (
            ("text/turtle", "application/sparql-query"),
            ("application/sparql-query", "text/turtle"),
        ):
            h = [host(served.port), *(("Content-Type", t) for t in types), ("Content-Length", str(len(body)))]
            status, text, seconds = raw(served.port, request("POST", "/query", served.port, h, body))
            assert status == 400 and b"2 Content-Type headers" in text and text.count(b"\n") == 1, text
            assert seconds < LIMIT
    assert listener.hits == []
    assert ask(served.port)[0] == 200  # the server is still fine


def test_ambiguous_lengths_are_refused(served):
    body = PERSON.encode()
    for extra in (
        [("Content-Length", str(len(body))), ("Content-Length", "0")],
        [("Content-Length", str(len(body))), ("Transfer-Encoding", "chunked")],
        [("Transfer-Encoding", "chunked"), ("Transfer-Encoding", "identity")],
        [("Content-Length", f"+{len(body)}")],
        [("Transfer-Encoding", "gzip, chunked")],
    ):
        h = [host(served.port), ("Content-Type", "application/sparql-query"), *extra]
        status, text, _ = raw(served.port, request("POST", "/query", served.port, h, body))
        assert status in (400, 501) and text.count(b"\n") == 1, (extra, status, text)
    # a malformed chunk size, and a body over the limit announced by its length
    h = [host(served.port), ("Content-Type", "application/sparql-query"), ("Transfer-Encoding", "chunked")]
    assert raw(served.port, request("POST", "/query", served.port, h, b"zz\r\nASK {}\r\n0\r\n\r\n"))[0] == 400
    h = [host(served.port), ("Content-Type", "application/sparql-query"), ("Content-Length", str(10**12))]
    assert raw(served.port, request("POST", "/query", served.port, h))[0] == 413
    # the same query, sent cleanly in chunks, is answered
    ok = b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body)
    assert (
        raw(
            served.port,
            request("POST", "/query", served.port, h[:2] + [("Transfer-Encoding", "chunked")], ok),
        )[0]
        == 200
    )


def test_a_foreign_host_is_refused_dns_rebinding(served):
    for name in ("evil.example", f"evil.example:{served.port}", "127.0.0.1.evil.example", "localhost.evil"):
        status, text, _ = ask(served.port, host_header=name)
        assert status == 403 and b"Host header" in text and text.count(b"\n") == 1, (name, text)
    for name in (f"127.0.0.1:{served.port}", f"localhost:{served.port}", "localhost"):
        assert ask(served.port, host_header=name)[0] == 200, name
    status, _, _ = raw(served.port, b"GET /query?query=ASK%7B%7D HTTP/1.1\r\nConnection: close\r\n\r\n")
    assert status == 400  # no Host at all


def test_endless_queries_stop_at_the_limit_on_every_route(served):
    q = RUNAWAY.encode()
    form = urllib.parse.urlencode({"query": RUNAWAY}).encode()
    for req in (
        request("GET", "/query?query=" + urllib.parse.quote(RUNAWAY), served.port, [host(served.port)]),
        request("POST", "/query", served.port,
                [host(served.port), ("Content-Type", "application/sparql-query"), ("Content-Length", str(len(q)))], q),
        request("POST", "/query", served.port,
                [host(served.port), ("Content-Type", "application/x-www-form-urlencoded"),
                 ("Content-Length", str(len(form)))], form),
    ):  # fmt: skip
        status, text, seconds = raw(served.port, req, timeout=LIMIT + 10)
        assert status == 503 and b"stopped after 2 s, the time limit" in text, text
        assert LIMIT * 0.9 < seconds < LIMIT + 4
    assert ask(served.port)[0] == 200


def test_fifty_clients_with_a_few_endless_ones(served):
    def one(i: int):
        return ask(served.port, RUNAWAY if i % 17 == 0 else PERSON)

    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(50) as pool:
        answers = list(pool.map(one, range(50)))
    assert time.monotonic() - started < 30
    endless = [a for i, a in enumerate(answers) if i % 17 == 0]
    quick = [a for i, a in enumerate(answers) if i % 17]
    assert all(a[0] == 503 and b"time limit" in a[1] for a in endless), endless
    # every quick one has an answer: true, or, while the endless ones hold the workers, "busy"
    assert all(a[0] == 200 and b"true" in a[1] or a[0] == 503 and b"busy" in a[1] for a in quick), quick
    assert sum(a[0] == 200 for a in quick) >= 20
    assert ask(served.port)[0] == 200


def listening_ports(pid: int) -> set[int]:
    """TCP ports in LISTEN state held by ``pid`` or any of its descendants."""
    pids, todo = set(), [pid]
    while todo:
        p = todo.pop()
        pids.add(p)
        with contextlib.suppress(OSError):
            for task in os.listdir(f"/proc/{p}/task"):  # children started by any thread
                with contextlib.suppress(OSError), open(f"/proc/{p}/task/{task}/children") as f:
                    todo.extend(int(child) for child in f.read().split())
    inodes = set()
    for p in pids:
        with contextlib.suppress(OSError):
            for fd in os.listdir(f"/proc/{p}/fd"):
                with contextlib.suppress(OSError):
                    target = os.readlink(f"/proc/{p}/fd/{fd}")
                    if target.startswith("socket:["):
                        inodes.add(target[8:-1])
    ports = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(FileNotFoundError), open(table) as f:
            for line in f.readlines()[1:]:
                fields = line.split()
                if fields[3] == "0A" and fields[9] in inodes:
                    ports.add(int(fields[1].rsplit(":", 1)[1], 16))
    return ports


def test_there_is_no_backend_port(served):
    assert ask(served.port)[0] == 200  # the workers are up
    assert listening_ports(served.proc.pid) == {served.port}


def test_the_workers_cannot_open_internet_sockets(listener):
    """The second door, closed underneath the query check: a worker's process cannot fetch anything
    even if a SERVICE got past the check. The same fetch without the sandbox reaches the listener,
    so the test would fail if the sandbox did nothing."""
    code = (
        "import sys, pyoxigraph as ox\n"
        "from graphkit.querying.sandbox import forbid_network\n"
        "if sys.argv[1] == 'sandboxed': assert forbid_network() is None\n"
        "try: list(ox.Store().query(f'SELECT * WHERE {{ SERVICE <{sys.argv[2]}/s> {{ ?s ?p ?o }} }}'))\n"
        "except OSError as e: print(e)\n"
    )
    r = subprocess.run(
        [sys.executable, "-c", code, "sandboxed", listener.url], capture_output=True, text=True, timeout=30
    )
    assert r.returncode == 0 and "Permission denied" in r.stdout, r.stderr
    assert listener.hits == []
    subprocess.run([sys.executable, "-c", code, "open", listener.url], capture_output=True, timeout=30)
    assert len(listener.hits) == 1


@pytest.fixture(scope="module")
def writable(tmp_path_factory):
    from graphkit.rdf.build import IRIs
    from graphkit.rdf.store import GraphStore, article_rdf
    from tests.factories import sample_extraction

    path = tmp_path_factory.mktemp("attack-writable") / "w"
    with GraphStore(path, writable=True) as st:
        st.write([article_rdf(sample_extraction("w1"), IRIs())])
    s = Serve(path, "--writable", env={"GRAPHKIT_SERVE_TOKEN": "s3cret-token"})
    yield s
    s.close()


def test_cross_site_writes_are_refused(writable):
    port = writable.port
    form = urllib.parse.urlencode({"update": "DROP ALL"}).encode()
    simple = [
        host(port),
        ("Content-Type", "application/x-www-form-urlencoded"),
        ("Content-Length", str(len(form))),
    ]
    for extra in ([("Origin", "http://evil.example")], [], [("Origin", "null")],
                  [("Sec-Fetch-Site", "cross-site")], [("Origin", f"http://127.0.0.1:{port}.evil.example")]):  # fmt: skip
        status, text, _ = raw(port, request("POST", "/update", port, simple + extra, form))
        assert status == 403 and text.count(b"\n") == 1, (extra, text)
    sparql = b"DROP ALL"
    h = [host(port), ("Content-Type", "application/sparql-update"), ("Content-Length", str(len(sparql)))]
    assert (
        raw(port, request("POST", "/update", port, h + [("Origin", "http://evil.example")], sparql))[0] == 403
    )
    # Graph Store: text/plain (what a form or a simple fetch can send) is not RDF here
    nt = b"<urn:a> <urn:b> <urn:c> ."
    h = [host(port), ("Content-Type", "text/plain"), ("Content-Length", str(len(nt)))]
    assert raw(port, request("POST", "/store?default", port, h, nt))[0] == 415
    assert (
        raw(port, request("DELETE", "/store?default", port, [host(port), ("Origin", "http://evil.example")]))[
            0
        ]
        == 403
    )
    assert ask(port)[0] == 200 and b"true" in ask(port)[1]  # nothing was deleted
    # the token, or the server's own origin, may write
    insert = urllib.parse.urlencode({"update": "INSERT DATA { <urn:t> <urn:p> 'token' }"}).encode()
    h = [
        host(port),
        ("Content-Type", "application/x-www-form-urlencoded"),
        ("Content-Length", str(len(insert))),
    ]
    assert (
        raw(port, request("POST", "/update", port, h + [("Authorization", "Bearer s3cret-token")], insert))[0]
        == 204
    )
    assert (
        raw(port, request("POST", "/update", port, h + [("Authorization", "Bearer wrong")], insert))[0] == 403
    )
    assert (
        raw(port, request("POST", "/update", port, h + [("Origin", f"http://127.0.0.1:{port}")], insert))[0]
        == 204
    )
    assert b"true" in ask(port, "ASK { <urn:t> <urn:p> 'token' }")[1]
    # a server started with a token wants it from every writer that is not its own page
    assert raw(port, request("POST", "/update", port, [h[0], ("Content-Type", "application/sparql-update"),
                                                       ("Content-Length", "8")], b"DROP ALL"))[0] == 403  # fmt: skip
    assert ask(port)[0] == 200 and b"true" in ask(port)[1]


def test_an_endless_update_stops_at_the_limit(writable):
    port = writable.port
    update = ("INSERT { <urn:x> <urn:y> ?n } WHERE { " + RUNAWAY.removeprefix("SELECT ") + " }").replace(
        "(COUNT(*) AS ?n) WHERE {", "{ SELECT (COUNT(*) AS ?n) WHERE {"
    ) + " }"
    body = update.encode()
    h = [host(port), ("Content-Type", "application/sparql-update"), ("Content-Length", str(len(body))),
         ("Authorization", "Bearer s3cret-token")]  # fmt: skip
    status, text, seconds = raw(port, request("POST", "/update", port, h, body), timeout=LIMIT + 15)
    assert status == 503 and b"time limit" in text, text
    assert seconds < LIMIT + 4
    assert ask(port)[0] == 200  # a fresh worker has the store again


def test_an_http10_client_gets_an_unchunked_answer(served):
    req = b"GET /query?query=ASK%7B%7D HTTP/1.0\r\nHost: 127.0.0.1\r\nAccept: application/sparql-results+json\r\n\r\n"
    status, body, _ = raw(served.port, req)
    assert status == 200 and body == b'{"head":{},"boolean":true}', body
