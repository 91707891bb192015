"""SPARQL over graphkit graphs: safe by default, errors on one line, results in table/CSV/JSON.

* Queries are read-only: an UPDATE is refused unless ``allow_update=True``.
* ``SERVICE`` (which makes rdflib fetch a remote endpoint) is refused unless
  ``allow_service=True``.
* graphkit's prefixes (gk:, nif:, gaf:, sem:, schema:, prov:, skos:, ...) are
  predeclared; a query may still declare its own.
* A syntax error becomes a :class:`~graphkit.errors.QueryError` naming the line
  and column.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from typing import Any

from rdflib import Dataset, Graph
from rdflib.query import Result

from graphkit.errors import QueryError
from graphkit.rdf.namespaces import PREFIXES

_UPDATE_RE = re.compile(
    r"^\s*(?:(?:PREFIX\s+\S*\s*<[^>]*>|BASE\s*<[^>]*>)\s*)*(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class QueryOutcome:
    """What a query returned: variables and rows (SELECT), a boolean (ASK) or a graph (CONSTRUCT/DESCRIBE)."""

    kind: str  # SELECT, ASK, CONSTRUCT, DESCRIBE
    variables: tuple[str, ...] = ()
    rows: tuple[tuple[Any, ...], ...] = ()
    boolean: bool | None = None
    graph: Graph | None = None


def check_query(query: str, *, allow_update: bool = False, allow_service: bool = False):
    """Parse and check a query; returns the prepared query or raises :class:`QueryError`."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql import prepareQuery

    if _UPDATE_RE.match(_strip_comments(query)):
        if not allow_update:
            raise QueryError(
                "this is a SPARQL UPDATE; queries are read-only (pass --allow-update to change the graph)"
            )
        return None
    try:
        prepared = prepareQuery(query, initNs=PREFIXES)
    except ParseException as e:
        raise QueryError(
            f"SPARQL syntax error at line {e.lineno}, column {e.col}: {e.msg} (near {_near(query, e)!r})"
        ) from e
    except Exception as e:  # rdflib raises assorted errors for semantic problems (unknown prefix, ...)
        raise QueryError(f"SPARQL error: {' '.join(str(e).split())}") from e
    if not allow_service and "ServiceGraphPattern" in repr(prepared.algebra):
        raise QueryError(
            "the query uses SERVICE, which would fetch a remote endpoint; pass --allow-service to permit it"
        )
    return prepared


def run_query(
    graph: Graph | Dataset, query: str, *, allow_update: bool = False, allow_service: bool = False
) -> QueryOutcome:
    prepared = check_query(query, allow_update=allow_update, allow_service=allow_service)
    if prepared is None:  # an allowed update
        target = (
            graph.default_graph if isinstance(graph, Dataset) else graph
        )  # rdflib 7 fails on Dataset.update
        try:
            target.update(query, initNs=PREFIXES)
        except Exception as e:
            raise QueryError(f"SPARQL update failed: {' '.join(str(e).split())}") from e
        return QueryOutcome(kind="UPDATE")
    try:
        result: Result = graph.query(prepared)
    except Exception as e:
        raise QueryError(f"SPARQL evaluation failed: {' '.join(str(e).split())}") from e
    return _outcome(result)


def _outcome(result: Result) -> QueryOutcome:
    if result.type == "ASK":
        return QueryOutcome(kind="ASK", boolean=bool(result.askAnswer))
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        return QueryOutcome(kind=result.type, graph=result.graph)
    variables = tuple(str(v) for v in (result.vars or ()))
    rows = tuple(tuple(row) for row in result)
    return QueryOutcome(kind="SELECT", variables=variables, rows=rows)


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
        return out.graph.serialize(format="json-ld" if fmt == "json" else "turtle")
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


def _strip_comments(query: str) -> str:
    return "\n".join(line.split("#", 1)[0] if "<" not in line else line for line in query.splitlines())


def _near(query: str, e) -> str:
    loc = getattr(e, "loc", 0) or 0
    return " ".join(query[max(0, loc - 15) : loc + 15].split())
