"""Reading and writing graph files (Turtle, TriG, N-Triples, N-Quads, JSON-LD), atomically."""

from __future__ import annotations

import io
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rdflib import ConjunctiveGraph, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.plugins.serializers.trig import TrigSerializer as _RdflibTrig
from rdflib.plugins.serializers.turtle import TurtleSerializer as _RdflibTurtle

from graphkit.atomic import write_bytes
from graphkit.errors import GraphFileError
from graphkit.rdf.namespaces import bind_prefixes

FORMATS = {
    ".ttl": "turtle", ".turtle": "turtle", ".trig": "trig", ".nt": "nt", ".ntriples": "nt",
    ".nq": "nquads", ".nquads": "nquads", ".jsonld": "json-ld", ".json": "json-ld",
}  # fmt: skip
QUAD_FORMATS = {"trig", "nquads", "json-ld"}


def _oxigraph_formats() -> dict:
    import pyoxigraph as ox

    return {
        "turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "trig": ox.RdfFormat.TRIG,
        "nquads": ox.RdfFormat.N_QUADS, "json-ld": ox.RdfFormat.JSON_LD,
    }  # fmt: skip


OXIGRAPH_FORMATS = _oxigraph_formats()


def format_for(path: str | os.PathLike[str], fmt: str | None = None) -> str:
    if fmt:
        return {"ttl": "turtle", "ntriples": "nt", "jsonld": "json-ld", "nq": "nquads"}.get(fmt, fmt)
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise GraphFileError(
            f"{path}: unknown graph format {suffix!r}; use one of {', '.join(sorted(FORMATS))} or pass --format"
        )
    return FORMATS[suffix]


def load_graph(*paths: str | os.PathLike[str], fmt: str | None = None) -> Dataset:
    """Load one or more graph files into a Dataset (named graphs kept; union as default graph)."""
    ds = Dataset(default_union=True)
    bind_prefixes(ds)
    for path in paths:
        p = Path(path)
        if not p.is_file():
            raise GraphFileError(
                f"{p}: no such graph file (build one with: graphkit build ARTICLES --out DIR)"
            )
        f = format_for(p, fmt)
        if f == "json-ld":
            _refuse_remote_contexts(p)
        try:
            if f in QUAD_FORMATS:
                ds.parse(p, format=f)
            else:
                # rdflib >= 7.5 names it default_graph (default_context is deprecated there)
                default = ds.default_graph if hasattr(type(ds), "default_graph") else ds.default_context
                default.parse(p, format=f)
        except Exception as e:  # rdflib raises many types; the user needs the file and the reason
            raise GraphFileError(f"{p}: cannot parse as {f}: {_one_line(e)}") from e
    return ds


def _refuse_remote_contexts(path: Path) -> None:
    """rdflib fetches every ``@context`` (and ``@import``) given as an IRI while it parses JSON-LD, from
    the web or the disk: opening a file must not make graphkit send requests. graphkit's own JSON-LD
    carries its context inline."""
    import json

    try:
        doc = json.loads(path.read_bytes())
    except (OSError, ValueError, RecursionError) as e:
        raise GraphFileError(f"{path}: cannot parse as json-ld: {_one_line(e)}") from e
    stack = [doc]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                refs = value if isinstance(value, list) else [value]
                for ref in refs:
                    if key in ("@context", "@import") and isinstance(ref, str):
                        raise GraphFileError(
                            f"{path}: its JSON-LD {key} is a reference to another document ({ref!r}), which "
                            "would be fetched; graphkit does not fetch documents: put the context inline"
                        )
                stack.extend(refs)
        elif isinstance(node, list):
            stack.extend(node)


def add_ontology(ds: Dataset) -> Dataset:
    """Load graphkit's ontology and event-type scheme into ``ds`` (graph ``<https://w3id.org/graphkit/ontology>``)
    so queries can use class hierarchies, labels and event-type mappings."""
    from rdflib import URIRef

    from graphkit.resources import ontology_file

    g = ds.graph(URIRef("https://w3id.org/graphkit/ontology"))
    for name in ("graphkit.ttl", "event-types.ttl"):
        g.parse(ontology_file(name), format="turtle")
    return ds


def union_graph(ds: Dataset) -> Graph:
    """All triples of all named graphs as one plain Graph (for Turtle and N-Triples)."""
    g = Graph(bind_namespaces="none")
    bind_prefixes(g)
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


def serialize(ds: Dataset | Graph, fmt: str) -> bytes:
    """``ds`` as bytes in ``fmt``: quad formats keep the named graphs; triple formats get their union.

    Written by Oxigraph (the build's one write path; rdflib's Turtle and TriG serialisers were two
    thirds of a build's time), with graphkit's prefixes declared, subjects grouped and graphs in sorted
    order, so the same graph always gives the same bytes. The rdflib terms go over as N-Quads text
    (:mod:`graphkit.rdf.nquads`), which Oxigraph parses without changing a lexical form.
    """
    import pyoxigraph as ox

    from graphkit.rdf.nquads import term

    if fmt not in OXIGRAPH_FORMATS:
        raise GraphFileError(f"cannot write {fmt!r}; use one of {', '.join(sorted(OXIGRAPH_FORMATS))}")
    quads = fmt in QUAD_FORMATS
    if isinstance(ds, Dataset | ConjunctiveGraph):
        rows = ds.quads((None, None, None, None))
    else:
        rows = ((s, p, o, None) for s, p, o in ds)
    lines = set()
    for s, p, o, g in rows:
        name = getattr(g, "identifier", g)
        graph = " " + term(name) if quads and name is not None and name != DATASET_DEFAULT_GRAPH_ID else ""
        lines.add((graph, f"{term(s)} {term(p)} {term(o)}"))
    # sorted by graph, then subject: Oxigraph groups consecutive statements (one block per subject)
    text = "".join(f"{t}{g} .\n" for g, t in sorted(lines)).encode("utf-8", "surrogatepass")
    buf = io.BytesIO()
    prefixes = _prefixes() if fmt in ("turtle", "trig") else None
    ox.serialize(ox.parse(text, ox.RdfFormat.N_QUADS), buf, OXIGRAPH_FORMATS[fmt], prefixes=prefixes)
    return buf.getvalue()


def _prefixes() -> dict[str, str]:
    from graphkit.rdf.namespaces import PREFIXES

    return {p: str(ns) for p, ns in PREFIXES.items()}


def turtle(graph: Graph) -> str:
    """A graph as Turtle text (with the escaping fix below); for answers printed to a terminal."""
    buf = io.BytesIO()
    TurtleSerializer(graph).serialize(buf, encoding="utf-8")
    return buf.getvalue().decode("utf-8")


def _long_literal_label(label: Callable[[Any, Any, int], str]) -> Callable[[Any, Any, int], str]:
    """Wrap rdflib's ``label`` so multi-line literals are escaped correctly.

    rdflib 7 puts a literal holding a newline between triple quotes and escapes a final quote only
    when the character before it is not a backslash, so a text ending in backslash + quote comes out
    as an escaped backslash followed by four quotes, which no parser can read (found by
    tests/test_properties.py). Here every backslash, quote and CR inside triple quotes is escaped;
    the datatype or language suffix is rdflib's.
    """

    def fixed(self: Any, node: Any, position: int) -> str:
        text = label(self, node, position)
        if isinstance(node, Literal) and text.startswith('"""'):
            suffix = text[text.rindex('"""') + 3 :]
            body = str(node).replace("\\", "\\\\").replace('"', '\\"').replace("\r", "\\r")
            return f'"""{body}"""{suffix}'
        return text

    return fixed


# a conservative subset of Turtle's PN_LOCAL that every parser reads: ASCII, no leading digit or '-', no
# final '.', no '%' or other escapes
_LOCAL_NAME_RE = re.compile(r"(?:[A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)*)?")


class _BoundPrefixes:
    """Prefixed names from the prefixes bound on the graph only, found with a short list.

    rdflib's own ``get_pname`` calls ``compute_qname``, which adds the "namespace" of every IRI it sees
    to a trie whose children it then scans one by one; graphkit mints a distinct one per mention
    (``...#char=12,``), so writing Turtle became quadratic (a 1,000-article build spent over 20 minutes
    in it). Here an IRI gets ``prefix:local`` when it starts with a bound namespace (the longest) and
    the rest is a plain local name; otherwise it is written in full, which is always valid.
    """

    def get_pname(self, uri: Any, gen_prefix: bool = True) -> str | None:
        if not isinstance(uri, URIRef):
            return None
        table = self.__dict__.get("_bound")
        if table is None:
            table = self._bound = sorted(
                ((str(ns), prefix) for prefix, ns in self.store.namespaces() if prefix),
                key=lambda t: (-len(t[0]), t[1]),
            )
        for namespace, prefix in table:
            if uri.startswith(namespace):
                local = uri[len(namespace) :]
                if not _LOCAL_NAME_RE.fullmatch(local):
                    return None
                return f"{self.addNamespace(prefix, URIRef(namespace))}:{local}"
        return None


class TurtleSerializer(_BoundPrefixes, _RdflibTurtle):
    """rdflib's Turtle serializer with multi-line literals escaped correctly and prefixed names found
    in linear time."""

    label = _long_literal_label(_RdflibTurtle.label)


class TrigSerializer(_BoundPrefixes, _RdflibTrig):
    """rdflib's TriG serializer with multi-line literals escaped correctly, prefixed names found in
    linear time, and the named graphs in sorted order (rdflib writes them in its store's order, which
    changes with PYTHONHASHSEED, so two builds of the same input gave different files)."""

    label = _long_literal_label(_RdflibTrig.label)

    def __init__(self, store: Graph) -> None:
        super().__init__(store)
        self.contexts.sort(key=lambda g: (g.identifier == self.default_context, str(g.identifier)))


def write_graph(ds: Dataset, path: str | os.PathLike[str], fmt: str | None = None) -> Path:
    """Write ``ds`` to ``path`` atomically in the format its suffix (or ``fmt``) names."""
    f = format_for(path, fmt)
    write_bytes(path, serialize(ds, f))
    return Path(path)


def _one_line(e: BaseException) -> str:
    return " ".join(str(e).split())[:500] or type(e).__name__
