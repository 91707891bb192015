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


# PLOVER category of each CAMEO cue category, from the 2021 CAMEO -> PLOVER table (openeventdata/PLOVER,
# CAMEO2PLOVER-2021.txt, its two-digit headings; CAMEO 08 "yield" splits into CONCEDE, 080-083, and
# RETREAT, 084-087). CAMEO 01 (public statements) has no PLOVER category; CAMEO 02 (appeals) is taken as
# REQUEST, PLOVER's category for asking. Events of CAMEO 18, 19 and 20 are all ASSAULT.
PLOVER_OF_CAMEO_CUE = {
    "02": "REQUEST", "03": "AGREE", "04": "CONSULT", "05": "SUPPORT", "06": "COOPERATE", "07": "AID",
    "09": "ACCUSE", "10": "REQUEST", "11": "ACCUSE", "12": "REJECT", "13": "THREATEN", "14": "PROTEST",
    "15": "MOBILIZE", "16": "SANCTION", "17": "COERCE", "18": "ASSAULT", "19": "ASSAULT", "20": "ASSAULT",
}  # fmt: skip


def plover_of_cameo(code: str) -> str | None:
    """The PLOVER category of a CAMEO code by its cue category (None for CAMEO 01 statements).

    >>> plover_of_cameo("0871"), plover_of_cameo("082"), plover_of_cameo("112"), plover_of_cameo("010")
    ('RETREAT', 'CONCEDE', 'ACCUSE', None)
    """
    code = code.lstrip("~")
    if code[:2] == "08":
        return "CONCEDE" if code[:3] in ("080", "081", "082", "083") else "RETREAT"
    return PLOVER_OF_CAMEO_CUE.get(code[:2])


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


@cache
def scheme_triples() -> tuple:
    """The scheme's triples, built once per process (about 1,000)."""
    return tuple(scheme_graph())


def add_scheme(ds) -> URIRef:
    """Put the event-type scheme into ``ds``'s named graph ``<gkt:scheme>`` (the scheme's own IRI), so
    ``?e sem:eventType/gk:ploverCategory ?c`` answers from a built graph alone; returns the graph's name.

    Every output graph and store carries it (:mod:`graphkit.pipeline`); it holds no article, so counts of
    articles (graphs with ``gk:contentHash``) do not see it."""
    g = ds.graph(SCHEME)
    g.remove((None, None, None))
    for t in scheme_triples():
        g.add(t)
    return SCHEME


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
