"""N-Triples / N-Quads lines for rdflib terms: the exchange format between extraction and stores.

Worker processes (local or on a Dask cluster) turn each article's triples into
N-Quads text, which Oxigraph parses natively and fast; the main process never
builds rdflib objects for them. The output follows the W3C grammar exactly:
IRIs in ``<...>``, literals with only ``\\``, ``"``, LF and CR escaped (other
characters are written as UTF-8), language tags and datatypes as given
(``xsd:string`` is written as a plain literal, as RDF 1.1 defines it).
:func:`literal` is the one place that escapes; workers pass it plain text
(:func:`graphkit.rdf.build.article_ntriples`) and write lines with :func:`nquads_of_terms`,
without making an rdflib object per term.

>>> from rdflib import Literal, URIRef
>>> term(Literal('say "hi"\\n'))
'"say \\\\"hi\\\\"\\\\n"'
>>> term(URIRef("http://example.org/a"))
'<http://example.org/a>'
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

_ESCAPE = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
_XSD_STRING = str(XSD.string)


def iri(value: str) -> str:
    """An IRI in N-Triples syntax (``value`` is trusted to be a valid IRI)."""
    return f"<{value}>"


def literal(lexical: str, datatype: str | None = None, language: str | None = None) -> str:
    """A literal in N-Triples syntax: the one place that escapes lexical forms.

    >>> literal('a "b"\\r'), literal("1", "http://www.w3.org/2001/XMLSchema#integer")
    ('"a \\\\"b\\\\"\\\\r"', '"1"^^<http://www.w3.org/2001/XMLSchema#integer>')
    """
    if "\\" in lexical or '"' in lexical or "\n" in lexical or "\r" in lexical:
        lexical = lexical.translate(_ESCAPE)
    if language:
        return f'"{lexical}"@{language}'
    if datatype and datatype != _XSD_STRING:
        return f'"{lexical}"^^<{datatype}>'
    return f'"{lexical}"'


def term(t: URIRef | Literal | BNode) -> str:
    """One RDF term in N-Triples syntax."""
    if isinstance(t, URIRef):
        return f"<{t}>"
    if isinstance(t, Literal):
        return literal(str(t), str(t.datatype) if t.datatype else None, t.language)
    if isinstance(t, BNode):
        return f"_:{t}"
    raise TypeError(f"not an RDF term: {t!r}")


def nquads(triples: Iterable[tuple], graph: URIRef | None = None, *, also_default: bool = False) -> bytes:
    """N-Quads for ``triples`` in ``graph`` (N-Triples when ``graph`` is None).

    With ``also_default`` every triple is written twice: once in ``graph`` and once in
    the default graph (graphkit's stores keep the merge of all articles there).
    Raises :class:`UnicodeEncodeError` for text that cannot be UTF-8 (lone surrogates).
    """
    rows = ((term(s), term(p), term(o)) for s, p, o in triples)
    return nquads_of_terms(rows, None if graph is None else iri(graph), also_default=also_default)


def nquads_of_terms(
    rows: Iterable[tuple[str, str, str]], graph: str | None = None, *, also_default: bool = False
) -> bytes:
    """:func:`nquads` for triples whose terms are already N-Triples text (``graph`` too, e.g. ``<...>``)."""
    if graph is None:
        return "".join([f"{s} {p} {o} .\n" for s, p, o in rows]).encode("utf-8")
    if also_default:
        return "".join([f"{s} {p} {o} {graph} .\n{s} {p} {o} .\n" for s, p, o in rows]).encode("utf-8")
    return "".join([f"{s} {p} {o} {graph} .\n" for s, p, o in rows]).encode("utf-8")


__all__ = ["iri", "literal", "nquads", "nquads_of_terms", "term"]
