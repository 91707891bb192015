"""RDF -> networkx views -> measures -> :class:`Report` (Markdown, JSON, CSV, GraphML).

Everything here reads the RDF graph (an rdflib graph, an Oxigraph store, or graph
files), never the extraction objects, so the report, the map and the SPARQL answers
describe the same graph. :func:`read_graph` reads it once into plain records
(:class:`KGData`); the two networks are built from those:

* :func:`entity_network`: entities as nodes; relations (``memberOf``, ``childOf`` ...),
  places' containment and shared events as weighted edges.
* :func:`event_network`: events *and* entities as nodes; an edge from each event to
  each participant, labelled by its role.

What an analyst asks for comes back as frozen dataclasses (:class:`Report` and its rows,
:class:`Paths`, :class:`Ego`, :class:`KeyEvent`, :class:`TimelineEntry` ...), each row with a
``to_dict()`` that is its report.json form. The measures are pure functions ``G -> dict`` that never
mutate their input:

>>> import networkx as nx
>>> G = nx.Graph([("a", "b"), ("b", "c"), ("c", "d"), ("b", "d")])
>>> c = centrality(G)
>>> max(c, key=lambda n: c[n]["betweenness"]), c["b"]["degree"]
('b', 3)
>>> sorted(G.nodes) == ["a", "b", "c", "d"] and G.number_of_edges() == 4
True
"""

from __future__ import annotations

import csv
import difflib
import itertools
import json
import os
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

import networkx as nx

from graphkit.errors import GraphkitError

ACTOR_TYPES = ("Person", "Organisation", "Group")
ENTITY_TYPES = ("Person", "Organisation", "Group", "Location")  # in this order of precedence
MAX_CLIQUE = 8  # events with more participants do not link every pair (they would swamp the graph)
EXACT_BETWEENNESS_LIMIT = 2500  # above this many nodes betweenness is estimated from a sample
BETWEENNESS_SAMPLE = 500  # sampled source nodes when estimating
LOUVAIN_LIMIT = 50_000  # above this many nodes communities come from label propagation (Louvain is slow)
RELATION_WEIGHT = 2.0  # a stated relation counts as much as two shared events
PLACE_WEIGHT = 1.0  # "Farah is in Afghanistan" (from the gazetteer)

_GK = "https://w3id.org/graphkit/ontology#"
_NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
_GAF = "http://groundedannotationframework.org/gaf#"
_SEM = "http://semanticweb.cs.vu.nl/2009/11/sem/"
_PROV = "http://www.w3.org/ns/prov#"
_SDO = "https://schema.org/"
_DCT = "http://purl.org/dc/terms/"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_OWL = "http://www.w3.org/2002/07/owl#"
_CHAR = re.compile(r"#char=(\d+),(\d+)$")
_OFFSETS = re.compile(r"/(\d+)-(\d+)$")  # event IRIs end in their trigger's offsets


class UnknownNodeError(GraphkitError, ValueError):
    """A name given for a path, an ego network or a map focus matches no node."""


# --------------------------------------------------------------------------- records


@dataclass(frozen=True, slots=True)
class ArticleInfo:
    iri: str
    id: str
    title: str | None
    date: str | None
    source: str | None

    @property
    def label(self) -> str:
        return self.title or self.id or self.iri


@dataclass(frozen=True, slots=True)
class EntityInfo:
    iri: str
    label: str
    type: str
    category: str | None
    aliases: tuple[str, ...]
    articles: tuple[str, ...]  # article labels (title, else id)
    mentions: int
    links: tuple[str, ...]  # "wikidata:Q42418", "ISO 3166:AF-FRA", "GeoNames:1142226"
    sentences: tuple[tuple[str, str], ...]  # (sentence text, article label)
    # every IRI this node stands for: more than one when owl:sameAs merged them (``iri`` first)
    members: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class MergeLink:
    """One owl:sameAs link between two entity nodes, with what the merge step recorded about it."""

    a: str  # IRI
    b: str  # IRI
    rule: str  # gk:mergeRule ("alias", "surname", "name-variant" ...); "owl:sameAs" when none was recorded
    confidence: float | None
    why: str  # rdfs:comment of the merge statement
    articles: tuple[str, ...]  # labels of the articles that gave the evidence


@dataclass(frozen=True, slots=True)
class MergedEntity:
    """A node that stands for several entity IRIs joined by owl:sameAs (an applied merge)."""

    iri: str  # the representative: the member with the most mentions (ties: the smallest IRI)
    members: tuple[tuple[str, str, str, int], ...]  # (iri, its own label, its own type, mentions)
    links: tuple[MergeLink, ...]


@dataclass(frozen=True, slots=True)
class EventInfo:
    iri: str
    type: str
    trigger: str
    factuality: str
    date: str | None  # the event's date (ISO, at its precision)
    date_precision: str | None
    date_basis: str | None  # "text", "relative" (resolved against the article date) or "publication"
    sentence: str
    article: str  # article label
    article_date: str | None  # the publication date of the article that reports it
    participants: tuple[tuple[str, str], ...]  # (role, entity iri), sorted


@dataclass(frozen=True, slots=True)
class RelationInfo:
    iri: str
    subject: str
    predicate: str  # local name in the graphkit ontology: memberOf, childOf, ...
    object: str | None
    title: str | None
    sentence: str
    article: str


@dataclass(frozen=True, slots=True)
class ClaimInfo:
    iri: str
    speaker: str | None  # entity iri
    speaker_text: str | None
    cue: str
    content: str
    factuality: str
    direct_quote: bool
    sentence: str
    article: str
    about: tuple[str, ...]  # event iris


@dataclass(frozen=True)
class KGData:
    """Everything the analysis and the maps need, read once from the RDF (see :func:`read_graph`)."""

    entities: dict[str, EntityInfo]
    events: dict[str, EventInfo]
    relations: tuple[RelationInfo, ...]
    claims: tuple[ClaimInfo, ...]
    articles: dict[str, ArticleInfo]
    contained_in: tuple[tuple[str, str], ...]  # (place, larger place)
    triples: int
    merged: dict[str, MergedEntity] = field(default_factory=dict)  # by representative IRI
    same_as: dict[str, str] = field(default_factory=dict)  # each merged member IRI -> its node's IRI
    merge_candidates: int = 0  # gk:mergeCandidate pairs: proposed, not applied
    event_same_as: dict[str, str] = field(default_factory=dict)  # issue 15: merged event node -> its event's


# --------------------------------------------------------------------------- reading the graph


# one way to read a graph by pattern, for rdflib graphs and Oxigraph stores alike: graphkit.rdf.read
from graphkit.rdf.read import TripleSource, triple_source  # noqa: E402 (kept here: the reading section)

_Source = TripleSource
_source = triple_source


def read_graph(source: Any, max_sentences: int = 3) -> KGData:
    """Read entities, events, relations, claims and articles from RDF.

    ``source`` is an rdflib ``Graph``/``Dataset`` (every named graph is read), a
    ``pyoxigraph.Store``, a :class:`graphkit.rdf.store.GraphStore`, a store folder,
    one or more graph file paths, or an already read :class:`KGData` (returned as is).
    Each entity keeps up to ``max_sentences`` source sentences, one per article first.

    >>> import rdflib
    >>> read_graph(rdflib.Dataset()).entities
    {}
    """
    if isinstance(source, KGData):
        return source
    src, closer = _source(source)
    try:
        return _read(src, max_sentences)
    finally:
        if closer is not None:
            closer.close()


def _local(iri: str) -> str:
    return re.split(r"[#/]", iri)[-1]


def _short_labels(
    entities: dict[str, EntityInfo], article_ids: dict[str, str], denoted: dict, context: dict
) -> dict[str, EntityInfo]:
    """Shown labels: a node an article describes but does not name is labelled with the article's id
    ("soldiers (afghan-soldiers-surrender)", see ``graphkit.extraction.labels``) so that one label never
    stands for two nodes; where no other node would read the same, the report, tables and map show it
    without the id (the full label stays an alias, so search and ``--focus`` still find it).

    >>> e = EntityInfo("x", "elders (a1)", "Group", None, (), (), 1, (), ())
    >>> f = EntityInfo("y", "elders (a2)", "Group", None, (), (), 1, (), ())
    >>> g = EntityInfo("z", "fighters (a1)", "Group", None, (), (), 1, (), ())
    >>> out = _short_labels({"x": e, "y": f, "z": g}, {"A1": "a1", "A2": "a2"},
    ...                     {"x": ["m1"], "y": ["m2"], "z": ["m3"]}, {"m1": "A1", "m2": "A2", "m3": "A1"})
    >>> [out[k].label for k in "xyz"], out["z"].aliases
    (['elders (a1)', 'elders (a2)', 'fighters'], ('fighters (a1)',))
    """
    short: dict[str, str] = {}
    for e, info in entities.items():
        for m in info.members or (e,):
            ids = {article_ids.get(context.get(x)) for x in denoted.get(m, ())} - {None}
            hit = next((i for i in sorted(ids) if info.label.endswith(f" ({i})")), None)
            if hit is not None:
                short[e] = info.label[: -len(hit) - 3]
                break
    taken = Counter(short.get(e, info.label) for e, info in entities.items())
    out = dict(entities)
    for e, label in short.items():
        if taken[label] == 1 and label:
            info = entities[e]
            out[e] = replace(info, label=label, aliases=tuple(sorted({*info.aliases, info.label} - {label})))
    return out


def _read(src: _Source, max_sentences: int) -> KGData:
    # articles
    art_ids, titles = src.first(_DCT + "identifier"), src.first(_SDO + "headline")
    dates, publishers = src.first(_SDO + "datePublished"), src.first(_DCT + "publisher")
    articles = {
        a: ArticleInfo(a, art_ids.get(a, _local(a)), titles.get(a), dates.get(a), publishers.get(a))
        for a in src.subjects(_GK + "Article")
    }
    sentences = set(src.subjects(_NIF + "Sentence"))
    anchor_cache: dict[str, str] = {}

    def text_of(span: str) -> str:
        if span not in anchor_cache:
            anchor_cache[span] = next(
                (src._value(o) for _, _, o in src._triples(span, _NIF + "anchorOf", None)), ""
            )
        return anchor_cache[span]

    def art_label(a: str | None) -> str:
        if a is None:
            return ""
        info = articles.get(a)
        return info.label if info else _local(a)

    derived = src.pairs(_PROV + "wasDerivedFrom")

    def provenance(node: str) -> tuple[str, str, str | None]:
        """(sentence text, article label, article iri) a node was derived from."""
        sent = next((x for x in derived.get(node, ()) if x in sentences), None)
        art = next((x for x in derived.get(node, ()) if x in articles), None)
        return (text_of(sent) if sent else ""), art_label(art), art

    # entities: each owl:sameAs-connected set of entity nodes is one entity (see same_as_groups)
    types: dict[str, str] = {}
    for t in ENTITY_TYPES:
        for e in src.subjects(_GK + t):
            types.setdefault(e, t)
    labels = src.pairs(_RDFS + "label")
    alts = src.pairs(_SKOS + "altLabel")
    cats = src.first(_GK + "category")
    link_props = (("wikidataId", "wikidata:"), ("iso3166Code", "ISO 3166:"), ("geonamesId", "GeoNames:"))
    link_maps = [(src.first(_GK + p), prefix) for p, prefix in link_props]
    denoted = src.pairs(_GAF + "denotedBy")
    context = src.first(_NIF + "referenceContext")
    in_sentence = src.first(_GK + "inSentence")
    kinds = src.first(_GK + "mentionKind")
    same_pairs = [(s, o) for s, objs in src.pairs(_OWL + "sameAs").items() for o in objs]
    groups = same_as_groups(same_pairs, {e: len(denoted.get(e, ())) for e in types})
    same_as = {m: rep for rep, members in groups.items() for m in members}

    def order(m: str) -> tuple[int, str, int]:
        hit = _CHAR.search(m)
        return (0 if kinds.get(m) == "NAM" else 1, context.get(m, ""), int(hit.group(1)) if hit else 0)

    entities: dict[str, EntityInfo] = {}
    for e in sorted(types):
        if same_as.get(e, e) != e:
            continue  # a merged member: read with its representative
        members = groups.get(e, [e])
        names = sorted({n for m in members for n in labels.get(m) or [_local(m)]})
        label = sorted(names, key=lambda s: (-len(s), s))[0]  # the fullest name
        mentions = sorted({x for m in members for x in denoted.get(m, ())})
        arts = sorted({art_label(context.get(m)) for m in mentions if context.get(m)})
        # of conflicting types, the one most of the mentions have (ties: ENTITY_TYPES order)
        weight: Counter[str] = Counter()
        for m in members:
            weight[types[m]] += len(denoted.get(m, ()))
        t = min(weight, key=lambda x: (-weight[x], ENTITY_TYPES.index(x)))
        category = next((cats[m] for m in members if types[m] == t and m in cats), None)

        picked: list[tuple[str, str]] = []
        seen_articles: set[str] = set()
        for first_pass in (True, False):  # one sentence per article first, then more
            for m in sorted(mentions, key=order):
                if len(picked) >= max_sentences:
                    break
                s, a = in_sentence.get(m), art_label(context.get(m))
                if s is None or (first_pass and a in seen_articles):
                    continue
                text = text_of(s)
                if text and (text, a) not in picked:
                    picked.append((text, a))
                    seen_articles.add(a)
        entities[e] = EntityInfo(
            iri=e,
            label=label,
            type=t,
            category=category,
            aliases=tuple(sorted((set(names) | {a for m in members for a in alts.get(m, ())}) - {label})),
            articles=tuple(arts),
            mentions=len(mentions),
            links=tuple(sorted({prefix + lm[m] for m in members for lm, prefix in link_maps if m in lm})),
            sentences=tuple(picked),
            members=tuple(members),
        )
    entities = _short_labels(entities, {a: i.id for a, i in articles.items()}, denoted, context)
    merged = _merge_records(src, groups, types, labels, denoted, art_label)

    # events
    ev_types = src.first(_SEM + "eventType")
    triggers = src.first(_GK + "triggerText")
    facts = src.first(_GK + "factuality")
    ev_dates = src.first(_GK + "date")
    precisions = src.first(_GK + "datePrecision")
    bases = src.first(_GK + "dateBasis")
    has_part = src.pairs(_GK + "hasParticipation")
    roles = src.first(_GK + "role")
    participant = src.first(_GK + "participant")
    events: dict[str, EventInfo] = {}
    for ev in src.subjects(_GK + "Event"):
        sentence, art, art_iri = provenance(ev)
        parts = set()
        for p in has_part.get(ev, ()):
            who = same_as.get(participant.get(p, ""), participant.get(p))
            if who in entities:
                role = _local(roles.get(p, "OtherRole")).removesuffix("Role").lower()
                parts.add((role, who))
        events[ev] = EventInfo(
            iri=ev,
            type=_local(ev_types.get(ev, "event")),
            trigger=triggers.get(ev, ""),
            factuality=_local(facts.get(ev, "Asserted")).lower(),
            date=ev_dates.get(ev),
            date_precision=precisions.get(ev),
            date_basis=bases.get(ev),
            sentence=sentence,
            article=art,
            article_date=articles[art_iri].date if art_iri in articles else None,
            participants=tuple(sorted(parts)),
        )

    from graphkit.rdf.events_table import event_groups  # issue 15 hook: one event per owl:sameAs set

    event_same = {m: g for m, g in event_groups(same_pairs, events).items() if m != g}

    # relation statements
    rs, rp, ro = (src.first(_RDF + x) for x in ("subject", "predicate", "object"))
    canon = lambda iri: same_as.get(iri, iri) if iri is not None else None  # noqa: E731
    rel_titles = src.first(_GK + "title")
    relations = []
    for r in src.subjects(_GK + "RelationStatement"):
        if r not in rs or r not in rp:
            continue
        sentence, art, _ = provenance(r)
        relations.append(
            RelationInfo(r, canon(rs[r]), _local(rp[r]), canon(ro.get(r)), rel_titles.get(r), sentence, art)
        )

    # claims
    speakers, speaker_texts = src.first(_GK + "speaker"), src.first(_GK + "speakerText")
    cues, contents = src.first(_GK + "cueText"), src.first(_GK + "contentText")
    quotes, about = src.first(_GK + "directQuote"), src.pairs(_GK + "about")
    claims = []
    for c in src.subjects(_GK + "Claim"):
        sentence, art, _ = provenance(c)
        claims.append(
            ClaimInfo(
                iri=c,
                speaker=canon(speakers.get(c)),
                speaker_text=speaker_texts.get(c),
                cue=cues.get(c, ""),
                content=contents.get(c, ""),
                factuality=_local(facts.get(c, "Asserted")).lower(),
                direct_quote=quotes.get(c) == "true",
                sentence=sentence,
                article=art,
                about=tuple(about.get(c, ())),
            )
        )
    contained = sorted(
        {
            (canon(place), canon(parent))
            for place, parents in src.pairs(_SDO + "containedInPlace").items()
            for parent in parents
            if canon(place) in entities and canon(parent) in entities and canon(place) != canon(parent)
        }
    )
    return KGData(
        entities=entities,
        events=events,
        relations=tuple(relations),
        claims=tuple(claims),
        articles=articles,
        contained_in=tuple(contained),
        triples=src.count(),
        merged=merged,
        same_as={m: r for m, r in same_as.items() if m != r},
        merge_candidates=sum(len(v) for v in src.pairs(_GK + "mergeCandidate").values()),
        event_same_as=event_same,
    )


def same_as_groups(pairs: Iterable[tuple[str, str]], mentions: dict[str, int]) -> dict[str, list[str]]:
    """The owl:sameAs-connected sets of entity nodes (``mentions``: node -> its mention count), each
    with more than one member, keyed by its representative: the member with the most mentions, ties
    by the smallest IRI. Members are listed representative first, then by mentions and IRI. Only
    links between two entity nodes count: owl:sameAs to an outside identifier (a Wikidata or GeoNames
    IRI) names the node, it does not merge it with another node that names the same identifier
    (the merge step keeps such pairs as candidates). Linear in the links (union-find).

    >>> same_as_groups([("a", "b"), ("c", "b"), ("x", "wd:Q1"), ("y", "wd:Q1")], {"a": 1, "b": 1, "c": 5, "x": 1, "y": 1})
    {'c': ['c', 'a', 'b']}
    """
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        root = x
        while parent.get(root, root) != root:
            root = parent[root]
        while x != root:  # path compression
            parent[x], x = root, parent[x]
        return root

    for a, b in pairs:
        if a in mentions and b in mentions and a != b:
            parent.setdefault(a, a)
            parent.setdefault(b, b)
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    sets: dict[str, list[str]] = defaultdict(list)
    for x in parent:
        sets[find(x)].append(x)
    out = {}
    for members in sets.values():
        if len(members) > 1:
            ranked = sorted(members, key=lambda m: (-mentions[m], m))
            out[ranked[0]] = ranked
    return dict(sorted(out.items()))


def _merge_records(
    src: _Source,
    groups: dict[str, list[str]],
    types: dict[str, str],
    labels: dict[str, list[str]],
    denoted: dict[str, list[str]],
    art_label: Any,
) -> dict[str, MergedEntity]:
    """What the merge step recorded about each merged node's owl:sameAs links (its ``rdf:Statement``:
    ``gk:mergeRule``, ``gk:confidence``, ``rdfs:comment``, ``prov:wasDerivedFrom``)."""
    if not groups:
        return {}
    member_of = {m: rep for rep, members in groups.items() for m in members}
    said: dict[frozenset[str], dict[str, Any]] = {}
    for st, _, _ in src._triples(None, _RDF + "predicate", _OWL + "sameAs"):  # the merge statements
        st = src._value(st)

        def one(p: str, st: str = st) -> str | None:
            return next(iter(src.objects(st, p)), None)

        a, b = one(_RDF + "subject"), one(_RDF + "object")
        if a not in member_of or b not in member_of:
            continue
        conf = one(_GK + "confidence")
        said[frozenset((a, b))] = {
            "rule": one(_GK + "mergeRule") or "owl:sameAs",
            "confidence": float(conf) if conf is not None else None,
            "why": one(_RDFS + "comment") or "",
            "articles": tuple(sorted({art_label(x) for x in src.objects(st, _PROV + "wasDerivedFrom")})),
        }
    links: dict[str, dict[frozenset[str], MergeLink]] = defaultdict(dict)
    for s, _, o in src._triples(None, _OWL + "sameAs", None):
        a, b = src._value(s), src._value(o)
        if a == b or a not in member_of or member_of.get(b) != member_of[a]:
            continue
        key = frozenset((a, b))
        if key in links[member_of[a]]:
            continue
        x = said.get(key, {"rule": "owl:sameAs", "confidence": None, "why": "", "articles": ()})
        links[member_of[a]][key] = MergeLink(a, b, x["rule"], x["confidence"], x["why"], x["articles"])
    out = {}
    for rep, members in groups.items():
        rows = tuple(
            (
                m,
                sorted(labels.get(m) or [_local(m)], key=lambda s: (-len(s), s))[0],
                types[m],
                len(denoted.get(m, ())),
            )
            for m in members
        )
        at = {m: i for i, m in enumerate(members)}
        ordered = sorted(links[rep].values(), key=lambda k: (at[k.a], at[k.b]))
        out[rep] = MergedEntity(rep, rows, tuple(ordered))
    return out


# --------------------------------------------------------------------------- networks


def entity_network(source: Any) -> nx.Graph:
    """Entities as nodes; relations, places' containment and shared events as weighted edges.

    ``source`` is anything :func:`read_graph` reads. Each owl:sameAs-connected set of entities
    (an applied merge) is one node, named by its representative IRI, with every member's names,
    mentions, articles and links; ``G.graph["same_as"]`` maps each merged IRI to its node.
    Node attributes: ``label``, ``type``, ``category``, ``mentions``, ``articles`` (count),
    ``members`` (the IRIs the node stands for, when more than one). Edge attributes: ``weight``,
    ``relations`` (list of dicts: ``predicate``, ``subject``, ``object``, ``title``,
    ``sentence``, ``article``) and ``events`` (event IRIs, described in ``G.graph["events"]``).
    A relation counts 2, a shared event 1; events with more than ``MAX_CLIQUE``
    participants link none of them.
    """
    data = read_graph(source)
    G = nx.Graph(
        events=data.events,
        aliases={iri: e.aliases for iri, e in data.entities.items()},
        same_as=data.same_as,
        view="entity",
    )
    for iri, e in data.entities.items():
        G.add_node(
            iri,
            label=e.label,
            type=e.type,
            category=e.category,
            mentions=e.mentions,
            articles=len(e.articles),
            **({"members": e.members} if len(e.members) > 1 else {}),
        )
    for r in data.relations:
        if r.object in G and r.subject in G and r.subject != r.object:
            _link(G, r.subject, r.object, RELATION_WEIGHT)["relations"].append(
                {"predicate": r.predicate, "subject": r.subject, "object": r.object, "title": r.title,
                 "sentence": r.sentence, "article": r.article}
            )  # fmt: skip
    for place, parent in data.contained_in:
        _link(G, place, parent, PLACE_WEIGHT)["relations"].append(
            {"predicate": "containedInPlace", "subject": place, "object": parent, "title": None,
             "sentence": "", "article": "gazetteer"}
        )  # fmt: skip
    for ev in data.events.values():
        members = sorted({iri for _, iri in ev.participants})
        if len(members) > MAX_CLIQUE:
            continue
        for a, b in itertools.combinations(members, 2):
            _link(G, a, b, 1.0)["events"].append(ev.iri)
    return G


def event_network(source: Any) -> nx.Graph:
    """Events and entities as nodes; an edge from each event to each participant, labelled by role.

    Event nodes have ``kind="event"``, ``type="Event"``, ``event_type``, ``factuality``,
    ``date``, ``sentence`` and ``article``; entity nodes ``kind="entity"``. Edge attribute
    ``role`` (``agent``, ``patient``, ``recipient``, ``place`` ...; two roles joined by ``/``).
    """
    data = read_graph(source)
    G = nx.Graph(
        events=data.events,
        aliases={iri: e.aliases for iri, e in data.entities.items()},
        same_as=data.same_as,
        view="event",
    )
    for iri, e in data.entities.items():
        G.add_node(iri, label=e.label, type=e.type, kind="entity", category=e.category, mentions=e.mentions,
                   articles=len(e.articles), **({"members": e.members} if len(e.members) > 1 else {}))  # fmt: skip
    for ev in data.events.values():
        G.add_node(ev.iri, label=f"{ev.type.replace('_', ' ')}: {ev.trigger}", type="Event", kind="event",
                   event_type=ev.type, factuality=ev.factuality, date=ev.date or ev.article_date,
                   sentence=ev.sentence, article=ev.article, mentions=1, articles=1)  # fmt: skip
        for role, iri in ev.participants:
            if G.has_edge(ev.iri, iri):
                G.edges[ev.iri, iri]["role"] += "/" + role
            else:
                G.add_edge(ev.iri, iri, role=role, weight=1.0)
    return G


def _link(G: nx.Graph, a: str, b: str, w: float) -> dict[str, Any]:
    if G.has_edge(a, b):
        G.edges[a, b]["weight"] += w
    else:
        G.add_edge(a, b, weight=w, relations=[], events=[])
    return G.edges[a, b]


# --------------------------------------------------------------------------- measures


def betweenness_sample(G: nx.Graph) -> int | None:
    """How many source nodes betweenness is estimated from (None: computed exactly).

    >>> betweenness_sample(nx.path_graph(10)) is None
    True
    """
    n = G.number_of_nodes()
    return None if n <= EXACT_BETWEENNESS_LIMIT else min(n, BETWEENNESS_SAMPLE)


def centrality(G: nx.Graph, seed: int = 42) -> dict[str, dict[str, float]]:
    """Per node: ``degree`` (neighbours), ``strength`` (weighted degree), ``pagerank`` (weighted)
    and ``betweenness`` (normalised, by hops; estimated from :func:`betweenness_sample` sources on
    large graphs, with a fixed seed so it is repeatable).

    >>> c = centrality(nx.star_graph(3))
    >>> c[0]["degree"], round(c[0]["betweenness"], 2), round(c[1]["betweenness"], 2)
    (3, 1.0, 0.0)
    """
    if G.number_of_nodes() == 0:
        return {}
    strength = dict(G.degree(weight="weight"))
    pagerank = nx.pagerank(G, weight="weight") if G.number_of_edges() else {n: 1 / len(G) for n in G}
    between = betweenness(G, k=betweenness_sample(G), seed=seed)
    return {
        node: {
            "degree": G.degree(node),
            "strength": float(strength[node]),
            "pagerank": float(pagerank[node]),
            "betweenness": float(between[node]),
        }
        for node in G
    }


def betweenness(G: nx.Graph, k: int | None = None, seed: int = 42, batch: int = 64) -> dict[Any, float]:
    """Normalised betweenness by hops (edge weights ignored), as networkx computes it, but with the
    breadth-first searches of Brandes' algorithm run for ``batch`` sources at once as sparse matrix
    products (scipy). Same results; 16x faster exactly at 2,000 nodes and 19x with 300 sampled
    sources at 10,000 (``benchmarks/betweenness.py``, figures in benchmarks/RESULTS.md).
    ``k`` sources sampled at random (seeded) estimate it on large graphs.

    >>> G = nx.karate_club_graph()
    >>> exact = nx.betweenness_centrality(G)
    >>> max(abs(exact[n] - v) for n, v in betweenness(G).items()) < 1e-12
    True
    """
    import numpy as np

    nodes = list(G)
    n = len(nodes)
    if n < 3 or G.number_of_edges() == 0:
        return dict.fromkeys(nodes, 0.0)
    A = nx.to_scipy_sparse_array(G, nodelist=nodes, weight=None, format="csr", dtype=np.float64)
    A.data[:] = 1.0
    if k is None or k >= n:
        sources = np.arange(n)
    else:
        sources = np.sort(np.random.default_rng(seed).choice(n, size=k, replace=False))
    total = np.zeros(n)
    for start in range(0, len(sources), batch):
        src = sources[start : start + batch]
        b = len(src)
        cols = np.arange(b)
        dist = np.full((n, b), -1, dtype=np.int32)
        sigma = np.zeros((n, b))
        dist[src, cols] = 0
        sigma[src, cols] = 1.0
        frontier = sigma.copy()
        level = 0
        while True:  # forward: count shortest paths level by level
            reach = A @ frontier
            new = (dist < 0) & (reach > 0)
            if not new.any():
                break
            level += 1
            dist[new] = level
            sigma[new] = reach[new]
            frontier = np.where(new, sigma, 0.0)
        delta = np.zeros((n, b))
        safe = np.where(sigma > 0, sigma, 1.0)
        for lev in range(level, 0, -1):  # backward: accumulate dependencies
            coeff = np.where(dist == lev, (1.0 + delta) / safe, 0.0)
            delta += np.where(dist == lev - 1, sigma * (A @ coeff), 0.0)
        delta[src, cols] = 0.0
        total += delta.sum(axis=1)
    scale = 1.0 / ((n - 1) * (n - 2))
    if len(sources) < n:
        scale *= n / len(sources)
    return {node: float(v * scale) for node, v in zip(nodes, total, strict=True)}


def communities(G: nx.Graph, seed: int = 42) -> list[list[str]]:
    """Communities, largest first, isolated nodes left out: Louvain (weighted) up to
    ``LOUVAIN_LIMIT`` nodes, label propagation above it.

    >>> G = nx.Graph([(1, 2), (2, 3), (1, 3), (4, 5), (5, 6), (4, 6), (3, 4)])
    >>> communities(G)
    [[1, 2, 3], [4, 5, 6]]
    """
    H = G.subgraph([n for n in G if G.degree(n) > 0])
    if H.number_of_edges() == 0:
        return []
    if H.number_of_nodes() <= LOUVAIN_LIMIT:
        found = nx.community.louvain_communities(H, weight="weight", seed=seed)
    else:
        found = nx.community.label_propagation_communities(H)
    return sorted((sorted(c) for c in found), key=lambda c: (-len(c), c[0]))


# --------------------------------------------------------------------------- results
#
# What the analysis returns: frozen dataclasses, one per kind of row. ``to_dict()`` gives the row as
# report.json writes it (the same keys in the same order; tuples become lists), so the JSON, the
# Markdown and the CSV files read the same as when the rows were dicts.


def _plain(value: Any) -> Any:
    """``value`` as JSON data: result rows by their ``to_dict()``, tuples as lists."""
    if isinstance(value, _Row):
        return value.to_dict()
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


class _Row:
    """A result row: ``to_dict()`` is the row as report.json has it."""

    __slots__ = ()

    def to_dict(self) -> dict[str, Any]:
        # a field named like a keyword ends in "_" (Step.from_): its JSON key is the word
        return {f.name.rstrip("_"): _plain(getattr(self, f.name)) for f in fields(self)}  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class RelationFact(_Row):
    """A stated relation on a link (``memberOf``, ``childOf`` ..., or the gazetteer's ``containedInPlace``)."""

    predicate: str
    title: str | None
    text: str  # one readable line: "Massoud memberOf Taliban"
    sentence: str
    article: str
    kind: str = field(default="relation", init=False)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "predicate": self.predicate, "title": self.title, "text": self.text,
                "sentence": self.sentence, "article": self.article}  # fmt: skip


@dataclass(frozen=True, slots=True)
class EventFact(_Row):
    """An event both ends of a link take part in, with each end's roles (by label)."""

    iri: str
    type: str
    trigger: str
    factuality: str
    date: str | None
    roles: dict[str, tuple[str, ...]]  # node label -> its roles in the event
    text: str
    sentence: str
    article: str
    kind: str = field(default="event", init=False)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "iri": self.iri, "type": self.type, "trigger": self.trigger,
                "factuality": self.factuality, "date": self.date, "roles": _plain(self.roles), "text": self.text,
                "sentence": self.sentence, "article": self.article}  # fmt: skip


@dataclass(frozen=True, slots=True)
class RoleFact(_Row):
    """In the event view: a participant's role in the event at the other end of the link."""

    text: str
    sentence: str = ""
    article: str = ""
    kind: str = field(default="role", init=False)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "text": self.text, "sentence": self.sentence, "article": self.article}


Fact = RelationFact | EventFact | RoleFact


@dataclass(frozen=True, slots=True)
class Step(_Row):
    """One link of a route, from the node labelled ``from_`` to ``to`` (JSON keys ``from``, ``to``)."""

    from_: str
    to: str
    facts: tuple[Fact, ...]


@dataclass(frozen=True, slots=True)
class Route(_Row):
    nodes: tuple[str, ...]  # IRIs, source first
    labels: tuple[str, ...]
    hops: int
    steps: tuple[Step, ...]


@dataclass(frozen=True, slots=True)
class Paths(_Row):
    """How two actors are connected (:func:`paths_between`); ``length`` is None when they are not.
    In a :class:`Report`, a name that matched no node gives ``error`` (and no IRIs)."""

    source: str
    target: str
    source_iri: str | None
    target_iri: str | None
    length: int | None
    paths: tuple[Route, ...]
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        if self.error is not None:
            return {"source": self.source, "target": self.target, "error": self.error, "length": self.length,
                    "paths": _plain(self.paths)}  # fmt: skip
        return {"source": self.source, "target": self.target, "source_iri": self.source_iri,
                "target_iri": self.target_iri, "length": self.length, "paths": _plain(self.paths)}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Neighbour(_Row):
    node: str
    label: str
    type: str | None
    distance: int
    via: str  # the neighbour one hop nearer the centre it is reached through
    via_label: str
    weight: float  # of the link via -- node
    facts: tuple[Fact, ...]


@dataclass(frozen=True, slots=True)
class Ego(_Row):
    """One actor's neighbourhood (:func:`ego_network`); in a :class:`Report`, a name that matched no
    node gives ``error`` (and no ``iri``)."""

    center: str
    iri: str | None
    hops: int
    nodes: tuple[Neighbour, ...]
    edges: int  # links among the centre and its neighbourhood
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        if self.error is not None:
            return {"center": self.center, "error": self.error, "hops": self.hops, "nodes": _plain(self.nodes),
                    "edges": self.edges}  # fmt: skip
        return {"center": self.center, "iri": self.iri, "hops": self.hops, "nodes": _plain(self.nodes),
                "edges": self.edges}  # fmt: skip


@dataclass(frozen=True, slots=True)
class KeyEvent(_Row):
    """Reports of one event type with the same participants (:func:`key_events`)."""

    type: str
    triggers: tuple[str, ...]
    participants: tuple[str, ...]  # "role: label"
    reports: int
    articles: tuple[str, ...]
    factuality: dict[str, int]  # most frequent first
    date: str | None  # the earliest
    sentence: str
    iris: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TimelineEntry(_Row):
    """One event placed in time (:func:`timeline`)."""

    date: str | None
    date_source: str | None  # "event" (its own date), "article" (its article's publication date) or None
    precision: str | None
    type: str
    trigger: str
    factuality: str
    participants: tuple[str, ...]  # "role: label"
    sentence: str
    article: str
    iri: str


@dataclass(frozen=True, slots=True)
class Actor(_Row):
    """An actor with its measures (:attr:`Report.top_actors`)."""

    iri: str
    label: str
    type: str
    mentions: int
    articles: int
    degree: int
    strength: float
    pagerank: float
    betweenness: float


@dataclass(frozen=True, slots=True)
class Broker(_Row):
    """An actor whose neighbours sit in two or more communities (:attr:`Report.brokers`)."""

    iri: str
    label: str
    type: str
    mentions: int
    articles: int
    degree: int
    strength: float
    pagerank: float
    betweenness: float
    communities_bridged: int
    bridges: tuple[str, ...]  # community names


@dataclass(frozen=True, slots=True)
class BindingEvent(_Row):
    type: str
    trigger: str
    factuality: str
    participants: tuple[str, ...]  # "role: label"
    sentence: str
    article: str


@dataclass(frozen=True, slots=True)
class Community(_Row):
    id: int
    name: str  # "#0 (Taliban, Afghanistan)": its two most central members
    size: int
    members: tuple[str, ...]  # labels of up to 12, most central first
    event_types: dict[str, int]
    binding_events: tuple[BindingEvent, ...]  # events with two or more members, up to 5


@dataclass(frozen=True, slots=True)
class DeniedClaim(_Row):
    speaker: str
    cue: str
    content: str
    sentence: str
    article: str
    about: tuple[str, ...]  # 'type “trigger”' of the events it is about


@dataclass(frozen=True, slots=True)
class MergedMember(_Row):
    iri: str
    label: str  # its own label
    type: str  # its own type
    mentions: int


@dataclass(frozen=True, slots=True)
class SameAsLink(_Row):
    a: str  # label
    b: str
    a_iri: str
    b_iri: str
    rule: str
    confidence: float | None
    why: str
    articles: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class MergedNode(_Row):
    """A node that stands for several entity IRIs (:func:`merged_entities`)."""

    iri: str
    label: str
    type: str
    members: tuple[MergedMember, ...]
    types: tuple[str, ...]
    links: tuple[SameAsLink, ...]


def find_node(G: nx.Graph, name: str) -> str:
    """The node a name refers to: its IRI (or the IRI of an entity merged into it), label or alias
    (exact, then ignoring case, then a word-prefix match); of several, the best connected. Raises
    :class:`UnknownNodeError` with suggestions.

    >>> G = nx.Graph([("e/1", "e/2")]); G.nodes["e/1"]["label"] = "Taliban"; G.nodes["e/2"]["label"] = "Farah"
    >>> find_node(G, "taliban")
    'e/1'
    """
    if name in G:
        return name
    if G.graph.get("same_as", {}).get(name) in G:
        return G.graph["same_as"][name]
    low = name.casefold().strip()
    aliases = G.graph.get("aliases", {})

    def names(n: str) -> list[str]:
        return [str(G.nodes[n].get("label", n)), *aliases.get(n, ())]

    for test in (
        lambda s: s == name,
        lambda s: s.casefold() == low,
        lambda s: s.casefold().removeprefix("the ") == low.removeprefix("the "),
        lambda s: re.search(r"\b" + re.escape(low), s.casefold()) is not None,
    ):
        hits = [n for n in G if any(test(s) for s in names(n))]
        if hits:
            return max(hits, key=lambda n: (G.degree(n), -len(str(G.nodes[n].get("label", ""))), str(n)))
    labels = sorted({str(G.nodes[n].get("label", n)) for n in G})
    close = difflib.get_close_matches(name, labels, n=5, cutoff=0.5)
    hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else " (see report.md for names)"
    raise UnknownNodeError(f"no node called {name!r} in the graph{hint}")


def edge_facts(G: nx.Graph, a: str, b: str) -> list[Fact]:
    """What links ``a`` and ``b``: each relation (:class:`RelationFact`) and each shared event
    (:class:`EventFact`, with the two nodes' ``roles``), or in the event view the participant's role
    (:class:`RoleFact`). Every fact has ``kind``, ``text`` (one readable line), ``sentence`` and
    ``article``.

    >>> G = nx.Graph([("a", "b", {"relations": [{"predicate": "memberOf", "subject": "a", "object": "b"}]})])
    >>> G.nodes["a"]["label"] = "Massoud"
    >>> [(f.kind, f.text) for f in edge_facts(G, "a", "b")]
    [('relation', 'Massoud memberOf b')]
    """
    if not G.has_edge(a, b):
        return []
    attrs = G.edges[a, b]
    out: list[Fact] = []
    label = lambda n: str(G.nodes[n].get("label", n))  # noqa: E731
    for r in attrs.get("relations", []):
        what = r["predicate"] + (f" ({r['title']})" if r.get("title") else "")
        out.append(RelationFact(predicate=r["predicate"], title=r.get("title"),
                                text=f"{label(r['subject'])} {what} {label(r['object'])}",
                                sentence=r.get("sentence", ""), article=r.get("article", "")))  # fmt: skip
    events = G.graph.get("events", {})
    for iri in attrs.get("events", []):
        ev = events.get(iri)
        if ev is None:
            continue
        roles = {n: tuple(sorted(r for r, p in ev.participants if p == n)) for n in (a, b)}
        who = "; ".join(f"{label(n)} {'/'.join(roles[n])}" for n in (a, b))
        flag = "" if ev.factuality == "asserted" else f" [{ev.factuality}]"
        out.append(EventFact(iri=iri, type=ev.type, trigger=ev.trigger, factuality=ev.factuality, date=ev.date,
                             roles={label(n): roles[n] for n in (a, b)}, text=f"{ev.type} “{ev.trigger}”{flag}: {who}",
                             sentence=ev.sentence, article=ev.article))  # fmt: skip
    if "role" in attrs and not out:  # event view: event -- participant
        out.append(RoleFact(f"{label(b)} is {attrs['role']} of {label(a)}"))
    return out


def paths_between(G: nx.Graph, source: str, target: str, max_paths: int = 3, slack: int = 1) -> Paths:
    """How two actors are connected: up to ``max_paths`` shortest routes (by hops, then fewest
    weak links), plus routes at most ``slack`` hops longer, each step with the facts behind it.

    >>> G = nx.Graph([("a", "b"), ("b", "c"), ("a", "d"), ("d", "e"), ("e", "c")])
    >>> r = paths_between(G, "a", "c")
    >>> r.length, [p.nodes for p in r.paths]
    (2, [('a', 'b', 'c'), ('a', 'd', 'e', 'c')])
    """
    s, t = find_node(G, source), find_node(G, target)
    label = lambda n: str(G.nodes[n].get("label", n))  # noqa: E731
    if s == t or not nx.has_path(G, s, t):
        return Paths(label(s), label(t), s, t, None, ())
    shortest = nx.shortest_path_length(G, s, t)
    routes = []
    for path in nx.shortest_simple_paths(G, s, t):  # yields by increasing length
        if len(path) - 1 > shortest + slack or len(routes) >= max_paths:
            break
        routes.append(path)
    found = tuple(
        Route(
            nodes=tuple(path),
            labels=tuple(label(n) for n in path),
            hops=len(path) - 1,
            steps=tuple(
                Step(label(x), label(y), tuple(edge_facts(G, x, y))) for x, y in itertools.pairwise(path)
            ),
        )
        for path in routes
    )
    return Paths(label(s), label(t), s, t, shortest, found)


def ego_network(G: nx.Graph, name: str, hops: int = 1) -> Ego:
    """One actor's neighbourhood: every node within ``hops``, its distance, the neighbour it is
    reached through, and the facts on that link.

    >>> r = ego_network(nx.path_graph(4), 0, hops=2)
    >>> [(n.node, n.distance, n.via) for n in r.nodes]
    [(1, 1, 0), (2, 2, 1)]
    """
    center = find_node(G, name)
    label = lambda n: G.nodes[n].get("label", n)  # noqa: E731
    dist = nx.single_source_shortest_path_length(G, center, cutoff=hops)
    rows = []
    for n, d in sorted(dist.items(), key=lambda x: (x[1], str(label(x[0])))):
        if n == center:
            continue
        via = max(
            (m for m in G.neighbors(n) if dist.get(m) == d - 1),
            key=lambda m: (G.edges[m, n].get("weight", 1.0), str(m)),
        )
        rows.append(Neighbour(node=n, label=label(n), type=G.nodes[n].get("type"), distance=d, via=via,
                              via_label=label(via), weight=G.edges[via, n].get("weight", 1.0),
                              facts=tuple(edge_facts(G, via, n))))  # fmt: skip
    inner = G.subgraph(dist).number_of_edges()
    return Ego(center=label(center), iri=center, hops=hops, nodes=tuple(rows), edges=inner)


def key_events(data: KGData, top: int = 15) -> list[KeyEvent]:
    """Events grouped by type and participants (the same happening reported in several sentences or
    articles is one row), ranked by participants, then articles, then reports."""
    groups: dict[tuple[str, frozenset[str]], list[EventInfo]] = defaultdict(list)
    for ev in data.events.values():
        who = frozenset(iri for _, iri in ev.participants)
        if who:
            groups[(ev.type, who)].append(ev)

    def rank(item: tuple[tuple[str, frozenset[str]], list[EventInfo]]) -> tuple:
        (etype, who), evs = item
        return (-len(who), -len({e.article for e in evs}), -len(evs), etype, sorted(who))

    rows = []
    for (etype, who), evs in sorted(groups.items(), key=rank)[:top]:
        evs = sorted(evs, key=lambda e: (e.factuality != "asserted", e.iri))
        roles: dict[str, set[str]] = defaultdict(set)
        for e in evs:
            for role, iri in e.participants:
                roles[iri].add(role)
        rows.append(KeyEvent(
            type=etype, triggers=tuple(sorted({e.trigger for e in evs})),
            participants=tuple(f"{'/'.join(sorted(roles[i]))}: {data.entities[i].label}"
                               for i in sorted(who, key=lambda i: (sorted(roles[i]), data.entities[i].label))),
            reports=len(evs), articles=tuple(sorted({e.article for e in evs})),
            factuality=dict(Counter(e.factuality for e in evs).most_common()),
            date=min((e.date for e in evs if e.date), default=None),
            sentence=evs[0].sentence, iris=tuple(e.iri for e in evs),
        ))  # fmt: skip
    return rows


def timeline(data: KGData) -> list[TimelineEntry]:
    """Every event in time order: by its date when the text gives one, written out or relative to the
    publication date (``date_source="event"``), else by the publication date of its article
    (``"article"``: an event dated ``gk:dateBasis "publication"`` is one of these); undated last."""
    rows = []
    for ev in data.events.values():
        if ev.date and ev.date_basis != "publication":
            when, source = ev.date, "event"
        else:
            when = ev.date or ev.article_date
            source = "article" if when else None
        rows.append(TimelineEntry(
            date=when, date_source=source, precision=ev.date_precision if source == "event" else None,
            type=ev.type, trigger=ev.trigger, factuality=ev.factuality,
            participants=tuple(f"{role}: {data.entities[i].label}" for role, i in ev.participants),
            sentence=ev.sentence, article=ev.article, iri=ev.iri,
        ))  # fmt: skip

    def order(r: TimelineEntry) -> tuple:
        hit = _OFFSETS.search(r.iri)  # text order within an article
        first = int(hit.group(1)) if hit else 0
        return (r.date is None, r.date or "", r.date_source != "event", r.article, first, r.iri)

    # one row per merged event (owl:sameAs between event nodes): its fullest report (most participants;
    # ties: the first in time order)
    best: dict[str, TimelineEntry] = {}
    for r in sorted(rows, key=order):
        g = data.event_same_as.get(r.iri, r.iri)
        if g not in best or len(r.participants) > len(best[g].participants):
            best[g] = r
    return sorted(best.values(), key=order)


# --------------------------------------------------------------------------- report


@dataclass(frozen=True, slots=True)
class Report:
    """What :func:`analyse` found; each table is a tuple of frozen rows (:class:`Actor`, :class:`Broker`,
    :class:`Community`, :class:`KeyEvent`, :class:`TimelineEntry`, :class:`DeniedClaim`, :class:`Paths`,
    :class:`Ego`, :class:`MergedNode`). ``to_dict()``/``to_json()`` are report.json, ``to_markdown()``
    report.md."""

    counts: dict[str, Any]  # the summary: triples, articles, entities by type, events, network sizes ...
    top_actors: tuple[Actor, ...]  # by PageRank
    rankings: dict[str, tuple[str, ...]]  # labels of the top actors by pagerank, degree, betweenness
    brokers: tuple[Broker, ...]
    communities: tuple[Community, ...]
    key_events: tuple[KeyEvent, ...]
    timeline: tuple[TimelineEntry, ...]
    denied_claims: tuple[DeniedClaim, ...]
    paths: tuple[Paths, ...] = ()
    egos: tuple[Ego, ...] = ()
    notes: tuple[str, ...] = ()
    merged: tuple[MergedNode, ...] = ()  # see merged_entities()
    # the entity network the report measured, each node carrying its degree, strength, pagerank,
    # betweenness and community (for write_tables / to_graphml); not part of the JSON
    network: nx.Graph | None = field(default=None, repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """report.json's data: every row as a dict (the keys of its fields), tuples as lists."""
        return {f.name: _plain(getattr(self, f.name)) for f in fields(self) if f.name != "network"}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False, sort_keys=False)

    def to_markdown(self) -> str:
        return _markdown(self)


def is_actor(info: EntityInfo) -> bool:
    """People, organisations and groups are actors; so are countries (they sign deals, withdraw troops)."""
    return info.type in ACTOR_TYPES or (info.type == "Location" and info.category == "country")


def analyse(
    source: Any,
    top: int = 15,
    *,
    paths: Iterable[tuple[str, str]] = (),
    egos: Iterable[str] = (),
    hops: int = 1,
    seed: int = 42,
) -> Report:
    """Measure a graph and answer an analyst's questions about it.

    ``source`` is anything :func:`read_graph` reads. ``paths`` are pairs of names to connect
    (:func:`paths_between`), ``egos`` names whose neighbourhood to list (:func:`ego_network`,
    radius ``hops``). Names that match no node are reported in the result, not raised.
    """
    data = read_graph(source)
    ents = data.entities
    G = entity_network(data)
    cent = centrality(G, seed=seed)
    comms = communities(G, seed=seed)
    notes = []
    k = betweenness_sample(G)
    if k is not None:
        notes.append(
            f"Betweenness is estimated from {k} sampled source nodes ({G.number_of_nodes():,} nodes in all; "
            f"exact up to {EXACT_BETWEENNESS_LIMIT:,}), seed {seed}."
        )
    if G.number_of_nodes() > LOUVAIN_LIMIT:
        notes.append(
            f"Communities come from label propagation (Louvain above {LOUVAIN_LIMIT:,} nodes is slow)."
        )

    def actor_row(iri: str) -> Actor:
        e, c = ents[iri], cent.get(iri, {})
        return Actor(
            iri=iri, label=e.label, type=e.type, mentions=e.mentions, articles=len(e.articles),
            degree=c.get("degree", 0), strength=round(c.get("strength", 0.0), 3),
            pagerank=round(c.get("pagerank", 0.0), 4), betweenness=round(c.get("betweenness", 0.0), 4),
        )  # fmt: skip

    actors = [n for n in G if is_actor(ents[n])]
    rank_by = {
        m: sorted(actors, key=lambda n, m=m: (-cent[n][m], -cent[n]["pagerank"], ents[n].label))
        for m in ("pagerank", "degree", "betweenness")
    }
    community_of = {n: i for i, c in enumerate(comms) for n in c}

    def community_name(i: int) -> str:
        best = sorted(comms[i], key=lambda n: (-cent[n]["pagerank"], ents[n].label))[:2]
        return f"#{i} ({', '.join(ents[n].label for n in best)})"

    broker_rows: list[Broker] = []
    for n in rank_by["betweenness"]:
        if len(broker_rows) >= top or cent[n]["betweenness"] <= 0:
            break
        bridged = sorted({community_of[m] for m in G.neighbors(n) if m in community_of} | {community_of[n]})
        if len(bridged) < 2:
            continue
        broker_rows.append(
            Broker(
                **{f.name: getattr(actor_row(n), f.name) for f in fields(Actor)},
                communities_bridged=len(bridged),
                bridges=tuple(community_name(i) for i in bridged),
            )
        )
    comm_rows = []
    for i, members in enumerate(comms[:top]):
        ranked = sorted(members, key=lambda n: (-cent[n]["pagerank"], ents[n].label))
        member_set = set(members)
        binding = [
            ev for ev in data.events.values() if len({iri for _, iri in ev.participants} & member_set) >= 2
        ]
        binding.sort(key=lambda ev: (-len(ev.participants), ev.factuality != "asserted", ev.iri))
        comm_rows.append(Community(
            id=i, name=community_name(i), size=len(members),
            members=tuple(ents[n].label for n in ranked[:12]),
            event_types=dict(Counter(ev.type for ev in binding).most_common()),
            binding_events=tuple(
                BindingEvent(type=ev.type, trigger=ev.trigger, factuality=ev.factuality,
                             participants=tuple(f"{r}: {ents[p].label}" for r, p in ev.participants),
                             sentence=ev.sentence, article=ev.article)
                for ev in binding[:5]
            ),
        ))  # fmt: skip
    path_rows = []
    for a, b in paths:
        try:
            path_rows.append(paths_between(G, a, b))
        except UnknownNodeError as e:
            path_rows.append(Paths(a, b, None, None, None, (), error=str(e)))
    ego_rows = []
    for name in egos:
        try:
            ego_rows.append(ego_network(G, name, hops=hops))
        except UnknownNodeError as e:
            ego_rows.append(Ego(name, None, hops, (), 0, error=str(e)))
    denied = [c for c in data.claims if c.factuality == "denied"]
    EV = event_network(data)
    events = [ev for ev in data.events.values() if ev.iri not in data.event_same_as]  # issue 15 hook
    counts = {
        "triples": data.triples,
        "articles": len(data.articles),
        "entities": dict(sorted(Counter(e.type for e in ents.values()).items())),
        # issue 15 hook: events are merged events (one per owl:sameAs set of event nodes), mentions their nodes
        "events": len(data.events) - len(data.event_same_as),
        "event_mentions": len(data.events),
        "events_by_type": dict(Counter(ev.type for ev in events).most_common()),
        "events_by_factuality": dict(Counter(ev.factuality for ev in events).most_common()),
        "relations": dict(Counter(r.predicate for r in data.relations).most_common()),
        "claims": len(data.claims),
        "claims_by_factuality": dict(Counter(c.factuality for c in data.claims).most_common()),
        "merges": {"nodes": len(data.merged), "iris": sum(len(m.members) for m in data.merged.values()),
                   "candidates": data.merge_candidates},
        "network": {"nodes": G.number_of_nodes(), "edges": G.number_of_edges(), "communities": len(comms),
                    "components": nx.number_connected_components(G) if len(G) else 0,
                    "isolated": sum(1 for n in G if G.degree(n) == 0)},
        "event_network": {"nodes": EV.number_of_nodes(), "edges": EV.number_of_edges()},
    }  # fmt: skip
    return Report(
        counts=counts,
        top_actors=tuple(actor_row(n) for n in rank_by["pagerank"][:top]),
        rankings={m: tuple(ents[n].label for n in ranked[:top]) for m, ranked in rank_by.items()},
        brokers=tuple(broker_rows),
        communities=tuple(comm_rows),
        key_events=tuple(key_events(data, top)),
        timeline=tuple(timeline(data)),
        denied_claims=tuple(
            DeniedClaim(
                speaker=ents[c.speaker].label if c.speaker in ents else (c.speaker_text or "unknown"),
                cue=c.cue,
                content=c.content,
                sentence=c.sentence,
                article=c.article,
                about=tuple(
                    f"{data.events[e].type} “{data.events[e].trigger}”" for e in c.about if e in data.events
                ),
            )
            for c in sorted(denied, key=lambda c: (c.article, c.iri))
        ),  # fmt: skip
        paths=tuple(path_rows),
        egos=tuple(ego_rows),
        notes=tuple(notes),
        merged=tuple(merged_entities(data)),
        network=_annotated(G, cent, comms),
    )


def merged_entities(data: KGData) -> list[MergedNode]:
    """The applied merges: each node that stands for several entity IRIs (joined by owl:sameAs),
    with its members and every link between them (the merge rule, confidence, reason and the
    articles that gave the evidence); most members first.

    >>> import rdflib
    >>> merged_entities(read_graph(rdflib.Dataset()))
    []
    """
    rows = []
    for rep, m in data.merged.items():
        e = data.entities[rep]
        names = {iri: label for iri, label, _, _ in m.members}
        rows.append(MergedNode(
            iri=rep, label=e.label, type=e.type,
            members=tuple(MergedMember(iri, label, t, n) for iri, label, t, n in m.members),
            types=tuple(sorted({t for _, _, t, _ in m.members})),
            links=tuple(SameAsLink(a=names[k.a], b=names[k.b], a_iri=k.a, b_iri=k.b, rule=k.rule,
                                   confidence=k.confidence, why=k.why, articles=k.articles) for k in m.links),
        ))  # fmt: skip
    return sorted(rows, key=lambda r: (-len(r.members), r.label, r.iri))


MEASURES = ("degree", "strength", "pagerank", "betweenness")


def _annotated(G: nx.Graph, cent: dict, comms: list[list[str]]) -> nx.Graph:
    """A copy of ``G`` whose nodes carry their measures and community (-1: none)."""
    H = G.copy()
    community_of = {n: i for i, c in enumerate(comms) for n in c}
    for n in H:
        H.nodes[n].update(cent.get(n, {}), community=community_of.get(n, -1))
    return H


def _measures(G: nx.Graph) -> tuple[dict, list[list[str]]]:
    """Measures stored on an annotated network (``Report.network``), else computed."""
    if len(G) and all(all(m in d for m in (*MEASURES, "community")) for _, d in G.nodes(data=True)):
        cent = {n: {m: d[m] for m in MEASURES} for n, d in G.nodes(data=True)}
        groups: dict[int, list[str]] = defaultdict(list)
        for n, d in G.nodes(data=True):
            if d["community"] >= 0:
                groups[d["community"]].append(n)
        return cent, [groups[i] for i in sorted(groups)]
    return centrality(G), communities(G)


# --------------------------------------------------------------------------- Markdown


def _md_cell(value: Any) -> str:
    """A table cell: ``|`` and line breaks would break the table; ``<``, ``>``, ``&`` are escaped
    so article text is never read as HTML by a Markdown viewer; control characters (ANSI escapes)
    become visible escapes."""
    from graphkit.ingest import printable

    text = printable(" ".join(str(value).split()))
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("|", "\\|")


def _table(rows: list[dict[str, Any]], columns: list[str]) -> str:
    if not rows:
        return "_none_\n"
    out = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    for r in rows:
        out.append("| " + " | ".join(_md_cell(r.get(c, "")) for c in columns) + " |")
    return "\n".join(out) + "\n"


def _quote(sentence: str, article: str) -> str:
    if not sentence:
        return ""
    return f"  > {_md_cell(sentence)} — _{_md_cell(article)}_"


MD_TIMELINE_ROWS = 60
MD_MERGE_ROWS = 100  # owl:sameAs links listed under "Merged entities" (report.json has them all)


def _markdown(r: Report) -> str:
    c = r.counts
    net = c["network"]
    lines = ["# graphkit report", ""]
    lines.append(
        f"{c['articles']} articles, {c['triples']:,} triples; entities: "
        + ", ".join(f"{k} {v}" for k, v in c["entities"].items())
        + f"; {c['events']} events ({c.get('event_mentions', c['events'])} event mentions); {c['claims']} claims. Entity network: {net['nodes']} nodes, "
        f"{net['edges']} links, {net['communities']} communities, {net.get('isolated', 0)} isolated nodes; "
        f"event network: {c['event_network']['nodes']} nodes, {c['event_network']['edges']} links."
    )
    merges = c.get("merges", {})
    if merges.get("nodes"):
        lines[-1] += (
            f" {merges['iris']} entity IRIs joined by owl:sameAs are counted as {merges['nodes']} "
            "(see Merged entities)."
        )
    lines.append("")
    for note in r.notes:
        lines += [f"> {note}", ""]
    lines += [
        "## Most central actors",
        "",
        "Actors are people, organisations, groups and countries. PageRank and strength weigh a stated "
        "relation 2 and a shared event 1; degree counts neighbours; betweenness is the share of shortest "
        "paths that pass through the actor.",
        "",
        _table(
            [a.to_dict() for a in r.top_actors],
            ["label", "type", "pagerank", "degree", "strength", "betweenness", "mentions", "articles"],
        ),  # fmt: skip
        "Top by each measure:",
        "",
        _table(
            [
                {"rank": i + 1, **{m: (v[i] if i < len(v) else "") for m, v in r.rankings.items()}}
                for i in range(min(10, max((len(v) for v in r.rankings.values()), default=0)))
            ],
            ["rank", "pagerank", "degree", "betweenness"],
        ),  # fmt: skip
    ]
    brokers = [{**b.to_dict(), "bridges": ", ".join(b.bridges)} for b in r.brokers]
    lines += [
        "## Brokers between communities",
        "",
        "Actors on many shortest paths whose neighbours sit in two or more communities.",
        "",
        _table(brokers, ["label", "type", "betweenness", "communities_bridged", "bridges"]),
    ]
    comm = [
        {"community": x.name, "size": x.size, "members": ", ".join(x.members),
         "events that bind them": "; ".join(
             f"{e.type} “{e.trigger}” ({', '.join(p.split(': ', 1)[1] for p in e.participants)})"
             + ("" if e.factuality == "asserted" else f" [{e.factuality}]") for e in x.binding_events[:3])}
        for x in r.communities
    ]  # fmt: skip
    lines += ["## Communities", "", _table(comm, ["community", "size", "members", "events that bind them"])]
    ev = [
        {"type": x.type, "participants": "; ".join(x.participants), "trigger": ", ".join(x.triggers),
         "sources": f"{x.reports} in {len(x.articles)} article(s)",
         "factuality": ", ".join(f"{k} {v}" for k, v in x.factuality.items()), "sentence": x.sentence}
        for x in r.key_events
    ]  # fmt: skip
    lines += [
        "## Key events",
        "",
        "Reports of the same event type with the same participants are one row; ranked by participants, "
        "then articles and reports.",
        "",
        _table(ev, ["type", "trigger", "participants", "sources", "factuality", "sentence"]),
    ]
    for p in r.paths:
        lines += [f"## How {_md_cell(p.source)} is connected to {_md_cell(p.target)}", ""]
        if p.error:
            lines += [_md_cell(p.error), ""]
            continue
        if not p.paths:
            lines += ["No path: they are in different parts of the graph.", ""]
            continue
        lines += [f"Shortest: {p.length} step(s). {len(p.paths)} route(s):", ""]
        for i, route in enumerate(p.paths, 1):
            lines.append(f"{i}. " + " → ".join(_md_cell(x) for x in route.labels))
            for step in route.steps:
                lines.append(f"   - **{_md_cell(step.from_)} — {_md_cell(step.to)}**")
                for f in step.facts[:4]:
                    lines.append(f"     - {_md_cell(f.text)}")
                    if f.sentence:
                        lines.append(f"       > {_md_cell(f.sentence)} — _{_md_cell(f.article)}_")
                if len(step.facts) > 4:
                    lines.append(f"     - … {len(step.facts) - 4} more")
        lines.append("")
    for e in r.egos:
        lines += [f"## Around {_md_cell(e.center)} ({e.hops} hop(s))", ""]
        if e.error:
            lines += [_md_cell(e.error), ""]
            continue
        rows = [{"neighbour": n.label, "type": n.type, "distance": n.distance, "via": n.via_label,
                 "what links them": "; ".join(f.text for f in n.facts[:3])} for n in e.nodes]  # fmt: skip
        lines += [f"{len(e.nodes)} nodes, {e.edges} links among them.", "",
                  _table(rows, ["neighbour", "type", "distance", "via", "what links them"])]  # fmt: skip
    lines += _merged_markdown(r)
    lines += [
        "## Events by type",
        "",
        _table([{"type": k, "count": v} for k, v in c["events_by_type"].items()], ["type", "count"]),
        "## Relations by type",
        "",
        _table([{"relation": k, "count": v} for k, v in c["relations"].items()], ["relation", "count"]),
    ]
    dated = [x for x in r.timeline if x.date and (x.date_source == "event" or x.participants)]
    tl = [
        {**x.to_dict(), "participants": "; ".join(x.participants),
         "date": (x.date or "") + (" (reported)" if x.date_source == "article" else "")}
        for x in dated[:MD_TIMELINE_ROWS]
    ]  # fmt: skip
    own = sum(1 for x in r.timeline if x.date_source == "event")
    reported = sum(1 for x in r.timeline if x.date_source == "article")
    undated = len(r.timeline) - own - reported
    lines += [
        "## Timeline",
        "",
        f"{own} events carry their own date; {reported} more are placed at their article's publication "
        f"date (“reported”); {undated} have neither. Listed: the dated events, and the reported ones "
        f"with a named participant"
        + (f" (the first {MD_TIMELINE_ROWS})" if len(dated) > MD_TIMELINE_ROWS else "")
        + ". report.json and the map's Timeline view have them all.",
        "",
        _table(tl, ["date", "type", "trigger", "participants", "factuality", "article"]),
    ]
    lines += [
        "## Claims",
        "",
        ", ".join(f"{k} {v}" for k, v in c.get("claims_by_factuality", {}).items()) or "_none_",
        "",
        "Denied claims:",
        "",
        _table(
            [{**d.to_dict(), "about": ", ".join(d.about)} for d in r.denied_claims],
            ["speaker", "cue", "content", "about", "article"],
        ),
    ]
    return "\n".join(lines)


def _merged_markdown(r: Report) -> list[str]:
    merges = r.counts.get("merges", {})
    lines = ["## Merged entities", ""]
    if r.merged:
        lines += [
            f"{len(r.merged)} node(s) each stand for several entity IRIs joined by owl:sameAs: the build's "
            "cross-article merges (in the graph `…/corpus/merges`, each with its rule, confidence and reason) "
            "or links given with the graph (rule `owl:sameAs`). Every count, measure, link and event in this "
            "report treats each as one node, under its fullest name.",
            "",
        ]
        rows = []
        for m in r.merged:
            conflict = len(m.types) > 1
            typed = {x.iri: f"{x.label} ({x.type})" if conflict else x.label for x in m.members}
            for k in m.links:
                rows.append({
                    "node": m.label, "type": m.type, "merged": f"{typed[k.a_iri]} = {typed[k.b_iri]}",
                    "rule": k.rule, "confidence": "" if k.confidence is None else f"{k.confidence:.2f}",
                    "why": k.why,
                })  # fmt: skip
        lines.append(_table(rows[:MD_MERGE_ROWS], ["node", "type", "merged", "rule", "confidence", "why"]))
        if len(rows) > MD_MERGE_ROWS:
            lines += [f"The first {MD_MERGE_ROWS} of {len(rows):,} links; report.json lists them all.", ""]
    else:
        lines += ["No entities were merged (no owl:sameAs between two entity nodes).", ""]
    if merges.get("candidates"):
        lines += [
            f"{merges['candidates']} uncertain pair(s) (`gk:mergeCandidate`) were not applied: "
            "`graphkit build` lists them with the reason in merge-candidates.csv, for review.",
            "",
        ]
    return lines


# --------------------------------------------------------------------------- exports


def _node_table(G: nx.Graph, cent: dict, comms: list[list[str]]) -> list[dict[str, Any]]:
    community_of = {n: i for i, c in enumerate(comms) for n in c}
    rows = []
    for n in sorted(G, key=str):
        a, c = G.nodes[n], cent.get(n, {})
        rows.append({
            "Id": n, "Label": a.get("label", n), "type": a.get("type", ""), "kind": a.get("kind", "entity"),
            "category": a.get("category") or a.get("event_type") or "", "mentions": a.get("mentions", ""),
            "articles": a.get("articles", ""), "degree": c.get("degree", 0),
            "strength": round(c.get("strength", 0.0), 4), "pagerank": round(c.get("pagerank", 0.0), 6),
            "betweenness": round(c.get("betweenness", 0.0), 6), "community": community_of.get(n, ""),
            "merged_iris": " ".join(m for m in a.get("members", ()) if m != n),
        })  # fmt: skip
    return rows


def _edge_table(G: nx.Graph) -> list[dict[str, Any]]:
    events = G.graph.get("events", {})
    rows = []
    for a, b in sorted(G.edges(), key=lambda e: (str(e[0]), str(e[1]))):
        attrs = G.edges[a, b]
        evs = [events[i] for i in attrs.get("events", []) if i in events]
        relations = ";".join(sorted({r["predicate"] for r in attrs.get("relations", [])}))
        event_types = ";".join(sorted({e.type for e in evs}))
        rows.append({
            "Source": a, "Target": b, "Type": "Undirected", "Weight": attrs.get("weight", 1.0),
            "Label": attrs.get("role") or relations or event_types, "source_label": G.nodes[a].get("label", a),
            "target_label": G.nodes[b].get("label", b), "relations": relations, "events": len(evs),
            "event_types": event_types, "role": attrs.get("role", ""),
        })  # fmt: skip
    return rows


def write_tables(G: nx.Graph, out_dir: str | os.PathLike[str], prefix: str = "") -> dict[str, Path]:
    """``nodes.csv`` and ``edges.csv``: one row per node with its measures and community (and, for a
    node that merged several entities, the other IRIs it stands for in ``merged_iris``), one per link
    with what it is made of. Column names follow Gephi's spreadsheet import (``Id``, ``Label``;
    ``Source``, ``Target``, ``Type``, ``Weight``); pandas reads them as they are. ``G`` is any network
    from this module; ``Report.network`` saves computing its measures again."""
    from graphkit.atomic import write_text

    cent, comms = _measures(G)
    out = Path(out_dir)
    paths = {}
    for name, rows in (("nodes", _node_table(G, cent, comms)), ("edges", _edge_table(G))):
        buf = _csv(rows, list(rows[0]) if rows else (["Id"] if name == "nodes" else ["Source", "Target"]))
        paths[name] = out / f"{prefix}{name}.csv"
        write_text(paths[name], buf)
    return paths


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """A text cell a spreadsheet would run as a formula (it starts with ``=``, ``+``, ``-``, ``@``, a tab
    or a carriage return) gets a leading single quote, as OWASP advises against CSV injection; a
    carriage return becomes a newline (which the writer quotes); numbers and other text are left as
    they are.

    >>> csv_cell("=1+1"), csv_cell("-1"), csv_cell(-1), csv_cell("Taliban")
    ("'=1+1", "'-1", -1, 'Taliban')
    """
    if not isinstance(value, str):
        return value
    if value.startswith(_FORMULA_START):
        value = "'" + value
    if "\r" in value:  # the csv module quotes "\n" but not a lone "\r", which readers take as a line end
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value


def _csv(rows: list[dict[str, Any]], columns: list[str]) -> str:
    import io

    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n")
    w.writeheader()
    for r in rows:
        w.writerow({k: csv_cell(v) for k, v in r.items()})
    return buf.getvalue()


def to_graphml(G: nx.Graph, path: str | os.PathLike[str]) -> Path:
    """GraphML (Gephi, yEd, Cytoscape) with the measures as node attributes; lists become text.
    Writes a copy: ``G`` is not changed."""
    from graphkit.atomic import write_bytes

    cent, comms = _measures(G)
    H = nx.Graph()
    for row in _node_table(G, cent, comms):
        if row["community"] == "":
            row["community"] = -1  # GraphML attributes are typed: no community is -1, not ""
        H.add_node(row.pop("Id"), **{k.lower(): ("" if v is None else v) for k, v in row.items()})
    for row in _edge_table(G):
        a, b = row.pop("Source"), row.pop("Target")
        H.add_edge(
            a,
            b,
            **{k.lower(): v for k, v in row.items() if k not in ("Type", "source_label", "target_label")},
        )
    text = "\n".join(nx.generate_graphml(H))
    write_bytes(path, text.encode("utf-8"))
    return Path(path)


def top_nodes(
    G: nx.Graph, n: int, pagerank: dict[str, float] | None = None, keep: Iterable[str] = ()
) -> list[str]:
    """The ``n`` most central nodes by PageRank (those in ``keep`` first), for pruning a map.

    >>> top_nodes(nx.star_graph(4), 2)
    [0, 1]
    """
    keep = [k for k in keep if k in G]
    if G.number_of_nodes() <= n:
        return list(G)
    if pagerank is None:
        pagerank = nx.pagerank(G, weight="weight") if G.number_of_edges() else dict.fromkeys(G, 0.0)
    rest = sorted((x for x in G if x not in set(keep)), key=lambda x: (-pagerank.get(x, 0.0), str(x)))
    return (keep + rest)[:n]


__all__ = [
    "Actor", "ArticleInfo", "BindingEvent", "Broker", "ClaimInfo", "Community", "DeniedClaim", "Ego", "EntityInfo",
    "EventFact", "EventInfo", "Fact", "KGData", "KeyEvent", "MergedMember", "MergedNode", "Neighbour", "Paths",
    "RelationFact", "RelationInfo", "Report", "RoleFact", "Route", "SameAsLink", "Step", "TimelineEntry",
    "UnknownNodeError", "analyse", "betweenness", "betweenness_sample", "centrality", "communities", "edge_facts",
    "ego_network", "entity_network", "event_network", "find_node", "is_actor", "key_events", "paths_between",
    "read_graph", "timeline", "to_graphml", "top_nodes", "write_tables",
]  # fmt: skip
