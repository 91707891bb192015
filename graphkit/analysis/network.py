"""The networkx views of a graph (entities; events and their participants) and the questions asked
of them: :func:`find_node`, :func:`edge_facts`, :func:`paths_between`, :func:`ego_network`.
"""

from __future__ import annotations

import difflib
import itertools
import re
from typing import Any

import networkx as nx

from graphkit.analysis.read import read_graph
from graphkit.analysis.rows import Ego, EventFact, Fact, Neighbour, Paths, RelationFact, RoleFact, Route, Step
from graphkit.errors import GraphkitError

MAX_CLIQUE = 8  # events with more participants do not link every pair (they would swamp the graph)
RELATION_WEIGHT = 2.0  # a stated relation counts as much as two shared events
PLACE_WEIGHT = 1.0  # "Farah is in Afghanistan" (from the gazetteer)


class UnknownNodeError(GraphkitError, ValueError):
    """A name given for a path, an ego network or a map focus matches no node."""


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
