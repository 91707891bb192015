"""The one query policy: what a SPARQL text is, and whether graphkit runs it.

:func:`check` parses a query or an update with rdflib's SPARQL parser (one parser decides for
every engine), classifies it (``SELECT``, ``ASK``, ``CONSTRUCT``, ``DESCRIBE`` or ``UPDATE``) and
enforces a :class:`Policy`:

* read-only unless ``allow_update``;
* nothing fetched from elsewhere unless ``allow_fetch``: ``SERVICE`` (a remote endpoint),
  ``LOAD`` (a document), and, on engines that load them from their IRI (rdflib),
  ``FROM``/``FROM NAMED``/``USING``;
* the time limit (``timeout``) travels with the policy; the engines enforce it.

A text rdflib cannot parse (an Oxigraph extension such as ``LATERAL``, or a syntax error the engine
will report) is classified by its first keyword and refused if a ``SERVICE``/``LOAD`` keyword appears
outside its strings, IRIs and comments; that keyword check also runs on parsed texts, as a second net.
Every refusal is a :class:`~graphkit.errors.QueryError` whose one-line message says how to permit it
(``Policy.permit``: the flag of the command that runs the query).
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from typing import Any

from graphkit.errors import QueryError

QUERY_KINDS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
UPDATE_WORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
)
PARSE_LIMIT = 1_000_000  # characters; longer texts (big INSERT DATA updates) get the keyword check only
_PARSE_LOCK = threading.Lock()  # pyparsing's caches are shared state


@dataclass(frozen=True)
class Policy:
    """What a query may do. ``permit_fetch``/``permit_update`` name the switch that allows the refused
    thing in the messages (a CLI flag by default; the server says how to start it)."""

    allow_update: bool = False
    allow_fetch: bool = False
    timeout: float | None = None  # seconds; None or 0: no limit
    fetches_from: bool = False  # the engine loads FROM / FROM NAMED / USING graphs from their IRI
    # parse with rdflib (the rdflib engine needs the tree anyway); Oxigraph engines decide by SPARQL's
    # tokens alone, which refuse every text whose parse tree has SERVICE or LOAD, and more, at a
    # thousandth of the cost (rdflib's parser takes 0.2-0.4 s for a library query on a busy machine)
    use_parser: bool = True
    permit_fetch: str = "pass --allow-service to permit it"
    permit_update: str = "pass --allow-update to change the graph"


@dataclass(frozen=True)
class Checked:
    """A text that passed :func:`check`: its kind and what the parser found."""

    text: str
    kind: str  # SELECT, ASK, CONSTRUCT, DESCRIBE or UPDATE
    parsed: bool  # whether rdflib's parser read it (False: classified by keywords)
    operations: tuple[str, ...] = ()  # an update's operations (rdflib's names: InsertData, Modify, Load, ...)
    tree: Any = field(default=None, compare=False, repr=False)  # rdflib's parse tree, for the rdflib engine

    @property
    def is_update(self) -> bool:
        return self.kind == "UPDATE"


def refusal(thing: str, policy: Policy) -> str:
    """The one-line message for a refused fetch (``thing``: "SERVICE", "LOAD", "FROM <iri>", ...)."""
    what = {
        "SERVICE": "the query uses SERVICE, which would make the engine fetch a remote endpoint",
        "LOAD": "the update uses LOAD, which would make the engine fetch a document from its IRI",
    }.get(thing, f"the query uses {thing}, which makes rdflib load that IRI from the web or the disk")
    extra = (
        " (to query one article, use GRAPH <graph-iri> { ... })" if thing not in ("SERVICE", "LOAD") else ""
    )
    return f"{what}; {policy.permit_fetch}{extra}"


def update_refusal(policy: Policy) -> str:
    return f"this is a SPARQL UPDATE; queries are read-only ({policy.permit_update})"


def check(text: str, policy: Policy = Policy()) -> Checked:  # noqa: B008 (frozen, never changed)
    """Classify ``text`` and enforce ``policy``; returns :class:`Checked` or raises QueryError."""
    if not isinstance(text, str):
        raise QueryError("the query must be text")
    first = first_keyword(text)
    update = first in UPDATE_WORDS
    if update and not policy.allow_update:
        raise QueryError(update_refusal(policy))
    tree = _parse(text, update) if policy.use_parser and len(text) <= PARSE_LIMIT else None
    kind = "UPDATE" if update else (first if first in QUERY_KINDS else "")
    operations: tuple[str, ...] = ()
    if tree is not None:
        names = _names(tree)
        if update:
            operations = tuple(getattr(op, "name", "") for op in tree.request)
        else:
            kind = tree[1].name.removesuffix("Query").upper()
        if not policy.allow_fetch:
            if "ServiceGraphPattern" in names:
                raise QueryError(refusal("SERVICE", policy))
            if "Load" in names:
                raise QueryError(refusal("LOAD", policy))
            if policy.fetches_from:
                clauses = (
                    [
                        (c, "USING")
                        for op in tree.request
                        if isinstance(op, dict)
                        for c in _list(dict.get(op, "using"))
                    ]
                    if update
                    else [(c, "FROM") for c in _list(dict.get(tree[1], "datasetClause"))]
                )
                for clause, word in clauses:
                    named = "named" in clause
                    iri = clause["named"] if named else clause["default"]
                    raise QueryError(refusal(f"{word}{' NAMED' if named else ''} <{iri}>", policy))
    if not policy.allow_fetch:  # the second net, and the only one for texts rdflib cannot read
        words = sparql_keywords(text)
        # Oxigraph reads keywords run together with no space between them (SERVICESILENT, LOADSILENT,
        # trueSERVICE): a bare word that merely contains the keyword counts (no SPARQL keyword or
        # function name contains SERVICE or LOAD)
        if any("SERVICE" in w for w in words):
            raise QueryError(refusal("SERVICE", policy))
        if any("LOAD" in w for w in words):
            raise QueryError(refusal("LOAD", policy))
        if policy.fetches_from and tree is None and words & {"FROM", "USING"}:
            raise QueryError(refusal("FROM", policy))
    return Checked(text=text, kind=kind, parsed=tree is not None, operations=operations, tree=tree)


def _list(x: Any) -> list:
    """The clauses of a parse-tree field that may be missing, one clause, or a list of them."""
    if x is None:
        return []
    return [
        c
        for c in (x if isinstance(x, list | tuple) or type(x).__name__ == "ParseResults" else [x])
        if isinstance(c, dict)
    ]


def _parse(text: str, update: bool) -> Any:
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    try:
        with _PARSE_LOCK:
            return (parseUpdate if update else parseQuery)(text)
    except Exception:
        return None


def _names(root: Any) -> set[str]:
    """The names of the nodes of rdflib's parse tree."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

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


def is_update(text: str) -> bool:
    """Whether ``text`` is a SPARQL UPDATE, by its first keyword after the prologue."""
    return first_keyword(text) in UPDATE_WORDS


def first_keyword(text: str) -> str:
    """The first bare word of ``text`` that is not ``PREFIX`` or ``BASE`` (upper case; "" if none).
    Comments, strings and IRIs are skipped as tokens, so ``# see <http://x>`` does not hide an INSERT."""
    for m in _TOKEN.finditer(_unescape(text)):
        if m.lastgroup == "word":
            word = m.group("word").upper()
            if word not in ("PREFIX", "BASE"):
                return word
        elif m.lastgroup == "other" and not m.group().isspace():
            return ""
    return ""


def sparql_keywords(text: str) -> set[str]:
    """The bare words of a SPARQL text (keywords, in upper case) outside strings, IRIs, comments,
    variables and prefixed names, read twice: as written, and with ``\\u`` escapes expanded first (as
    the SPARQL grammar says). Engines differ (Oxigraph expands escapes inside strings only), and each
    reading alone can be fooled: expanded, ``"a\\u0022b" . SERVICE <x> {} ... "c"`` turns the SERVICE
    into a string; as written, ``\\u0053ERVICE`` is no word. A word found by either counts."""
    words = set()
    for variant in {text, _unescape(text)}:
        words |= {m.group("word").upper() for m in _TOKEN.finditer(variant) if m.lastgroup == "word"}
    return words


_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def _unescape(text: str) -> str:
    """``\\uXXXX`` and ``\\UXXXXXXXX`` expanded, as SPARQL parsers do before anything else (here, not
    with rdflib's helper: importing rdflib's grammar would cost each server worker a second)."""

    def char(m: re.Match) -> str:
        code = int(m.group(1) or m.group(2), 16)
        return chr(code) if code <= 0x10FFFF else m.group()

    return _ESCAPE.sub(char, text)


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
