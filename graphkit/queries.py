"""The named query library: ``ontologies/queries/*.rq``, with their descriptions and parameters.

Each ``.rq`` file is plain SPARQL that runs as it is (graphkit's prefixes are
predeclared), preceded by a comment block::

    # One-line title: what the query answers.
    #
    # A paragraph or two on what each row is and how to read it.
    #
    # @param NAME  TYPE  required|optional|default=VALUE  what the parameter means

A parameter ``NAME`` is the SPARQL variable ``?NAME``. :func:`bind` checks each value and makes it one
RDF term (:class:`BoundQuery`); the query's text stays the library's. rdflib gets the terms as values
(``initBindings``). Oxigraph and remote endpoints get them written into the text by :func:`inline`,
the one place a value becomes text: each as an escaped term (N-Triples syntax) in place of its
variable, found by SPARQL's tokens, so a value can only ever be one literal or IRI. (Oxigraph's own
``substitutions`` mean the same, SEP-0007, but pyoxigraph 0.5.13 plans the query before it
substitutes, taking the parameter for a free variable: two of the queries became 10 to 20 times
slower; see :meth:`graphkit.rdf.store.GraphStore.query`.) A parameter left out is unbound, and the
query reads that as "all".

How a query is written so that the three give the same rows (and SEP-0007 substitution too):

* every parameter is in the query's ``SELECT`` list (Oxigraph substitutes only a returned variable;
  graphkit drops those columns from the answer), and in the list of every subquery that uses it;
* a parameter is used in triple patterns (the fast way: the match starts from the index, so put that
  pattern first) and in comparisons, never with ``BOUND`` or ``BIND`` (Oxigraph's substitution leaves
  ``BOUND(?p)`` false). "Given" is ``COALESCE(?p = ?p, false)``, so an optional parameter reads
  ``FILTER(!COALESCE(?p = ?p, false) || ...)``, ``FILTER(COALESCE(?x = ?p, true))``, or, to start
  from the index when it is given, ``{ FILTER(!COALESCE(?p = ?p, false)) } UNION { { FILTER(COALESCE(?p
  = ?p, false)) } ...patterns with ?p... }``.

Types: ``string`` (a plain literal), ``name`` (an entity's name or alias, in any case: it is matched
against ``gk:nameKey``, each name lower-cased by :func:`graphkit.rdf.build.name_key`, so ``taliban``
finds "Taliban" through the index), ``integer``, ``iri`` (a full IRI or a prefixed name such as
``gk:Person``), ``month`` (``YYYY-MM``), ``factuality`` (asserted, denied, uncertain, future,
hypothetical) and ``event-type`` (an id from ``ontologies/event-types.tsv``; the queries include its
narrower types with ``?t skos:broader* ?type``, so ``attack`` includes ``bombing``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from graphkit.errors import QueryError

PARAM_TYPES = ("string", "name", "integer", "iri", "month", "factuality", "event-type")
FACTUALITY = ("asserted", "denied", "uncertain", "future", "hypothetical")
_PARAM_RE = re.compile(r"^#\s*@param\s+(\w+)\s+([\w-]+)\s+(required|optional|default=\S+)\s*(.*)$")
_PROJECTION_RE = re.compile(r"(?<![?$\w])SELECT\b(.*?)(?:(?<![?$\w])WHERE\b|\{)", re.IGNORECASE | re.DOTALL)


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
    projection = _PROJECTION_RE.search(_strip_comments(text))
    for p in params:
        # Oxigraph substitutes only a variable the query returns (its SELECT list): graphkit drops the column
        if not projection or not re.search(rf"[?$]{p.name}\b", projection.group(1)):
            raise QueryError(
                f"{path}: parameter {p.name!r} must be in the query's SELECT list (as ?{p.name}) to be bound"
            )
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


@dataclass(frozen=True, slots=True)
class BoundQuery:
    """A named query and its parameters' values, checked: each value one RDF term (rdflib).

    ``bindings`` are the parameters given (or defaulted), in the query's order; a parameter left out is
    simply not there, and the query treats it as "all". rdflib receives them as ``initBindings``;
    Oxigraph and endpoints as escaped terms in the text (:meth:`inline`; see the module notes).
    """

    query: NamedQuery
    bindings: tuple[tuple[str, Any], ...]

    @property
    def text(self) -> str:
        return self.query.text

    def values(self) -> dict[str, Any]:
        return dict(self.bindings)

    @property
    def needs_name_keys(self) -> bool:
        """True if a ``name`` parameter is bound: it matches ``gk:nameKey``, which older graphs lack."""
        return any(p.type == "name" and p.name in dict(self.bindings) for p in self.query.params)

    def inline(self) -> str:
        """The query with each bound variable replaced by its value's term: the text Oxigraph and SPARQL
        endpoints run (and ``--show`` prints). See :func:`inline`."""
        return inline(self.query.text, self.values())


def bind(q: NamedQuery, values: dict[str, str]) -> BoundQuery:
    """Check ``values`` (``--param NAME=VALUE``, as text) against ``q``'s parameters and make each one an
    RDF term; raises :class:`QueryError` naming the parameter and what it expects."""
    unknown = sorted(set(values) - {p.name for p in q.params})
    if unknown:
        known = ", ".join(p.name for p in q.params) or "none"
        raise QueryError(f"query {q.name!r} has no parameter {unknown[0]!r} (its parameters: {known})")
    bound: list[tuple[str, Any]] = []
    for p in q.params:
        value = values.get(p.name, p.default)
        if value is None:
            if p.required:
                raise QueryError(f"query {q.name!r} needs --param {p.name}=... ({p.description})")
            continue
        bound.append((p.name, _term(p, value)))
    return BoundQuery(q, tuple(bound))


def inline(text: str, values: dict[str, Any]) -> str:
    """``text`` with every ``?NAME`` of ``values`` written as the value's term (N-Triples syntax, escaped
    by :func:`graphkit.rdf.nquads.term`, so a value is one literal or IRI whatever it holds).

    The one place a value becomes query text (Oxigraph and endpoints; see the module notes): the variable in
    the query's ``SELECT`` list becomes ``(TERM AS ?NAME)`` (in a subquery's list it is left out: the
    subquery has the term in its place), in ``GROUP BY`` or ``ORDER BY`` ``(TERM)``, anywhere else the
    term itself. Strings, IRIs and comments are left as they are
    (the tokens are :mod:`graphkit.querying.policy`'s)."""
    from graphkit.querying.policy import _TOKEN
    from graphkit.rdf.nquads import term

    terms = {name: term(t) for name, t in values.items()}
    if not terms:
        return text
    out: list[str] = []
    clause, depth, prev = "", 0, ""  # clause: SELECT (its list), BY (GROUP/ORDER BY) or "" (elsewhere)
    selects = 0  # SELECT keywords so far: the first is the query's, later ones subqueries'
    for m in _TOKEN.finditer(text):
        tok, kind = m.group(), m.lastgroup
        word = tok.upper() if kind == "word" else ""
        if word == "SELECT":
            clause, depth, selects = "SELECT", 0, selects + 1
        elif word == "BY" and prev in ("GROUP", "ORDER"):
            clause, depth = "BY", 0
        elif word in ("WHERE", "FROM", "HAVING", "LIMIT", "OFFSET", "VALUES") or tok in ("{", "}"):
            clause = ""
        elif tok == "(":
            depth += 1
        elif tok == ")":
            depth -= 1
        elif kind == "var" and tok[1:] in terms:
            if prev == "AS":
                raise QueryError(f"{tok} is a parameter: the query cannot assign it with AS")
            t = terms[tok[1:]]
            if clause == "SELECT" and depth == 0:  # the query returns it as a constant; a subquery need not
                tok = f"({t} AS {tok})" if selects == 1 else ""
            else:
                tok = f"({t})" if clause == "BY" and depth == 0 else t
        if kind not in ("comment",) and tok.strip():
            prev = word or tok
        out.append(tok)
    return "".join(out)


def check_name_keys(bound: BoundQuery, ask: Callable[[str], bool]) -> None:
    """Raise :class:`QueryError` if ``bound`` matches names and the graph (``ask`` runs an ASK on it)
    has entities but no ``gk:nameKey``: it was built before graphkit wrote the key, and every name
    would silently find nothing. Two index lookups."""
    if (
        not bound.needs_name_keys
        or ask("ASK { ?e gk:nameKey ?k }")
        or not ask("ASK { ?e gk:canonicalKey ?k }")
    ):
        return
    raise QueryError(
        f"query {bound.query.name!r} matches names by gk:nameKey, which this graph lacks (it was built by an "
        "older graphkit): rebuild it (graphkit build ... --rebuild, for a store)"
    )


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


def _term(p: Param, value: str) -> Any:
    """The value of ``--param NAME=VALUE`` as one RDF term, checked against the parameter's type."""
    from rdflib import Literal, URIRef
    from rdflib.namespace import XSD

    value = value.strip()
    if p.type == "string":
        return Literal(value)
    if p.type == "name":
        from graphkit.rdf.build import name_key

        if not value:
            raise QueryError(f"--param {p.name}=: give a name or alias, e.g. {p.name}=Taliban")
        # one literal, the key every name is also written as (gk:nameKey): case-insensitive, and the
        # match still starts from the store's index (a FILTER on LCASE would scan every label)
        return Literal(name_key(value))
    if p.type == "integer":
        if not re.fullmatch(r"[+-]?\d+", value):
            raise QueryError(f"--param {p.name}={value!r}: expected a whole number")
        return Literal(str(int(value)), datatype=XSD.integer)
    if p.type == "month":
        if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", value):
            raise QueryError(f"--param {p.name}={value!r}: expected a month as YYYY-MM, e.g. 2021-06")
        return Literal(value)
    if p.type == "factuality":
        if value.lower() not in FACTUALITY:
            raise QueryError(f"--param {p.name}={value!r}: expected one of {', '.join(FACTUALITY)}")
        from graphkit.rdf.namespaces import GK

        return URIRef(f"{GK._NS}{value.lower().capitalize()}")
    if p.type == "event-type":
        return URIRef(_event_type_iri(p.name, value))
    return URIRef(_iri(p.name, value))


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


def _event_type_iri(name: str, value: str) -> str:
    """The type's IRI; the queries add its narrower types themselves (``?t skos:broader* ?type``, from
    the scheme graph every build writes)."""
    from graphkit.rdf.scheme import event_types

    types = event_types()
    key = value.removeprefix("gkt:").strip().lower().replace(" ", "_")
    if key not in types:
        raise QueryError(
            f"--param {name}={value!r}: not an event type; known types: {', '.join(sorted(types))}"
        )
    return str(types[key].iri)


def _strip_comments(text: str) -> str:
    """The query without whole-line comments (so a ``SELECT`` in a comment is never read as the query's)."""
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#")).strip() + "\n"


__all__ = [
    "BoundQuery", "NamedQuery", "Param", "bind", "check_name_keys", "get", "inline", "library", "parse",
    "parse_assignments", "with_prefixes",
]  # fmt: skip
