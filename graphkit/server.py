"""SPARQL over HTTP: serve a store with the Oxigraph server, push graphs to any Graph Store endpoint.

``graphkit serve --store DIR`` runs the Oxigraph SPARQL 1.1 server (the ``oxigraph``
command from PyPI) on the store: read-only (``oxigraph serve-read-only``) unless
``writable``, bound to 127.0.0.1 unless another host is given. Endpoints:
``/query`` (SPARQL 1.1 Protocol), ``/update`` and ``/store`` (Graph Store Protocol;
both answer 403 on a read-only server). The store's default graph is the merge of
all articles, and ``GRAPH ?g`` ranges over the article graphs, exactly as with
``graphkit query --store``.

``graphkit push --endpoint URL`` PUTs each named graph (one per article, plus the
corpus-level merges) to a SPARQL 1.1 Graph Store Protocol endpoint
(``URL?graph=IRI``), so pushing again replaces each article's graph rather than
adding to it.

Beware: the Oxigraph server evaluates ``SERVICE`` clauses, i.e. it fetches the URLs
a query names. On 127.0.0.1 only local users can ask it to; before binding to a
public address, put it behind a proxy that filters queries.
"""

from __future__ import annotations

import base64
import contextlib
import ctypes
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graphkit.errors import GraphkitError, QueryError, StoreError

LOOPBACK = ("127.0.0.1", "::1", "localhost")


def oxigraph_command() -> str:
    """The ``oxigraph`` executable that came with this Python (PyPI package ``oxigraph``)."""
    here = Path(sys.executable).parent / "oxigraph"
    if here.is_file() and os.access(here, os.X_OK):
        return str(here)
    found = shutil.which("oxigraph")
    if found:
        return found
    raise StoreError("the Oxigraph server is not installed: pip install oxigraph (it comes with graphkit)")


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


@dataclass
class OxigraphServer:
    """A running Oxigraph SPARQL server (a child process); use as a context manager.

    ``store=None`` serves an empty in-memory dataset (writable), e.g. as a push target.
    ``port=0`` picks a free port.
    """

    store: Path | None = None
    host: str = "127.0.0.1"
    port: int = 0
    writable: bool = False
    timeout: float | None = None  # seconds per query, enforced by Oxigraph
    quiet: bool = True  # send the server's own log to a file rather than the terminal
    process: subprocess.Popen | None = field(default=None, init=False, repr=False)
    _lock: Any = field(default=None, init=False, repr=False)
    _log: Any = field(default=None, init=False, repr=False)

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def query_url(self) -> str:
        return self.url + "/query"

    @property
    def update_url(self) -> str:
        return self.url + "/update"

    @property
    def store_url(self) -> str:
        """The Graph Store Protocol endpoint (``graphkit push --endpoint`` this)."""
        return self.url + "/store"

    def command(self) -> list[str]:
        cmd = [oxigraph_command()]
        if self.store is None:
            cmd.append("serve")
        else:
            cmd += ["serve" if self.writable else "serve-read-only", "--location", str(self.store)]
        cmd += ["--bind", f"{self.url.removeprefix('http://')}"]
        if self.timeout:
            cmd += ["--timeout-s", str(max(1, round(self.timeout)))]
        return cmd

    def start(self, wait: float = 30.0) -> OxigraphServer:
        from graphkit.rdf.store import _acquire_lock, is_store

        if self.store is not None:
            self.store = Path(self.store)
            if not is_store(self.store):
                raise StoreError(
                    f"{self.store}: no graphkit store here (create one with: graphkit build ARTICLES --store {self.store})"
                )
            # read-only serving must not overlap a build; writable serving excludes everyone else
            self._lock = _acquire_lock(self.store, exclusive=self.writable)
        if self.port == 0:
            self.port = free_port(self.host)
        log = subprocess.DEVNULL
        if self.quiet:
            import tempfile

            self._log = tempfile.TemporaryFile()  # noqa: SIM115 (kept open while the server runs)
            log = self._log
        self.process = subprocess.Popen(
            self.command(),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=log,
            preexec_fn=_die_with_parent,  # noqa: PLW1509 (Linux: no orphan server if graphkit is killed)
        )
        try:
            self._wait_ready(wait)
        except BaseException:
            self.stop()
            raise
        return self

    def _wait_ready(self, wait: float) -> None:
        deadline = time.monotonic() + wait
        probe = self.query_url + "?query=" + urllib.parse.quote("ASK {}")
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise StoreError(f"the Oxigraph server stopped at once: {self._log_tail() or 'no message'}")
            try:
                with urllib.request.urlopen(probe, timeout=1) as r:
                    if r.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                time.sleep(0.05)
        raise StoreError(f"the Oxigraph server did not answer on {self.url} within {wait:g} s")

    def _log_tail(self) -> str:
        if self._log is None:
            return ""
        self._log.seek(0)
        return " ".join(self._log.read()[-2000:].decode("utf-8", "replace").split())

    def wait(self) -> int:
        """Block until the server exits (Ctrl-C stops it); returns its exit code."""
        assert self.process is not None
        try:
            return self.process.wait()
        finally:
            self.stop()

    def stop(self) -> None:
        p, self.process = self.process, None
        if p is not None and p.poll() is None:
            p.terminate()
            try:
                p.wait(10)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
        if self._lock is not None:
            self._lock.close()
            self._lock = None
        if self._log is not None:
            self._log.close()
            self._log = None

    def __enter__(self) -> OxigraphServer:
        return self if self.process is not None else self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _die_with_parent() -> None:  # pragma: no cover - runs in the child before exec
    with contextlib.suppress(Exception):
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


# ---------------------------------------------------------------------- push


@dataclass(frozen=True)
class PushResult:
    endpoint: str
    graphs: int
    triples: int
    seconds: float
    failed: tuple[tuple[str, str], ...] = ()


def push(
    graphs: Iterator[tuple[str, bytes]],
    endpoint: str,
    *,
    auth: tuple[str, str] | None = None,
    timeout: float = 120.0,
    on_graph: Callable[[str], None] | None = None,
) -> PushResult:
    """PUT each ``(graph IRI, N-Triples bytes)`` to a Graph Store Protocol ``endpoint`` (``?graph=IRI``);
    ``graph IRI`` ``None``/``""`` means the default graph (``?default``). A graph the endpoint refuses is
    reported, and the others still go."""
    t0 = time.perf_counter()
    n = triples = 0
    failed: list[tuple[str, str]] = []
    for iri, body in graphs:
        target = _graph_url(endpoint, iri)
        try:
            _request("PUT", target, body, {"Content-Type": "application/n-triples"}, auth, timeout)
        except GraphkitError as e:
            if n == 0 and not failed:  # the first request fails: the endpoint itself is wrong
                raise
            failed.append((iri or "default graph", str(e)))
            continue
        n += 1
        triples += body.count(b"\n")
        if on_graph:
            on_graph(iri)
    return PushResult(endpoint, n, triples, round(time.perf_counter() - t0, 3), tuple(failed))


def store_graphs(st, *, merged_default: bool = False) -> Iterator[tuple[str, bytes]]:
    """The named graphs of a :class:`~graphkit.rdf.store.GraphStore` as N-Triples, one at a time
    (then its merged default graph, when asked)."""
    import pyoxigraph as ox

    for g in sorted(st.graphs()):
        yield g, st.graph_nquads(g)
    if merged_default:
        yield "", st.oxigraph.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())


def _graph_url(endpoint: str, iri: str | None) -> str:
    sep = "&" if urllib.parse.urlsplit(endpoint).query else "?"
    if not iri:
        return f"{endpoint}{sep}default"
    return f"{endpoint}{sep}graph={urllib.parse.quote(iri, safe='')}"


def _request(
    method: str,
    url: str,
    body: bytes | None,
    headers: dict[str, str],
    auth: tuple[str, str] | None,
    timeout: float,
) -> bytes:
    scheme = urllib.parse.urlsplit(url).scheme
    if scheme not in ("http", "https"):
        raise GraphkitError(f"{url}: the endpoint must be an http:// or https:// URL")
    headers = dict(headers)
    if auth is not None:
        token = base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode()
        headers["Authorization"] = f"Basic {token}"
    req = urllib.request.Request(url, data=body, headers=headers, method=method)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.read()
    except urllib.error.HTTPError as e:
        detail = " ".join(e.read()[:300].decode("utf-8", "replace").split())
        raise GraphkitError(
            f"{method} {url}: HTTP {e.code} {e.reason}{': ' + detail if detail else ''}"
        ) from e
    except (urllib.error.URLError, OSError) as e:
        reason = getattr(e, "reason", e)
        raise GraphkitError(
            f"{method} {url}: cannot reach the endpoint ({reason}); is the server running?"
        ) from e


# ---------------------------------------------------------------------- query


def query_endpoint(
    endpoint: str,
    query: str,
    *,
    auth: tuple[str, str] | None = None,
    timeout: float = 120.0,
    allow_update: bool = False,
):
    """Run a query on a SPARQL 1.1 Protocol endpoint; returns a :class:`graphkit.sparql.QueryOutcome`."""
    import pyoxigraph as ox

    from graphkit.rdf.store import _first_keyword, to_rdflib
    from graphkit.sparql import QueryOutcome, is_update

    if is_update(query) and not allow_update:
        raise QueryError(
            "this is a SPARQL UPDATE; queries are read-only (pass --allow-update to change the graph)"
        )
    from graphkit.queries import with_prefixes

    query = with_prefixes(query)  # the endpoint does not know graphkit's prefixes
    kind = _first_keyword(query)
    accept = (
        "application/n-triples" if kind in ("CONSTRUCT", "DESCRIBE") else "application/sparql-results+json"
    )
    data = _request(
        "POST",
        endpoint,
        query.encode("utf-8"),
        {"Content-Type": "application/sparql-query", "Accept": accept},
        auth,
        timeout,
    )
    if kind in ("CONSTRUCT", "DESCRIBE"):
        from rdflib import Graph

        g = Graph(bind_namespaces="none")
        for t in ox.parse(data, ox.RdfFormat.N_TRIPLES):
            g.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
        return QueryOutcome(kind=kind, graph=g)
    try:
        result = ox.parse_query_results(data, ox.QueryResultsFormat.JSON)
    except (SyntaxError, ValueError) as e:
        raise QueryError(
            f"{endpoint}: the answer is not SPARQL JSON results: {json.dumps(data[:200].decode('utf-8', 'replace'))}"
        ) from e
    if isinstance(result, ox.QueryBoolean):
        return QueryOutcome(kind="ASK", boolean=bool(result))
    variables = tuple(v.value for v in result.variables)
    rows = tuple(tuple(to_rdflib(sol[v]) for v in variables) for sol in result)
    return QueryOutcome(kind="SELECT", variables=variables, rows=rows)


def endpoint_auth(user: str | None) -> tuple[str, str] | None:
    """``(user, password)`` with the password from ``GRAPHKIT_ENDPOINT_PASSWORD`` (never the command line)."""
    if not user:
        return None
    password = os.environ.get("GRAPHKIT_ENDPOINT_PASSWORD")
    if password is None:
        raise GraphkitError(
            "--user needs the password in the environment variable GRAPHKIT_ENDPOINT_PASSWORD"
        )
    return user, password


__all__ = [
    "OxigraphServer",
    "PushResult",
    "endpoint_auth",
    "free_port",
    "push",
    "query_endpoint",
    "store_graphs",
]
