"""RDF -> networkx view -> measures -> :class:`Report` (Markdown and JSON).

Everything here reads the RDF graph (a file or a store), never the extraction
objects, so the report, the map and the SPARQL answers describe the same graph.
Functions return new values and never mutate what they were given.

>>> from graphkit.analyse import entity_network
>>> import rdflib
>>> entity_network(rdflib.Dataset()).number_of_nodes()
0
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any

import networkx as nx
from rdflib import Dataset, Graph

from graphkit.rdf.namespaces import SPARQL_PREFIXES

RELATION_PREDICATES = (
    "affiliatedWith", "worksFor", "memberOf", "leads", "founded", "spokespersonFor", "holdsPositionIn",
    "relativeOf", "childOf", "parentOf", "siblingOf", "spouseOf", "basedIn", "locatedIn",
)  # fmt: skip
ACTOR_TYPES = ("Person", "Organisation", "Group")
MAX_CLIQUE = 8  # events with more participants do not connect every pair (they would swamp the graph)
EXACT_BETWEENNESS_LIMIT = 1500  # above this many nodes betweenness is estimated from a sample


def _rows(g: Graph | Dataset, query: str) -> list[dict[str, Any]]:
    res = g.query(SPARQL_PREFIXES + "\n" + query)
    out = []
    for row in res:
        out.append({str(k): row[k] for k in res.vars if row[k] is not None})  # type: ignore[union-attr]
    return out


# --------------------------------------------------------------------------- reading the graph


@dataclass(frozen=True, slots=True)
class EntityInfo:
    iri: str
    label: str
    type: str
    category: str | None
    aliases: tuple[str, ...]
    articles: tuple[str, ...]
    mentions: int
    links: tuple[str, ...]
    sentences: tuple[tuple[str, str], ...]  # (sentence text, article label)


def read_entities(g: Graph | Dataset, max_sentences: int = 3) -> dict[str, EntityInfo]:
    types: dict[str, str] = {}
    for r in _rows(
        g,
        """
        SELECT ?e ?t WHERE { VALUES ?t { gk:Person gk:Organisation gk:Group gk:Location } ?e a ?t }""",
    ):
        types.setdefault(str(r["e"]), str(r["t"]).rsplit("#", 1)[-1])
    labels: dict[str, str] = {}
    category: dict[str, str] = {}
    aliases: dict[str, set[str]] = defaultdict(set)
    links: dict[str, set[str]] = defaultdict(set)
    for r in _rows(
        g,
        """
        SELECT ?e ?label ?alt ?cat ?wd ?iso ?gn WHERE {
          ?e gk:canonicalKey ?k .
          OPTIONAL { ?e rdfs:label ?label } OPTIONAL { ?e skos:altLabel ?alt } OPTIONAL { ?e gk:category ?cat }
          OPTIONAL { ?e gk:wikidataId ?wd } OPTIONAL { ?e gk:iso3166Code ?iso } OPTIONAL { ?e gk:geonamesId ?gn } }""",
    ):
        e = str(r["e"])
        if "label" in r:
            labels.setdefault(e, str(r["label"]))
        if "alt" in r:
            aliases[e].add(str(r["alt"]))
        if "cat" in r:
            category.setdefault(e, str(r["cat"]))
        for key, prefix in (("wd", "wikidata:"), ("iso", "ISO 3166:"), ("gn", "GeoNames:")):
            if key in r:
                links[e].add(prefix + str(r[key]))
    mentions: Counter[str] = Counter()
    articles: dict[str, set[str]] = defaultdict(set)
    sentences: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for r in _rows(
        g,
        """
        SELECT ?e ?m ?art ?stext ?title ?id WHERE {
          ?e gaf:denotedBy ?m . ?m nif:referenceContext ?art .
          OPTIONAL { ?m gk:inSentence ?s . ?s nif:anchorOf ?stext }
          OPTIONAL { ?art schema:headline ?title } OPTIONAL { ?art dcterms:identifier ?id } }""",
    ):
        e = str(r["e"])
        if e not in types:
            continue
        mentions[e] += 1
        art_label = str(r.get("title") or r.get("id") or r["art"])
        articles[e].add(art_label)
        text = str(r.get("stext", ""))
        if text and len(sentences[e]) < max_sentences and all(text != s for s, _ in sentences[e]):
            sentences[e].append((text, art_label))
    out = {}
    for e, t in types.items():
        out[e] = EntityInfo(
            iri=e,
            label=labels.get(e, e.rsplit("/", 1)[-1]),
            type=t,
            category=category.get(e),
            aliases=tuple(sorted(aliases[e] - {labels.get(e, "")})),
            articles=tuple(sorted(articles[e])),
            mentions=mentions[e],
            links=tuple(sorted(links[e])),
            sentences=tuple(sentences[e]),
        )
    return out


@dataclass(frozen=True, slots=True)
class EventInfo:
    iri: str
    type: str
    trigger: str
    factuality: str
    date: str | None
    sentence: str
    article: str
    participants: tuple[tuple[str, str], ...]  # (role, entity iri)


def read_events(g: Graph | Dataset) -> dict[str, EventInfo]:
    base: dict[str, dict[str, Any]] = {}
    for r in _rows(
        g,
        """
        SELECT ?ev ?type ?trig ?fact ?date ?stext ?art ?title ?id WHERE {
          ?ev a gk:Event ; sem:eventType ?type ; gk:triggerText ?trig ; gk:factuality ?fact ;
              prov:wasDerivedFrom ?art . ?art a gk:Article .
          OPTIONAL { ?ev gk:date ?date }
          OPTIONAL { ?ev prov:wasDerivedFrom ?s . ?s a nif:Sentence ; nif:anchorOf ?stext }
          OPTIONAL { ?art schema:headline ?title } OPTIONAL { ?art dcterms:identifier ?id } }""",
    ):
        ev = str(r["ev"])
        base.setdefault(ev, {
            "type": str(r["type"]).rsplit("/", 1)[-1],
            "trigger": str(r["trig"]),
            "factuality": str(r["fact"]).rsplit("#", 1)[-1].lower(),
            "date": str(r["date"]) if "date" in r else None,
            "sentence": str(r.get("stext", "")),
            "article": str(r.get("title") or r.get("id") or r["art"]),
        })  # fmt: skip
    parts: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for r in _rows(
        g,
        """
        SELECT ?ev ?role ?ent WHERE { ?ev gk:hasParticipation ?p . ?p gk:role ?role ; gk:participant ?ent }""",
    ):
        role = str(r["role"]).rsplit("#", 1)[-1].removesuffix("Role").lower()
        parts[str(r["ev"])].add((role, str(r["ent"])))
    return {
        ev: EventInfo(iri=ev, participants=tuple(sorted(parts[ev])), **info)
        for ev, info in sorted(base.items())
    }


def read_relations(g: Graph | Dataset) -> list[tuple[str, str, str, str]]:
    """(subject, predicate local name, object, source sentence) for every relation statement."""
    out = []
    for r in _rows(
        g,
        """
        SELECT ?s ?p ?o ?stext WHERE {
          ?st a gk:RelationStatement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
          OPTIONAL { ?st prov:wasDerivedFrom ?sent . ?sent a nif:Sentence ; nif:anchorOf ?stext } }""",
    ):
        out.append((str(r["s"]), str(r["p"]).rsplit("#", 1)[-1], str(r["o"]), str(r.get("stext", ""))))
    return sorted(set(out))


# --------------------------------------------------------------------------- networks


def entity_network(g: Graph | Dataset) -> nx.Graph:
    """Entities as nodes; relations and shared events as weighted edges.

    Node attributes: ``label``, ``type``, ``category``, ``mentions``, ``articles``.
    Edge attributes: ``weight``, ``relations`` (list of (predicate, sentence)),
    ``events`` (list of event IRIs).
    """
    ents = read_entities(g)
    G = nx.Graph()
    for iri, e in ents.items():
        G.add_node(
            iri,
            label=e.label,
            type=e.type,
            category=e.category,
            mentions=e.mentions,
            articles=len(e.articles),
        )
    for s, p, o, sentence in read_relations(g):
        if s in G and o in G and s != o:
            _link(G, s, o, 2.0)
            G.edges[s, o]["relations"].append((p, sentence))
    for ev in read_events(g).values():
        members = sorted({iri for _, iri in ev.participants if iri in G})
        if len(members) > MAX_CLIQUE:
            continue
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                _link(G, a, b, 1.0)
                G.edges[a, b]["events"].append(ev.iri)
    return G


def event_network(g: Graph | Dataset) -> nx.Graph:
    """Events and entities as nodes; an edge from each event to each participant, labelled by role."""
    ents = read_entities(g)
    G = nx.Graph()
    for iri, e in ents.items():
        G.add_node(iri, label=e.label, type=e.type, kind="entity")
    for ev in read_events(g).values():
        G.add_node(ev.iri, label=f"{ev.type}: {ev.trigger}", type="Event", kind="event", event_type=ev.type,
                   factuality=ev.factuality, sentence=ev.sentence, article=ev.article)  # fmt: skip
        for role, iri in ev.participants:
            if iri in G:
                G.add_edge(ev.iri, iri, role=role, weight=1.0)
    return G


def _link(G: nx.Graph, a: str, b: str, w: float) -> None:
    if G.has_edge(a, b):
        G.edges[a, b]["weight"] += w
    else:
        G.add_edge(a, b, weight=w, relations=[], events=[])


# --------------------------------------------------------------------------- measures


def centrality(G: nx.Graph, seed: int = 42) -> dict[str, dict[str, float]]:
    """Degree, PageRank and betweenness per node (betweenness sampled above a size limit)."""
    if G.number_of_nodes() == 0:
        return {}
    degree = dict(G.degree(weight="weight"))
    pagerank = nx.pagerank(G, weight="weight") if G.number_of_edges() else {n: 1 / len(G) for n in G}
    n = G.number_of_nodes()
    k = None if n <= EXACT_BETWEENNESS_LIMIT else min(n, 200)
    between = nx.betweenness_centrality(G, k=k, seed=seed, normalized=True)
    return {
        node: {
            "degree": float(degree[node]),
            "pagerank": float(pagerank[node]),
            "betweenness": float(between[node]),
        }
        for node in G
    }


def communities(G: nx.Graph, seed: int = 42) -> list[list[str]]:
    """Louvain communities (largest first; isolated nodes left out)."""
    H = G.subgraph([n for n in G if G.degree(n) > 0])
    if H.number_of_edges() == 0:
        return []
    found = nx.community.louvain_communities(H, weight="weight", seed=seed)
    return sorted((sorted(c) for c in found), key=lambda c: (-len(c), c[0]))


def shortest_path(G: nx.Graph, source: str, target: str) -> list[str]:
    """Nodes on a shortest path between two entities (by hops); [] when unconnected."""
    try:
        return nx.shortest_path(G, source, target)
    except (nx.NetworkXNoPath, nx.NodeNotFound):
        return []


# --------------------------------------------------------------------------- report


@dataclass(frozen=True)
class Report:
    counts: dict[str, Any]
    top_actors: list[dict[str, Any]]
    brokers: list[dict[str, Any]]
    communities: list[dict[str, Any]]
    key_events: list[dict[str, Any]]
    timeline: list[dict[str, Any]]
    denied_claims: list[dict[str, Any]]
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2, ensure_ascii=False, sort_keys=False)

    def to_markdown(self) -> str:
        return _markdown(self)


def analyse(g: Graph | Dataset, top: int = 15) -> Report:
    ents = read_entities(g)
    events = read_events(g)
    G = entity_network(g)
    cent = centrality(G)
    comms = communities(G)
    notes = []
    if G.number_of_nodes() > EXACT_BETWEENNESS_LIMIT:
        notes.append(
            f"Betweenness estimated from a sample of 200 nodes ({G.number_of_nodes()} nodes in all)."
        )

    def actor_row(iri: str) -> dict[str, Any]:
        e = ents[iri]
        c = cent.get(iri, {})
        return {
            "iri": iri, "label": e.label, "type": e.type, "mentions": e.mentions, "articles": len(e.articles),
            "degree": round(c.get("degree", 0.0), 3), "pagerank": round(c.get("pagerank", 0.0), 4),
            "betweenness": round(c.get("betweenness", 0.0), 4),
        }  # fmt: skip

    actors = [n for n in G if ents[n].type in ACTOR_TYPES]
    by_rank = sorted(actors, key=lambda n: (-cent[n]["pagerank"], ents[n].label))
    community_of = {n: i for i, c in enumerate(comms) for n in c}
    brokers = sorted(
        (n for n in G if cent[n]["betweenness"] > 0),
        key=lambda n: (-cent[n]["betweenness"], ents[n].label),
    )
    broker_rows = []
    for n in brokers[:top]:
        row = actor_row(n)
        row["communities_bridged"] = len({community_of[m] for m in G.neighbors(n) if m in community_of})
        broker_rows.append(row)
    comm_rows = []
    for i, members in enumerate(comms[:top]):
        ranked = sorted(members, key=lambda n: -cent[n]["pagerank"])
        member_set = set(members)
        binding = Counter(
            ev.type for ev in events.values() if len({iri for _, iri in ev.participants} & member_set) >= 2
        )
        comm_rows.append({
            "id": i, "size": len(members), "members": [ents[n].label for n in ranked[:12]],
            "binding_events": [f"{t} ({k})" for t, k in binding.most_common(5)],
        })  # fmt: skip
    key = sorted(events.values(), key=lambda ev: (-len(ev.participants), ev.iri))
    key_rows = [_event_row(ev, ents) for ev in key[:top] if ev.participants]
    timeline = sorted((ev for ev in events.values() if ev.date), key=lambda ev: (ev.date, ev.iri))
    denied = _rows(
        g,
        """
        SELECT ?c ?speaker ?stext ?content ?cue WHERE {
          ?c a gk:Claim ; gk:factuality gk:Denied ; gk:contentText ?content ; gk:cueText ?cue .
          OPTIONAL { ?c gk:speaker ?sp . ?sp rdfs:label ?speaker } OPTIONAL { ?c gk:speakerText ?stext } }
        ORDER BY ?c""",
    )
    type_counts = Counter(e.type for e in ents.values())
    counts = {
        "triples": len(g),
        "articles": len(_rows(g, "SELECT ?a WHERE { ?a a gk:Article }")),
        "entities": dict(sorted(type_counts.items())),
        "events": len(events),
        "events_by_type": dict(Counter(ev.type for ev in events.values()).most_common()),
        "events_by_factuality": dict(Counter(ev.factuality for ev in events.values()).most_common()),
        "relations": dict(Counter(p for _, p, _, _ in read_relations(g)).most_common()),
        "claims": len(_rows(g, "SELECT ?c WHERE { ?c a gk:Claim }")),
        "network": {"nodes": G.number_of_nodes(), "edges": G.number_of_edges(), "communities": len(comms)},
    }
    return Report(
        counts=counts,
        top_actors=[actor_row(n) for n in by_rank[:top]],
        brokers=broker_rows,
        communities=comm_rows,
        key_events=key_rows,
        timeline=[_event_row(ev, ents) for ev in timeline[:200]],
        denied_claims=[
            {
                "speaker": str(r.get("speaker") or r.get("stext") or "unknown"),
                "cue": str(r["cue"]),
                "content": str(r["content"]),
            }
            for r in denied
        ],
        notes=notes,
    )


def _event_row(ev: EventInfo, ents: dict[str, EntityInfo]) -> dict[str, Any]:
    return {
        "iri": ev.iri, "type": ev.type, "trigger": ev.trigger, "factuality": ev.factuality, "date": ev.date,
        "participants": [f"{role}: {ents[iri].label}" for role, iri in ev.participants if iri in ents],
        "sentence": ev.sentence, "article": ev.article,
    }  # fmt: skip


def _md_cell(value: Any) -> str:
    text = str(value).replace("|", "\\|").replace("\n", " ")
    return text


def _table(rows: list[dict[str, Any]], columns: list[str]) -> str:
    if not rows:
        return "_none_\n"
    out = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    for r in rows:
        out.append("| " + " | ".join(_md_cell(r.get(c, "")) for c in columns) + " |")
    return "\n".join(out) + "\n"


def _markdown(r: Report) -> str:
    c = r.counts
    lines = ["# graphkit report", ""]
    lines.append(
        f"{c['articles']} articles, {c['triples']:,} triples; entities: "
        + ", ".join(f"{k} {v}" for k, v in c["entities"].items())
        + f"; {c['events']} events; {c['claims']} claims; network {c['network']['nodes']} nodes, "
        f"{c['network']['edges']} edges, {c['network']['communities']} communities."
    )
    lines.append("")
    for note in r.notes:
        lines.append(f"> {note}")
    lines += [
        "## Most central actors (PageRank)",
        "",
        _table(r.top_actors, ["label", "type", "pagerank", "degree", "betweenness", "mentions", "articles"]),
    ]
    lines += [
        "## Brokers (betweenness)",
        "",
        _table(r.brokers, ["label", "type", "betweenness", "communities_bridged"]),
    ]
    comm = [
        {
            "id": x["id"],
            "size": x["size"],
            "members": ", ".join(x["members"]),
            "events": ", ".join(x["binding_events"]),
        }
        for x in r.communities
    ]
    lines += ["## Communities", "", _table(comm, ["id", "size", "members", "events"])]
    ev = [{**x, "participants": "; ".join(x["participants"])} for x in r.key_events]
    lines += [
        "## Key events (most participants)",
        "",
        _table(ev, ["type", "trigger", "factuality", "participants", "article"]),
    ]
    lines += [
        "## Events by type",
        "",
        _table([{"type": k, "count": v} for k, v in c["events_by_type"].items()], ["type", "count"]),
    ]
    lines += [
        "## Relations by type",
        "",
        _table([{"relation": k, "count": v} for k, v in c["relations"].items()], ["relation", "count"]),
    ]
    tl = [{**x, "participants": "; ".join(x["participants"])} for x in r.timeline]
    lines += [
        "## Timeline (dated events)",
        "",
        _table(tl, ["date", "type", "trigger", "participants", "factuality"]),
    ]
    lines += ["## Denied claims", "", _table(r.denied_claims, ["speaker", "cue", "content"])]
    return "\n".join(lines)


def top_actor_iris(G: nx.Graph, n: int) -> list[str]:
    """The ``n`` most central nodes by PageRank (for pruning a map)."""
    if G.number_of_nodes() <= n:
        return list(G)
    pr = nx.pagerank(G, weight="weight") if G.number_of_edges() else {x: 0.0 for x in G}
    return sorted(G, key=lambda x: (-pr[x], x))[:n]


__all__ = [
    "EntityInfo", "EventInfo", "Report", "analyse", "centrality", "communities", "entity_network",
    "event_network", "read_entities", "read_events", "read_relations", "shortest_path", "top_actor_iris",
]  # fmt: skip
