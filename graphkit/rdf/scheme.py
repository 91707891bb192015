"""The event-type scheme: ``ontologies/event-types.tsv`` -> SKOS (``ontologies/event-types.ttl``).

The TSV is the single source (easy to edit and review); ``python -m graphkit.rdf.scheme``
regenerates the Turtle and a test checks that the committed file is up to date.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS

from graphkit.rdf.namespaces import GK, GKT, bind_prefixes
from graphkit.resources import ontology_file, read_tsv

SCHEME = URIRef(str(GKT) + "scheme")


@dataclass(frozen=True, slots=True)
class EventType:
    id: str
    label: str
    broader: str | None
    cameo: str | None
    plover: str | None
    acled: str | None
    kairos: str | None
    definition: str

    @property
    def iri(self) -> URIRef:
        return GKT[self.id]


@cache
def event_types() -> dict[str, EventType]:
    out = {}
    for row in read_tsv(ontology_file("event-types.tsv")):
        out[row["id"]] = EventType(
            id=row["id"],
            label=row["label"],
            broader=row.get("broader") or None,
            cameo=row.get("cameo") or None,
            plover=row.get("plover") or None,
            acled=row.get("acled") or None,
            kairos=row.get("kairos") or None,
            definition=row.get("definition", ""),
        )
    return out


def scheme_graph() -> Graph:
    g = Graph(bind_namespaces="none")
    bind_prefixes(g)
    g.add((SCHEME, RDF.type, SKOS.ConceptScheme))
    g.add((SCHEME, SKOS.prefLabel, Literal("graphkit event types", lang="en")))
    g.add(
        (
            SCHEME,
            DCTERMS.description,
            Literal(
                "Event types for news about conflict and politics, each mapped to CAMEO, PLOVER, ACLED and KAIROS where an "
                "equivalent exists. Generated from ontologies/event-types.tsv.",
                lang="en",
            ),
        )
    )
    for t in event_types().values():
        c = t.iri
        g.add((c, RDF.type, SKOS.Concept))
        g.add((c, SKOS.inScheme, SCHEME))
        g.add((c, SKOS.prefLabel, Literal(t.label, lang="en")))
        g.add((c, SKOS.notation, Literal(t.id)))
        if t.definition:
            g.add((c, SKOS.definition, Literal(t.definition, lang="en")))
        if t.broader:
            g.add((c, SKOS.broader, GKT[t.broader]))
            g.add((GKT[t.broader], SKOS.narrower, c))
        else:
            g.add((c, SKOS.topConceptOf, SCHEME))
            g.add((SCHEME, SKOS.hasTopConcept, c))
        for prop, value in ((GK.cameoCode, t.cameo), (GK.ploverCategory, t.plover),
                            (GK.acledSubEventType, t.acled), (GK.kairosType, t.kairos)):  # fmt: skip
            if value:
                if value.startswith("~"):
                    g.add((c, GK.approximateMatch, prop))
                    value = value[1:]
                g.add((c, prop, Literal(value)))
    return g


def write_scheme(path: Path | None = None) -> Path:
    path = path or ontology_file("event-types.ttl")
    header = (
        "# graphkit event types (SKOS). GENERATED from event-types.tsv by `python -m graphkit.rdf.scheme`;\n"
        "# edit the TSV, not this file.\n"
    )
    path.write_text(header + scheme_graph().serialize(format="turtle"), encoding="utf-8")
    return path


if __name__ == "__main__":  # pragma: no cover
    print(write_scheme(Path(sys.argv[1]) if len(sys.argv) > 1 else None))
