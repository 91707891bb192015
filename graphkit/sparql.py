"""SPARQL over graphkit graphs: safe by default, errors on one line, results in table/CSV/JSON.

* Queries are read-only: an UPDATE is refused unless ``allow_update=True``.
* Nothing is fetched from elsewhere unless ``allow_service=True``: rdflib would
  fetch a remote endpoint for ``SERVICE``, and load a document from the web or the
  disk for ``FROM``/``FROM NAMED`` (and ``USING``/``LOAD`` in an update). All of
  them are refused by default.
* A query runs under a time limit (``timeout`` seconds): it is evaluated in a forked
  worker process that is killed when the limit is reached, because rdflib cannot
  stop a running query by itself. (An allowed update runs in this process, without
  a limit, since it has to change this process's graph.)
* graphkit's prefixes (gk:, nif:, gaf:, sem:, schema:, prov:, skos:, ...) are
  predeclared; a query may still declare its own.
* A syntax error becomes a :class:`~graphkit.errors.QueryError` naming the line
  and column.
"""

from __future__ import annotations

import csv
import io
import json
import multiprocessing
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from rdflib import Dataset, Graph
from rdflib.query import Result

from graphkit.errors import QueryError
from graphkit.rdf.namespaces import PREFIXES

# update operations on whole graphs: rdflib runs them only on a Dataset (they name graphs), while
# INSERT DATA/DELETE DATA with plain triples run only on its default graph (rdflib 7)
_GRAPH_OPERATIONS = frozenset({"Load", "Clear", "Drop", "Create", "Add", "Move", "Copy"})


@dataclass(frozen=True)
class QueryOutcome:
    """What a query returned: variables and rows (SELECT), a boolean (ASK) or a graph (CONSTRUCT/DESCRIBE)."""

    kind: str  # SELECT, ASK, CONSTRUCT, DESCRIBE
    variables: tuple[str, ...] = ()
    rows: tuple[tuple[Any, ...], ...] = ()
    boolean: bool | None = None
    graph: Graph | None = None


from graphkit.querying.policy import is_update, sparql_keywords  # noqa: E402,F401 (graphkit.sparql's names)


def _policy(allow_update: bool, allow_service: bool) -> Any:
    from graphkit.querying.policy import Policy

    # rdflib loads FROM / FROM NAMED / USING graphs from their IRI: fetches too
    return Policy(allow_update=allow_update, allow_fetch=allow_service, fetches_from=True)


def check_query(query: str, *, allow_update: bool = False, allow_service: bool = False):
    """Check a query with :func:`graphkit.querying.check` (the one policy: read-only, nothing fetched,
    FROM included, since rdflib would load it) and prepare it for rdflib; returns the prepared query,
    ``None`` for an allowed update, or raises :class:`QueryError` (syntax error, refusal)."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql import prepareQuery
    from rdflib.plugins.sparql.processor import prepareUpdate

    from graphkit.querying.policy import check

    checked = check(query, _policy(allow_update, allow_service))
    try:
        if checked.is_update:
            prepareUpdate(query, initNs=PREFIXES)
            return None
        if checked.tree is not None:  # the tree the policy was decided on is the one that runs
            from rdflib.plugins.sparql.algebra import translateQuery

            return translateQuery(checked.tree, None, PREFIXES)
        return prepareQuery(query, initNs=PREFIXES)  # raises the syntax error
    except ParseException as e:
        raise QueryError(_syntax_error(query, e)) from e
    except Exception as e:  # rdflib raises assorted errors for semantic problems (unknown prefix, ...)
        raise QueryError(f"SPARQL error: {_one_line(e)}") from e


def _update_target(ds: Dataset, query: str) -> Graph | Dataset:
    """Where rdflib can run ``query`` on a loaded Dataset: the Dataset itself for updates made only of
    graph operations (DROP, CLEAR, CREATE, ADD, MOVE, COPY, LOAD), its default graph for the rest
    (rdflib 7 fails on INSERT DATA with plain triples in a Dataset); a mix of the two cannot run in
    either, and is refused with what to do."""
    from rdflib.plugins.sparql.processor import prepareUpdate

    names = {getattr(op, "name", "") for op in prepareUpdate(query, initNs=PREFIXES).algebra}
    if names and names <= _GRAPH_OPERATIONS:
        return ds
    if names & _GRAPH_OPERATIONS:
        raise QueryError(
            "this update mixes graph operations (DROP, CLEAR, CREATE, ADD, MOVE, COPY, LOAD) with other "
            "operations, which rdflib cannot run together on graph files: send them as separate updates "
            "(or use --store DIR)"
        )
    return ds.default_graph


def run_query(
    graph: Graph | Dataset,
    query: str,
    *,
    allow_update: bool = False,
    allow_service: bool = False,
    timeout: float | None = None,
    bindings: dict[str, Any] | None = None,
) -> QueryOutcome:
    """Run a SPARQL query on an rdflib graph with graphkit's checks and, when ``timeout`` is given
    (seconds, > 0), a time limit that really stops the query (see the module notes).

    ``bindings`` (variable name -> rdflib term; a named query's parameters) go to rdflib as
    ``initBindings``, not into the text; their columns are left out of the answer."""
    prepared = check_query(query, allow_update=allow_update, allow_service=allow_service)
    if prepared is None:  # an allowed update
        target = graph
        if isinstance(graph, Dataset):
            target = _update_target(graph, query)
        try:
            target.update(query, initNs=PREFIXES)
        except QueryError:
            raise
        except Exception as e:
            raise QueryError(f"SPARQL update failed: {_one_line(e)}") from e
        return QueryOutcome(kind="UPDATE")

    def evaluate() -> QueryOutcome:
        try:  # results are lazy: errors (and remote fetches) happen while the rows are read
            out = _outcome(graph.query(prepared, initBindings=bindings or None))
            return without_columns(out, bindings or ())
        except QueryError:
            raise
        except Exception as e:
            raise QueryError(f"SPARQL evaluation failed: {_one_line(e)}") from e

    if timeout is None or timeout <= 0:
        return evaluate()
    return call_with_timeout(evaluate, timeout, what="the query")


def without_columns(outcome: QueryOutcome, names) -> QueryOutcome:
    """``outcome`` without the columns named in ``names`` (a named query's parameters: the query returns
    them only so that Oxigraph substitutes them)."""
    names = set(names)
    if outcome.kind != "SELECT" or not names & set(outcome.variables):
        return outcome
    keep = [i for i, v in enumerate(outcome.variables) if v not in names]
    return QueryOutcome(
        kind="SELECT",
        variables=tuple(outcome.variables[i] for i in keep),
        rows=tuple(tuple(r[i] for i in keep) for r in outcome.rows),
    )


T = TypeVar("T")


def call_with_timeout(fn: Callable[[], T], timeout: float, *, what: str = "the query") -> T:
    """Run ``fn()`` in a forked child process and return its (picklable) result, or raise
    :class:`QueryError` when it takes longer than ``timeout`` seconds; the child is then killed, so
    the work really stops and its memory is given back. The child sees a copy of this process's
    memory (the loaded graph) without it being copied up front.

    Where ``fork`` is not available the call runs here, without a limit.
    """
    if "fork" not in multiprocessing.get_all_start_methods():  # pragma: no cover - not on Linux
        return fn()
    ctx = multiprocessing.get_context("fork")
    receiver, sender = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_child, args=(fn, sender), daemon=True)
    started = time.monotonic()
    child.start()
    sender.close()
    try:
        if not receiver.poll(timeout):
            raise QueryError(
                f"{what} was stopped after {timeout:g} s, the time limit "
                "(raise it with --timeout SECONDS, or 0 for none; or narrow the query)"
            )
        try:
            status, value = receiver.recv()
        except EOFError:
            child.join(5)
            raise QueryError(
                f"{what} failed: its worker process ended without an answer "
                f"(exit code {child.exitcode}, after {time.monotonic() - started:.1f} s; out of memory?)"
            ) from None
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join()
    if status == "ok":
        return value
    if status == "query-error":
        raise QueryError(value)
    raise QueryError(f"{what} failed: {value}")


def _child(fn: Callable[[], Any], sender: Any) -> None:
    try:
        try:
            result = ("ok", fn())
        except QueryError as e:
            result = ("query-error", str(e))
        except BaseException as e:  # everything goes back to the parent as one line
            result = ("error", f"{type(e).__name__}: {_one_line(e)}")
        try:
            sender.send(result)
        except Exception as e:  # the result could not be pickled
            sender.send(("error", f"cannot return the result: {type(e).__name__}: {_one_line(e)}"))
    finally:
        sender.close()
        os._exit(0)


def _outcome(result: Result) -> QueryOutcome:
    if result.type == "ASK":
        return QueryOutcome(kind="ASK", boolean=bool(result.askAnswer))
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        return QueryOutcome(kind=result.type, graph=result.graph)
    variables = tuple(str(v) for v in (result.vars or ()))
    rows = tuple(tuple(row) for row in result)
    return QueryOutcome(kind="SELECT", variables=variables, rows=rows)


def _syntax_error(query: str, e: Any) -> str:
    return f"SPARQL syntax error at line {e.lineno}, column {e.col}: {e.msg} (near {_near(query, e)!r})"


def _one_line(e: BaseException) -> str:
    return " ".join(str(e).split())[:500] or type(e).__name__


# --------------------------------------------------------------------------- formatting


def _cell(value: Any) -> str:
    return "" if value is None else str(value)


def format_outcome(out: QueryOutcome, fmt: str = "table") -> str:
    """Render as ``table``, ``csv`` or ``json`` (SPARQL 1.1 JSON results); graphs as Turtle."""
    if out.kind == "UPDATE":
        return "update applied\n"
    if out.kind == "ASK":
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": out.boolean}) + "\n"
        return ("true" if out.boolean else "false") + "\n"
    if out.graph is not None:
        from graphkit.rdf.namespaces import bind_prefixes

        bind_prefixes(out.graph)
        if fmt == "json":
            return out.graph.serialize(format="json-ld")
        from graphkit.rdf.io import turtle

        return turtle(out.graph)
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(out.variables)
        for row in out.rows:
            w.writerow([_cell(v) for v in row])
        return buf.getvalue()
    if fmt == "json":
        return json.dumps(_sparql_json(out), ensure_ascii=False, indent=1) + "\n"
    return _table(out)


def _sparql_json(out: QueryOutcome) -> dict[str, Any]:
    from rdflib import BNode, Literal, URIRef

    bindings = []
    for row in out.rows:
        b: dict[str, Any] = {}
        for var, value in zip(out.variables, row, strict=False):
            if value is None:
                continue
            if isinstance(value, URIRef):
                b[var] = {"type": "uri", "value": str(value)}
            elif isinstance(value, BNode):
                b[var] = {"type": "bnode", "value": str(value)}
            elif isinstance(value, Literal):
                cell: dict[str, Any] = {"type": "literal", "value": str(value)}
                if value.language:
                    cell["xml:lang"] = value.language
                elif value.datatype:
                    cell["datatype"] = str(value.datatype)
                b[var] = cell
        bindings.append(b)
    return {"head": {"vars": list(out.variables)}, "results": {"bindings": bindings}}


def _table(out: QueryOutcome, width: int = 60) -> str:
    header = list(out.variables)
    rows = [[_short(_cell(v), width) for v in row] for row in out.rows]
    cols = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(header)]
    line = "  ".join(h.ljust(cols[i]) for i, h in enumerate(header))
    out_lines = [line, "  ".join("-" * c for c in cols)]
    out_lines += ["  ".join(r[i].ljust(cols[i]) for i in range(len(header))) for r in rows]
    out_lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out_lines) + "\n"


def _short(text: str, width: int) -> str:
    text = " ".join(text.split())
    for prefix, ns in PREFIXES.items():
        if text.startswith(str(ns)):
            text = f"{prefix}:{text[len(str(ns)) :]}"
            break
    return text if len(text) <= width else text[: width - 1] + "…"


def _near(query: str, e) -> str:
    loc = getattr(e, "loc", 0) or 0
    return " ".join(query[max(0, loc - 15) : loc + 15].split())
