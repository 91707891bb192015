"""The analyst's report: :func:`analyse` and the tables it is made of (:func:`key_events`,
:func:`timeline`, :func:`merged_entities`).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import fields
from typing import Any

import networkx as nx

from graphkit.analysis import measures
from graphkit.analysis.measures import _annotated, betweenness_sample, centrality, communities
from graphkit.analysis.network import (
    UnknownNodeError,
    ego_network,
    entity_network,
    event_network,
    paths_between,
)
from graphkit.analysis.read import EntityInfo, EventInfo, KGData, read_graph
from graphkit.analysis.rows import (
    Actor,
    BindingEvent,
    Broker,
    Community,
    DeniedClaim,
    Ego,
    KeyEvent,
    MergedMember,
    MergedNode,
    Paths,
    Report,
    SameAsLink,
    TimelineEntry,
)

ACTOR_TYPES = ("Person", "Organisation", "Group")
_OFFSETS = re.compile(r"/(\d+)-(\d+)$")  # event IRIs end in their trigger's offsets


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
            f"exact up to {measures.EXACT_BETWEENNESS_LIMIT:,}), seed {seed}."
        )
    if G.number_of_nodes() > measures.LOUVAIN_LIMIT:
        notes.append(
            f"Communities come from label propagation (Louvain above {measures.LOUVAIN_LIMIT:,} nodes is slow)."
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
