"""SHACL validation of a graph against ``ontologies/shapes.ttl`` (pyshacl), plus offset checks
that SHACL cannot express: every mention's offsets select exactly its text."""

from __future__ import annotations

from rdflib import Dataset, Graph

from graphkit.rdf.io import union_graph
from graphkit.rdf.namespaces import NIF
from graphkit.resources import ontology_file


def validate(graph: Graph | Dataset) -> tuple[bool, str]:
    """(conforms, human-readable report)."""
    from pyshacl import validate as shacl

    data = union_graph(graph) if isinstance(graph, Dataset) else graph
    shapes = Graph().parse(ontology_file("shapes.ttl"), format="turtle")
    ontology = Graph().parse(ontology_file("graphkit.ttl"), format="turtle")
    conforms, _, text = shacl(
        data, shacl_graph=shapes, ont_graph=ontology, inference="rdfs", allow_warnings=True
    )
    bad = offset_errors(data)
    if bad:
        conforms = False
        text += (
            "\nOffset errors (nif:anchorOf differs from the article text at nif:beginIndex..nif:endIndex):\n"
        )
        text += "\n".join(f"  {m}" for m in bad[:20])
    elif conforms:
        text = f"Conforms: {len(data):,} triples checked against graphkit's shapes; all mention offsets match their text."
    return bool(conforms), text


def offset_errors(g: Graph) -> list[str]:
    texts = {ctx: str(t) for ctx, t in g.subject_objects(NIF.isString)}
    errors = []
    for m, anchor in g.subject_objects(NIF.anchorOf):
        ctx = g.value(m, NIF.referenceContext)
        begin, end = g.value(m, NIF.beginIndex), g.value(m, NIF.endIndex)
        if ctx not in texts or begin is None or end is None:
            continue
        if texts[ctx][int(begin) : int(end)] != str(anchor):
            errors.append(f"{m}: {str(anchor)[:40]!r}")
    return errors
