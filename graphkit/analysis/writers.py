"""Exports for other tools: ``nodes.csv``/``edges.csv`` (Gephi, pandas) and GraphML, with the measures
as node attributes; CSV cells are guarded against formula injection.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path
from typing import Any

import networkx as nx

from graphkit.analysis.measures import _measures


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
