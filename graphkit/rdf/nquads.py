"""N-Triples / N-Quads lines for rdflib terms: the exchange format between extraction and stores.

Worker processes (local or on a Dask cluster) turn each article's triples into
N-Quads text, which Oxigraph parses natively and fast; the main process never
builds rdflib objects for them. The output follows the W3C grammar exactly:
IRIs in ``<...>``, literals with only ``\\``, ``"``, LF and CR escaped (other
characters are written as UTF-8), language tags and datatypes as given
(``xsd:string`` is written as a plain literal, as RDF 1.1 defines it).

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


def term(t: URIRef | Literal | BNode) -> str:
    """One RDF term in N-Triples syntax."""
    if isinstance(t, URIRef):
        return f"<{t}>"
    if isinstance(t, Literal):
        lexical = str(t).translate(_ESCAPE)
        if t.language:
            return f'"{lexical}"@{t.language}'
        if t.datatype and str(t.datatype) != _XSD_STRING:
            return f'"{lexical}"^^<{t.datatype}>'
        return f'"{lexical}"'
    if isinstance(t, BNode):
        return f"_:{t}"
    raise TypeError(f"not an RDF term: {t!r}")


def nquads(triples: Iterable[tuple], graph: URIRef | None = None, *, also_default: bool = False) -> bytes:
    """N-Quads for ``triples`` in ``graph`` (N-Triples when ``graph`` is None).

    With ``also_default`` every triple is written twice: once in ``graph`` and once in
    the default graph (graphkit's stores keep the merge of all articles there).
    Raises :class:`UnicodeEncodeError` for text that cannot be UTF-8 (lone surrogates).
    """
    suffix = f" <{graph}> .\n" if graph is not None else " .\n"
    lines: list[str] = []
    for s, p, o in triples:
        body = f"{term(s)} {term(p)} {term(o)}"
        lines.append(body + suffix)
        if also_default and graph is not None:
            lines.append(body + " .\n")
    return "".join(lines).encode("utf-8")


__all__ = ["nquads", "term"]
