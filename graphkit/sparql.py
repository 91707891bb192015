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

import contextlib
import csv
import io
import json
import multiprocessing
import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from rdflib import Dataset, Graph
from rdflib.query import Result

from graphkit.errors import QueryError
from graphkit.rdf.namespaces import PREFIXES

_UPDATE_WORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"})
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


def is_update(query: str) -> bool:
    """Whether ``query`` is a SPARQL UPDATE (INSERT, DELETE, LOAD, CLEAR, DROP, ...), by its first keyword
    after the prologue (``PREFIX``/``BASE`` declarations). Comments, strings and IRIs are skipped as
    tokens, so ``# see <http://x>`` before an ``INSERT`` does not hide it."""
    return _first_keyword(query) in _UPDATE_WORDS


def _first_keyword(query: str) -> str:
    """The first bare word of ``query`` that is not ``PREFIX`` or ``BASE`` (upper case; "" if none)."""
    from rdflib.plugins.sparql.parser import expandUnicodeEscapes

    with contextlib.suppress(Exception):
        query = expandUnicodeEscapes(query)
    for m in _TOKEN.finditer(query):
        if m.lastgroup == "word":
            word = m.group("word").upper()
            if word not in ("PREFIX", "BASE"):
                return word
        elif m.lastgroup == "other" and not m.group().isspace():
            return ""
    return ""


def check_query(query: str, *, allow_update: bool = False, allow_service: bool = False):
    """Parse and check a query; returns the prepared query, ``None`` for an allowed update, or
    raises :class:`QueryError` (syntax error, refused update, refused ``SERVICE`` or ``LOAD``)."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql import prepareQuery
    from rdflib.plugins.sparql.processor import prepareUpdate

    if is_update(query):
        if not allow_update:
            raise QueryError(
                "this is a SPARQL UPDATE; queries are read-only (pass --allow-update to change the graph)"
            )
        try:
            update = prepareUpdate(query, initNs=PREFIXES)
        except ParseException as e:
            raise QueryError(_syntax_error(query, e)) from e
        except Exception as e:
            raise QueryError(f"SPARQL error: {_one_line(e)}") from e
        if not allow_service:
            if _uses(update.algebra, "ServiceGraphPattern"):
                raise QueryError(_SERVICE_REFUSED)
            if _uses(update.algebra, "Load"):
                raise QueryError(
                    "the update uses LOAD, which would fetch a document from its IRI; "
                    "pass --allow-service to permit it"
                )
        return None
    try:
        prepared = prepareQuery(query, initNs=PREFIXES)
    except ParseException as e:
        raise QueryError(_syntax_error(query, e)) from e
    except Exception as e:  # rdflib raises assorted errors for semantic problems (unknown prefix, ...)
        raise QueryError(f"SPARQL error: {_one_line(e)}") from e
    if not allow_service and _uses(prepared.algebra, "ServiceGraphPattern"):
        raise QueryError(_SERVICE_REFUSED)
    return prepared


_SERVICE_REFUSED = (
    "the query uses SERVICE, which would fetch a remote endpoint; pass --allow-service to permit it"
)


def _refuse_loading(query: str, prepared: Any) -> None:
    """rdflib loads every ``FROM``/``FROM NAMED`` graph (and ``USING`` in an update) from its IRI, over
    HTTP or from the disk; refuse that unless the caller allows remote fetches."""
    if prepared is None:  # an allowed update
        from rdflib.plugins.sparql.processor import prepareUpdate

        ops = prepareUpdate(query, initNs=PREFIXES).algebra
        clauses = [(u, "USING") for op in ops if "using" in op for u in (op["using"] or [])]
    else:
        algebra = prepared.algebra
        clauses = [(d, "FROM") for d in dict.get(algebra, "datasetClause") or []]  # not CompValue.get
    for clause, keyword in clauses:
        named = "named" in clause
        iri = clause["named"] if named else clause["default"]
        raise QueryError(
            f"the query uses {keyword}{' NAMED' if named else ''} <{iri}>, which makes rdflib load that IRI "
            "from the web or the disk; pass --allow-service to permit it (to query one article, use "
            "GRAPH <graph-iri> { ... })"
        )


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


def _uses(node: Any, name: str) -> bool:
    """Whether the algebra tree (CompValues, dicts, lists) holds a node called ``name``."""
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [node]
    seen: set[int] = set()
    while stack:
        n = stack.pop()
        if id(n) in seen:
            continue
        seen.add(id(n))
        if isinstance(n, CompValue) and n.name == name:
            return True
        if isinstance(n, dict):
            stack.extend(n.values())
        elif isinstance(n, list | tuple | set):
            stack.extend(n)
    return False


def run_query(
    graph: Graph | Dataset,
    query: str,
    *,
    allow_update: bool = False,
    allow_service: bool = False,
    timeout: float | None = None,
) -> QueryOutcome:
    """Run a SPARQL query on an rdflib graph with graphkit's checks and, when ``timeout`` is given
    (seconds, > 0), a time limit that really stops the query (see the module notes)."""
    prepared = check_query(query, allow_update=allow_update, allow_service=allow_service)
    if not allow_service:
        _refuse_loading(query, prepared)
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
            return _outcome(graph.query(prepared))
        except QueryError:
            raise
        except Exception as e:
            raise QueryError(f"SPARQL evaluation failed: {_one_line(e)}") from e

    if timeout is None or timeout <= 0:
        return evaluate()
    return call_with_timeout(evaluate, timeout, what="the query")


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


# SPARQL's tokens, as far as telling a keyword from a string, an IRI, a comment, a variable, a language
# tag or a prefixed name needs (SPARQL 1.1 grammar, section 19.8); anything else goes one character at a time
_TOKEN = re.compile(
    r"""
      (?P<comment>\#[^\n\r]*)
    | (?P<string>\"\"\"(?:(?:\"|\"\")?(?:[^\"\\]|\\.))*\"\"\"
                | '''(?:(?:'|'')?(?:[^'\\]|\\.))*'''
                | "(?:[^"\\\n\r]|\\.)*"
                | '(?:[^'\\\n\r]|\\.)*')
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<var>[?$]\w+)
    | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
    | (?P<pname>(?:[^\W\d][\w.\-]*)?:(?:[^\s{}()\[\];,<>"'\#^]|\\.)*)
    | (?P<word>[^\W\d]\w*)
    | (?P<number>\d+)
    | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


def sparql_keywords(text: str) -> set[str]:
    """The bare words of a SPARQL text (keywords, in upper case) outside strings, IRIs, comments,
    variables and prefixed names; ``\\u`` escapes are expanded first, as SPARQL parsers do."""
    from rdflib.plugins.sparql.parser import expandUnicodeEscapes

    with contextlib.suppress(Exception):
        text = expandUnicodeEscapes(text)
    return {m.group("word").upper() for m in _TOKEN.finditer(text) if m.lastgroup == "word"}


def _near(query: str, e) -> str:
    loc = getattr(e, "loc", 0) or 0
    return " ".join(query[max(0, loc - 15) : loc + 15].split())
