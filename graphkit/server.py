"""SPARQL over HTTP: ``graphkit serve`` answers the SPARQL protocols itself; push graphs to any endpoint.

``graphkit serve --store DIR`` (:class:`SparqlServer`) serves a store over the SPARQL 1.1 Protocol
(``/query``, ``/update``) and the Graph Store Protocol (``/store``), with content negotiation, on
graphkit's own HTTP front (the standard library's ``http.server``), bound to 127.0.0.1 and read-only
unless told otherwise. Every query, update and Graph Store operation runs in a worker process
(:mod:`graphkit.querying.worker`: embedded Oxigraph, checked by :func:`graphkit.querying.check`) that is
killed at the time limit; there is no backend port. The store's default graph is the merge of all
articles, and ``GRAPH ?g`` ranges over the article graphs, exactly as with ``graphkit query --store``.
See :class:`SparqlServer` for what it refuses (duplicate or ambiguous headers, foreign ``Host``,
``SERVICE``/``LOAD``, cross-site writes) and how.

:class:`OxigraphServer` runs Oxigraph's own ``oxigraph serve`` (PyPI package ``oxigraph``): the way to
serve a store read-only at scale, or an empty writable one as a push target. It guards nothing: no
Host or Origin check, ``SERVICE`` fetches whatever URL a query names, and its time limit does not stop
a running aggregate; put it behind authentication on a trusted network only.

``graphkit push --endpoint URL`` PUTs each named graph (one per article, plus the
corpus-level merges) to a SPARQL 1.1 Graph Store Protocol endpoint
(``URL?graph=IRI``), so pushing again replaces each article's graph rather than
adding to it.
"""

from __future__ import annotations

import base64
import contextlib
import ctypes
import hmac
import http.server
import json
import os
import queue
import re
import select
import shutil
import signal
import socket
import socketserver
import struct
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
from graphkit.querying.policy import Policy, check, refusal
from graphkit.querying.worker import server_policy

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


# ---------------------------------------------------------------------- the SPARQL server

_SERVER_POLICY = server_policy()  # the route decides about updates; this one judges fetches
SERVICE_REFUSED = refusal("SERVICE", _SERVER_POLICY)
LOAD_REFUSED = refusal("LOAD", _SERVER_POLICY)


def fetch_refusal(text: str) -> str | None:
    """Why ``graphkit serve`` refuses a query or update that makes the engine fetch a URL
    (``SERVICE``, ``LOAD``), or ``None``: :func:`graphkit.querying.policy.check`'s verdict."""
    try:
        check(text, _SERVER_POLICY)
    except QueryError as e:
        return str(e)
    return None


LOOPBACK_NAMES = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})
QUERY_BODY_TYPES = ("application/sparql-query", "application/x-www-form-urlencoded")
UPDATE_BODY_TYPES = ("application/sparql-update", "application/x-www-form-urlencoded")
# the content types an HTML form (or a "simple" cross-site fetch) can send without asking the server
_BROWSER_SIMPLE = ("application/x-www-form-urlencoded", "multipart/form-data", "text/plain")
_SINGLE_HEADERS = ("Host", "Content-Type", "Content-Length", "Transfer-Encoding", "Origin", "Authorization",
                   "Accept", "Content-Encoding", "Sec-Fetch-Site")  # fmt: skip
_CHUNK = 64 * 1024


class _Answer(Exception):
    """A plain-text answer from the server itself: a status and one line."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


class _Timeout(Exception):
    pass


class _WorkerProcess:
    """One ``graphkit.querying.worker`` child process and its two pipes."""

    def __init__(self, store: Path | None, writable: bool, allow_fetch: bool, wait: float) -> None:
        cmd = [sys.executable, "-m", "graphkit.querying.worker", str(store) if store else ":memory:"]
        cmd += ["--writable"] * writable + ["--allow-fetch"] * allow_fetch
        env = dict(os.environ)
        root = Path(__file__).resolve().parent.parent  # this graphkit, wherever it was imported from
        if root.name not in ("site-packages", "dist-packages"):  # a checkout: the workers run it too
            env["PYTHONPATH"] = str(root) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
        self.proc = subprocess.Popen(
            cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env
        )
        self.sandbox = ""
        try:
            head = self._read(time.monotonic() + wait)
            info = json.loads(head) if head else {}
            if info.get("type") != "ready":
                raise StoreError(info.get("message") or "the query worker stopped at once")
            self.sandbox = info.get("message", "")
        except _Timeout:
            self.kill()
            raise StoreError(f"the query worker did not start within {wait:g} s") from None
        except BaseException:
            self.kill()
            raise

    @property
    def pid(self) -> int:
        return self.proc.pid

    def alive(self) -> bool:
        return self.proc.poll() is None

    def send(self, job: dict[str, Any], body: bytes) -> None:
        from graphkit.querying.worker import write_frame

        write_frame(self.proc.stdin, json.dumps(job).encode())
        write_frame(self.proc.stdin, body)
        self.proc.stdin.flush()

    def _read_exact(self, n: int, deadline: float | None) -> bytes:
        fd, out = self.proc.stdout.fileno(), bytearray()
        while len(out) < n:
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and left <= 0:
                raise _Timeout
            ready, _, _ = select.select([fd], [], [], left)
            if not ready:
                raise _Timeout
            data = os.read(fd, n - len(out))
            if not data:
                raise EOFError
            out += data
        return bytes(out)

    def _read(self, deadline: float | None) -> bytes:
        (n,) = struct.unpack(">I", self._read_exact(4, deadline))
        return self._read_exact(n, deadline) if n else b""

    read = _read

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        for f in (self.proc.stdin, self.proc.stdout):
            with contextlib.suppress(OSError):
                f.close()


@dataclass
class SparqlServer:
    """The SPARQL 1.1 Protocol and Graph Store Protocol server that ``graphkit serve`` runs; a context
    manager. graphkit answers HTTP itself (standard library), and runs every query, update and Graph
    Store operation in a worker process (:mod:`graphkit.querying.worker`) that it kills at the time
    limit; no other port is opened. What it guarantees:

    * one reading of each request: one ``Host``, ``Content-Type``, ``Content-Length``,
      ``Transfer-Encoding``, ``Origin``; not both ``Content-Length`` and chunked; bodies up to
      ``max_body`` bytes; anything else is refused with 400 (or 413, 415) and one line;
    * ``Host`` must be a loopback name or ``host`` (or one of ``allowed_hosts``): a page on another
      site cannot read the store through a DNS name pointed at 127.0.0.1 (403);
    * nothing fetched: ``SERVICE`` and ``LOAD`` are refused (400) by :func:`graphkit.querying.check`,
      and the workers cannot open internet sockets at all (seccomp), unless ``allow_service``;
    * time limit: a request with no complete answer after ``timeout`` seconds gets 503 and its worker
      is killed (every route, GET and POST);
    * read-only unless ``writable`` (403); writes need the ``token`` (``Authorization: Bearer``), or
      an ``Origin`` equal to the server's own, or — for clients that are not browsers — no
      ``Origin`` and a content type no HTML form can send.
    """

    store: Path | None = None
    host: str = "127.0.0.1"
    port: int = 0
    writable: bool = False
    timeout: float | None = None  # seconds per request
    allow_service: bool = False
    quiet: bool = True
    workers: int | None = None  # read-only: 2 by default; writable: always 1 (one writer)
    token: str | None = None
    allowed_hosts: tuple[str, ...] = ()
    max_body: int = 256 * 1024 * 1024
    _httpd: Any = field(default=None, init=False, repr=False)
    _serving: Any = field(default=None, init=False, repr=False)
    _lock: Any = field(default=None, init=False, repr=False)
    _idle: Any = field(default=None, init=False, repr=False)
    _all: list = field(default_factory=list, init=False, repr=False)
    _guard: Any = field(default_factory=threading.Lock, init=False, repr=False)
    _done: Any = field(default_factory=threading.Event, init=False, repr=False)
    _failure: str | None = field(default=None, init=False, repr=False)
    sandbox: str = field(default="", init=False)  # why the workers have network, if they do

    url = OxigraphServer.url
    query_url = OxigraphServer.query_url
    update_url = OxigraphServer.update_url
    store_url = OxigraphServer.store_url

    @property
    def size(self) -> int:
        """Worker processes: one when writable (one writer) or in memory (one dataset), else ``workers``."""
        return 1 if self.writable or self.store is None else max(1, self.workers or 2)

    def start(self, wait: float = 60.0) -> SparqlServer:
        from graphkit.rdf.store import _acquire_lock, is_store

        if self.store is not None:
            self.store = Path(self.store)
            if not is_store(self.store):
                raise StoreError(
                    f"{self.store}: no graphkit store here (create one with: graphkit build ARTICLES --store {self.store})"
                )
        try:  # the public port first: if it is taken, say so before starting anything
            self._httpd = _Front((self.host, self.port), self)
        except OSError as e:
            raise GraphkitError(
                f"cannot listen on {self.host}:{self.port}: {e.strerror or e}; pick another --port"
            ) from e
        self.port = self._httpd.server_address[1]
        try:
            if self.store is not None:  # serving excludes builds; writable serving excludes everyone
                self._lock = _acquire_lock(self.store, exclusive=self.writable)
            self._idle = queue.Queue()
            for _ in range(self.size):
                w = self._spawn(wait)
                self._idle.put(w)
            self.sandbox = self._all[0].sandbox if self._all else ""
        except BaseException:
            self.stop()
            raise
        self._done.clear()
        self._serving = threading.Thread(target=self._httpd.serve_forever, name="graphkit-serve", daemon=True)
        self._serving.start()
        return self

    def _spawn(self, wait: float = 60.0) -> _WorkerProcess:
        w = _WorkerProcess(self.store, self.writable, self.allow_service, wait)
        with self._guard:
            self._all.append(w)
        return w

    @property
    def worker_pids(self) -> list[int]:
        with self._guard:
            return [w.pid for w in self._all if w.alive()]

    def _acquire(self, deadline: float | None) -> _WorkerProcess:
        if self._idle is None:
            raise _Answer(503, "the server is stopping")
        try:
            left = None if deadline is None else max(0.0, deadline - time.monotonic())
            w = self._idle.get(timeout=left)
        except queue.Empty:
            raise _Answer(
                503,
                f"all {self.size} query workers stayed busy while this request waited; "
                "send it again later (or start the server with more --workers)",
            ) from None
        if w is None:
            raise _Answer(503, "the server is stopping")
        if not w.alive():
            self._replace(w, background=False)
            return self._acquire(deadline)
        return w

    def _release(self, w: _WorkerProcess) -> None:
        self._idle.put(w)

    def _replace(self, w: _WorkerProcess, *, background: bool = True) -> None:
        """Kill ``w`` (a job ran past its limit, or it died) and put a fresh worker in its place."""
        w.kill()
        with self._guard:
            if w in self._all:
                self._all.remove(w)

        def fresh() -> None:
            if self._httpd is None:  # stopped
                return
            try:
                fresh_worker = self._spawn()
                if self._httpd is None:  # stopped while it started: it must not outlive the server
                    fresh_worker.kill()
                    return
                self._idle.put(fresh_worker)
            except Exception as e:
                self._failure = f"a query worker could not be started again: {_one_line(e)}"
                self._done.set()

        if background:
            threading.Thread(target=fresh, daemon=True, name="graphkit-respawn").start()
        else:
            fresh()

    def wait(self) -> int:
        """Block until the server is stopped (Ctrl-C stops it); 0, or 1 if a worker could not be
        started again."""
        try:
            while not self._done.wait(0.5):
                pass
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
        with self._guard:
            workers, self._all = list(self._all), []
        for w in workers:
            w.kill()
        if self._idle is not None:
            for _ in range(8):
                self._idle.put(None)
        if self._lock is not None:
            self._lock.close()
            self._lock = None
        self._done.set()

    def __enter__(self) -> SparqlServer:
        return self if self._httpd is not None else self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def failure(self) -> str | None:
        return self._failure

    def host_allowed(self, name: str) -> bool:
        name = name.strip().lower().rstrip(".")
        own = {self.host.lower(), f"[{self.host.lower()}]"} if self.host not in ("0.0.0.0", "::", "") else set()
        return name in LOOPBACK_NAMES or name in own or name in {h.lower() for h in self.allowed_hosts}


GuardedServer = SparqlServer  # the name of graphkit 0.x's proxy, kept for callers


class _Front(http.server.ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64

    def __init__(self, address: tuple[str, int], server: SparqlServer) -> None:
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        self.sparql = server
        super().__init__(address, _Handler)

    def server_bind(self) -> None:  # HTTPServer's looks the host name up in the DNS, which can hang
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = str(self.server_address[0]), self.server_address[1]


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "graphkit-serve"
    sys_version = ""
    timeout = 60.0  # seconds a connection may stay silent while a request is read
    server: _Front

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (the stdlib's name)
        pass

    def do_GET(self) -> None:
        try:
            self._handle()
        except _Answer as a:
            self._plain(a.status, str(a))
        except _ClientGone:
            self.close_connection = True

    do_POST = do_PUT = do_DELETE = do_HEAD = do_PATCH = do_OPTIONS = do_GET

    # -- reading the request, strictly

    def _handle(self) -> None:
        srv = self.server.sparql
        for name in _SINGLE_HEADERS:
            n = len(self.headers.get_all(name, []))
            if n > 1:
                self.close_connection = True
                raise _Answer(400, f"the request has {n} {name} headers; send one")
        host = self.headers.get("Host")
        if host is None:
            self.close_connection = True
            raise _Answer(400, "the request has no Host header")
        hostname = urllib.parse.urlsplit("//" + host).hostname or ""
        if not srv.host_allowed(hostname if ":" not in hostname else f"[{hostname}]") and not srv.host_allowed(
            hostname
        ):
            self.close_connection = True
            raise _Answer(
                403,
                f"the Host header {host!r} is not a name of this server (a loopback name or --host); "
                "refused, so that no web page can reach the store through its own DNS name",
            )
        url = urllib.parse.urlsplit(self.path)
        try:
            params = urllib.parse.parse_qs(url.query, keep_blank_values=True, errors="strict")
        except UnicodeDecodeError:
            self.close_connection = True
            raise _Answer(400, "the URL's query string is not UTF-8") from None
        route, method = url.path, self.command
        if method == "OPTIONS":
            raise _Answer(405, "OPTIONS is not answered: this server grants no cross-origin access")
        if route == "/":
            self._no_body()
            if method not in ("GET", "HEAD"):
                raise _Answer(405, "send GET")
            return self._page()
        if route == "/query":
            return self._query(srv, params)
        if route == "/update":
            return self._update(srv, params)
        if route == "/store":
            return self._store(srv, params)
        self._no_body()
        raise _Answer(404, f"no such endpoint {route!r}: use /query, /update or /store")

    def _ctype(self) -> str:
        return self.headers.get("Content-Type", "").split(";")[0].strip().lower()

    def _body(self) -> bytes:
        """The request body: ``Content-Length`` bytes or a chunked body, never both, at most
        ``max_body`` bytes; uncompressed."""
        srv = self.server.sparql
        te = self.headers.get("Transfer-Encoding")
        cl = self.headers.get("Content-Length")
        if te is not None:
            self.close_connection = True  # on any refusal below the rest of the stream is not read
            if cl is not None:
                raise _Answer(400, "the request has both Content-Length and Transfer-Encoding; send one")
            if te.strip().lower() != "chunked":
                raise _Answer(501, f"Transfer-Encoding {te!r} is not supported; send chunked or Content-Length")
            data = _dechunk(self.rfile, srv.max_body)
            self.close_connection = False
        elif cl is not None:
            if not cl.strip().isdigit() or not cl.strip().isascii():
                self.close_connection = True
                raise _Answer(400, "the Content-Length header is not a number")
            n = int(cl)
            if n > srv.max_body:
                self.close_connection = True
                raise _Answer(413, f"the request body is {n} bytes; this server takes at most {srv.max_body}")
            data = self.rfile.read(n)
            if len(data) < n:
                self.close_connection = True
                raise _Answer(400, "the request body is shorter than its Content-Length")
        else:
            data = b""
        encoding = self.headers.get("Content-Encoding", "identity").strip().lower()
        if data and encoding not in ("", "identity"):
            raise _Answer(415, f"the request body is {encoding}-encoded; send it uncompressed")
        return data

    def _no_body(self) -> None:
        if self._body():
            raise _Answer(400, "this request takes no body")

    def _text(self, data: bytes) -> str:
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            raise _Answer(400, "the request body is not UTF-8") from None

    def _one(self, params: dict[str, list[str]], name: str) -> str | None:
        values = params.get(name, [])
        if len(values) > 1:
            raise _Answer(400, f"the request has {len(values)} {name!r} parameters; send one")
        return values[0] if values else None

    def _sparql_text(self, params: dict[str, list[str]], name: str, types: tuple[str, ...]) -> str:
        """The query or update of a protocol request: in the URL (GET, query only), a form, or the body."""
        data = self._body()
        in_url = self._one(params, name)
        ctype = self._ctype()
        if self.command in ("GET", "HEAD"):
            if name == "update":
                raise _Answer(405, "send updates with POST")
            if data:
                raise _Answer(400, "a GET request takes no body")
            text = in_url
        elif self.command == "POST":
            if ctype not in types:
                raise _Answer(415, f"send the {name} as {' or '.join(types)} (not {ctype or 'no type'!r})")
            if in_url is not None:
                raise _Answer(400, f"the {name} is both in the URL and in the body; send it once")
            if ctype == "application/x-www-form-urlencoded":
                try:
                    form = urllib.parse.parse_qs(self._text(data), keep_blank_values=True, errors="strict")
                except UnicodeDecodeError:
                    raise _Answer(400, "the form is not UTF-8") from None
                for key in form:
                    if key not in params:
                        params[key] = form[key]
                    else:
                        params[key] = params[key] + form[key]
                text = self._one(form, name)
            else:
                text = self._text(data)
        else:
            raise _Answer(405, f"{self.command} is not a method of this endpoint; send GET or POST")
        if not text:
            raise _Answer(400, f"no {name}: send ?{name}=... or a body")
        return text

    # -- the routes

    def _query(self, srv: SparqlServer, params: dict[str, list[str]]) -> None:
        text = self._sparql_text(params, "query", QUERY_BODY_TYPES)
        job = {
            "op": "query",
            "text": text,
            "accept": self.headers.get("Accept", ""),
            "default_graphs": params.get("default-graph-uri", []),
            "named_graphs": params.get("named-graph-uri", []),
        }
        self._run(srv, job, b"")

    def _update(self, srv: SparqlServer, params: dict[str, list[str]]) -> None:
        if self.command != "POST":
            self._body()
            raise _Answer(405, "send updates with POST")
        if not srv.writable:
            self._body()
            raise _Answer(403, "this server is read-only (start it with graphkit serve --writable to accept updates)")
        self._check_write()
        text = self._sparql_text(params, "update", UPDATE_BODY_TYPES)
        if params.get("using-graph-uri") or params.get("using-named-graph-uri"):
            raise _Answer(400, "using-graph-uri is not supported; write USING in the update")
        self._run(srv, {"op": "update", "text": text}, b"")

    def _store(self, srv: SparqlServer, params: dict[str, list[str]]) -> None:
        graph = self._one(params, "graph")
        default = "default" in params
        if graph is not None and default:
            raise _Answer(400, "send ?graph=IRI or ?default, not both")
        if graph is not None and not re.fullmatch(r"[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>\"{}|\\^`]*", graph):
            raise _Answer(400, f"?graph={graph!r} is not an absolute IRI")
        target = "" if default else graph  # "" the default graph, None the whole store
        if self.command in ("GET", "HEAD"):
            self._no_body()
            return self._run(srv, {"op": "graph-get", "graph": target, "accept": self.headers.get("Accept", "")}, b"")
        if self.command not in ("PUT", "POST", "DELETE"):
            raise _Answer(405, f"{self.command} is not a Graph Store method; send GET, PUT, POST or DELETE")
        if not srv.writable:
            self._body()
            raise _Answer(403, "this server is read-only (start it with graphkit serve --writable to accept writes)")
        from graphkit.querying.worker import UPLOAD_TYPES

        ctype = self._ctype()
        if self.command != "DELETE" and ctype not in UPLOAD_TYPES:
            self.close_connection = True
            raise _Answer(415, f"send RDF ({', '.join(UPLOAD_TYPES)}), not {ctype or 'no type'!r}")
        self._check_write()
        if target is None:
            self._body()
            raise _Answer(400, "name the graph: ?graph=IRI or ?default")
        if self.command == "DELETE":
            self._no_body()
            return self._run(srv, {"op": "graph-delete", "graph": target}, b"")
        data = self._body()
        op = "graph-put" if self.command == "PUT" else "graph-post"
        self._run(srv, {"op": op, "graph": target, "content_type": ctype}, data)

    def _check_write(self) -> None:
        """Writes come from this server's own pages, from a client that holds the token, or from a
        client that is not a browser; never from another site's page."""
        srv = self.server.sparql
        auth = self.headers.get("Authorization", "")
        if srv.token and auth.startswith("Bearer ") and hmac.compare_digest(auth[7:].strip(), srv.token):
            return
        origin = self.headers.get("Origin")
        site = self.headers.get("Sec-Fetch-Site", "").strip().lower()
        if origin is not None:
            own = {f"http://{self.headers.get('Host', '').strip().lower()}"}
            if origin.strip().lower() not in own:
                self.close_connection = True
                raise _Answer(403, f"a write from another site ({origin}) is refused; writes need the same origin or the token")
            return
        if site and site not in ("same-origin", "none"):
            self.close_connection = True
            raise _Answer(403, f"a {site} write is refused; writes need the same origin or the token")
        if srv.token:
            self.close_connection = True
            raise _Answer(403, "writes need the token this server was started with (Authorization: Bearer TOKEN)")
        if self._ctype() in _BROWSER_SIMPLE:
            self.close_connection = True
            raise _Answer(
                403,
                f"a {self._ctype()} write with no Origin is refused (an HTML form on any site can send one); "
                "send application/sparql-update, or the token",
            )

    # -- running a job in a worker

    def _run(self, srv: SparqlServer, job: dict[str, Any], body: bytes) -> None:
        limit = srv.timeout or None
        # a request waits for a free worker at most twice the limit (plus a worker's start), then
        # its own time limit starts: a few endless queries delay the others, they do not fail them
        w = srv._acquire(time.monotonic() + 2 * limit + 10 if limit else None)
        deadline = time.monotonic() + limit if limit else None
        started = False
        try:
            try:
                w.send(job, body)
                info = json.loads(w.read(deadline))
            except _Timeout:
                srv._replace(w)
                w = None
                raise _Answer(503, _stopped(limit)) from None
            except (OSError, EOFError, ValueError):
                srv._replace(w)
                w = None
                raise _Answer(502, "the query worker ended without an answer (out of memory?); send it again") from None
            status, ctype = int(info["status"]), info.get("type", "")
            if ctype == "text/plain" and info.get("message"):
                w.read(deadline)  # the empty end frame
                srv._release(w)
                w = None
                raise _Answer(status, info["message"])
            started = True
            self.send_response(status)
            if ctype:
                self.send_header("Content-Type", ctype + ("; charset=utf-8" if ctype.startswith(("text/", "application/sparql-results+json")) else ""))
            self.send_header("X-Content-Type-Options", "nosniff")
            has_body = status not in (201, 204) and self.command != "HEAD"
            chunked = has_body and self.request_version != "HTTP/1.0"
            if chunked:
                self.send_header("Transfer-Encoding", "chunked")
            elif has_body:  # an HTTP/1.0 client: the end of the body is the end of the connection
                self.close_connection = True
                self.send_header("Connection", "close")
            else:
                self.send_header("Content-Length", "0")
            self._end_headers()
            while True:
                try:
                    data = w.read(deadline)
                except _Timeout:  # part of the answer is out: all that can be done is to cut it short
                    srv._replace(w)
                    w = None
                    self.close_connection = True
                    return
                if not data:
                    break
                if chunked:
                    self._write(b"%x\r\n%s\r\n" % (len(data), data))
                elif has_body:
                    self._write(data)
            if chunked:
                self._write(b"0\r\n\r\n")
            srv._release(w)
            w = None
        except (OSError, EOFError) as e:
            if w is not None:
                srv._replace(w)
                w = None
            if started:
                self.close_connection = True
                return
            raise _Answer(502, f"the query worker failed: {_one_line(e)}") from None
        finally:
            if w is not None:  # the client went away mid-answer: the worker's state is unknown
                srv._replace(w)

    def _end_headers(self) -> None:
        try:
            self.end_headers()
        except OSError as e:
            raise _ClientGone from e

    def _write(self, data: bytes) -> None:
        try:
            self.wfile.write(data)
        except OSError as e:
            raise _ClientGone from e

    def _page(self) -> None:
        srv = self.server.sparql
        text = (
            "graphkit SPARQL server\n\n"
            f"/query   SPARQL 1.1 Protocol (GET ?query=, POST application/sparql-query or a form)\n"
            f"/update  SPARQL 1.1 Update ({'POST' if srv.writable else 'refused: read-only'})\n"
            f"/store   Graph Store Protocol (?graph=IRI or ?default)\n"
        )
        self._plain(200, text.rstrip("\n"))

    def _plain(self, status: int, message: str) -> None:
        body = (message + "\n").encode("utf-8")
        try:
            self.send_response(status)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Content-Length", str(len(body)))
            if self.close_connection:
                self.send_header("Connection", "close")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
        except OSError:
            self.close_connection = True


def _stopped(limit: float | None) -> str:
    return (
        f"the query was stopped after {limit:g} s, the time limit (raise it with graphkit serve "
        "--timeout SECONDS, or 0 for none; or narrow the query)"
    )


def _one_line(e: BaseException) -> str:
    return " ".join(str(e).split())[:500] or type(e).__name__


class _ClientGone(Exception):
    """The client closed its connection while the answer was being sent."""


def _dechunk(stream: Any, limit: int) -> bytes:
    """The body of a request sent with ``Transfer-Encoding: chunked``, read strictly, at most ``limit``
    bytes."""
    out = bytearray()
    while True:
        line = stream.readline(1026)
        size_text = line.split(b";")[0].strip()
        if not line.endswith(b"\n") or not re.fullmatch(rb"[0-9a-fA-F]{1,16}", size_text):
            raise _Answer(400, "the request's chunked body is malformed")
        size = int(size_text, 16)
        if size == 0:
            for _ in range(100):  # trailers
                if not stream.readline(8192).strip():
                    return bytes(out)
            raise _Answer(400, "the request's chunked body has too many trailers")
        if len(out) + size > limit:
            raise _Answer(413, f"the request body is over {limit} bytes, this server's limit")
        data = stream.read(size)
        if len(data) < size or stream.readline(3) not in (b"\r\n", b"\n"):
            raise _Answer(400, "the request's chunked body is malformed")
        out += data


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

    from graphkit.queries import with_prefixes
    from graphkit.rdf.store import to_rdflib
    from graphkit.sparql import QueryOutcome

    query = with_prefixes(query)  # the endpoint does not know graphkit's prefixes
    # the endpoint decides what it fetches; graphkit's policy only keeps the query read-only
    kind = check(query, Policy(allow_update=allow_update, allow_fetch=True, use_parser=False)).kind
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
    "SparqlServer",
    "OxigraphServer",
    "PushResult",
    "endpoint_auth",
    "fetch_refusal",
    "free_port",
    "push",
    "query_endpoint",
    "store_graphs",
]
