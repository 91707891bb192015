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
import unicodedata
from collections.abc import Iterable, Iterator
from decimal import Decimal
from functools import lru_cache
from urllib.parse import quote

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SDO, SKOS, XSD

from graphkit.config import DEFAULT_BASE_IRI
from graphkit.errors import GraphkitError
from graphkit.rdf import nquads as nq
from graphkit.rdf.namespaces import GAF, GEONAMES, GK, GKT, NIF, SEM, WD, Terms, bind_prefixes
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
_DOT_SEGMENTS = {".": "%2E", "..": "%2E%2E"}


class IRIs:
    """Mints graphkit's IRIs under one base.

    Each method returns a ``URIRef``; ``make`` turns the IRI's text into something else instead
    (``str``, or :func:`graphkit.rdf.nquads.iri` for N-Triples), so the formats live only here.
    """

    def __init__(self, base: str = DEFAULT_BASE_IRI) -> None:
        self.base = base
        if base != DEFAULT_BASE_IRI:
            from graphkit.config import check_base_iri

            self.base, _ = check_base_iri(base)  # no '#' or '?'; a trailing '/' added  # every IRI in the graph starts with it: check it once, strictly
            from pyoxigraph import NamedNode

            # RFC 3987 allows U+00A0, U+3000 and other Unicode spaces in an IRI, but rdflib's N-Triples and
            # Turtle parsers end an IRI at any of them: refuse what one of the two readers would reject
            odd = next((ch for ch in base if ch.isspace() or unicodedata.category(ch)[0] == "C"), None)
            try:
                if odd is not None:
                    raise ValueError(f"it contains the space or control character {odd!r}")
                NamedNode(self.base + "x")
            except ValueError as e:
                raise GraphkitError(
                    f"base IRI {base!r} is not a valid absolute IRI ({e}); use e.g. https://example.org/news/"
                ) from None

    @staticmethod
    @lru_cache(maxsize=8192)  # article ids and entity keys recur: quote() is slow
    def _seg(text: str) -> str:
        # surrogatepass: a lone surrogate (possible in a Python str) is still percent-encoded, not an error
        quoted = quote(text.encode("utf-8", "surrogatepass"), safe="-._~/")
        if "." not in quoted:
            return quoted
        # a "." or ".." segment would be removed by any consumer that normalises the IRI (RFC 3986 5.2.4),
        # landing "../article/b" on another article's IRI: percent-encode the dots of those segments
        return "/".join(_DOT_SEGMENTS.get(seg, seg) for seg in quoted.split("/"))

    def article(self, article_id: str, make=URIRef):
        return make(f"{self.base}article/{self._seg(article_id)}")

    def graph(self, article_id: str, make=URIRef):
        return make(f"{self.base}graph/{self._seg(article_id)}")

    def mention(self, article_id: str, start: int, end: int, make=URIRef):
        return make(f"{self.base}article/{self._seg(article_id)}#char={start},{end}")

    def entity(self, key: str, make=URIRef):
        return make(f"{self.base}entity/{self._seg(key)}")

    def event(self, article_id: str, start: int, end: int, make=URIRef):
        return make(f"{self.base}event/{self._seg(article_id)}/{start}-{end}")

    def participation(
        self, article_id: str, event: tuple[int, int], role: str, start: int, end: int, make=URIRef
    ):
        return make(f"{self.base}event/{self._seg(article_id)}/{event[0]}-{event[1]}/{role}/{start}-{end}")

    def relation(self, article_id: str, digest: str, make=URIRef):
        return make(f"{self.base}relation/{self._seg(article_id)}/{digest}")

    def claim(self, article_id: str, cue: int, start: int, end: int, make=URIRef):
        return make(f"{self.base}claim/{self._seg(article_id)}/{cue}-{start}-{end}")


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
    """Every triple one article contributes, in a stable order, as rdflib terms (what graphs in memory hold).

    A lone surrogate (a Python string can hold one, a UTF-8 file cannot) becomes U+FFFD in the literal,
    so the graph in memory and the files written from it say the same thing.
    """
    return _article_triples(x, iris or IRIs(), RDF_TERMS)


def article_ntriples(x: Extraction, iris: IRIs | None = None) -> Iterator[tuple[str, str, str]]:
    """The triples of :func:`article_triples`, in the same order, each term as N-Triples text.

    No rdflib object is made on the way: workers write N-Quads from these
    (:func:`graphkit.rdf.store.article_rdf`). Both come from the same code, through a different
    :class:`RDFTerms` factory, so they cannot disagree about which triples an article has.
    """
    return _article_triples(x, iris or IRIs(), NTRIPLES_TERMS)


def name_key(name: str) -> str:
    """An entity name as :data:`gk:nameKey <graphkit.rdf.namespaces.GK>` holds it: lower case, runs of
    white space as one space, so a name parameter of a named query (``taliban``, ``TALIBAN``) is one
    literal that matches "Taliban" through the store's index (:mod:`graphkit.queries`).

    ``str.lower`` rather than ``casefold``: SPARQL's ``LCASE`` gives the same key, so a query written
    by hand can compute it too (``gk:nameKey ?k FILTER(?k = LCASE("Taliban"))``)."""
    return " ".join(name.split()).lower()


# --------------------------------------------------------------------------- term factories

_SURROGATE_RE = re.compile("[\ud800-\udfff]")
_XSD_INTEGER = XSD.integer
_NAMESPACES = {"GK": GK, "GKT": GKT, "NIF": NIF, "GAF": GAF, "SEM": SEM, "RDF": RDF, "RDFS": RDFS, "SKOS": SKOS,
               "OWL": OWL, "SDO": SDO, "PROV": PROV, "DCTERMS": DCTERMS, "WD": WD, "GEONAMES": GEONAMES}  # fmt: skip


def _fix(o: Literal) -> Literal:
    """A literal with every lone surrogate replaced by U+FFFD."""
    if _SURROGATE_RE.search(o):
        return Literal(_SURROGATE_RE.sub("\ufffd", str(o)), lang=o.language, datatype=o.datatype)
    return o


class RDFTerms:
    """How the triple-building code makes its terms; this one makes rdflib objects.

    Attributes named like the namespaces (``t.GK.confidence``, ``t.WD["Q1"]``) are their terms,
    looked up once; ``make`` is what :class:`IRIs` returns IRIs as. Every literal goes through
    :meth:`lit`, :meth:`typed`, :meth:`integer`, :meth:`decimal` or :meth:`node`.
    """

    make = URIRef

    def __init__(self, render=None) -> None:
        for name, ns in _NAMESPACES.items():
            setattr(self, name, Terms(ns, render))

    def node(self, term: URIRef | Literal):
        """An rdflib term made elsewhere (a table's class, :func:`url_term`'s value)."""
        return _fix(term) if isinstance(term, Literal) else term

    def lit(self, value) -> Literal:
        """``Literal(value)``: a plain string, ``xsd:boolean``, ``xsd:integer``, ..."""
        return _fix(Literal(value))

    def typed(self, lexical: str, datatype: URIRef) -> Literal:
        return _fix(Literal(lexical, datatype=datatype))

    def integer(self, value: int) -> Literal:
        return _fix(Literal(value, datatype=_XSD_INTEGER))

    def decimal(self, value: float, places: int = 3) -> Literal:
        return _fix(decimal_literal(value, places))


class NTriplesTerms(RDFTerms):
    """The same terms as :class:`RDFTerms`, as N-Triples text: no rdflib ``Literal`` on the common paths.

    Strings, booleans and ints are written directly (``Literal(value)`` would give the same lexical
    form); anything else, and every datatyped value rdflib might normalise (dates, decimals), is made
    by :class:`RDFTerms` and rendered once, then cached.
    """

    make = staticmethod(nq.iri)
    _CACHE_MAX = 65536

    def __init__(self) -> None:
        super().__init__(nq.iri)
        self._rdf = RDFTerms()
        self._true = nq.term(Literal(True))
        self._false = nq.term(Literal(False))
        self._ints: dict[int, str] = {}
        self._typed: dict[tuple, str] = {}
        self._decimals: dict[tuple, str] = {}

    def node(self, term) -> str:
        return nq.term(_fix(term) if isinstance(term, Literal) else term)

    def lit(self, value) -> str:
        if type(value) is str:
            if not value.isascii() and _SURROGATE_RE.search(value):
                value = _SURROGATE_RE.sub("\ufffd", value)
            return nq.literal(value)
        if value is True:
            return self._true
        if value is False:
            return self._false
        if type(value) is int:
            return self.integer(value)
        return nq.term(self._rdf.lit(value))

    def typed(self, lexical: str, datatype: URIRef) -> str:
        if type(lexical) is not str:
            return nq.term(self._rdf.typed(lexical, datatype))
        key = (lexical, datatype)
        text = self._typed.get(key)
        if text is None:
            text = nq.term(self._rdf.typed(lexical, datatype))
            if len(self._typed) >= self._CACHE_MAX:
                self._typed.clear()
            self._typed[key] = text
        return text

    def integer(self, value: int) -> str:
        text = self._ints.get(value) if type(value) is int else None
        if text is None:
            text = nq.term(self._rdf.integer(value))
            if type(value) is int:
                if len(self._ints) >= self._CACHE_MAX:
                    self._ints.clear()
                self._ints[value] = text
        return text

    def decimal(self, value: float, places: int = 3) -> str:
        # 0.0 == -0.0 (and True == 1) as keys, but they are written differently: only cache non-zero numbers
        if not value or type(value) not in (float, int):
            return nq.term(self._rdf.decimal(value, places))
        key = (value, places)
        text = self._decimals.get(key)
        if text is None:
            text = nq.term(self._rdf.decimal(value, places))
            if len(self._decimals) >= self._CACHE_MAX:
                self._decimals.clear()
            self._decimals[key] = text
        return text


RDF_TERMS = RDFTerms()
NTRIPLES_TERMS = NTriplesTerms()


# --------------------------------------------------------------------------- triples
# Every function below takes the term factory ``t`` and binds the namespaces it uses as locals
# named like the modules' namespaces (``GK = t.GK``): ``GK.confidence`` reads as before, but is a
# cached term in the factory's output form.


def _article_triples(x: Extraction, iris: IRIs, t: RDFTerms) -> Iterator[tuple]:
    GK, NIF, GAF, RDF, RDFS, SKOS, OWL, SDO = t.GK, t.NIF, t.GAF, t.RDF, t.RDFS, t.SKOS, t.OWL, t.SDO
    mk = t.make
    a = x.article
    aid = a.id
    art = iris.article(aid, mk)
    yield from _article(t, x, art)
    sent_iri = [iris.mention(aid, s.start, s.end, mk) for s in x.sentences]
    for s, si in zip(x.sentences, sent_iri, strict=True):
        yield from _span(t, si, art, s.start, s.end, s.text, NIF.Sentence)
        yield si, GK.sentenceIndex, t.lit(s.index)

    def sentence_of(index: int):
        return sent_iri[index] if 0 <= index < len(sent_iri) else None

    entities = {e.key: e for e in x.entities}
    for e in x.entities:
        node = iris.entity(e.key, mk)
        yield node, RDF.type, t.node(TYPE_CLASS[e.type])
        if e.subtype in SUBTYPE_CLASS and e.type == "Location":
            yield node, RDF.type, t.node(SUBTYPE_CLASS[e.subtype])
        yield node, RDFS.label, t.lit(e.name)
        yield node, SKOS.prefLabel, t.lit(e.name)
        for alias in e.aliases:
            yield node, SKOS.altLabel, t.lit(alias)
        for key in dict.fromkeys(name_key(n) for n in (e.name, *e.aliases)):
            yield node, GK.nameKey, t.lit(key)
        yield node, GK.canonicalKey, t.lit(e.key)
        yield node, GK.keyRule, t.lit(e.key_rule)
        if e.subtype:
            yield node, GK.category, t.lit(e.subtype)
        for link in e.links:
            if link.scheme == "wikidata":
                yield node, GK.wikidataId, t.lit(link.value)
                yield node, OWL.sameAs, t.WD[link.value]
            elif link.scheme == "iso3166":
                yield node, GK.iso3166Code, t.lit(link.value)
            elif link.scheme == "geonames":
                yield node, GK.geonamesId, t.lit(link.value)
                yield node, OWL.sameAs, t.GEONAMES[f"{link.value}/"]
        if e.latitude is not None and e.longitude is not None:
            yield node, SDO.latitude, t.decimal(e.latitude, 5)
            yield node, SDO.longitude, t.decimal(e.longitude, 5)
        if e.part_of and e.part_of != e.key:
            parent = iris.entity(e.part_of, mk)
            yield node, SDO.containedInPlace, parent
            if e.part_of not in entities and e.part_of_name:
                # the containing country is known from the gazetteer even if the text never names it
                yield parent, RDF.type, GK.Location
                yield parent, RDF.type, GK.Country
                yield parent, RDFS.label, t.lit(e.part_of_name)
                yield parent, GK.nameKey, t.lit(name_key(e.part_of_name))
                yield parent, GK.canonicalKey, t.lit(e.part_of)
                yield parent, GK.keyRule, t.lit("gazetteer:parent")
        for m in e.mentions:
            mi = iris.mention(aid, m.start, m.end, mk)
            yield node, GAF.denotedBy, mi
            yield from _span(t, mi, art, m.start, m.end, m.text, GK.Mention)
            yield mi, GK.mentionKind, t.lit(m.kind)
            yield mi, GK.foundBy, t.lit(m.source)
            si = sentence_of(m.sentence)
            if si is not None:
                yield mi, GK.inSentence, si

    for tx in x.times:
        ti = iris.mention(aid, tx.start, tx.end, mk)
        yield from _span(t, ti, art, tx.start, tx.end, tx.text, GK.TimeExpression)
        if tx.time.value:
            yield ti, GK.timeValue, t.lit(tx.time.value)
        yield ti, GK.timePrecision, t.lit(tx.time.precision)

    for ev in x.events:
        yield from _event(t, ev, aid, art, iris, sentence_of(ev.sentence))
    for r in x.relations:
        yield from _relation(t, r, aid, art, iris, sentence_of(r.sentence))
    events_by_id = {ev.local_id: ev for ev in x.events}
    for c in x.claims:
        yield from _claim(t, c, aid, art, iris, sentence_of(c.sentence), events_by_id)


# --------------------------------------------------------------------------- parts


def _article(t: RDFTerms, x: Extraction, art) -> Iterator[tuple]:
    GK, NIF, RDF, SDO, DCTERMS = t.GK, t.NIF, t.RDF, t.SDO, t.DCTERMS
    a = x.article
    yield art, RDF.type, GK.Article
    yield art, DCTERMS.identifier, t.lit(a.id)
    yield art, NIF.isString, t.lit(a.text)
    yield art, GK.contentHash, t.lit(a.sha256)
    if x.extractor:
        yield art, GK.extractor, t.lit(x.extractor)
    if a.title:
        yield art, SDO.headline, t.lit(a.title)
    if a.date:
        precision = {10: "day", 7: "month", 4: "year"}.get(len(a.date), "day")
        yield art, SDO.datePublished, t.typed(a.date, DATE_TYPE[precision])
    if a.source:
        yield art, DCTERMS.publisher, t.lit(a.source)
    if a.url:
        yield art, SDO.url, t.node(url_term(a.url))


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


def _span(t: RDFTerms, iri, art, start: int, end: int, text: str, cls) -> Iterator[tuple]:
    NIF = t.NIF
    yield iri, t.RDF.type, cls
    # xsd:integer, not NIF's xsd:nonNegativeInteger: Oxigraph stores derived XSD types as their primitive
    # type, so this is the one datatype that files, the store and SPARQL servers all keep as written
    yield iri, NIF.beginIndex, t.integer(start)
    yield iri, NIF.endIndex, t.integer(end)
    yield iri, NIF.anchorOf, t.lit(text)
    yield iri, NIF.referenceContext, art


def _time(t: RDFTerms, node, tv: TimeValue) -> Iterator[tuple]:
    GK = t.GK
    if tv.value and tv.precision in DATE_TYPE:
        yield node, GK.date, t.typed(tv.value, DATE_TYPE[tv.precision])
        yield node, GK.datePrecision, t.lit(tv.precision)
        yield node, GK.dateFromArticle, t.lit(tv.anchored_to_article_date)
        yield node, GK.dateBasis, t.lit(tv.basis)
    elif tv.value and tv.precision in ("decade", "century"):
        yield node, GK.datePrecision, t.lit(tv.precision)
        yield node, GK.timeValue, t.lit(tv.value)


def _event(t: RDFTerms, ev, aid: str, art, iris: IRIs, sent) -> Iterator[tuple]:
    GK, GAF, SEM, RDF, RDFS, PROV = t.GK, t.GAF, t.SEM, t.RDF, t.RDFS, t.PROV
    mk = t.make
    trigger = (ev.trigger.start, ev.trigger.end)
    node = iris.event(aid, *trigger, mk)
    trig = iris.mention(aid, *trigger, mk)
    yield node, RDF.type, GK.Event
    yield node, SEM.eventType, t.GKT[ev.type]
    yield node, RDFS.label, t.lit(f"{ev.type.replace('_', ' ')}: {ev.trigger.text}")
    yield node, GK.trigger, trig
    yield node, GAF.denotedBy, trig
    yield from _span(t, trig, art, ev.trigger.start, ev.trigger.end, ev.trigger.text, GK.Mention)
    yield node, GK.triggerText, t.lit(ev.trigger.text)
    yield node, GK.lemma, t.lit(ev.lemma)
    yield node, GK.factuality, t.node(FACTUALITY[ev.factuality])
    yield node, GK.nominal, t.lit(ev.nominal)
    yield node, GK.confidence, t.decimal(ev.confidence)
    yield node, PROV.wasDerivedFrom, art
    if sent is not None:
        yield node, PROV.wasDerivedFrom, sent
        yield trig, GK.inSentence, sent
    if ev.time is not None:
        yield from _time(t, node, ev.time)
    for arg in ev.arguments:
        role_node, direct = ROLE[arg.role]
        part = iris.participation(aid, trigger, arg.role, arg.span.start, arg.span.end, mk)
        am = iris.mention(aid, arg.span.start, arg.span.end, mk)
        yield node, GK.hasParticipation, part
        yield part, RDF.type, GK.Participation
        yield part, GK.role, t.node(role_node)
        yield part, GK.argumentMention, am
        yield part, GK.argumentText, t.lit(arg.span.text)
        yield part, GK.confidence, t.decimal(arg.confidence)
        yield from _span(t, am, art, arg.span.start, arg.span.end, arg.span.text, GK.Mention)
        if arg.entity:
            ent = iris.entity(arg.entity, mk)
            yield part, GK.participant, ent
            if direct is not None:
                yield node, t.node(direct), ent


def _relation(t: RDFTerms, r, aid: str, art, iris: IRIs, sent) -> Iterator[tuple]:
    GK, RDF, PROV = t.GK, t.RDF, t.PROV
    mk = t.make
    subj = iris.entity(r.subject, mk)
    pred = GK[r.predicate]
    obj = iris.entity(r.object, mk) if r.object else None
    digest = hashlib.sha1(
        f"{r.subject}|{r.predicate}|{r.object}|{r.title}|{r.sentence}".encode("utf-8", "surrogatepass")
    ).hexdigest()[:12]
    node = iris.relation(aid, digest, mk)
    if obj is not None:
        yield subj, pred, obj
    if r.title:
        yield subj, GK.title, t.lit(r.title)
    yield node, RDF.type, GK.RelationStatement
    yield node, RDF.subject, subj
    yield node, RDF.predicate, pred
    if obj is not None:
        yield node, RDF.object, obj
    if r.title:
        yield node, GK.title, t.lit(r.title)
    yield node, GK.confidence, t.decimal(r.confidence)
    yield node, GK.rule, t.lit(r.rule)
    yield node, PROV.wasDerivedFrom, art
    if sent is not None:
        yield node, PROV.wasDerivedFrom, sent
    if r.time is not None:
        yield from _time(t, node, r.time)
    for prop, tv in ((GK.startDate, r.start), (GK.endDate, r.end)):
        if tv is not None and tv.value and tv.precision in DATE_TYPE:
            yield node, prop, t.typed(tv.value, DATE_TYPE[tv.precision])
    if r.former:
        yield node, GK.former, t.lit(True)


def _claim(t: RDFTerms, c, aid: str, art, iris: IRIs, sent, events: dict) -> Iterator[tuple]:
    GK, RDF, PROV = t.GK, t.RDF, t.PROV
    mk = t.make
    node = iris.claim(aid, c.cue.start, c.content.start, c.content.end, mk)
    cue = iris.mention(aid, c.cue.start, c.cue.end, mk)
    content = iris.mention(aid, c.content.start, c.content.end, mk)
    yield node, RDF.type, GK.Claim
    yield node, GK.cue, cue
    yield from _span(t, cue, art, c.cue.start, c.cue.end, c.cue.text, GK.Mention)
    yield node, GK.cueText, t.lit(c.cue.text)
    yield node, GK.content, content
    yield from _span(t, content, art, c.content.start, c.content.end, c.content.text, GK.Mention)
    yield node, GK.contentText, t.lit(c.content.text)
    yield node, GK.factuality, t.node(FACTUALITY[c.factuality])
    yield node, GK.directQuote, t.lit(c.direct_quote)
    yield node, GK.confidence, t.decimal(c.confidence)
    if c.speaker:
        yield node, GK.speaker, iris.entity(c.speaker, mk)
    if c.speaker_span is not None:
        yield node, GK.speakerText, t.lit(c.speaker_span.text)
    if c.addressee:
        yield node, GK.addressee, iris.entity(c.addressee, mk)
    if c.addressee_span is not None:
        yield node, GK.addresseeText, t.lit(c.addressee_span.text)
    for local_id in c.events:
        ev = events.get(local_id)
        if ev is not None:
            yield node, GK.about, iris.event(aid, ev.trigger.start, ev.trigger.end, mk)
    yield node, PROV.wasDerivedFrom, art
    if sent is not None:
        yield node, PROV.wasDerivedFrom, sent


__all__ = [
    "IRIs",
    "NTriplesTerms",
    "RDFTerms",
    "add_extraction",
    "article_ntriples",
    "name_key",
    "article_triples",
    "decimal_literal",
    "new_dataset",
    "to_rdf",
]
