"""Interactive relationship maps: one self-contained HTML file that works offline.

pyvis holds the network (nodes and edges set directly, never ``from_nx``, which
mutates its input and is slow) and supplies the vis-network library, which is
inlined into graphkit's own page template. The page:

* fetches nothing (a Content-Security-Policy forbids it; no CDN links at all);
* carries the graph as JSON in a ``<script type="application/json">`` block with
  ``<``, ``>`` and ``&`` escaped, and builds tooltips and the info panel with
  ``textContent``: article text is never parsed as HTML, so ``<script>`` in a name
  stays text;
* colours by type, sizes by PageRank, filters by entity and event type, finds
  a node by name, shows each node's source sentences;
* stops the physics once the layout settles, or uses positions computed in Python
  for large maps; above ``max_nodes`` it keeps the most central nodes and says so.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import networkx as nx
from rdflib import Dataset, Graph

from graphkit import __version__
from graphkit.analyse import entity_network, event_network, read_entities, read_events, top_actor_iris
from graphkit.atomic import write_text

COLORS = {
    "Person": "#1f77b4", "Organisation": "#d62728", "Group": "#ff7f0e", "Location": "#2ca02c", "Event": "#9467bd",
}  # fmt: skip
PHYSICS_LIMIT = 400  # above this many nodes positions are computed in Python and physics stays off


@dataclass(frozen=True, slots=True)
class MapOptions:
    max_nodes: int = 300
    focus: str | None = None  # a label or IRI: show only this node's neighbourhood
    hops: int = 1
    events: bool = False  # events as nodes between their participants
    title: str = "graphkit relationship map"


def build_map(g: Graph | Dataset, options: MapOptions | None = None) -> str:
    """The HTML page for a graph (as a string)."""
    from pyvis.network import Network

    options = options or MapOptions()
    ents = read_entities(g)
    G = event_network(g) if options.events else entity_network(g)
    total = G.number_of_nodes()
    notes = []
    if options.focus:
        center = _find(G, options.focus)
        if center is None:
            raise ValueError(f"no node called {options.focus!r} in the graph (try a label from report.md)")
        G = nx.ego_graph(G, center, radius=options.hops)
        notes.append(f"Focus: {G.nodes[center]['label']} and {options.hops} hop(s) around it.")
    if G.number_of_nodes() > options.max_nodes:
        keep = top_actor_iris(G, options.max_nodes)
        G = G.subgraph(keep).copy()
        notes.append(
            f"Showing the {options.max_nodes} most central of {total} nodes (by PageRank). "
            "See more with --max-nodes N, or one actor's neighbourhood with --focus NAME."
        )
    pagerank = nx.pagerank(G, weight="weight") if G.number_of_edges() else {n: 1.0 for n in G}
    top = max(pagerank.values(), default=1.0) or 1.0
    physics = G.number_of_nodes() <= PHYSICS_LIMIT
    positions = {} if physics else _layout(G)

    events = read_events(g) if options.events else {}
    node_rows = []
    for node in sorted(G):
        attrs = G.nodes[node]
        info = ents.get(node)
        row = {
            "id": node,
            "label": attrs.get("label", node),
            "type": attrs.get("type", "Entity"),
            "category": info.category if info else None,
            "aliases": list(info.aliases) if info else [],
            "links": list(info.links) if info else [],
            "sentences": [list(s) for s in info.sentences] if info else (
                [[events[node].sentence, events[node].article]] if node in events else []),
            "mentions": info.mentions if info else 1,
            "articles": len(info.articles) if info else 1,
            "size": round(5 + 35 * pagerank.get(node, 0) / top, 2),
            "event_type": attrs.get("event_type"),
        }  # fmt: skip
        if node in positions:
            row["x"], row["y"] = positions[node]
        node_rows.append(row)
    edge_rows = []
    for a, b in sorted(G.edges()):
        attrs = G.edges[a, b]
        facts = [f"{p}: {s}" if s else p for p, s in attrs.get("relations", [])]
        if attrs.get("events"):
            facts.append(f"{len(attrs['events'])} shared event(s)")
        label = attrs.get("role") or (attrs["relations"][0][0] if attrs.get("relations") else None)
        edge_rows.append(
            {"from": a, "to": b, "weight": attrs.get("weight", 1.0), "facts": facts, "label": label}
        )
    # pyvis holds the network; its node and edge lists are set directly (add_edge checks every
    # node on every call, which is quadratic, and from_nx mutates its input)
    net = Network(height="100%", width="100%", directed=False, cdn_resources="in_line")
    net.nodes, net.edges = node_rows, edge_rows
    net.node_ids = [r["id"] for r in node_rows]
    net.node_map = {r["id"]: r for r in node_rows}

    type_counts: dict[str, int] = {}
    event_counts: dict[str, int] = {}
    for n in net.nodes:
        type_counts[n["type"]] = type_counts.get(n["type"], 0) + 1
        if n.get("event_type"):
            event_counts[n["event_type"]] = event_counts.get(n["event_type"], 0) + 1
    data = {
        "nodes": [{k: v for k, v in n.items() if v is not None} for n in net.nodes],
        "edges": [{k: v for k, v in e.items() if v is not None} for e in net.edges],
        "colors": COLORS,
        "type_counts": dict(sorted(type_counts.items())),
        "event_type_counts": dict(sorted(event_counts.items())),
        "physics": physics,
        "summary": f"{len(net.nodes)} nodes, {len(net.edges)} links"
        + (f" (of {total} nodes in the graph)" if len(net.nodes) < total else "")
        + ". Size = PageRank; hover for sources, click for details.",
        "pruned": " ".join(notes) or None,
    }
    return _render(options.title, data)


def write_map(g: Graph | Dataset, path: str | os.PathLike[str], options: MapOptions | None = None) -> Path:
    write_text(path, build_map(g, options))
    return Path(path)


def _find(G: nx.Graph, name: str) -> str | None:
    if name in G:
        return name
    low = name.casefold()
    for n, attrs in G.nodes(data=True):
        if str(attrs.get("label", "")).casefold() == low:
            return n
    for n, attrs in G.nodes(data=True):
        if low in str(attrs.get("label", "")).casefold():
            return n
    return None


def _layout(G: nx.Graph) -> dict[str, tuple[float, float]]:
    """Positions for a big map, computed once in Python so the browser need not simulate."""
    if G.number_of_nodes() == 0:
        return {}
    try:
        pos = nx.forceatlas2_layout(G, max_iter=60, seed=7, weight="weight")
    except (AttributeError, TypeError):  # older networkx
        pos = nx.spring_layout(G, iterations=30, seed=7)
    scale = 60.0 * (G.number_of_nodes() ** 0.5)
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    return {
        n: (round((p[0] - min(xs)) / span * scale, 1), round((p[1] - min(ys)) / span * scale, 1))
        for n, p in pos.items()
    }


def safe_json(data: object) -> str:
    """JSON that can sit inside a ``<script>`` element: no ``<``, ``>``, ``&`` or line separators."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=False)
    for ch, esc in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(ch, esc)
    return text


@cache
def _vis_js() -> str:
    import pyvis

    path = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2" / "vis-network.min.js"
    js = path.read_text(encoding="utf-8")
    return js.replace("</script", "<\\/script")


def _render(title: str, data: dict) -> str:
    from jinja2 import Environment, FileSystemLoader, select_autoescape
    from markupsafe import Markup

    env = Environment(
        loader=FileSystemLoader(Path(__file__).parent / "templates"), autoescape=select_autoescape(["html"])
    )
    template = env.get_template("map.html")
    return template.render(
        title=title, version=__version__, data_json=Markup(safe_json(data)), vis_js=Markup(_vis_js())
    )
