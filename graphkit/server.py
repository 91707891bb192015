"""SPARQL over HTTP: serve a store with the Oxigraph server, push graphs to any Graph Store endpoint.

``graphkit serve --store DIR`` (:class:`GuardedServer`) runs the Oxigraph SPARQL 1.1
server (the ``oxigraph`` command from PyPI, :class:`OxigraphServer`) on the store,
read-only (``oxigraph serve-read-only``) unless ``writable``, on a private free port
of 127.0.0.1, behind a query guard: a small HTTP front, bound to 127.0.0.1 unless
another host is given. Endpoints: ``/query`` (SPARQL 1.1 Protocol), ``/update`` and
``/store`` (Graph Store Protocol; both answer 403 on a read-only server). The store's
default graph is the merge of all articles, and ``GRAPH ?g`` ranges over the article
graphs, exactly as with ``graphkit query --store``.

The guard passes requests and answers through unchanged (status, headers, content
negotiation, streamed bodies), and guarantees two things Oxigraph alone does not:

* the server fetches nothing: a query or update with ``SERVICE`` (or ``LOAD``) is
  refused with HTTP 400 and one line of text, unless ``allow_service``. It is found on
  rdflib's parse tree; a text rdflib cannot parse is refused if a ``SERVICE``/``LOAD``
  keyword appears outside its strings, IRIs and comments (see :func:`fetch_refusal`).
* a query stops at the time limit: with no answer after ``timeout`` seconds the client
  gets HTTP 503, and the query is stopped by restarting the Oxigraph process (it keeps
  the store's lock; requests in flight at that moment get a 503 too). Oxigraph's own
  ``--timeout-s`` is set as well, but it does not stop a running aggregate.

Anyone who can reach the guard's port can read the whole store (and write it, when
``writable``): bind another host than 127.0.0.1 only behind authentication.

``graphkit push --endpoint URL`` PUTs each named graph (one per article, plus the
corpus-level merges) to a SPARQL 1.1 Graph Store Protocol endpoint
(``URL?graph=IRI``), so pushing again replaces each article's graph rather than
adding to it.
"""

from __future__ import annotations

import base64
import contextlib
import ctypes
import http.client
import http.server
import json
import os
import queue
import shutil
import signal
import socket
import socketserver
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graphkit.errors import GraphkitError, QueryError, StoreError
from graphkit.sparql import sparql_keywords

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
    _auto_port: bool = field(default=False, init=False, repr=False)

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
        self._auto_port = self.port == 0
        if self._auto_port:
            self.port = free_port(self.host)
        if self.quiet:
            import tempfile

            self._log = tempfile.TemporaryFile()  # noqa: SIM115 (kept open while the server runs)
        try:
            self._spawn(wait)
        except BaseException:
            self.stop()
            raise
        return self

    def restart(self, wait: float = 30.0) -> OxigraphServer:
        """End the server process, whatever it is running, and start a fresh one on the same store,
        keeping the store's lock (no build can slip in between); on a new free port if the port was
        picked automatically. An in-memory server (``store=None``) loses its data."""
        _end_process(self.process)
        self.process = None
        if self._auto_port:
            self.port = free_port(self.host)
        self._spawn(wait)
        return self

    def _spawn(self, wait: float) -> None:
        preexec = _die_with_parent_hook()
        self.process = subprocess.Popen(
            self.command(),
            stdin=subprocess.DEVNULL,
            stdout=self._log if self._log is not None else subprocess.DEVNULL,
            stderr=self._log if self._log is not None else subprocess.DEVNULL,
            preexec_fn=preexec,  # noqa: PLW1509 (Linux: no orphan server if graphkit is killed)
        )
        try:
            self._wait_ready(wait)
        except BaseException:
            _end_process(self.process)
            self.process = None
            raise

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
        _end_process(p)
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


def _end_process(p: subprocess.Popen | None) -> None:
    if p is not None and p.poll() is None:
        p.terminate()
        try:
            p.wait(10)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


_PRCTL: list[Any] = []  # libc's prctl, looked up once in the parent (not between fork and exec)


def _die_with_parent_hook() -> Callable[[], None] | None:
    """The ``preexec_fn`` that asks Linux to send the child SIGTERM when the thread that started it
    ends (``PR_SET_PDEATHSIG``): no orphan server if graphkit is killed. libc is loaded here, in the
    parent, so the child only makes one system call before ``exec``."""
    if not _PRCTL:
        try:
            _PRCTL.append(ctypes.CDLL("libc.so.6", use_errno=True).prctl)
        except OSError:  # pragma: no cover - not glibc Linux
            _PRCTL.append(None)
    return _die_with_parent if _PRCTL[0] is not None else None


def _die_with_parent() -> None:  # pragma: no cover - runs in the child before exec
    with contextlib.suppress(Exception):
        _PRCTL[0](1, signal.SIGTERM)  # PR_SET_PDEATHSIG


# ---------------------------------------------------------------------- the query guard

SERVICE_REFUSED = (
    "the query uses SERVICE, which would make the server fetch a remote endpoint; "
    "this server refuses it (start it with graphkit serve --allow-service to permit it)"
)
LOAD_REFUSED = (
    "the update uses LOAD, which would make the server fetch a document from its IRI; "
    "this server refuses it (start it with graphkit serve --allow-service to permit it)"
)
_PARSE_LIMIT = 1_000_000  # characters; longer texts (big INSERT DATA updates) get the lexer check only
_PARSE_LOCK = threading.Lock()  # pyparsing's caches are shared state


def _parse_tree_names(tree: Any) -> set[str] | None:
    """The names of the nodes of rdflib's parse tree of ``tree`` (a query or an update); ``None``
    when rdflib cannot parse it."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
    from rdflib.plugins.sparql.parserutils import CompValue

    for parse in (parseQuery, parseUpdate):
        try:
            with _PARSE_LOCK:
                root = parse(tree)
        except Exception:
            continue
        names: set[str] = set()
        stack, seen = [root], set()
        while stack:
            n = stack.pop()
            if id(n) in seen:
                continue
            seen.add(id(n))
            if isinstance(n, CompValue):
                names.add(n.name)
            if isinstance(n, dict):
                stack.extend(dict.values(n))  # not CompValue.get, which resolves variables
            elif isinstance(n, ParseResults | list | tuple):
                stack.extend(n)
        return names
    return None


def fetch_refusal(text: str) -> str | None:
    """Why a query or update that makes the server fetch a URL (``SERVICE``, or ``LOAD`` in an update)
    is refused, or ``None``. Decided on rdflib's parse tree; a text rdflib cannot parse (an engine's
    extension, a syntax error) is refused only if a ``SERVICE``/``LOAD`` keyword appears outside its
    strings, IRIs and comments. That keyword check also runs on parsed texts, as a second net."""
    names = _parse_tree_names(text) if len(text) <= _PARSE_LIMIT else None
    if names is not None:
        if "ServiceGraphPattern" in names:
            return SERVICE_REFUSED
        if "Load" in names:
            return LOAD_REFUSED
    words = sparql_keywords(text)
    if "SERVICE" in words:
        return SERVICE_REFUSED
    if "LOAD" in words:
        return LOAD_REFUSED
    return None


class _Owner:
    """Runs functions on one long-lived thread. The Oxigraph process is started there, always:
    Linux sends ``PR_SET_PDEATHSIG`` when the *thread* that started a child ends, so a child started
    from a request's thread would be killed when that request is done."""

    def __init__(self) -> None:
        self._jobs: queue.SimpleQueue = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="graphkit-oxigraph", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while (job := self._jobs.get()) is not None:
            fn, box, done = job
            try:
                box.append((True, fn()))
            except BaseException as e:
                box.append((False, e))
            done.set()

    def call(self, fn: Callable[[], Any]) -> Any:
        box: list[tuple[bool, Any]] = []
        done = threading.Event()
        self._jobs.put((fn, box, done))
        done.wait()
        ok, value = box[0]
        if not ok:
            raise value
        return value

    def close(self) -> None:
        self._jobs.put(None)
        self._thread.join(30)


@dataclass
class GuardedServer:
    """The Oxigraph server behind a query guard: what ``graphkit serve`` runs; a context manager.

    Oxigraph listens on a private free port on 127.0.0.1; a small HTTP front on ``host:port``
    forwards the SPARQL 1.1 Protocol (``/query``, ``/update``), the Graph Store Protocol (``/store``)
    and the root page to it unchanged, except that it

    * refuses (HTTP 400, one line of text) a query or update that would make the server fetch a URL:
      ``SERVICE`` (and ``LOAD``), unless ``allow_service``;
    * answers 503 when a query or update has no answer after ``timeout`` seconds, and stops it by
      restarting the Oxigraph process (read-only store: nothing is lost; it starts in a fraction of
      a second). Requests in flight at that moment get a 503 too, and may be sent again.

    Same interface as :class:`OxigraphServer` (``url``, ``query_url``, ``update_url``, ``store_url``,
    ``start``, ``stop``, ``wait``).
    """

    store: Path | None = None
    host: str = "127.0.0.1"
    port: int = 0
    writable: bool = False
    timeout: float | None = None  # seconds per query or update
    allow_service: bool = False
    quiet: bool = True
    backend: OxigraphServer | None = field(default=None, init=False, repr=False)
    _httpd: Any = field(default=None, init=False, repr=False)
    _serving: Any = field(default=None, init=False, repr=False)
    _owner: Any = field(default=None, init=False, repr=False)
    _cond: Any = field(default_factory=threading.Condition, init=False, repr=False)
    _generation: int = field(default=0, init=False, repr=False)
    _restarting: bool = field(default=False, init=False, repr=False)
    _failure: str | None = field(default=None, init=False, repr=False)
    _done: Any = field(default_factory=threading.Event, init=False, repr=False)

    url = OxigraphServer.url
    query_url = OxigraphServer.query_url
    update_url = OxigraphServer.update_url
    store_url = OxigraphServer.store_url

    def start(self, wait: float = 30.0) -> GuardedServer:
        try:  # the public port first: if it is taken, say so before starting anything
            self._httpd = _Front((self.host, self.port), self)
        except OSError as e:
            raise GraphkitError(
                f"cannot listen on {self.host}:{self.port}: {e.strerror or e}; pick another --port"
            ) from e
        self.port = self._httpd.server_address[1]
        if not self.allow_service:
            fetch_refusal("ASK {}")  # loads rdflib's SPARQL grammar now, not during the first request
        self._done.clear()
        self._failure = None
        self._owner = _Owner()
        self.backend = OxigraphServer(
            store=self.store, port=0, writable=self.writable, timeout=self.timeout, quiet=self.quiet
        )
        try:
            self._owner.call(lambda: self.backend.start(wait))
        except BaseException:
            self.stop()
            raise
        self._serving = threading.Thread(target=self._httpd.serve_forever, name="graphkit-serve", daemon=True)
        self._serving.start()
        return self

    def wait(self) -> int:
        """Block until the server is stopped (Ctrl-C stops it); returns 0, or 1 if the Oxigraph
        process ended and could not be started again. Restarts it if it ended on its own."""
        try:
            while not self._done.wait(0.5):
                with self._cond:
                    gen, backend, busy = self._generation, self.backend, self._restarting
                if backend is not None and not busy and backend.process is not None:
                    if backend.process.poll() is not None and self._begin_restart(gen):
                        self._finish_restart()
                if self._failure:
                    return 1
            return 1 if self._failure else 0
        finally:
            self.stop()

    def stop(self) -> None:
        httpd, self._httpd = self._httpd, None
        serving, self._serving = self._serving, None
        if httpd is not None:
            if serving is not None:
                httpd.shutdown()
            httpd.server_close()
        with self._cond:
            backend, self.backend = self.backend, None
            self._cond.notify_all()
        owner, self._owner = self._owner, None
        if owner is not None:
            if backend is not None:
                owner.call(backend.stop)
            owner.close()
        self._done.set()

    def __enter__(self) -> GuardedServer:
        return self if self._httpd is not None else self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def failure(self) -> str | None:
        """Why the Oxigraph process could not be restarted, if it could not."""
        return self._failure

    # the backend, restarted under a generation count: a request remembers the generation it was sent
    # to, so that when its connection breaks it can tell "restarted under me" from "broke"

    def _current(self) -> tuple[int, int]:
        """The backend's generation and port, once it is not being restarted."""
        with self._cond:
            while self._restarting:
                self._cond.wait()
            if self.backend is None or self.backend.process is None:
                raise _Answer(503, self._failure or "the server is stopping")
            return self._generation, self.backend.port

    def _begin_restart(self, generation: int) -> bool:
        """Mark the backend of ``generation`` as being restarted (requests wait); ``False`` if another
        request already did."""
        with self._cond:
            if self._generation != generation or self._restarting or self.backend is None:
                return False
            self._generation += 1
            self._restarting = True
            return True

    def _finish_restart(self) -> None:
        try:
            backend, owner = self.backend, self._owner
            if backend is not None and owner is not None:
                owner.call(backend.restart)
        except Exception as e:
            self._failure = f"the Oxigraph server could not be started again: {_one_line(e)}"
            self._done.set()
        finally:
            with self._cond:
                self._restarting = False
                self._cond.notify_all()


def _one_line(e: BaseException) -> str:
    return " ".join(str(e).split())[:500] or type(e).__name__


class _Answer(Exception):
    """A plain-text answer from the guard itself (the request goes no further)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


class _Front(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], guard: GuardedServer) -> None:
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        self.guard = guard
        super().__init__(address, _GuardHandler)

    def server_bind(self) -> None:  # HTTPServer's looks the host name up in the DNS, which can hang
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = str(self.server_address[0]), self.server_address[1]


# headers that belong to one connection, not to the request (RFC 9110 section 7.6.1), plus the ones the
# guard sets itself
_HOP_BY_HOP = {
    "connection", "keep-alive", "proxy-connection", "proxy-authenticate", "proxy-authorization", "te",
    "trailer", "transfer-encoding", "upgrade", "host", "content-length", "expect",
}  # fmt: skip
# request bodies that are RDF data (Graph Store Protocol), not queries: streamed through unread
_RDF_TYPES = {
    "application/n-triples", "application/n-quads", "text/turtle", "application/x-turtle",
    "application/trig", "application/rdf+xml", "application/ld+json", "text/n3",
}  # fmt: skip
_CHUNK = 64 * 1024
_IDLE = 300.0  # seconds a connection may stay silent (client or a request without a time limit)


class _GuardHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "graphkit-serve"
    sys_version = ""
    timeout = _IDLE
    server: _Front

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (the stdlib's name)
        pass

    def do_GET(self) -> None:
        try:
            self._forward()
        except _Answer as a:
            self._plain(a.status, str(a))
        except _ClientGone:
            self.close_connection = True

    do_POST = do_PUT = do_DELETE = do_HEAD = do_PATCH = do_OPTIONS = do_GET

    # -- the request

    def _forward(self) -> None:
        guard = self.server.guard
        texts = self._url_texts()
        body, texts_in_body = self._body()
        texts += texts_in_body
        if not guard.allow_service:
            for text in texts:
                reason = fetch_refusal(text)
                if reason:
                    raise _Answer(400, reason)
        limit = guard.timeout if texts and guard.timeout else None
        generation, port = guard._current()
        self._exchange(guard, generation, port, body, limit)

    def _url_texts(self) -> list[str]:
        try:
            params = urllib.parse.parse_qs(
                urllib.parse.urlsplit(self.path).query, keep_blank_values=True, errors="strict"
            )
        except UnicodeDecodeError:
            self.close_connection = True  # the body, if any, is not read
            raise _Answer(400, "the URL's query string is not UTF-8") from None
        return params.get("query", []) + params.get("update", [])

    def _body(self) -> tuple[Any, list[str]]:
        """The body to forward (bytes, a reader or a chunk iterator; ``None`` if none) and the SPARQL
        texts in it. RDF data is streamed through; anything else is read, and checked as SPARQL."""
        chunked = "chunked" in self.headers.get("Transfer-Encoding", "").lower()
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            self.close_connection = True
            raise _Answer(400, "the Content-Length header is not a number") from None
        if not chunked and length <= 0:
            return None, []
        ctype = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if ctype in _RDF_TYPES:
            self.close_connection = True  # whatever happens, the connection ends with this answer
            return (_dechunk(self.rfile) if chunked else _Reader(self.rfile, length)), []
        data = b"".join(_dechunk(self.rfile)) if chunked else self.rfile.read(length)
        encoding = self.headers.get("Content-Encoding", "identity").strip().lower()
        if encoding not in ("", "identity"):
            raise _Answer(415, f"the request body is {encoding}-encoded; send it uncompressed")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise _Answer(400, "the request body is not UTF-8") from None
        if ctype == "application/x-www-form-urlencoded":
            try:
                form = urllib.parse.parse_qs(text, keep_blank_values=True, errors="strict")
            except UnicodeDecodeError:
                raise _Answer(400, "the form is not UTF-8") from None
            return data, form.get("query", []) + form.get("update", [])
        return data, [text]

    # -- the exchange with Oxigraph

    def _exchange(self, guard: GuardedServer, generation: int, port: int, body: Any, limit: float | None):
        deadline = time.monotonic() + limit if limit else None

        def remaining() -> float:
            if deadline is None:
                return _IDLE
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError
            return left

        headers = {k: v for k, v in self.headers.items() if k.lower() not in _hop_by_hop(self.headers)}
        headers["Host"] = f"127.0.0.1:{port}"
        if isinstance(body, bytes):
            headers["Content-Length"] = str(len(body))
        elif isinstance(body, _Reader):
            headers["Content-Length"] = str(body.left)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10.0)
        started = False  # whether the answer has begun to go to the client
        try:
            remaining()
            conn.request(self.command, self.path, body=body, headers=headers)
            sock = conn.sock
            sock.settimeout(remaining())
            resp = conn.getresponse()
            # a query's answer is sent only once its first bytes are there (Oxigraph may send the headers
            # of an aggregate before it has the value): until then the guard can still answer 503
            has_body = self.command != "HEAD" and resp.status not in (204, 304) and resp.status >= 200
            first = b""
            if has_body:
                sock.settimeout(remaining())
                first = resp.read1(_CHUNK)
            started = True
            chunked = self._send_head(resp, has_body)
            if first:
                self._write(first, chunked)
                while True:
                    sock.settimeout(remaining())
                    data = resp.read1(_CHUNK)
                    if not data:
                        break
                    self._write(data, chunked)
            if chunked:
                self._write_raw(b"0\r\n\r\n")
        except _ClientGone:
            raise
        except TimeoutError:
            if deadline is None:
                self._fail(started, 504, f"the Oxigraph server sent nothing for {_IDLE:g} s")
                return
            restart = guard._begin_restart(generation)
            self._fail(
                started,
                503,
                f"the query was stopped after {limit:g} s, the time limit (raise it with graphkit serve "
                "--timeout SECONDS, or 0 for none; or narrow the query)",
            )
            if restart:
                guard._finish_restart()
        except (OSError, http.client.HTTPException) as e:
            with guard._cond:
                restarted = guard._generation != generation
                backend = guard.backend
            if restarted:
                self._fail(
                    started,
                    503,
                    "the query was stopped: another query reached the time limit and the SPARQL engine "
                    "was restarted; send it again",
                )
                return
            process = backend.process if backend is not None else None
            if process is not None and process.poll() is not None:
                code = process.returncode
                if guard._begin_restart(generation):
                    guard._finish_restart()
                self._fail(
                    started,
                    502,
                    f"the Oxigraph server stopped (exit code {code}) and was started again; send the "
                    "request again",
                )
                return
            self._fail(started, 502, f"the Oxigraph server did not answer: {_one_line(e)}")
        finally:
            conn.close()

    def _send_head(self, resp: http.client.HTTPResponse, has_body: bool) -> bool:
        """Send the status and headers; returns whether the body goes in chunks."""
        self.send_response_only(resp.status, resp.reason)
        skip = _hop_by_hop(resp.headers)
        for k, v in resp.headers.items():
            if k.lower() not in skip:
                self.send_header(k, v)
        length = resp.headers.get("Content-Length")
        chunked = False
        if length is not None:
            self.send_header("Content-Length", length)
        elif has_body:
            if self.request_version == "HTTP/1.1":
                self.send_header("Transfer-Encoding", "chunked")
                chunked = True
            else:  # an HTTP/1.0 client: the end of the body is the end of the connection
                self.close_connection = True
        elif self.command != "HEAD" or resp.status in (204, 304):
            self.send_header("Content-Length", "0")
        if self.close_connection:
            self.send_header("Connection", "close")
        try:
            self.end_headers()
        except OSError as e:
            raise _ClientGone from e
        return chunked

    def _write(self, data: bytes, chunked: bool) -> None:
        self._write_raw(b"%x\r\n%s\r\n" % (len(data), data) if chunked else data)

    def _write_raw(self, data: bytes) -> None:
        try:
            self.wfile.write(data)
        except OSError as e:
            raise _ClientGone from e

    def _fail(self, started: bool, status: int, message: str) -> None:
        if started:  # part of the answer is out: all that can be done is to cut it short
            self.close_connection = True
            return
        self._plain(status, message)

    def _plain(self, status: int, message: str) -> None:
        body = (message + "\n").encode("utf-8")
        try:
            self.send_response(status)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            if self.close_connection:
                self.send_header("Connection", "close")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
        except OSError:
            self.close_connection = True


class _ClientGone(Exception):
    """The client closed its connection while the answer was being sent."""


def _hop_by_hop(headers: Any) -> set[str]:
    named = {h.strip().lower() for v in headers.get_all("Connection", []) for h in v.split(",")}
    return _HOP_BY_HOP | named


class _Reader:
    """The next ``left`` bytes of a stream, as a file for :mod:`http.client` to send."""

    def __init__(self, stream: Any, left: int) -> None:
        self.stream, self.left = stream, left

    def read(self, n: int = -1) -> bytes:
        n = self.left if n < 0 else min(n, self.left)
        data = self.stream.read(n) if n else b""
        self.left -= len(data)
        if n and not data:
            self.left = 0
        return data


def _dechunk(stream: Any) -> Iterator[bytes]:
    """The body of a request sent with ``Transfer-Encoding: chunked``."""
    while True:
        line = stream.readline(65537)
        try:
            size = int(line.split(b";")[0].strip() or b"x", 16)
        except ValueError:
            raise _Answer(400, "the request's chunked body is malformed") from None
        if size == 0:
            while stream.readline(65537).strip():  # trailers
                pass
            return
        yield stream.read(size)
        stream.readline()


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
    "GuardedServer",
    "OxigraphServer",
    "PushResult",
    "endpoint_auth",
    "fetch_refusal",
    "free_port",
    "push",
    "query_endpoint",
    "store_graphs",
]
