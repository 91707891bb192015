"""Reading the RDF graph once into plain records (:class:`KGData`), merges (owl:sameAs) applied.

The triples come through :mod:`graphkit.rdf.read`, the one way to read a graph by pattern for rdflib
graphs and Oxigraph stores alike.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from graphkit.rdf.read import TripleSource, triple_source

ENTITY_TYPES = ("Person", "Organisation", "Group", "Location")  # in this order of precedence

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
