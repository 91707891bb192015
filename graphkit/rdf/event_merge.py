"""Event coreference: one happening, many mentions and many reports, linked with reasons.

Extraction makes one ``gk:Event`` node per trigger (``{base}event/{article}/{start}-{end}``). This
corpus step, run after the entity merge step (:mod:`graphkit.rdf.merge`), links event nodes that
report the same happening, within one article and across articles, and writes each decision into the
named graph ``{base}corpus/event-merges``:

* applied: ``a owl:sameAs b`` with a reified ``rdf:Statement`` carrying ``gk:mergeRule``,
  ``gk:confidence``, ``rdfs:comment`` (the evidence, in words) and ``prov:wasDerivedFrom`` the articles;
* uncertain: a row in the review file ``event-merge-candidates.csv`` (:func:`event_merges_csv`, applied
  links listed first), never applied and not written into the graph (the graph's ``gk:mergeCandidate``
  pairs stay the entity step's, which the report counts).

Why ``owl:sameAs`` and not one canonical node: every article keeps its own event node, with its own
trigger, participants, time and factuality, in its own named graph, so ``GRAPH ?g { ?e a gk:Event }``
still finds each article's report, replacing an article replaces exactly its facts, and a merge can be
undone by dropping one statement. One happening is the ``owl:sameAs`` closure of its nodes (its
mentions: every node's ``gaf:denotedBy``; its sources: their articles); the ECB+ benchmark clusters
over the same closure.

What is read of each event node (:class:`EventNode`): its type (``sem:eventType``, a concept of
``ontologies/event-types.ttl``), trigger lemma (``gk:lemma``), whether it is a noun (``gk:nominal``),
``gk:factuality``, ``gk:date`` with ``gk:datePrecision`` and ``gk:dateBasis``, its places
(``sem:hasPlace``) and its participants by role (``gk:hasParticipation`` / ``gk:role`` /
``gk:participant``). Entities are read through the ``owl:sameAs`` links already in the dataset (the
entity step's merges and GeoNames links), so "Karzai" and "Hamid Karzai" are one participant; a place
contains another through ``schema:containedInPlace`` (the gazetteer's parent) or ``gk:locatedIn``,
transitively ("Bala Buluk" in "Farah" in "Afghanistan").

Refusals (checked first; any one keeps a pair apart, whatever else they share):

* ``date``: both events have a date from the text (not the publication date taken for want of one)
  and they differ at the coarser of the two precisions (2021-03-02 vs 2021-03: compatible; 03-02 vs
  03-04: not); publication dates refuse only when they are more than ``_PUBLICATION_DAYS`` apart;
* ``place``: both have places and none of one's places is, contains or is contained in one of the
  other's;
* ``participants``: in the agent or the patient role both name people or organisations (named,
  merge-able entities) and none is shared;
* ``factuality``: one is asserted (or uncertain, or future) and the other denied or hypothetical ("the
  attack that did not happen" is not "the attack"); a future event ("will be sentenced on Friday") may
  be the same happening another article reports as done;
* ``type``: the types are neither equal nor one broader than the other (a bombing is an attack, an
  attack is not an arrest); a generic type (``GENERIC_TYPES``: ``other``, ``statement``, ``death`` ...)
  is compatible only with the same lemma.

Rules (applied when nothing refuses; within-article links are applied before cross-article ones, so an
article's own chains are settled before other reports join them):

* ``same-lemma`` (within an article, 0.8): the same trigger lemma in one article ("the quake ... the
  quake"), the lemma not a light verb (``_LIGHT``);
* ``anaphora`` (within an article, 0.7): a definite noun ("the assault", :func:`_definite`) whose word
  is new in the article refers to the nearest earlier mention of a compatible, specific type
  ("attacked ... the assault"); when the earlier fits are of mutually incompatible types, a candidate;
* ``same-day`` (within an article, 0.7): compatible specific types dated to one day by the text ("a
  suicide bombing struck ... on March 5");
* ``cross-article``: compatible types in two related articles, with points for a shared agent/patient
  (2), another shared participant (1), a shared or containing place (1), the same day from the text
  (2), the same lemma (1), and the two articles sharing other named entities (1 from
  ``_CONTEXT_ENTITIES``, 2 from twice that; the events' own places are not counted again). Only a
  pair with a point about the events themselves (a shared participant, place or day) is kept: the same
  word in two articles about one story is not enough (on 1,000 Wikinews articles such links were mostly
  wrong: "proposed" a budget / "propose" a constitution). Applied from ``_APPLY_SCORE`` points with a
  shared participant or the same day among them (a shared place alone: a candidate, "arrived in
  Britain" twice is two arrivals); confidence 0.6 + 0.1 per point, at most 0.95; a candidate below.

Tuned on ECB+ train and tuned topics only (1-25; ``benchmarks/quality.py --sets ecbplus --split tuned``).

Transitivity is checked (:func:`_consistent`): links are applied best first, and one that would join
two clusters whose members refuse each other (their dates, places or participants) becomes a candidate.

Blocking keeps it near-linear: within an article, pairs are formed inside a lemma or a type block;
across articles, only between articles that share a named entity held by at most ``_MAX_ENTITY_ARTICLES``
articles (an inverted index, so "United States" in every article does not relate them all) and published
at most ``_REPORT_DAYS`` apart when both dates are known, and inside
the lemma and type blocks of such a pair of articles; a block of more than ``_MAX_BLOCK`` events per
article is left out (a light verb everywhere).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SDO

from graphkit.config import DEFAULT_BASE_IRI
from graphkit.rdf.build import decimal_literal
from graphkit.rdf.namespaces import GK, NIF, SEM

CSV_COLUMNS = [
    "status", "rule", "confidence", "event_a", "label_a", "article_a", "event_b", "label_b", "article_b", "why",
]  # fmt: skip
# types too broad to say two mentions are one happening unless their lemma agrees
GENERIC_TYPES = frozenset({
    "other", "statement", "communication", "quantity_change", "movement", "travel", "economy", "politics",
    "decision", "development", "conflict", "cooperation", "justice", "crime", "disaster", "death",
})  # fmt: skip
# verbs that name no happening of their own
_LIGHT = frozenset({"be", "have", "do", "make", "take", "get", "go", "come", "give", "say", "tell", "use"})
_NON_ASSERTED = frozenset({"Denied", "Hypothetical"})
_STRONG_ROLES = frozenset({"agent", "patient"})
_ENTITY_TYPES = frozenset({"Person", "Organisation"})  # participants that can conflict
_PUBLICATION_DAYS = 3
_REPORT_DAYS = 7  # articles published further apart are not compared
_CONTEXT_ENTITIES = 1
_MAX_ENTITY_ARTICLES = 50
_MAX_BLOCK = 40
_APPLY_SCORE = 2
_CANDIDATE_SCORE = 1  # with a point about the events themselves (participants, place, day)


@dataclass(frozen=True, slots=True)
class EventNode:
    """What the event step reads about one event node (entities already joined over owl:sameAs)."""

    iri: URIRef
    article: str
    start: int  # trigger offset, to order mentions within the article
    type: str
    lemma: str
    trigger: str
    nominal: bool
    factuality: str  # local name: Asserted, Denied, Uncertain, Future, Hypothetical
    date: str | None
    precision: str | None
    date_basis: str | None  # text, relative, publication
    places: frozenset[str]
    participants: frozenset[tuple[str, str]]  # (role, entity representative)
    definite: bool = False  # a noun after "the", "this", "its" ... (not "a", "another"): it refers back


@dataclass(frozen=True, slots=True)
class EventMerge:
    """One decision about two event nodes: applied (owl:sameAs) or a candidate for review."""

    a: EventNode
    b: EventNode
    rule: str
    why: str
    confidence: float
    applied: bool

    def row(self) -> dict[str, str]:
        return {
            "status": "applied" if self.applied else "candidate",
            "rule": self.rule,
            "confidence": f"{self.confidence:.2f}",
            "event_a": str(self.a.iri),
            "label_a": f"{self.a.type}: {self.a.trigger}",
            "article_a": self.a.article,
            "event_b": str(self.b.iri),
            "label_b": f"{self.b.type}: {self.b.trigger}",
            "article_b": self.b.article,
            "why": self.why,
        }


@dataclass(frozen=True, slots=True)
class Places:
    """Place containment and entity facts the rules need (entity IRIs as sameAs representatives)."""

    ancestors: dict[str, frozenset[str]]  # place -> every place containing it
    types: dict[str, frozenset[str]]  # entity -> class names (Person, Organisation, ...)
    local: frozenset[str]  # entities local to one article (unnamed people, bare groups)
    article_entities: dict[str, frozenset[str]] = None  # article -> the named entities it mentions
    article_dates: dict[str, str] = None  # article -> its publication date (ISO), when known


def event_merges_graph_iri(base: str = DEFAULT_BASE_IRI) -> URIRef:
    base = base if base.endswith(("/", "#")) else base + "/"
    return URIRef(f"{base}corpus/event-merges")


def merge_events(ds: Dataset, base: str = DEFAULT_BASE_IRI) -> list[EventMerge]:
    """Find the event merges of the whole dataset and (re)write its event-merges graph (run it after
    the entity merge step, whose owl:sameAs links it reads)."""
    ds.remove_graph(ds.graph(event_merges_graph_iri(base)))
    events, facts = read_events(ds)
    decisions = find_event_merges(events, facts)
    write_event_merges(ds, decisions, base)
    return decisions


# --------------------------------------------------------------------------- reading


def _union_find(pairs: Iterable[tuple[str, str]]) -> Callable[[str], str]:
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.get(x, x) != x:
            parent[x] = parent.get(parent[x], parent[x])
            x = parent[x]
        return x

    for a, b in pairs:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return find


def read_events(ds: Dataset, nodes: list | None = None) -> tuple[list[EventNode], Places]:
    """Every event node of an rdflib ``ds`` and the entity facts the rules use (triple lookups).
    ``nodes``: the entity step's nodes (:func:`graphkit.rdf.merge.read_nodes`), read when not given."""
    from graphkit.rdf.merge import read_nodes

    skip = event_merges_graph_iri_of(ds)
    same = _union_find(
        (str(s), str(o))
        for s, _p, o, g in ds.quads((None, OWL.sameAs, None, None))
        if g not in skip and isinstance(o, URIRef)
    )
    rows: list[tuple[str, str, str]] = []
    parts: list[tuple[str, str, str]] = []
    for ev in set(ds.subjects(RDF.type, GK.Event)):
        e = str(ev)
        for p, o in ds.predicate_objects(ev):
            if p in _EVENT_PROPS:
                rows.append((e, str(p), str(o)))
            elif p == GK.hasParticipation:
                role = ds.value(o, GK.role)
                for ent in ds.objects(o, GK.participant):
                    parts.append((e, str(role), str(ent)))
    up = [(str(a), str(b)) for prop in _CONTAINED for a, b in ds.subject_objects(prop)]
    texts = {str(a): str(t) for a, t in ds.subject_objects(NIF.isString)}
    dates = {str(a): str(d) for a, d in ds.subject_objects(SDO.datePublished)}
    return events_from_rows(rows, parts, same, read_nodes(ds) if nodes is None else nodes, up, texts, dates)


def read_store_events(st, nodes: list | None = None) -> tuple[list[EventNode], Places]:
    """The same as :func:`read_events` for a :class:`graphkit.rdf.store.GraphStore`, in a few
    SPARQL queries straight to Oxigraph (an rdflib view of a store makes one call per triple)."""
    from graphkit.rdf.namespaces import PREFIXES

    ox = st.oxigraph
    prologue = "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items())

    def select(q: str) -> Iterable[tuple[str, ...]]:
        for r in ox.query(prologue + q):
            yield tuple(r[i].value for i in range(len(r)))

    props = ", ".join(f"<{p}>" for p in sorted(_EVENT_PROPS))
    rows = list(select(f"SELECT ?e ?p ?o WHERE {{ ?e a gk:Event ; ?p ?o . FILTER(?p IN ({props})) }}"))
    parts = list(
        select(
            "SELECT ?e ?r ?x WHERE { ?e a gk:Event ; gk:hasParticipation ?q . ?q gk:role ?r ; gk:participant ?x }"
        )
    )
    same = _union_find(
        select(
            "SELECT ?a ?b WHERE { GRAPH ?g { ?a owl:sameAs ?b } FILTER(isIRI(?b) && "
            "!STRENDS(STR(?g), 'corpus/event-merges')) }"
        )
    )
    up = list(select("SELECT ?a ?b WHERE { ?a schema:containedInPlace|gk:locatedIn ?b }"))
    texts = dict(select("SELECT ?a ?t WHERE { ?a a gk:Article ; nif:isString ?t }"))
    dates = dict(select("SELECT ?a ?d WHERE { ?a a gk:Article ; schema:datePublished ?d }"))
    nodes = st.entity_nodes() if nodes is None else nodes
    return events_from_rows(rows, parts, same, nodes, up, texts, dates)


def event_merges_graph_iri_of(ds: Dataset) -> set:
    return {g.identifier for g in ds.graphs() if str(g.identifier).endswith("corpus/event-merges")}


_CONTAINED = (SDO.containedInPlace, GK.locatedIn)
_EVENT_PROPS = {
    SEM.eventType, GK.lemma, GK.nominal, GK.factuality, GK.date, GK.datePrecision, GK.dateBasis, GK.trigger,
    GK.triggerText,
}  # fmt: skip


def events_from_rows(
    rows: Iterable[tuple[str, str, str]],
    parts: Iterable[tuple[str, str, str]],
    same: Callable[[str], str],
    nodes: Iterable,
    up: Iterable[tuple[str, str]],
    texts: dict[str, str] | None = None,
    dates: dict[str, str] | None = None,
) -> tuple[list[EventNode], Places]:
    """Event nodes from (event, property, value) rows and (event, role IRI, entity) participations, with
    entities mapped to their sameAs representative; ``nodes`` are the entity step's
    (:class:`graphkit.rdf.merge.Node`: type, articles, whether named); ``up``: (place, containing place).
    Shared by the rdflib and the Oxigraph readers."""
    rep_types: dict[str, set[str]] = defaultdict(set)
    local: set[str] = set()
    in_article: dict[str, set[str]] = defaultdict(set)
    for n in nodes:
        rep = same(str(n.iri))
        rep_types[rep].add(n.type)
        if not n.mergeable:
            local.add(rep)
            continue
        for art in n.articles:
            in_article[str(art)].add(rep)
    rep_local = frozenset(local)
    facts: dict[str, dict[str, str]] = defaultdict(dict)
    for e, p, o in rows:
        facts[e].setdefault(p.rsplit("#", 1)[-1].rsplit("/", 1)[-1], o)
    roles: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for e, role, ent in parts:
        name = role.rsplit("#", 1)[-1].rsplit("/", 1)[-1].removesuffix("Role").lower()
        roles[e].add((name, same(ent)))
    parents: dict[str, set[str]] = defaultdict(set)
    for a, b in up:
        ra, rb = same(a), same(b)
        if ra != rb:
            parents[ra].add(rb)

    @cache
    def ancestors(p: str) -> frozenset[str]:
        seen: set[str] = set()
        todo = list(parents.get(p, ()))
        while todo:
            q = todo.pop()
            if q not in seen and q != p:
                seen.add(q)
                todo.extend(parents.get(q, ()))
        return frozenset(seen)

    out = []
    for e in sorted(facts):
        f = facts[e]
        trig = f.get("trigger", "")
        article, _, frag = trig.partition("#")
        try:
            start = int(frag.split("=", 1)[1].split(",", 1)[0])
        except (IndexError, ValueError):
            start = 0
        rs = roles.get(e, set())
        out.append(
            EventNode(
                iri=URIRef(e),
                article=article,
                start=start,
                type=f.get("eventType", "").rsplit("/", 1)[-1] or "other",
                lemma=f.get("lemma", f.get("triggerText", "")).lower(),
                trigger=f.get("triggerText", ""),
                nominal=f.get("nominal", "false").lower() == "true",
                factuality=f.get("factuality", "Asserted").rsplit("#", 1)[-1].rsplit("/", 1)[-1],
                date=f.get("date"),
                precision=f.get("datePrecision"),
                date_basis=f.get("dateBasis"),
                places=frozenset(ent for role, ent in rs if role == "place"),
                participants=frozenset((role, ent) for role, ent in rs if role != "place"),
                definite=_definite((texts or {}).get(article, ""), start),
            )
        )
    anc = {p: ancestors(p) for ev in out for p in ev.places}
    return out, Places(
        anc, {k: frozenset(v) for k, v in rep_types.items()}, rep_local,
        {a: frozenset(v) for a, v in in_article.items()},
        dict(dates or {}),
    )  # fmt: skip


_DEFINITE = frozenset({"the", "this", "that", "these", "those", "its", "their", "his", "her", "our", "same"})
_INDEFINITE = frozenset(
    {"a", "an", "another", "one", "other", "earlier", "previous", "second", "first", "new"}
)


def _definite(text: str, start: int) -> bool:
    """Whether the word at ``start`` follows a definite determiner within three words ("the deadly
    attack"), with no indefinite one ("a", "another", "an earlier") closer to it.

    >>> _definite("He attacked. The deadly attack", 23), _definite("after a second attack", 15)
    (True, False)
    """
    for word in reversed(text[max(0, start - 40) : start].lower().split()[-3:]):
        word = word.strip(",;:()\"'")
        if word in _INDEFINITE:
            return False
        if word in _DEFINITE:
            return True
    return False


# --------------------------------------------------------------------------- the scheme


@cache
def _broader() -> dict[str, str | None]:
    from graphkit.rdf.scheme import event_types

    return {k: t.broader for k, t in event_types().items()}


@cache
def _lineage(t: str) -> tuple[str, ...]:
    """The type and every broader type above it."""
    out, seen = [], set()
    while t and t not in seen:
        out.append(t)
        seen.add(t)
        t = _broader().get(t) or ""
    return tuple(out)


def compatible_types(a: str, b: str) -> bool:
    """Equal, or one broader than the other in the SKOS scheme (a bombing is an attack).

    >>> compatible_types("bombing", "attack"), compatible_types("attack", "arrest")
    (True, False)
    """
    return a == b or a in _lineage(b) or b in _lineage(a)


# --------------------------------------------------------------------------- deciding


def refusal(a: EventNode, b: EventNode, places: Places, participants: bool = True) -> str | None:
    """Why ``a`` and ``b`` cannot be one happening, or None (see the module docstring);
    ``participants=False`` leaves out the participant refusal."""
    if a.lemma != b.lemma:
        if not compatible_types(a.type, b.type):
            return f"types {a.type} and {b.type} are not compatible"
        if a.type in GENERIC_TYPES or b.type in GENERIC_TYPES:
            return (
                f"type {a.type if a.type in GENERIC_TYPES else b.type} is too generic without the same word"
            )
    if (a.factuality in _NON_ASSERTED) != (b.factuality in _NON_ASSERTED):
        return f"one is {a.factuality.lower()}, the other {b.factuality.lower()}"
    why = _date_conflict(a, b)
    if why:
        return why
    if a.places and b.places and not _places_meet(a.places, b.places, places):
        return "different places"
    for role in _STRONG_ROLES if participants else ():
        pa = _named(a, role, places)
        pb = _named(b, role, places)
        if pa and pb and not pa & pb:
            return f"different {role}s"
    return None


def _named(e: EventNode, role: str, places: Places) -> frozenset[str]:
    return frozenset(
        ent
        for r, ent in e.participants
        if r == role and ent not in places.local and places.types.get(ent, frozenset()) & _ENTITY_TYPES
    )


_ORDER = {"year": 4, "month": 7, "day": 10}


def _date_conflict(a: EventNode, b: EventNode) -> str | None:
    if not a.date or not b.date or a.precision not in _ORDER or b.precision not in _ORDER:
        return None
    if "publication" in (a.date_basis, b.date_basis):
        if a.precision == b.precision == "day" and _days_apart(a.date, b.date) > _PUBLICATION_DAYS:
            return f"dates {a.date} and {b.date} are far apart"
        return None
    n = min(_ORDER[a.precision], _ORDER[b.precision])
    if a.date[:n] != b.date[:n]:
        return f"different dates {a.date} and {b.date}"
    return None


def _days_apart(x: str, y: str) -> int:
    from datetime import date

    try:
        return abs((date.fromisoformat(x[:10]) - date.fromisoformat(y[:10])).days)
    except ValueError:
        return 0


def _places_meet(pa: frozenset[str], pb: frozenset[str], places: Places) -> bool:
    for p in pa:
        for q in pb:
            if p == q or p in places.ancestors.get(q, ()) or q in places.ancestors.get(p, ()):
                return True
    return False


def _text_date(e: EventNode) -> bool:
    return bool(e.date) and e.date_basis != "publication"


def _same_day(a: EventNode, b: EventNode) -> bool:
    return bool(
        a.date
        and a.date == b.date
        and a.precision == b.precision == "day"
        and "publication" not in (a.date_basis, b.date_basis)
    )


def evidence(a: EventNode, b: EventNode, places: Places, shared_context: int) -> tuple[int, list[str]]:
    """Points for two compatible events of different articles, and the reasons in words."""
    score, why = 0, []
    if a.lemma == b.lemma:
        score += 1
        why.append(f"the same word '{a.lemma}'")
    shared = a.participants & b.participants
    strong = {ent for role, ent in shared if role in _STRONG_ROLES and ent not in places.local}
    weak = {ent for _, ent in shared if ent not in places.local} - strong
    if strong:
        score += 2
        why.append(f"{len(strong)} shared agent/patient")
    if weak:
        score += 1
        why.append(f"{len(weak)} other shared participant{'s' if len(weak) > 1 else ''}")
    if a.places and b.places and _places_meet(a.places, b.places, places):
        score += 1
        why.append("same or containing place")
    if _same_day(a, b):
        score += 2
        why.append(f"same day {a.date}")
    if shared_context >= _CONTEXT_ENTITIES:
        score += 1 + (shared_context >= 2 * _CONTEXT_ENTITIES)
        why.append(f"articles share {shared_context} named entities")
    return score, why


def _event_evidence(why: list[str]) -> bool:
    """Whether the reasons say something about the two events, not only their words and articles."""
    return any(not w.startswith(("articles share", "the same word")) for w in why)


def find_event_merges(events: Iterable[EventNode], places: Places) -> list[EventMerge]:
    """Every event merge decision, applied ones first (see the module docstring)."""
    events = [e for e in events if e.lemma]
    found: dict[tuple[URIRef, URIRef], EventMerge] = {}

    def propose(a: EventNode, b: EventNode, rule: str, why: str, confidence: float, applied: bool) -> None:
        key = (min(a.iri, b.iri), max(a.iri, b.iri))
        old = found.get(key)
        if old is None or (applied, confidence) > (old.applied, old.confidence):
            found[key] = EventMerge(a, b, rule, why, confidence, applied)

    by_article: dict[str, list[EventNode]] = defaultdict(list)
    for e in events:
        by_article[e.article].append(e)
    for evs in by_article.values():
        evs.sort(key=lambda e: (e.start, str(e.iri)))

    # ---- within an article
    for evs in by_article.values():
        by_lemma: dict[str, list[EventNode]] = defaultdict(list)
        for e in evs:
            by_lemma[e.lemma].append(e)
        for lemma, group in by_lemma.items():
            if lemma in _LIGHT or len(group) > _MAX_BLOCK:
                continue
            for i, a in enumerate(group):
                for b in group[i + 1 :]:
                    no = refusal(a, b, places)
                    if no is None:
                        propose(a, b, "same-lemma", f"'{lemma}' twice in one article", 0.8, True)
        # nominal anaphora: a definite noun whose word has not been used before, after an earlier mention
        # of a compatible, specific type: it refers to the nearest one that nothing refuses
        for j, b in enumerate(evs):
            if not b.nominal or not b.definite or b.type in GENERIC_TYPES:
                continue
            if any(a.lemma == b.lemma for a in evs[:j]):
                continue  # "the attack" after "attacked": the same-lemma rule
            fits = [
                a for a in evs[:j]
                if a.type not in GENERIC_TYPES and compatible_types(a.type, b.type) and refusal(a, b, places) is None
            ]  # fmt: skip
            if not fits:
                continue
            a = fits[-1]
            why = f"'{b.trigger}' ({b.type}) refers back to '{a.trigger}' ({a.type})"
            if all(compatible_types(x.type, y.type) for x in fits for y in fits):
                propose(a, b, "anaphora", why, 0.7, True)
            else:
                propose(a, b, "anaphora", why + f" ({len(fits)} earlier candidates)", 0.4, False)
        # the same day: compatible specific types dated to one day by the text ("a bombing ... struck")
        dated = [e for e in evs if e.type not in GENERIC_TYPES and e.precision == "day" and _text_date(e)]
        by_day: dict[str, list[EventNode]] = defaultdict(list)
        for e in dated:
            by_day[e.date].append(e)
        for group in by_day.values():
            if len(group) > _MAX_BLOCK:
                continue
            for i, a in enumerate(group):
                for b in group[i + 1 :]:
                    if (
                        a.lemma != b.lemma
                        and compatible_types(a.type, b.type)
                        and refusal(a, b, places) is None
                    ):
                        why = f"'{a.trigger}' ({a.type}) and '{b.trigger}' ({b.type}) on {a.date}"
                        propose(a, b, "same-day", why, 0.7, True)

    # ---- across articles: only articles related by a named entity few articles share
    ents_of: dict[str, set[str]] = defaultdict(set)
    for art, ents in (places.article_entities or {}).items():
        ents_of[art] |= ents
    for e in events:
        for _, ent in e.participants:
            if ent not in places.local:
                ents_of[e.article].add(ent)
        for p in e.places:  # a district's report relates to its province's
            ents_of[e.article] |= {p, *places.ancestors.get(p, ())}
    holders: dict[str, list[str]] = defaultdict(list)
    for art, ents in ents_of.items():
        for ent in ents:
            holders[ent].append(art)
    related: set[tuple[str, str]] = set()
    published = places.article_dates or {}
    for arts in holders.values():
        if len(arts) > _MAX_ENTITY_ARTICLES:
            continue
        arts = sorted(arts)
        for i, x in enumerate(arts):
            for y in arts[i + 1 :]:
                dx, dy = published.get(x), published.get(y)
                if dx and dy and _days_apart(dx, dy) > _REPORT_DAYS:
                    continue  # reports of one happening come out within days of each other
                related.add((x, y))
    blocks: dict[str, dict[str, list[EventNode]]] = {}
    for art, evs in by_article.items():
        b: dict[str, list[EventNode]] = defaultdict(list)
        for e in evs:
            if e.lemma not in _LIGHT:
                b["l:" + e.lemma].append(e)
            if e.type not in GENERIC_TYPES:
                for t in _lineage(e.type):
                    if t not in GENERIC_TYPES:
                        b["t:" + t].append(e)
        blocks[art] = {k: v for k, v in b.items() if len(v) <= _MAX_BLOCK}
    for x, y in sorted(related):
        bx, by = blocks.get(x, {}), blocks.get(y, {})
        common = ents_of[x] & ents_of[y]
        seen: set[tuple[URIRef, URIRef]] = set()
        for key in bx.keys() & by.keys():
            for a in bx[key]:
                for c in by[key]:
                    if (a.iri, c.iri) in seen:
                        continue
                    seen.add((a.iri, c.iri))
                    if refusal(a, c, places) is not None:
                        continue
                    # the events' own places count as place evidence, not again as shared context
                    own = {q for p in a.places | c.places for q in (p, *places.ancestors.get(p, ()))}
                    score, why = evidence(a, c, places, len(common - own))
                    if not _event_evidence(why) or score < _CANDIDATE_SCORE:
                        continue  # the same word in related articles is not evidence enough, even for review
                    how = f"'{a.lemma}' in both" if a.lemma == c.lemma else f"{a.type} / {c.type}"
                    confidence = min(0.95, 0.6 + 0.1 * score)
                    # a shared place alone applies nothing: one country holds many arrivals
                    sure = score >= _APPLY_SCORE and any("shared" in w or "same day" in w for w in why)
                    propose(a, c, "cross-article", f"{how}; " + ", ".join(why), confidence, sure)

    # within-article links first: an article's own chains are settled before other reports join them
    ranked = sorted(
        found.values(),
        key=lambda m: (not m.applied, m.rule == "cross-article", -m.confidence, str(m.a.iri), str(m.b.iri)),
    )
    return _consistent(ranked, places)


def _consistent(decisions: list[EventMerge], places: Places) -> list[EventMerge]:
    """Apply links best first unless one would join two clusters with members that refuse each other;
    such a link is kept as a candidate. A cluster keeps its members' distinct facts (date, places,
    named agents and patients), so the check costs the number of distinct facts, not of members."""
    parent: dict[URIRef, URIRef] = {}
    facts: dict[URIRef, dict[tuple, EventNode]] = {}

    def find(x: URIRef) -> URIRef:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    out = []
    for m in decisions:
        if not m.applied:
            out.append(m)
            continue
        for n in (m.a, m.b):
            if n.iri not in parent:
                parent[n.iri] = n.iri
                facts[n.iri] = {_facts_key(n, places): n}
        ra, rb = find(m.a.iri), find(m.b.iri)
        if ra == rb:
            out.append(m)
            continue
        clash = next(
            (
                (x, y, why)
                for kx, x in facts[ra].items()
                for ky, y in facts[rb].items()
                if (why := _cluster_refusal(x, y, places, kx[4:], ky[4:])) is not None
            ),
            None,
        )
        if clash is not None:
            x, y, why = clash
            note = f" (not applied: '{x.trigger}' and '{y.trigger}' already joined: {why})"
            out.append(EventMerge(m.a, m.b, m.rule, m.why + note, 0.3, False))
            continue
        if len(facts[ra]) < len(facts[rb]):
            ra, rb = rb, ra
        parent[rb] = ra
        for k, v in facts.pop(rb).items():
            facts[ra].setdefault(k, v)
        out.append(m)
    return out


def _facts_key(e: EventNode, places: Places) -> tuple:
    return (
        e.date,
        e.precision,
        e.date_basis,
        e.places,
        *(_named(e, r, places) for r in sorted(_STRONG_ROLES)),
    )


def _cluster_refusal(
    a: EventNode, b: EventNode, places: Places, named_a: tuple, named_b: tuple
) -> str | None:
    """Refusals that hold across a cluster (type and wording may drift along a chain of links);
    ``named_*``: the events' named participants per role in ``sorted(_STRONG_ROLES)`` order."""
    why = _date_conflict(a, b)
    if why:
        return why
    if a.places and b.places and not _places_meet(a.places, b.places, places):
        return "different places"
    for role, pa, pb in zip(sorted(_STRONG_ROLES), named_a, named_b, strict=True):
        if pa and pb and not pa & pb:
            return f"different {role}s"
    return None


# --------------------------------------------------------------------------- writing


def event_merge_triples(decisions: Iterable[EventMerge], base: str = DEFAULT_BASE_IRI) -> list[tuple]:
    """The triples of the event-merges graph for these decisions (the applied ones)."""
    name = event_merges_graph_iri(base)
    root = str(name).rsplit("corpus/event-merges", 1)[0]
    out = []
    for m in decisions:
        if not m.applied:
            continue  # candidates go to the review file only
        predicate = OWL.sameAs
        digest = hashlib.sha1(f"{m.a.iri}|{predicate}|{m.b.iri}".encode()).hexdigest()[:16]
        st = URIRef(f"{root}event-merge/{digest}")
        out += [
            (m.a.iri, predicate, m.b.iri),
            (st, RDF.type, RDF.Statement),
            (st, RDF.subject, m.a.iri),
            (st, RDF.predicate, predicate),
            (st, RDF.object, m.b.iri),
            (st, GK.mergeRule, Literal(m.rule)),
            (st, GK.confidence, decimal_literal(m.confidence)),
            (st, RDFS.comment, Literal(m.why)),
        ]
        for art in sorted({m.a.article, m.b.article}):
            if art:
                out.append((st, PROV.wasDerivedFrom, URIRef(art)))
    return out


def write_event_merges(ds: Dataset, decisions: Iterable[EventMerge], base: str = DEFAULT_BASE_IRI) -> URIRef:
    """Replace the event-merges graph of ``ds`` with these decisions; returns the graph's IRI."""
    name = event_merges_graph_iri(base)
    ds.remove_graph(ds.graph(name))
    g = ds.graph(name)
    for t in event_merge_triples(decisions, base):
        g.add(t)
    return name


def event_merges_csv(decisions: Iterable[EventMerge]) -> str:
    """The review file ``event-merge-candidates.csv``: one row per decision, applied ones first."""
    from graphkit.rdf.merge import review_csv

    return review_csv(decisions, CSV_COLUMNS)


def write_event_merges_csv(decisions: Iterable[EventMerge], path: str | Path) -> Path:
    from graphkit.atomic import write_text

    path = Path(path)
    write_text(path, event_merges_csv(decisions))
    return path


__all__ = [
    "EventMerge", "EventNode", "compatible_types", "event_merges_csv", "event_merges_graph_iri",
    "find_event_merges", "merge_events", "read_events", "write_event_merges", "write_event_merges_csv",
]  # fmt: skip
