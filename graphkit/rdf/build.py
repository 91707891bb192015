"""Extractions -> RDF: one named graph per article, deterministic IRIs, no blank nodes.

IRIs (``base`` defaults to ``https://w3id.org/graphkit/data/``):

==============  ====================================================
article         ``{base}article/{id}``
mention         ``{article}#char={start},{end}`` (NIF / RFC 5147)
entity          ``{base}entity/{key}`` (shared by all articles)
event           ``{base}event/{id}/{start}-{end}`` (trigger offsets)
participation   ``{event}/{role}/{start}-{end}``
relation        ``{base}relation/{id}/{hash}``
claim           ``{base}claim/{id}/{cue start}-{content start}-{content end}``
named graph     ``{base}graph/{id}``
==============  ====================================================

Everything an article says, including the types and names of the entities it
mentions, lives in that article's named graph; the union of the graphs is the
knowledge graph. Replacing an article therefore replaces exactly its facts.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from decimal import Decimal
from urllib.parse import quote

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SDO, SKOS, XSD

from graphkit.config import DEFAULT_BASE_IRI
from graphkit.errors import GraphkitError
from graphkit.rdf.namespaces import GAF, GEONAMES, GK, GKT, NIF, SEM, WD, bind_prefixes
from graphkit.types import Extraction, TimeValue

Triple = tuple[URIRef, URIRef, URIRef | Literal]

TYPE_CLASS = {
    "Person": GK.Person,
    "Organisation": GK.Organisation,
    "Location": GK.Location,
    "Group": GK.Group,
}
SUBTYPE_CLASS = {
    "country": GK.Country, "province": GK.AdministrativeArea, "state": GK.AdministrativeArea,
    "region": GK.AdministrativeArea, "district": GK.AdministrativeArea, "county": GK.AdministrativeArea,
    "governorate": GK.AdministrativeArea, "oblast": GK.AdministrativeArea, "territory": GK.AdministrativeArea,
    "city": GK.City, "town": GK.City, "village": GK.City, "facility": GK.Facility,
}  # fmt: skip
ROLE = {
    "agent": (GK.AgentRole, GK.agent), "patient": (GK.PatientRole, GK.patient),
    "recipient": (GK.RecipientRole, GK.recipient), "place": (GK.PlaceRole, SEM.hasPlace),
    "time": (GK.TimeRole, None), "instrument": (GK.InstrumentRole, GK.instrument), "other": (GK.OtherRole, None),
}  # fmt: skip
FACTUALITY = {"asserted": GK.Asserted, "denied": GK.Denied, "uncertain": GK.Uncertain, "future": GK.Future,
              "hypothetical": GK.Hypothetical}  # fmt: skip
DATE_TYPE = {"day": XSD.date, "month": XSD.gYearMonth, "year": XSD.gYear}
_IRI_UNSAFE = re.compile(r'[\s<>"{}|\\^`]')


class IRIs:
    """Mints graphkit's IRIs under one base."""

    def __init__(self, base: str = DEFAULT_BASE_IRI) -> None:
        self.base = base if base.endswith(("/", "#")) else base + "/"
        if base != DEFAULT_BASE_IRI:  # every IRI in the graph starts with it: check it once, strictly
            from pyoxigraph import NamedNode

            try:
                NamedNode(self.base + "x")
            except ValueError as e:
                raise GraphkitError(
                    f"base IRI {base!r} is not a valid absolute IRI ({e}); use e.g. https://example.org/news/"
                ) from None

    @staticmethod
    def _seg(text: str) -> str:
        # surrogatepass: a lone surrogate (possible in a Python str) is still percent-encoded, not an error
        return quote(text.encode("utf-8", "surrogatepass"), safe="-._~/")

    def article(self, article_id: str) -> URIRef:
        return URIRef(f"{self.base}article/{self._seg(article_id)}")

    def graph(self, article_id: str) -> URIRef:
        return URIRef(f"{self.base}graph/{self._seg(article_id)}")

    def mention(self, article_id: str, start: int, end: int) -> URIRef:
        return URIRef(f"{self.article(article_id)}#char={start},{end}")

    def entity(self, key: str) -> URIRef:
        return URIRef(f"{self.base}entity/{self._seg(key)}")

    def event(self, article_id: str, start: int, end: int) -> URIRef:
        return URIRef(f"{self.base}event/{self._seg(article_id)}/{start}-{end}")

    def relation(self, article_id: str, digest: str) -> URIRef:
        return URIRef(f"{self.base}relation/{self._seg(article_id)}/{digest}")

    def claim(self, article_id: str, cue: int, start: int, end: int) -> URIRef:
        return URIRef(f"{self.base}claim/{self._seg(article_id)}/{cue}-{start}-{end}")


def to_rdf(extractions: Iterable[Extraction], base: str = DEFAULT_BASE_IRI) -> Dataset:
    """Build a Dataset with one named graph per article (the default graph stays empty)."""
    ds = new_dataset()
    iris = IRIs(base)
    for x in extractions:
        add_extraction(ds, x, iris)
    return ds


def new_dataset() -> Dataset:
    ds = Dataset(default_union=True)
    bind_prefixes(ds)
    return ds


def add_extraction(ds: Dataset, x: Extraction, iris: IRIs | None = None) -> URIRef:
    """Add (or replace) one article's named graph; returns the graph's IRI."""
    iris = iris or IRIs()
    name = iris.graph(x.article.id)
    ds.remove_graph(ds.graph(name))
    g: Graph = ds.graph(name)
    for triple in article_triples(x, iris):
        g.add(triple)
    return name


def article_triples(x: Extraction, iris: IRIs | None = None) -> Iterator[Triple]:
    """Every triple one article contributes, in a stable order.

    A lone surrogate (a Python string can hold one, a UTF-8 file cannot) becomes U+FFFD in the literal,
    so the graph in memory and the files written from it say the same thing.
    """
    for s, p, o in _article_triples(x, iris):
        if isinstance(o, Literal) and _SURROGATE_RE.search(o):
            o = Literal(_SURROGATE_RE.sub("\ufffd", str(o)), lang=o.language, datatype=o.datatype)
        yield s, p, o


_SURROGATE_RE = re.compile("[\ud800-\udfff]")


def _article_triples(x: Extraction, iris: IRIs | None = None) -> Iterator[Triple]:
    iris = iris or IRIs()
    a = x.article
    art = iris.article(a.id)
    yield from _article(x, art)
    sent_iri = [iris.mention(a.id, s.start, s.end) for s in x.sentences]
    for s, si in zip(x.sentences, sent_iri, strict=True):
        yield from _span(si, art, s.start, s.end, s.text, NIF.Sentence)
        yield si, GK.sentenceIndex, Literal(s.index)

    def sentence_of(index: int) -> URIRef | None:
        return sent_iri[index] if 0 <= index < len(sent_iri) else None

    entities = {e.key: e for e in x.entities}
    for e in x.entities:
        node = iris.entity(e.key)
        yield node, RDF.type, TYPE_CLASS[e.type]
        if e.subtype in SUBTYPE_CLASS and e.type == "Location":
            yield node, RDF.type, SUBTYPE_CLASS[e.subtype]
        yield node, RDFS.label, Literal(e.name)
        yield node, SKOS.prefLabel, Literal(e.name)
        for alias in e.aliases:
            yield node, SKOS.altLabel, Literal(alias)
        yield node, GK.canonicalKey, Literal(e.key)
        yield node, GK.keyRule, Literal(e.key_rule)
        if e.subtype:
            yield node, GK.category, Literal(e.subtype)
        for link in e.links:
            if link.scheme == "wikidata":
                yield node, GK.wikidataId, Literal(link.value)
                yield node, OWL.sameAs, WD[link.value]
            elif link.scheme == "iso3166":
                yield node, GK.iso3166Code, Literal(link.value)
            elif link.scheme == "geonames":
                yield node, GK.geonamesId, Literal(link.value)
                yield node, OWL.sameAs, GEONAMES[f"{link.value}/"]
        if e.latitude is not None and e.longitude is not None:
            yield node, SDO.latitude, decimal_literal(e.latitude, 5)
            yield node, SDO.longitude, decimal_literal(e.longitude, 5)
        if e.part_of and e.part_of != e.key:
            parent = iris.entity(e.part_of)
            yield node, SDO.containedInPlace, parent
            if e.part_of not in entities and e.part_of_name:
                # the containing country is known from the gazetteer even if the text never names it
                yield parent, RDF.type, GK.Location
                yield parent, RDF.type, GK.Country
                yield parent, RDFS.label, Literal(e.part_of_name)
                yield parent, GK.canonicalKey, Literal(e.part_of)
                yield parent, GK.keyRule, Literal("gazetteer:parent")
        for m in e.mentions:
            mi = iris.mention(a.id, m.start, m.end)
            yield node, GAF.denotedBy, mi
            yield from _span(mi, art, m.start, m.end, m.text, GK.Mention)
            yield mi, GK.mentionKind, Literal(m.kind)
            yield mi, GK.foundBy, Literal(m.source)
            si = sentence_of(m.sentence)
            if si is not None:
                yield mi, GK.inSentence, si

    for t in x.times:
        ti = iris.mention(a.id, t.start, t.end)
        yield from _span(ti, art, t.start, t.end, t.text, GK.TimeExpression)
        if t.time.value:
            yield ti, GK.timeValue, Literal(t.time.value)
        yield ti, GK.timePrecision, Literal(t.time.precision)

    for ev in x.events:
        yield from _event(ev, a.id, art, iris, sentence_of(ev.sentence))
    for r in x.relations:
        yield from _relation(r, a.id, art, iris, sentence_of(r.sentence))
    events_by_id = {ev.local_id: ev for ev in x.events}
    for c in x.claims:
        yield from _claim(c, a.id, art, iris, sentence_of(c.sentence), events_by_id)


# --------------------------------------------------------------------------- parts


def _article(x: Extraction, art: URIRef) -> Iterator[Triple]:
    a = x.article
    yield art, RDF.type, GK.Article
    yield art, DCTERMS.identifier, Literal(a.id)
    yield art, NIF.isString, Literal(a.text)
    yield art, GK.contentHash, Literal(a.sha256)
    if x.extractor:
        yield art, GK.extractor, Literal(x.extractor)
    if a.title:
        yield art, SDO.headline, Literal(a.title)
    if a.date:
        precision = {10: "day", 7: "month", 4: "year"}.get(len(a.date), "day")
        yield art, SDO.datePublished, Literal(a.date, datatype=DATE_TYPE[precision])
    if a.source:
        yield art, DCTERMS.publisher, Literal(a.source)
    if a.url:
        yield art, SDO.url, url_term(a.url)


def url_term(url: str) -> URIRef | Literal:
    """A URL that is a valid absolute IRI becomes a node; anything else stays text (``xsd:anyURI``), so a
    scraped "URL" like ``http://[bad`` or ``https://x/%zz`` cannot make the graph unparsable. The IRI is
    checked with Oxigraph's strict RFC 3987 parser, not just for characters Turtle forbids."""
    from pyoxigraph import NamedNode

    if ":" in url and not _IRI_UNSAFE.search(url):
        try:
            NamedNode(url)
        except ValueError:
            pass
        else:
            return URIRef(url)
    return Literal(url, datatype=XSD.anyURI)


def decimal_literal(value: float, places: int = 3) -> Literal:
    """``value`` rounded to ``places`` as an ``xsd:decimal`` literal whose Python value is a ``Decimal``.

    ``Literal(0.8, datatype=XSD.decimal)`` keeps the float: SHACL (pyshacl) then rejects it in a graph
    held in memory (only a file parsed back has Decimals), and a tiny float such as 1e-05 would be
    written as "1e-05", which is not a valid xsd:decimal. The lexical form is fixed-point, shortest.
    """
    d = Decimal(repr(round(float(value), places)))
    return Literal(format(d, "f"), datatype=XSD.decimal)


def _span(iri: URIRef, art: URIRef, start: int, end: int, text: str, cls: URIRef) -> Iterator[Triple]:
    yield iri, RDF.type, cls
    # xsd:integer, not NIF's xsd:nonNegativeInteger: Oxigraph stores derived XSD types as their primitive
    # type, so this is the one datatype that files, the store and SPARQL servers all keep as written
    yield iri, NIF.beginIndex, Literal(start, datatype=XSD.integer)
    yield iri, NIF.endIndex, Literal(end, datatype=XSD.integer)
    yield iri, NIF.anchorOf, Literal(text)
    yield iri, NIF.referenceContext, art


def _time(node: URIRef, t: TimeValue) -> Iterator[Triple]:
    if t.value and t.precision in DATE_TYPE:
        yield node, GK.date, Literal(t.value, datatype=DATE_TYPE[t.precision])
        yield node, GK.datePrecision, Literal(t.precision)
        yield node, GK.dateFromArticle, Literal(t.anchored_to_article_date)
        yield node, GK.dateBasis, Literal(t.basis)
    elif t.value and t.precision in ("decade", "century"):
        yield node, GK.datePrecision, Literal(t.precision)
        yield node, GK.timeValue, Literal(t.value)


def _event(ev, aid: str, art: URIRef, iris: IRIs, sent: URIRef | None) -> Iterator[Triple]:
    node = iris.event(aid, ev.trigger.start, ev.trigger.end)
    trig = iris.mention(aid, ev.trigger.start, ev.trigger.end)
    yield node, RDF.type, GK.Event
    yield node, SEM.eventType, GKT[ev.type]
    yield node, RDFS.label, Literal(f"{ev.type.replace('_', ' ')}: {ev.trigger.text}")
    yield node, GK.trigger, trig
    yield node, GAF.denotedBy, trig
    yield from _span(trig, art, ev.trigger.start, ev.trigger.end, ev.trigger.text, GK.Mention)
    yield node, GK.triggerText, Literal(ev.trigger.text)
    yield node, GK.lemma, Literal(ev.lemma)
    yield node, GK.factuality, FACTUALITY[ev.factuality]
    yield node, GK.nominal, Literal(ev.nominal)
    yield node, GK.confidence, decimal_literal(ev.confidence)
    yield node, PROV.wasDerivedFrom, art
    if sent is not None:
        yield node, PROV.wasDerivedFrom, sent
        yield trig, GK.inSentence, sent
    if ev.time is not None:
        yield from _time(node, ev.time)
    for arg in ev.arguments:
        role_node, direct = ROLE[arg.role]
        part = URIRef(f"{node}/{arg.role}/{arg.span.start}-{arg.span.end}")
        am = iris.mention(aid, arg.span.start, arg.span.end)
        yield node, GK.hasParticipation, part
        yield part, RDF.type, GK.Participation
        yield part, GK.role, role_node
        yield part, GK.argumentMention, am
        yield part, GK.argumentText, Literal(arg.span.text)
        yield part, GK.confidence, decimal_literal(arg.confidence)
        yield from _span(am, art, arg.span.start, arg.span.end, arg.span.text, GK.Mention)
        if arg.entity:
            ent = iris.entity(arg.entity)
            yield part, GK.participant, ent
            if direct is not None:
                yield node, direct, ent


def _relation(r, aid: str, art: URIRef, iris: IRIs, sent: URIRef | None) -> Iterator[Triple]:
    subj = iris.entity(r.subject)
    pred = GK[r.predicate]
    obj = iris.entity(r.object) if r.object else None
    digest = hashlib.sha1(
        f"{r.subject}|{r.predicate}|{r.object}|{r.title}|{r.sentence}".encode("utf-8", "surrogatepass")
    ).hexdigest()[:12]
    node = iris.relation(aid, digest)
    if obj is not None:
        yield subj, pred, obj
    if r.title:
        yield subj, GK.title, Literal(r.title)
    yield node, RDF.type, GK.RelationStatement
    yield node, RDF.subject, subj
    yield node, RDF.predicate, pred
    if obj is not None:
        yield node, RDF.object, obj
    if r.title:
        yield node, GK.title, Literal(r.title)
    yield node, GK.confidence, decimal_literal(r.confidence)
    yield node, GK.rule, Literal(r.rule)
    yield node, PROV.wasDerivedFrom, art
    if sent is not None:
        yield node, PROV.wasDerivedFrom, sent
    if r.time is not None:
        yield from _time(node, r.time)
    for prop, t in ((GK.startDate, r.start), (GK.endDate, r.end)):
        if t is not None and t.value and t.precision in DATE_TYPE:
            yield node, prop, Literal(t.value, datatype=DATE_TYPE[t.precision])
    if r.former:
        yield node, GK.former, Literal(True)


def _claim(c, aid: str, art: URIRef, iris: IRIs, sent: URIRef | None, events: dict) -> Iterator[Triple]:
    node = iris.claim(aid, c.cue.start, c.content.start, c.content.end)
    cue = iris.mention(aid, c.cue.start, c.cue.end)
    content = iris.mention(aid, c.content.start, c.content.end)
    yield node, RDF.type, GK.Claim
    yield node, GK.cue, cue
    yield from _span(cue, art, c.cue.start, c.cue.end, c.cue.text, GK.Mention)
    yield node, GK.cueText, Literal(c.cue.text)
    yield node, GK.content, content
    yield from _span(content, art, c.content.start, c.content.end, c.content.text, GK.Mention)
    yield node, GK.contentText, Literal(c.content.text)
    yield node, GK.factuality, FACTUALITY[c.factuality]
    yield node, GK.directQuote, Literal(c.direct_quote)
    yield node, GK.confidence, decimal_literal(c.confidence)
    if c.speaker:
        yield node, GK.speaker, iris.entity(c.speaker)
    if c.speaker_span is not None:
        yield node, GK.speakerText, Literal(c.speaker_span.text)
    if c.addressee:
        yield node, GK.addressee, iris.entity(c.addressee)
    if c.addressee_span is not None:
        yield node, GK.addresseeText, Literal(c.addressee_span.text)
    for local_id in c.events:
        ev = events.get(local_id)
        if ev is not None:
            yield node, GK.about, iris.event(aid, ev.trigger.start, ev.trigger.end)
    yield node, PROV.wasDerivedFrom, art
    if sent is not None:
        yield node, PROV.wasDerivedFrom, sent


__all__ = ["IRIs", "add_extraction", "article_triples", "decimal_literal", "new_dataset", "to_rdf"]
