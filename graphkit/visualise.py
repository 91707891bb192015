"""Interactive relationship maps: a pyvis Network, and one self-contained HTML file that works offline.

:func:`to_pyvis` builds a :class:`pyvis.network.Network`: its node and edge lists are set in bulk
(``from_nx`` mutates its input and is quadratic; ``add_node`` loops are slow), one group per entity
type, and vis-network options set on its ``options``. Its page is graphkit's template
(``templates/map.html``) through pyvis's own mechanism (``set_template_dir``), with the vis-network
file pyvis ships inlined: pyvis's template links a CSS file from a CDN even ``in_line``, ``local``
writes ``lib/`` into the working directory, and its tooltips go in with ``innerHTML``. So
``net.generate_html()`` is the page :func:`write_map` writes, and a user's change to the Network
(an option, a node, physics) is in it. The page:

* fetches nothing (no URL at all, and a Content-Security-Policy that forbids it);
* carries the graph (the Network's nodes, edges and options, and graphkit's events, sentences and
  legend) as JSON in a ``<script type="application/json">`` block with ``<``, ``>`` and ``&``
  escaped, and builds every tooltip, panel and list with ``textContent``: article text is never
  parsed as HTML;
* colours by entity and event type (legend), sizes by PageRank, labels links with what
  they are, shows source sentences with their article on hover and click, finds a
  node by name, filters by entity type, event type and factuality, focuses on one
  actor's neighbourhood, and has a Timeline view of the events;
* lays out small maps with physics that stops once stable, and large ones with
  positions computed here (communities placed as blocks, so the browser draws at once);
  above ``max_nodes`` it keeps the most central nodes and says what was left out.

>>> from graphkit.rdf.build import new_dataset
>>> html = build_map(new_dataset())
>>> "0 nodes" in html and "https://" not in html.split("<script>", 1)[0]
True
"""

from __future__ import annotations

import html as _html
import json
import math
import os
import random
import shlex
from collections import Counter
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

import networkx as nx

from graphkit import __version__
from graphkit.analysis import (
    communities,
    entity_network,
    event_network,
    find_node,
    read_graph,
    timeline,
    top_nodes,
)

COLORS = {
    "Person": "#1f77b4", "Organisation": "#d62728", "Group": "#ff7f0e", "Location": "#2ca02c", "Event": "#9467bd",
}  # fmt: skip
EVENT_PALETTE = (
    "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f", "#393b79", "#637939", "#8c6d31",
    "#843c39", "#7b4173", "#3182bd", "#e6550d", "#31a354", "#756bb1", "#636363", "#ad494a", "#a55194",
)  # fmt: skip
PHYSICS_LIMIT = 400  # above this many nodes positions are computed here and the browser's physics stays off
TIMELINE_LIMIT = 5000  # events carried into the page for the Timeline view
SEARCH_LIMIT = 20_000  # names of left-out nodes the search box still knows about


@dataclass(frozen=True, slots=True)
class MapOptions:
    max_nodes: int = 300  # keep the most central nodes above this
    focus: str | None = None  # a name or IRI: show only this node's neighbourhood
    hops: int = 1  # radius of the focus neighbourhood
    events: bool = False  # events as nodes between their participants
    title: str = "graphkit relationship map"
    physics: bool | None = (
        None  # None: browser physics up to PHYSICS_LIMIT nodes, positions from Python above
    )
    timeline: bool = True  # include the Timeline view
    command: str = "graphkit html GRAPH"  # how the page tells users to redraw it (in the pruning note)


def to_pyvis(source: Any, options: MapOptions | None = None, **kw: Any):
    """The map as a :class:`pyvis.network.Network` you can change, save or show.

    ``source`` is anything :func:`graphkit.analysis.read_graph` reads (rdflib graph, store, file paths,
    :class:`KGData`) or a :class:`~graphkit.pipeline.BuildResult`; keywords are :class:`MapOptions` fields.
    The node and edge lists, the groups (one per entity type) and the vis-network options are set in
    bulk on the Network; its page is graphkit's template (``templates/map.html``, through pyvis's
    ``set_template_dir``) with vis-network inlined, so ``net.generate_html()`` is the same offline page
    ``write_map`` writes, and a changed option or an added node shows in it.

    >>> from graphkit.rdf.build import new_dataset
    >>> net = to_pyvis(new_dataset(), title="empty")
    >>> type(net).__name__, type(net).__mro__[1].__module__, net.heading, net.num_nodes()
    ('MapNetwork', 'pyvis.network', 'empty', 0)
    >>> net.add_node("x", label="added by hand")
    >>> "added by hand" in net.generate_html()
    True
    """
    options = replace(options or MapOptions(), **kw) if kw else (options or MapOptions())
    return network_from_data(map_data(_graph_source(source), options))


def network_from_data(data: dict[str, Any]):
    """A pyvis Network for :func:`map_data`'s output (nodes and edges get their vis-network look here)."""
    net = _network_class()(height="100%", width="100%", heading=data["title"], cdn_resources="in_line")
    net.nodes, net.edges = _vis_nodes(data), _vis_edges(data)
    net.node_ids = [n["id"] for n in net.nodes]  # pyvis's own bookkeeping, so add_node/add_edge keep working
    net.node_map = {n["id"]: n for n in net.nodes}
    big = len(net.nodes) > 1000
    o = net.options
    o.nodes = {
        "scaling": {"min": 6, "max": 40, "label": {"enabled": True, "min": 12, "max": 22, "drawThreshold": 7,
                                                   "maxVisible": 40}},
        "font": {"size": 13, "strokeWidth": 3, "strokeColor": "#fff"},
    }  # fmt: skip
    o.groups = {
        t: {"color": c, "shape": "diamond" if t == "Event" else "dot"} for t, c in data["colors"].items()
    }
    o.edges.smooth.enabled = False
    o.edges.color.inherit = "from"  # vis-network's default (pyvis sets true); each link has its colour
    o.edges.scaling = {
        "min": 1,
        "max": 6,
        "label": {"enabled": True, "min": 10, "max": 12, "drawThreshold": 8},
    }
    o.edges.font = {"size": 10, "color": "#555", "strokeWidth": 3, "strokeColor": "#fff", "align": "middle"}
    o.edges.selectionWidth = 2
    o.interaction.hover = True
    o.interaction.tooltipDelay = 120
    o.interaction.hideEdgesOnDrag = big
    o.interaction.hideEdgesOnZoom = big
    o.interaction.multiselect = True
    if data["physics"]:
        net.force_atlas_2based(gravity=-60, spring_length=90, overlap=0.2)
        o.physics.stabilization.iterations = 300
        o.physics.minVelocity = 1
    else:
        o.physics.enabled = False  # positions come from Python (layout())
    o.layout = {"randomSeed": 7, "improvedLayout": False}
    page = {k: v for k, v in data.items() if k not in ("nodes", "edges")}
    use_template(net, page)
    return net


@cache
def _network_class() -> type:
    """:class:`MapNetwork`, made on first use (pyvis is imported only when a map is drawn)."""
    from pyvis.network import Network

    class MapNetwork(Network):
        """A :class:`pyvis.network.Network` with graphkit's page whose ``show(..., notebook=True)`` displays
        the map inline, as :func:`graphkit.show` does: an ``<iframe srcdoc>`` holding the whole page.

        pyvis's own ``show`` writes ``name`` into the working directory (with ``cdn_resources="local"``
        a ``lib/`` folder too) and returns an ``IFrame`` pointing at it; this one writes nothing (``name``
        is accepted for pyvis's signature and not used: ``write_map(net, path)`` or ``.save(path)`` on the
        result keeps a file). ``show(name, notebook=False)`` is pyvis's: it writes ``name`` and opens a
        browser. A Network left as a cell's value shows itself the same way (``_repr_html_``).
        """

        def show(self, name: str | None = None, local: bool = True, notebook: bool = True, *,
                 height: int = 650) -> MapHTML | None:  # fmt: skip
            if not notebook:
                return super().show(name or "map.html", local=local, notebook=False)
            return MapHTML(self.generate_html(), height=height)

        def _repr_html_(self) -> str:
            return MapHTML(self.generate_html())._repr_html_()

    MapNetwork.__module__ = __name__
    MapNetwork.__qualname__ = "MapNetwork"
    return MapNetwork


def __getattr__(name: str) -> Any:  # graphkit.visualise.MapNetwork, without importing pyvis at import time
    if name == "MapNetwork":
        return _network_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


TEMPLATES = Path(__file__).parent / "templates"


def use_template(net: Any, page: dict[str, Any]) -> None:
    """Point ``net`` at graphkit's page template (pyvis's ``set_template_dir``); ``page`` is the rest of the
    page's data (events, sentences, legend, notes), kept in ``net.graphkit_page``."""
    net.set_template_dir(str(TEMPLATES) + os.sep, "map.html")
    net.graphkit_page = page
    env = net.templateEnv
    env.globals.update(graphkit_page=page, graphkit_json=page_json, vis_js=_vis_js(), version=__version__)
    net.template = env.get_template("map.html")  # what generate_html(notebook=True) renders


def page_json(page: dict[str, Any], nodes: list, edges: list, options: Any) -> str:
    """The page's data block: ``page`` with the Network's nodes, edges and options (pyvis's JSON string)."""
    opts = json.loads(options) if isinstance(options, str) else options
    return safe_json({**page, "nodes": nodes, "edges": edges, "options": opts})


def _graph_source(source: Any) -> Any:
    from graphkit.analysis import Report

    if isinstance(source, Report):
        from graphkit.errors import GraphkitError

        raise GraphkitError(
            "a map is drawn from the graph, not from its report (which keeps no sentences): "
            "pass the graph the report was made of, e.g. graphkit.to_pyvis(ds)"
        )
    files = getattr(source, "files", None)  # a BuildResult: its graph file
    if isinstance(files, dict) and not isinstance(source, dict):
        for key in ("trig", "nq", "ttl"):
            if key in files:
                return files[key]
        from graphkit.errors import GraphkitError

        raise GraphkitError("this build wrote no graph file to draw; pass the graph or its store instead")
    return source


def _vis_nodes(data: dict[str, Any]) -> list[dict[str, Any]]:
    ev_colors, colors, focus = data["event_colors"], data["colors"], data.get("focus")
    out = []
    for n in data["nodes"]:
        event = n["type"] == "Event"
        color = ev_colors.get(n.get("event_type"), "#9467bd") if event else colors.get(n["type"], "#999")
        out.append({**n, "group": n["type"], "color": color, "shape": "diamond" if event else "dot",
                    "borderWidth": 4 if n["id"] == focus else 1})  # fmt: skip
    return out


def _rgba(hex_color: str, alpha: float) -> str:
    v = int(hex_color[1:], 16)
    return f"rgba({v >> 16 & 255},{v >> 8 & 255},{v & 255},{alpha})"


def _vis_edges(data: dict[str, Any]) -> list[dict[str, Any]]:
    event_view, events, ev_colors = data["view"] == "event", data["events"], data["event_colors"]
    out = []
    shade: dict[str, str] = {}  # event type -> its link colour
    for i, e in enumerate(data["edges"]):
        types = e.get("event_types") or []
        if e.get("r"):
            color = "#666"
        elif types and not event_view:
            on = e.get("e") or ()
            if len(on) > 1:  # the most frequent event type on the link, the first one seen on a tie
                counts = Counter(events[k]["type"] for k in on)
                top = max(counts, key=counts.__getitem__)
            else:
                top = events[on[0]]["type"] if on else types[0]
            if top not in shade:
                shade[top] = _rgba(ev_colors.get(top, "#9467bd"), 0.6)
            color = shade[top]
        else:
            color = "#aaa"
        out.append({**e, "id": i, "value": e.get("weight", 1.0),
                    "color": {"color": color, "highlight": "#222", "hover": "#333"},
                    "dashes": not e.get("r") and not event_view and not types})  # fmt: skip
    return out


def build_map(source: Any, options: MapOptions | None = None) -> str:
    """The HTML page for a graph, as a string: :func:`to_pyvis`'s Network's ``generate_html()``.
    ``source`` is anything :func:`to_pyvis` takes."""
    return to_pyvis(source, options).generate_html()


def write_map(
    source: Any, path: str | os.PathLike[str], options: MapOptions | None = None, **kw: Any
) -> Path:
    """Write the map page of ``source`` (a graph, or a :func:`to_pyvis` Network) to ``path`` atomically;
    returns the path. Keywords are :class:`MapOptions` fields."""

    from graphkit.atomic import write_text

    net = as_network(source, options, kw)
    write_text(path, net.generate_html())
    return Path(path)


class MapHTML:
    """A map that shows itself in Jupyter (in a sandboxed ``<iframe srcdoc>``) and can be saved.

    >>> from graphkit.rdf.build import new_dataset
    >>> m = show_map(new_dataset())
    >>> m._repr_html_().startswith("<iframe")
    True
    """

    def __init__(self, page: str, height: int = 650) -> None:
        self.html = page
        self.height = height

    def _repr_html_(self) -> str:
        return (
            f'<iframe srcdoc="{_html.escape(self.html, quote=True)}" sandbox="allow-scripts" '
            f'style="width:100%;height:{self.height}px;border:1px solid #ddd"></iframe>'
        )

    def save(self, path: str | os.PathLike[str]) -> Path:
        from graphkit.atomic import write_text

        write_text(path, self.html)
        return Path(path)


def show_map(source: Any, options: MapOptions | None = None, height: int = 650, **kw: Any) -> MapHTML:
    """A map for a notebook: ``show_map(ds, focus="Taliban", hops=2)`` (keywords are MapOptions fields);
    ``source`` may also be a :func:`to_pyvis` Network."""
    return MapHTML(as_network(source, options, kw).generate_html(), height=height)


def as_network(source: Any, options: MapOptions | None, kw: dict[str, Any]):
    """``source`` itself if it is a pyvis Network (options are then set on it, not here), else its map."""
    from pyvis.network import Network

    if not isinstance(source, Network):
        return to_pyvis(source, options, **kw)
    if options is not None or kw:
        from graphkit.errors import GraphkitError

        raise GraphkitError(
            "map options go to to_pyvis (to_pyvis(ds, focus=...)); a Network already made is changed "
            "with pyvis's own calls (net.toggle_physics(False), net.set_options(...))"
        )
    return source


# --------------------------------------------------------------------------- the data the page carries


def map_data(source: Any, options: MapOptions | None = None) -> dict[str, Any]:
    """Everything the page shows, as plain JSON-able data (the page's ``window.graphkit.data``)."""
    options = options or MapOptions()
    data = read_graph(source)
    full = event_network(data) if options.events else entity_network(data)
    total_nodes, total_edges = full.number_of_nodes(), full.number_of_edges()
    pagerank = nx.pagerank(full, weight="weight") if full.number_of_edges() else dict.fromkeys(full, 0.0)
    G = full
    notes: list[str] = []
    center = None
    if options.focus:
        center = find_node(full, options.focus)
        G = nx.ego_graph(full, center, radius=options.hops)
        notes.append(f"Focus: {full.nodes[center]['label']} and everything within {options.hops} hop(s).")
    pruned = None
    if G.number_of_nodes() > options.max_nodes:
        keep = set(top_nodes(G, options.max_nodes, pagerank, keep=[center] if center else []))
        left = [n for n in G if n not in keep]
        kept = G.subgraph(keep)
        by_type = Counter(G.nodes[n].get("type", "?") for n in left)
        here = options.command  # the same view again, with room for every node
        if center is not None:
            here += f" --focus {shlex.quote(str(full.nodes[center]['label']))} --hops {options.hops}"
        best_left = sorted(left, key=lambda n: (-pagerank.get(n, 0.0), str(n)))[:8]
        pruned = {
            "shown": len(keep), "of": G.number_of_nodes(), "left_out": len(left),
            "left_out_by_type": dict(by_type.most_common()),
            "left_out_edges": G.number_of_edges() - kept.number_of_edges(),
            "most_central_left_out": [G.nodes[n].get("label", str(n)) for n in best_left],
            "how": f"{here} --max-nodes {G.number_of_nodes()}  (everything), or "
                   f"{options.command} --focus NAME --hops 2  (one actor's neighbourhood)",
        }  # fmt: skip
        G = kept.copy()
    physics = options.physics if options.physics is not None else G.number_of_nodes() <= PHYSICS_LIMIT
    positions = {} if physics else layout(G)

    sentences: dict[tuple[str, str], int] = {}
    articles: dict[str, int] = {}

    def art(label: str) -> int:
        return articles.setdefault(label, len(articles))

    def sent(text: str, article: str) -> int | None:
        if not text:
            return None
        return sentences.setdefault((text, article), len(sentences))

    ids = {n: i for i, n in enumerate(sorted(G, key=lambda n: (-pagerank.get(n, 0.0), str(n))))}
    top = max((pagerank.get(n, 0.0) for n in G), default=0.0) or 1.0
    event_types = sorted({ev.type for ev in data.events.values()})
    event_colors = {t: EVENT_PALETTE[i % len(EVENT_PALETTE)] for i, t in enumerate(event_types)}
    nodes = []
    for n, i in sorted(ids.items(), key=lambda x: x[1]):
        a = G.nodes[n]
        info = data.entities.get(n)
        ev = data.events.get(n)
        row: dict[str, Any] = {
            "id": i, "iri": n, "label": a.get("label", n), "type": a.get("type", "Entity"),
            "value": round(math.sqrt(pagerank.get(n, 0.0) / top), 4), "pagerank": round(pagerank.get(n, 0.0), 5),
            "degree": full.degree(n), "shown_degree": G.degree(n),
        }  # fmt: skip
        if info is not None:
            row.update(category=info.category, aliases=list(info.aliases), links=list(info.links),
                       mentions=info.mentions, articles=len(info.articles),
                       s=[sent(t, al) for t, al in info.sentences])  # fmt: skip
        if n in data.merged:  # an applied merge: the IRIs this node stands for, and the rule that joined each
            m = data.merged[n]
            names = {iri: label for iri, label, _, _ in m.members}
            row["merged"] = [[iri, label, t, k] for iri, label, t, k in m.members]
            row["merge_links"] = [[names[x.a], names[x.b], x.rule, x.confidence, x.why] for x in m.links]
        if ev is not None:
            row.update(event_type=ev.type, factuality=ev.factuality, date=ev.date or ev.article_date,
                       s=[sent(ev.sentence, ev.article)], articles=1)  # fmt: skip
        if n in positions:
            row["x"], row["y"] = positions[n]
        nodes.append({k: v for k, v in row.items() if v not in (None, [], [None])})

    # events for the Timeline view and the links' facts: those touching the map first
    all_rows = timeline(data)
    touching = [any(iri in ids for _, iri in data.events[r.iri].participants) for r in all_rows]
    shown_events = [r for r, t in zip(all_rows, touching, strict=True) if t]
    other_events = [r for r, t in zip(all_rows, touching, strict=True) if not t]
    tl_rows = (shown_events + other_events)[:TIMELINE_LIMIT] if options.timeline else shown_events
    tl_rows.sort(key=lambda r: (r.date is None, r.date or "", r.date_source != "event"))
    ev_index = {r.iri: k for k, r in enumerate(tl_rows)}
    events = []
    for r in tl_rows:
        ev = data.events[r.iri]
        events.append({
            "type": ev.type, "trigger": ev.trigger, "factuality": ev.factuality, "date": r.date,
            "date_source": r.date_source, "s": sent(ev.sentence, ev.article), "a": art(ev.article),
            "p": [[role, ids.get(iri, -1), data.entities[iri].label] for role, iri in ev.participants],
            "iri": ev.iri,
        })  # fmt: skip

    edges = []
    for a, b in sorted(G.edges(), key=lambda e: (ids[e[0]], ids[e[1]])):
        attrs = G.edges[a, b]
        rels = [[r["predicate"], r.get("title") or "", ids.get(r["subject"], -1), ids.get(r["object"], -1),
                 sent(r.get("sentence", ""), r.get("article", ""))] for r in attrs.get("relations", [])]  # fmt: skip
        evs = [ev_index[e] for e in attrs.get("events", []) if e in ev_index]
        etypes = Counter(data.events[e].type for e in attrs.get("events", []) if e in data.events)
        label = attrs.get("role") or (
            rels[0][0] if rels else (etypes.most_common(1)[0][0] if etypes else None)
        )
        row = {"from": ids[a], "to": ids[b], "weight": attrs.get("weight", 1.0), "label": label, "r": rels, "e": evs,
               "n_events": len(attrs.get("events", [])), "event_types": sorted(etypes)}  # fmt: skip
        if attrs.get("role"):
            row["role"] = attrs["role"]
        edges.append({k: v for k, v in row.items() if v not in (None, [])})

    type_counts = Counter(n["type"] for n in nodes)
    event_counts = Counter(e["type"] for e in events)
    fact_counts = Counter(e["factuality"] for e in events)
    left_names = []
    if pruned is not None:
        left_names = sorted(
            (
                full.nodes[n].get("label", str(n))
                for n in full
                if n not in ids and full.nodes[n].get("kind") != "event"
            ),
            key=lambda s: (len(s), s),
        )[:SEARCH_LIMIT]
    summary = f"{len(nodes):,} nodes, {len(edges):,} links"
    if len(nodes) < total_nodes:
        summary += f" (of {total_nodes:,} nodes and {total_edges:,} links)"
    summary += ". Size = PageRank. Hover for sources, click for details."
    lone = sum(1 for n in G if G.degree(n) == 0)
    if 0 < lone < G.number_of_nodes():
        summary += f" The {lone:,} node(s) with no link on this map are in rows below it."
    return {
        "title": options.title, "view": "event" if options.events else "entity",
        "nodes": nodes, "edges": edges, "events": events,
        "sentences": [[t, art(a)] for (t, a) in sentences], "articles": list(articles),
        "colors": COLORS, "event_colors": event_colors,
        "type_counts": dict(sorted(type_counts.items())), "event_type_counts": dict(event_counts.most_common()),
        "factuality_counts": dict(fact_counts.most_common()),
        "events_total": len(data.events), "events_shown": len(events),
        "physics": physics, "summary": summary, "notes": notes, "pruned": pruned, "left_out_names": left_names,
        "focus": ids.get(center) if center else None, "hops": options.hops, "timeline": options.timeline,
        "version": __version__,
    }  # fmt: skip


# --------------------------------------------------------------------------- layout


def layout(G: nx.Graph, seed: int = 7) -> dict[Any, tuple[float, float]]:
    """Positions (in screen pixels) for a large map, computed once so the browser need not simulate.

    Each connected component is laid out on its own and the components are packed in rows,
    largest first; nodes with no link go in a grid below. Inside a component, communities
    (Louvain) get a force-directed layout each and are placed as discs on a layout of the
    community graph, pushed apart until none overlap. networkx's ``spring_layout`` on a whole
    10,000-node graph took 204 s and its ``forceatlas2_layout`` builds dense n x n arrays
    (1.6 GB at 10,000 nodes); here each force layout sees one community.

    >>> pos = layout(nx.karate_club_graph())
    >>> len(pos), all(isinstance(x, float) for p in pos.values() for x in p)
    (34, True)
    """
    if G.number_of_nodes() == 0:
        return {}
    comps = sorted(
        (c for c in nx.connected_components(G) if len(c) > 1), key=lambda c: (-len(c), min(map(str, c)))
    )
    isolated = sorted((n for n in G if G.degree(n) == 0), key=lambda n: (str(G.nodes[n].get("type")), str(n)))
    blocks = [_component_layout(G.subgraph(c), seed) for c in comps]
    out: dict[Any, tuple[float, float]] = {}
    # shelf packing: rows of blocks, about as wide as the whole drawing is tall
    area = sum((b[1] + UNIT) * (b[2] + UNIT) for b in blocks) or 1.0
    row_width = max(math.sqrt(area) * 1.3, max((b[1] for b in blocks), default=0.0))
    x = y = row_h = 0.0
    for pos, w, h in blocks:
        if x > 0 and x + w > row_width:
            x, y, row_h = 0.0, y + row_h + UNIT, 0.0
        for n, (px, py) in pos.items():
            out[n] = (round(x + px, 1), round(y + py, 1))
        x += w + UNIT
        row_h = max(row_h, h)
    if isolated:
        top = (y + row_h + 2 * UNIT) if blocks else 0.0
        cols = max(1, int(math.sqrt(len(isolated) * 3)))
        step_x = max(row_width / cols, 2.5 * UNIT) if blocks else 2.5 * UNIT
        for k, n in enumerate(isolated):
            out[n] = (round((k % cols) * step_x, 1), round(top + (k // cols) * 1.5 * UNIT, 1))
    return out


UNIT = 28.0  # pixels of spacing per node


def _component_layout(H: nx.Graph, seed: int) -> tuple[dict[Any, tuple[float, float]], float, float]:
    """One connected component: positions with the top-left corner at (0, 0), width, height."""
    import numpy as np

    groups = [list(H)] if H.number_of_nodes() <= 40 else communities(H, seed=seed)
    discs = []  # (local positions in the unit disc, radius)
    for members in groups:
        radius = UNIT * math.sqrt(len(members)) + UNIT
        discs.append((_local_layout(H.subgraph(members), seed), radius))
    radii = np.array([r for _, r in discs])
    centers = np.zeros((len(discs), 2))
    if len(discs) > 1:
        index = {n: i for i, (local, _) in enumerate(discs) for n in local}
        C = nx.Graph()
        C.add_nodes_from(range(len(discs)))
        for a, b, w in H.edges(data="weight", default=1.0):
            i, j = index[a], index[b]
            if i != j:
                C.add_edge(i, j, weight=C.get_edge_data(i, j, {"weight": 0.0})["weight"] + w)
        pos = nx.spring_layout(C, seed=seed, weight="weight", iterations=100)
        centers = np.array([pos[i] for i in range(len(discs))])
        # scale so that linked communities sit about edge to edge, then remove overlaps
        ratios = [
            (radii[i] + radii[j]) / max(float(np.hypot(*(centers[i] - centers[j]))), 1e-6)
            for i, j in C.edges()
        ]
        centers = centers * (float(np.median(ratios)) if ratios else 1.0)
        centers = _separate(centers, radii)
    out = {}
    for (local, radius), c in zip(discs, centers, strict=True):
        for n, (x, y) in local.items():
            out[n] = (float(c[0] + x * (radius - UNIT)), float(c[1] + y * (radius - UNIT)))
    xs = [p[0] for p in out.values()]
    ys = [p[1] for p in out.values()]
    x0, y0 = min(xs), min(ys)
    return {n: (p[0] - x0, p[1] - y0) for n, p in out.items()}, max(xs) - x0, max(ys) - y0


def _local_layout(H: nx.Graph, seed: int) -> dict[Any, tuple[float, float]]:
    """A community's own layout, scaled into the unit disc."""
    n = H.number_of_nodes()
    if n == 1:
        return {next(iter(H)): (0.0, 0.0)}
    if n == 2:
        a, b = sorted(H, key=str)
        return {a: (-0.5, 0.0), b: (0.5, 0.0)}
    # a huge community gets a spectral placement (sparse eigenvectors), no O(n^2) force step
    pos = nx.spectral_layout(H) if n > 1500 else _force_layout(H, seed)
    xy = list(pos.values())
    cx = sum(p[0] for p in xy) / n
    cy = sum(p[1] for p in xy) / n
    r = max(math.hypot(p[0] - cx, p[1] - cy) for p in xy) or 1.0
    return {k: ((p[0] - cx) / r, (p[1] - cy) / r) for k, p in pos.items()}


def _force_layout(H: nx.Graph, seed: int, iterations: int = 40) -> dict[Any, tuple[float, float]]:
    """Fruchterman-Reingold on one community with dense numpy arrays (n <= 1500): twice as fast
    as ``nx.spring_layout`` here, which matters when a large map has a hundred communities."""
    import numpy as np

    nodes = list(H)
    n = len(nodes)
    A = nx.to_numpy_array(H, nodelist=nodes, weight=None)
    pos = np.random.default_rng(seed).random((n, 2))
    k = 1.0 / math.sqrt(n)
    t = 0.1
    cool = t / (iterations + 1)
    for _ in range(iterations):
        delta = pos[:, None, :] - pos[None, :, :]
        d2 = np.clip(np.einsum("ijk,ijk->ij", delta, delta), 1e-6, None)
        force = k * k / d2 - A * np.sqrt(d2) / k  # repulsion from all, attraction along links
        disp = np.einsum("ijk,ij->ik", delta, force)
        length = np.clip(np.sqrt((disp**2).sum(1)), 1e-9, None)
        pos += disp * (np.minimum(length, t) / length)[:, None]
        t -= cool
    return {node: (float(x), float(y)) for node, (x, y) in zip(nodes, pos, strict=True)}


def _separate(centers, radii, rounds: int = 200):
    """Push discs apart until no two overlap (a few hundred discs: vectorised pairwise steps)."""
    import numpy as np

    c = centers.astype(float).copy()
    rng = random.Random(0)
    gap = 20.0
    for _ in range(rounds):
        d = c[:, None, :] - c[None, :, :]
        dist = np.sqrt((d**2).sum(-1))
        need = radii[:, None] + radii[None, :] + gap
        overlap = np.triu(need - dist, 1)
        overlap[overlap < 0] = 0
        if not overlap.any():
            break
        zero = dist < 1e-9
        if zero.any():
            jitter = np.array([[rng.uniform(-1, 1), rng.uniform(-1, 1)] for _ in range(len(c))])
            c += jitter
            continue
        push = overlap / np.maximum(dist, 1e-9) / 2
        push = push + push.T
        move = (d * push[:, :, None]).sum(1)
        c += move
    return c


# --------------------------------------------------------------------------- the page


def safe_json(data: object) -> str:
    """JSON that can sit inside a ``<script>`` element: no ``<``, ``>``, ``&`` or line separators.

    >>> text = safe_json({"name": "</script><b>&"})
    >>> "<" in text or ">" in text or "&" in text, json.loads(text) == {"name": "</script><b>&"}
    (False, True)
    """
    text = json.dumps(data, ensure_ascii=False, sort_keys=False, separators=(",", ":"))
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


__all__ = [
    "MapHTML", "MapOptions", "build_map", "layout", "map_data", "network_from_data", "safe_json", "show_map",
    "to_pyvis", "write_map",
]  # fmt: skip
