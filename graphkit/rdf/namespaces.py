"""Vocabularies as closed namespaces: a typo in a term name raises instead of minting an IRI.

``GK`` is graphkit's own ontology (``ontologies/graphkit.ttl``); ``GKT`` its SKOS
scheme of event types (``ontologies/event-types.ttl``). NIF, GAF and SEM are the
NewsReader-style vocabularies for mentions, grounding and events.
"""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SDO, SKOS, XSD, DefinedNamespace
from rdflib.term import URIRef

GK_IRI = "https://w3id.org/graphkit/ontology#"
GKT_IRI = "https://w3id.org/graphkit/event-type/"


class GK(DefinedNamespace):
    """graphkit ontology terms (see ontologies/graphkit.ttl for their definitions)."""

    _NS = Namespace(GK_IRI)
    _fail = True

    # classes
    Actor: URIRef
    Person: URIRef
    Organisation: URIRef
    Group: URIRef
    Location: URIRef
    Country: URIRef
    AdministrativeArea: URIRef
    City: URIRef
    Facility: URIRef
    Article: URIRef
    Mention: URIRef
    TimeExpression: URIRef
    Event: URIRef
    Participation: URIRef
    Role: URIRef
    RelationStatement: URIRef
    Claim: URIRef
    FactualityValue: URIRef
    # individuals
    Asserted: URIRef
    Denied: URIRef
    Uncertain: URIRef
    Future: URIRef
    Hypothetical: URIRef
    AgentRole: URIRef
    PatientRole: URIRef
    RecipientRole: URIRef
    PlaceRole: URIRef
    TimeRole: URIRef
    InstrumentRole: URIRef
    OtherRole: URIRef
    # article and provenance
    contentHash: URIRef
    extractor: URIRef
    sentenceIndex: URIRef
    inSentence: URIRef
    mentionKind: URIRef
    foundBy: URIRef
    confidence: URIRef
    rule: URIRef
    # entities
    canonicalKey: URIRef
    nameKey: URIRef
    keyRule: URIRef
    category: URIRef
    wikidataId: URIRef
    iso3166Code: URIRef
    geonamesId: URIRef
    # events
    trigger: URIRef
    triggerText: URIRef
    lemma: URIRef
    factuality: URIRef
    nominal: URIRef
    agent: URIRef
    patient: URIRef
    recipient: URIRef
    instrument: URIRef
    hasParticipation: URIRef
    role: URIRef
    participant: URIRef
    argumentMention: URIRef
    argumentText: URIRef
    date: URIRef
    datePrecision: URIRef
    dateFromArticle: URIRef
    dateBasis: URIRef
    startDate: URIRef
    endDate: URIRef
    former: URIRef
    partOf: URIRef
    timeValue: URIRef
    timePrecision: URIRef
    # relations between entities
    affiliatedWith: URIRef
    worksFor: URIRef
    memberOf: URIRef
    leads: URIRef
    founded: URIRef
    spokespersonFor: URIRef
    holdsPositionIn: URIRef
    hasTitle: URIRef
    title: URIRef
    relativeOf: URIRef
    childOf: URIRef
    parentOf: URIRef
    siblingOf: URIRef
    spouseOf: URIRef
    basedIn: URIRef
    locatedIn: URIRef
    livesIn: URIRef
    bornIn: URIRef
    killedBy: URIRef
    # claims
    speaker: URIRef
    speakerText: URIRef
    addressee: URIRef
    addresseeText: URIRef
    cue: URIRef
    cueText: URIRef
    content: URIRef
    contentText: URIRef
    about: URIRef
    directQuote: URIRef
    # cross-article merging
    mergeRule: URIRef
    mergeCandidate: URIRef
    # event-type scheme mappings
    cameoCode: URIRef
    ploverCategory: URIRef
    acledSubEventType: URIRef
    kairosType: URIRef
    approximateMatch: URIRef


class NIF(DefinedNamespace):
    """NLP Interchange Format 2.0 core (the subset graphkit writes)."""

    _NS = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
    _fail = True

    Context: URIRef
    String: URIRef
    Phrase: URIRef
    Sentence: URIRef
    RFC5147String: URIRef
    isString: URIRef
    beginIndex: URIRef
    endIndex: URIRef
    anchorOf: URIRef
    referenceContext: URIRef


class GAF(DefinedNamespace):
    """Grounded Annotation Framework: instances grounded in their mentions."""

    _NS = Namespace("http://groundedannotationframework.org/gaf#")
    _fail = True

    denotedBy: URIRef
    denotes: URIRef


class SEM(DefinedNamespace):
    """Simple Event Model."""

    _NS = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
    _fail = True

    Event: URIRef
    Actor: URIRef
    Place: URIRef
    Time: URIRef
    EventType: URIRef
    eventType: URIRef
    hasActor: URIRef
    hasPlace: URIRef
    hasTime: URIRef
    hasTimeStamp: URIRef


GKT = Namespace(GKT_IRI)
WD = Namespace("http://www.wikidata.org/entity/")
GEONAMES = Namespace("https://sws.geonames.org/")

PREFIXES: dict[str, object] = {
    "gk": GK._NS,
    "gkt": GKT,
    "nif": NIF._NS,
    "gaf": GAF._NS,
    "sem": SEM._NS,
    "prov": PROV,
    "skos": SKOS,
    "schema": SDO,
    "dcterms": DCTERMS,
    "foaf": FOAF,
    "owl": OWL,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "wd": WD,
}


class Terms:
    """A namespace read through a cache: each term is looked up once, then is a plain attribute.

    Attribute access on a closed namespace (``GK.confidence``) runs rdflib code every time; hot loops
    read ``Terms(GK).confidence`` instead. ``render`` maps each term once (e.g. to its N-Triples text).
    An unknown name raises exactly as the namespace itself does, so a typo still fails.

    >>> Terms(GK).confidence == GK.confidence
    True
    >>> Terms(GK, lambda u: f"<{u}>")["Event"]
    '<https://w3id.org/graphkit/ontology#Event>'
    >>> Terms(GK).confidance
    Traceback (most recent call last):
    AttributeError: term 'confidance' not in namespace 'https://w3id.org/graphkit/ontology#'
    """

    def __init__(self, namespace, render=None) -> None:
        self._ns = namespace
        self._render = render
        self._items: dict[str, object] = {}

    def __getattr__(self, name: str):  # only called for a name not cached yet
        if name.startswith("_"):
            raise AttributeError(name)
        value = getattr(self._ns, name)
        if self._render is not None:
            value = self._render(value)
        setattr(self, name, value)
        return value

    def __getitem__(self, name: str):
        try:
            return self._items[name]
        except KeyError:
            value = self._ns[name]
            if self._render is not None:
                value = self._render(value)
            if len(self._items) < 65536:  # open namespaces (wd:, gkt:) take any name: keep the cache bounded
                self._items[name] = value
            return value


def bind_prefixes(graph) -> None:
    """Bind graphkit's prefixes on a graph or dataset (explicitly, never rdflib's defaults)."""
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)


SPARQL_PREFIXES = "\n".join(f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items())
"""The same prefixes as a SPARQL prologue (queries may use them without declaring them)."""
