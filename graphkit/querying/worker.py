"""A query worker process: the only place ``graphkit serve`` runs SPARQL and Graph Store operations.

``python -m graphkit.querying.worker STORE [--writable] [--allow-fetch]`` opens the Oxigraph store
(read-only unless ``--writable``), takes the network away from itself (:mod:`graphkit.querying.sandbox`)
unless ``--allow-fetch``, then answers jobs on its standard input, one at a time, with
:func:`graphkit.querying.policy.check` deciding each text before Oxigraph runs it. The server kills the
process when a job reaches the time limit and starts another one; nothing else listens anywhere.

Frames on the pipes: a 4-byte big-endian length, then that many bytes. A job is a JSON header frame
and a body frame; an answer is a JSON header frame (``status``, ``type``, ``message``), then data
frames, then an empty frame.
"""

from __future__ import annotations

import json
import os
import struct
import sys
import threading
import time
from typing import IO, Any

_CHUNK = 64 * 1024
RESULT_TYPES = {
    "application/sparql-results+json": "JSON",
    "application/json": "JSON",
    "application/sparql-results+xml": "XML",
    "application/xml": "XML",
    "text/csv": "CSV",
    "text/tab-separated-values": "TSV",
}
GRAPH_TYPES = {
    "text/turtle": "TURTLE",
    "application/n-triples": "N_TRIPLES",
    "text/plain": "N_TRIPLES",
    "application/rdf+xml": "RDF_XML",
    "application/ld+json": "JSON_LD",
}
DATASET_TYPES = {"application/n-quads": "N_QUADS", "application/trig": "TRIG"}
UPLOAD_TYPES = {
    **{k: v for k, v in GRAPH_TYPES.items() if k != "text/plain"},
    "application/x-turtle": "TURTLE",
    "text/n3": "N3",
}


def write_frame(out: IO[bytes], data: bytes) -> None:
    out.write(struct.pack(">I", len(data)) + data)


def read_frame(inp: IO[bytes]) -> bytes | None:
    head = inp.read(4)
    if len(head) < 4:
        return None
    (n,) = struct.unpack(">I", head)
    data = inp.read(n)
    if len(data) < n:
        return None
    return data


def negotiate(accept: str, offered: dict[str, str], default: str) -> str | None:
    """The media type of ``offered`` that the ``Accept`` header prefers; ``default`` for none or
    ``*/*``; ``None`` when nothing offered is acceptable."""
    if not accept.strip():
        return default
    best: tuple[float, int, str] | None = None
    for i, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        mime, q = fields[0].lower(), 1.0
        for f in fields[1:]:
            if f.lower().startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        if q <= 0:
            continue
        if mime in ("*/*", "application/*", "text/*"):
            cands = [default] if default.startswith(mime.split("/")[0] + "/") or mime == "*/*" else []
            cands += [m for m in offered if mime == "*/*" or m.startswith(mime[:-1])]
        else:
            cands = [mime] if mime in offered else []
        for c in cands[:1]:
            key = (q, -i, c)
            if best is None or key[:2] > best[:2]:
                best = key
    return best[2] if best else None


def server_policy(*, writable: bool = True, allow_fetch: bool = False) -> Any:
    """The policy of ``graphkit serve`` (Oxigraph runs the text: its tokens decide, see
    ``Policy.use_parser``), with the server's way of saying how to permit what it refuses."""
    from graphkit.querying.policy import Policy

    return Policy(
        allow_update=writable,
        allow_fetch=allow_fetch,
        permit_fetch="this server refuses it (start it with graphkit serve --allow-service to permit it)",
        permit_update="send updates to /update, on a server started with graphkit serve --writable",
        use_parser=False,
    )


class _Answer:
    """The answer being written: the header waits until the first data (or the end), so an error
    raised while the first rows are computed still becomes a clean status."""

    def __init__(self, out: IO[bytes], status: int, ctype: str) -> None:
        self.out, self.header = out, {"status": status, "type": ctype, "message": ""}
        self.sent, self.buf = False, bytearray()

    def write(self, data: bytes) -> int:
        self.buf += data
        if len(self.buf) >= _CHUNK:
            self.flush()
        return len(data)

    def flush(self) -> None:
        if not self.sent:
            write_frame(self.out, json.dumps(self.header).encode())
            self.sent = True
        if self.buf:
            write_frame(self.out, bytes(self.buf))
            self.buf.clear()

    def finish(self) -> None:
        self.flush()
        write_frame(self.out, b"")
        self.out.flush()


def _plain(out: IO[bytes], status: int, message: str) -> None:
    write_frame(out, json.dumps({"status": status, "type": "text/plain", "message": message}).encode())
    write_frame(out, b"")
    out.flush()


class Worker:
    def __init__(self, store: str | None, writable: bool, allow_fetch: bool) -> None:
        import pyoxigraph as ox

        self.ox = ox
        if store is None:
            self.store = ox.Store()
        else:
            self.store = ox.Store(store) if writable else ox.Store.read_only(store)
        self.writable = writable
        self.policy = server_policy(writable=writable, allow_fetch=allow_fetch)
        from graphkit.querying.policy import check

        check("ASK {}", self.policy)  # loads the SPARQL grammar before the first job

    def run(self, inp: IO[bytes], out: IO[bytes]) -> None:
        while True:
            head = read_frame(inp)
            body = read_frame(inp) if head is not None else None
            if head is None or body is None:
                return
            job = json.loads(head)
            try:
                self.job(job, body, out)
            except _Refused as e:
                _plain(out, e.status, str(e))
            except SyntaxError as e:
                _plain(out, 400, _error_line(e))
            except (ValueError, OSError, RuntimeError) as e:  # evaluation failed (a SERVICE answer, I/O)
                _plain(out, 500, _error_line(e))
            out.flush()

    def job(self, job: dict[str, Any], body: bytes, out: IO[bytes]) -> None:
        from graphkit.errors import QueryError
        from graphkit.querying.policy import check

        op = job["op"]
        if op in ("query", "update"):
            try:
                checked = check(job["text"], self.policy)
            except QueryError as e:
                raise _Refused(400, str(e)) from None
            if op == "query" and checked.is_update:
                raise _Refused(400, "this is a SPARQL UPDATE; send it to /update")
            if op == "update" and not checked.is_update:
                raise _Refused(400, "this is a query, not an update; send it to /query")
        ox = self.ox
        if op == "query":
            kw: dict[str, Any] = {}
            if job.get("default_graphs"):
                kw["default_graph"] = [ox.NamedNode(g) for g in job["default_graphs"]]
            if job.get("named_graphs"):
                kw["named_graphs"] = [ox.NamedNode(g) for g in job["named_graphs"]]
            result = self.store.query(job["text"], **kw)
            if isinstance(result, ox.QueryBoolean | ox.QuerySolutions):
                ctype = negotiate(job.get("accept", ""), RESULT_TYPES, "application/sparql-results+json")
                fmt = getattr(ox.QueryResultsFormat, RESULT_TYPES.get(ctype or "", ""), None)
            else:
                ctype = negotiate(job.get("accept", ""), GRAPH_TYPES, "text/turtle")
                fmt = getattr(ox.RdfFormat, GRAPH_TYPES.get(ctype or "", ""), None)
            if fmt is None:
                raise _Refused(406, f"cannot answer in {job.get('accept')!r}; ask for {_offer(result, ox)}")
            answer = _Answer(out, 200, ctype)
            if isinstance(result, ox.QueryBoolean):
                answer.write(result.serialize(format=fmt) if hasattr(result, "serialize") else b"")
            else:
                result.serialize(answer, format=fmt)
            answer.finish()
        elif op == "update":
            self.store.update(job["text"])
            self.store.flush()
            _Answer(out, 204, "").finish()
        elif op == "graph-get":
            graph = _graph(ox, job.get("graph"))
            if (
                graph is not None
                and not isinstance(graph, ox.DefaultGraph)
                and not _has_graph(self.store, graph)
            ):
                raise _Refused(404, f"no graph <{graph.value}> in this store")
            offered = GRAPH_TYPES if graph is not None else DATASET_TYPES
            default = "text/turtle" if graph is not None else "application/n-quads"
            ctype = negotiate(job.get("accept", ""), offered, default)
            if ctype is None:
                raise _Refused(406, f"cannot answer in {job.get('accept')!r}; ask for {', '.join(offered)}")
            answer = _Answer(out, 200, ctype)
            fmt = getattr(ox.RdfFormat, offered[ctype])
            if graph is None:
                self.store.dump(answer, format=fmt)
            else:
                self.store.dump(answer, format=fmt, from_graph=graph)
            answer.finish()
        elif op in ("graph-put", "graph-post"):
            graph = _graph(ox, job.get("graph"))
            fmt = getattr(ox.RdfFormat, UPLOAD_TYPES[job["content_type"]])
            existed = isinstance(graph, ox.DefaultGraph) or _has_graph(self.store, graph)
            quads = list(ox.parse(body, fmt, base_iri=job.get("base")))  # all or nothing
            if op == "graph-put" and existed:
                self.store.clear_graph(graph) if isinstance(
                    graph, ox.DefaultGraph
                ) else self.store.remove_graph(graph)
            self.store.extend(ox.Quad(q.subject, q.predicate, q.object, graph) for q in quads)
            self.store.flush()
            _Answer(out, 204 if existed else 201, "").finish()
        elif op == "graph-delete":
            graph = _graph(ox, job.get("graph"))
            if isinstance(graph, ox.DefaultGraph):
                self.store.clear_graph(graph)
            elif _has_graph(self.store, graph):
                self.store.remove_graph(graph)
            else:
                raise _Refused(404, f"no graph <{graph.value}> in this store")
            self.store.flush()
            _Answer(out, 204, "").finish()
        elif op == "ping":
            _Answer(out, 200, "text/plain").finish()
        else:
            raise _Refused(400, f"unknown job {op!r}")


class _Refused(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def _graph(ox: Any, iri: str | None) -> Any:
    if iri is None:
        return None
    if iri == "":
        return ox.DefaultGraph()
    return ox.NamedNode(iri)


def _has_graph(store: Any, graph: Any) -> bool:
    return store.contains_named_graph(graph)


def _offer(result: Any, ox: Any) -> str:
    return ", ".join(RESULT_TYPES if isinstance(result, ox.QueryBoolean | ox.QuerySolutions) else GRAPH_TYPES)


def _error_line(e: BaseException) -> str:
    text = " ".join(str(e).split())[:500] or type(e).__name__
    if isinstance(e, SyntaxError):
        return f"SPARQL syntax error: {text}"
    if isinstance(e, OSError) and "Permission denied" in text:
        return f"the engine may not open network connections on this server ({text})"
    return text


def _watch_parent() -> None:
    """End this process when the server that started it is gone (its parent changes)."""
    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(0.5)
            if os.getppid() != parent:
                os._exit(0)

    threading.Thread(target=watch, daemon=True, name="graphkit-worker-watch").start()


def main(argv: list[str]) -> int:
    _watch_parent()
    store = None if argv[0] == ":memory:" else argv[0]
    writable, allow_fetch = "--writable" in argv, "--allow-fetch" in argv
    out = sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing else may write to the answer pipe
    try:
        worker = Worker(store, writable, allow_fetch)
    except Exception as e:
        _plain(out, 500, f"the query worker could not open the store: {_error_line(e)}")
        return 1
    note = ""
    if not allow_fetch:
        from graphkit.querying.sandbox import forbid_network

        note = forbid_network() or ""
    write_frame(out, json.dumps({"status": 200, "type": "ready", "message": note}).encode())
    out.flush()
    worker.run(sys.stdin.buffer, out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
