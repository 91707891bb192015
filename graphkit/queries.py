"""The named query library: ``ontologies/queries/*.rq``, with their descriptions and parameters.

Each ``.rq`` file is plain SPARQL that runs as it is (graphkit's prefixes are
predeclared), preceded by a comment block::

    # One-line title: what the query answers.
    #
    # A paragraph or two on what each row is and how to read it.
    #
    # @param NAME  TYPE  required|optional|default=VALUE  what the parameter means

A parameter ``NAME`` is the SPARQL variable ``?NAME``. :func:`render` binds it by
adding ``VALUES ?NAME { ... }`` at the start of the query's ``WHERE`` block, so the
same text runs on rdflib, on the Oxigraph store and on any SPARQL 1.1 endpoint. A
parameter left out is simply unbound (the query is written so that means "all").

Types: ``string`` (a plain literal), ``name`` (an entity's name or alias: the value as
written and in lower, upper and title case, so ``taliban`` finds "Taliban" while the
match still uses the store's indexes), ``integer``, ``iri`` (a full IRI or a prefixed
name such as ``gk:Person``), ``month`` (``YYYY-MM``), ``factuality`` (asserted,
denied, uncertain, future, hypothetical) and ``event-type`` (an id from
``ontologies/event-types.tsv``; it also binds every narrower type, so ``attack``
includes ``bombing``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from graphkit.errors import QueryError

PARAM_TYPES = ("string", "name", "integer", "iri", "month", "factuality", "event-type")
FACTUALITY = ("asserted", "denied", "uncertain", "future", "hypothetical")
_PARAM_RE = re.compile(r"^#\s*@param\s+(\w+)\s+([\w-]+)\s+(required|optional|default=\S+)\s*(.*)$")
_WHERE_RE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Param:
    name: str
    type: str
    required: bool
    default: str | None
    description: str


@dataclass(frozen=True, slots=True)
class NamedQuery:
    name: str
    path: Path
    title: str
    description: str
    params: tuple[Param, ...]
    text: str
    example: str = ""

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)

    def usage(self) -> str:
        """``--param`` synopsis, e.g. ``--param type=... [--param factuality=...]``."""
        parts = []
        for p in self.params:
            s = f"--param {p.name}=<{p.type}>"
            parts.append(s if p.required else f"[{s}]")
        return " ".join(parts)


def queries_dir() -> Path:
    from graphkit.resources import ontology_file

    return ontology_file("queries")


@cache
def library(folder: Path | None = None) -> dict[str, NamedQuery]:
    """Every named query, by name (the file name without ``.rq``), sorted."""
    folder = folder or queries_dir()
    out = {}
    for path in sorted(folder.glob("*.rq")):
        q = parse(path.read_text(encoding="utf-8"), path)
        out[q.name] = q
    return out


def get(name: str) -> NamedQuery:
    lib = library()
    if name not in lib:
        raise QueryError(f"no named query {name!r}; `graphkit queries` lists them: {', '.join(lib)}")
    return lib[name]


def parse(text: str, path: Path) -> NamedQuery:
    """Read a named query's header (title, description, parameters)."""
    header: list[str] = []
    for line in text.splitlines():
        if line.startswith("#"):
            header.append(line)
        elif line.strip():
            break
    params = []
    prose: list[str] = []
    for line in header:
        if re.match(r"^#\s*@param\b", line):
            m = _PARAM_RE.match(line)
            if not m or m.group(2) not in PARAM_TYPES:
                raise QueryError(
                    f"{path}: bad parameter line {line!r} "
                    f"(write: # @param NAME TYPE required|optional|default=VALUE description; types: {', '.join(PARAM_TYPES)})"
                )
            name, ptype, req, desc = m.groups()
            params.append(
                Param(
                    name=name,
                    type=ptype,
                    required=req == "required",
                    default=req.split("=", 1)[1] if req.startswith("default=") else None,
                    description=desc.strip(),
                )
            )
        else:
            prose.append(line.lstrip("#").strip())
    paragraphs = "\n".join(prose).strip().split("\n\n")
    title = paragraphs[0].replace("\n", " ").strip() if paragraphs and paragraphs[0] else path.stem
    body = [p.replace("\n", " ").strip() for p in paragraphs[1:] if p.strip()]
    description = "\n\n".join(p for p in body if not p.startswith("graphkit query"))
    example = next((p for p in body if p.startswith("graphkit query")), "")
    if params and not _WHERE_RE.search(_strip_comments(text)):
        raise QueryError(f"{path}: a query with parameters needs a `WHERE {{` block to bind them in")
    return NamedQuery(path.stem, path, title, description, tuple(params), text, example)


def parse_assignments(pairs: list[str] | tuple[str, ...]) -> dict[str, str]:
    """``["actor=Taliban", "month=2021-06"]`` -> ``{"actor": "Taliban", "month": "2021-06"}``."""
    out: dict[str, str] = {}
    for pair in pairs:
        if "=" not in pair:
            raise QueryError(f"--param {pair!r}: write it as NAME=VALUE")
        k, v = pair.split("=", 1)
        out[k.strip()] = v
    return out


def render(q: NamedQuery, values: dict[str, str]) -> str:
    """The query's text with its parameters bound (``VALUES`` at the start of ``WHERE {``)."""
    unknown = sorted(set(values) - {p.name for p in q.params})
    if unknown:
        known = ", ".join(p.name for p in q.params) or "none"
        raise QueryError(f"query {q.name!r} has no parameter {unknown[0]!r} (its parameters: {known})")
    bound: dict[str, str] = {}
    for p in q.params:
        value = values.get(p.name, p.default)
        if value is None:
            if p.required:
                raise QueryError(f"query {q.name!r} needs --param {p.name}=... ({p.description})")
            continue
        bound[p.name] = f"VALUES ?{p.name} {{ {' '.join(_terms(p, value))} }}"
    if not bound:
        return q.text
    body = _strip_comments(q.text)
    # every WHERE block that uses the variable gets the VALUES, subqueries included: a subquery is
    # evaluated on its own, so a binding made only outside it would come too late to narrow it down
    inserts: list[tuple[int, str]] = []
    # (only where used: VALUES with several rows in a block that does not use the variable would
    # multiply that block's solutions)
    wheres = [(m.end(), _block_end(body, m.end())) for m in _WHERE_RE.finditer(body)]
    for start, end in wheres:
        own = body[start:end]
        for s2, e2 in sorted((w for w in wheres if start < w[0] and w[1] <= end), reverse=True):
            own = own[: s2 - start] + own[e2 - start :]  # leave out nested subqueries
        used = [clause for name, clause in bound.items() if re.search(rf"[?$]{name}\b", own)]
        if used:
            inserts.append((start, "\n  " + "\n  ".join(used)))
    for pos, text in reversed(inserts):
        body = body[:pos] + text + body[pos:]
    return body


def _block_end(text: str, start: int) -> int:
    """Index of the ``}`` closing the block whose ``{`` ends just before ``start``."""
    depth, i, n = 1, start, len(text)
    while i < n:
        c = text[i]
        if c in "\"'":  # skip string literals (they may hold braces)
            j = text.find(c, i + 1)
            while j != -1 and text[j - 1] == "\\":
                j = text.find(c, j + 1)
            i = n if j == -1 else j + 1
            continue
        if c == "<":  # skip IRIs
            j = text.find(">", i + 1)
            if j != -1 and " " not in text[i:j]:
                i = j + 1
                continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return n


def with_prefixes(query: str) -> str:
    """``query`` with ``PREFIX`` lines for the graphkit prefixes it uses but does not declare, so it runs on
    any SPARQL endpoint (graphkit's own engines predeclare them)."""
    from graphkit.rdf.namespaces import PREFIXES

    body = _strip_comments(query)
    declared = {m.group(1) for m in re.finditer(r"PREFIX\s+([\w-]*)\s*:", body, re.IGNORECASE)}
    bare = re.sub(r"<[^<>\s]*>|\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'", " ", body)  # no IRIs, no strings
    lines = [
        f"PREFIX {p}: <{ns}>"
        for p, ns in PREFIXES.items()
        if p not in declared and re.search(rf"(?<![\w.-]){re.escape(p)}:", bare)
    ]
    return "\n".join(lines) + ("\n" if lines else "") + query


def _terms(p: Param, value: str) -> list[str]:
    from graphkit.rdf.nquads import term

    value = value.strip()
    if p.type in ("string", "name"):
        from rdflib import Literal

        if p.type == "string":
            return [term(Literal(value))]
        # a case-insensitive FILTER would scan every label and leave the engine no index to start from
        variants = dict.fromkeys(
            [value, value.lower(), value.upper(), value.title(), value[:1].upper() + value[1:]]
        )
        return [term(Literal(v)) for v in variants]
    if p.type == "integer":
        if not re.fullmatch(r"[+-]?\d+", value):
            raise QueryError(f"--param {p.name}={value!r}: expected a whole number")
        return [value]
    if p.type == "month":
        if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", value):
            raise QueryError(f"--param {p.name}={value!r}: expected a month as YYYY-MM, e.g. 2021-06")
        return [f'"{value}"']
    if p.type == "factuality":
        if value.lower() not in FACTUALITY:
            raise QueryError(f"--param {p.name}={value!r}: expected one of {', '.join(FACTUALITY)}")
        from graphkit.rdf.namespaces import GK

        return [f"<{GK._NS}{value.capitalize()}>"]
    if p.type == "event-type":
        return [f"<{iri}>" for iri in _event_type_iris(p.name, value)]
    return [f"<{_iri(p.name, value)}>"]


def _iri(name: str, value: str) -> str:
    from graphkit.rdf.namespaces import PREFIXES

    if value.startswith("<") and value.endswith(">"):
        value = value[1:-1]
    prefix, _, local = value.partition(":")
    if prefix in PREFIXES and not local.startswith("//"):
        value = f"{PREFIXES[prefix]}{local}"
    if not re.fullmatch(r"[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>\"{}|\\^`]*", value):
        raise QueryError(
            f"--param {name}={value!r}: expected an IRI (http://...) or a prefixed name (gk:Person)"
        )
    return value


def _event_type_iris(name: str, value: str) -> list[str]:
    from graphkit.rdf.scheme import event_types

    types = event_types()
    key = value.removeprefix("gkt:").strip().lower().replace(" ", "_")
    if key not in types:
        raise QueryError(
            f"--param {name}={value!r}: not an event type; known types: {', '.join(sorted(types))}"
        )
    narrower: dict[str, list[str]] = {}
    for t in types.values():
        if t.broader:
            narrower.setdefault(t.broader, []).append(t.id)
    out, todo = [], [key]
    while todo:
        k = todo.pop(0)
        if k not in out:
            out.append(k)
            todo.extend(sorted(narrower.get(k, ())))
    return [str(types[k].iri) for k in out]


def _strip_comments(text: str) -> str:
    """The query without whole-line comments (so ``WHERE {`` in a comment is never the anchor)."""
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#")).strip() + "\n"


__all__ = ["NamedQuery", "Param", "get", "library", "parse", "parse_assignments", "render", "with_prefixes"]
