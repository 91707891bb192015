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

The package, one module per seam, imports one way (each only from those above it)::

    markdown  report.md: a :class:`Report` as Markdown (``Report.to_markdown()``)
    rows      the frozen result rows and :class:`Report`
    read      :func:`read_graph`: the RDF, read through :mod:`graphkit.rdf.read`, as :class:`KGData`
    network   the two networks and what is asked of them (:func:`find_node`, :func:`paths_between` ...)
    measures  :func:`centrality`, :func:`betweenness`, :func:`communities`, :func:`top_nodes`
    report    :func:`analyse`, :func:`key_events`, :func:`timeline`, :func:`merged_entities`
    writers   nodes.csv / edges.csv (:func:`write_tables`) and GraphML (:func:`to_graphml`)

This module re-exports the names callers use; import them from here.
"""

from __future__ import annotations

from graphkit.analysis.measures import betweenness, betweenness_sample, centrality, communities, top_nodes
from graphkit.analysis.network import (
    UnknownNodeError,
    edge_facts,
    ego_network,
    entity_network,
    event_network,
    find_node,
    paths_between,
)
from graphkit.analysis.read import (
    ArticleInfo,
    ClaimInfo,
    EntityInfo,
    EventInfo,
    KGData,
    RelationInfo,
    read_graph,
    same_as_groups,  # noqa: F401 (not in __all__, but imported from here)
)
from graphkit.analysis.report import (
    analyse,
    is_actor,
    key_events,
    merged_entities,  # noqa: F401 (not in __all__, but imported from here)
    timeline,
)
from graphkit.analysis.rows import (
    Actor,
    BindingEvent,
    Broker,
    Community,
    DeniedClaim,
    Ego,
    EventFact,
    Fact,
    KeyEvent,
    MergedMember,
    MergedNode,
    Neighbour,
    Paths,
    RelationFact,
    Report,
    RoleFact,
    Route,
    SameAsLink,
    Step,
    TimelineEntry,
)
from graphkit.analysis.writers import (
    _csv,  # noqa: F401 (not in __all__, but tests import it from here)
    csv_cell,  # noqa: F401 (not in __all__, but rdf.merge and rdf.events_table import it from here)
    to_graphml,
    write_tables,
)

__all__ = [
    "Actor", "ArticleInfo", "BindingEvent", "Broker", "ClaimInfo", "Community", "DeniedClaim", "Ego", "EntityInfo",
    "EventFact", "EventInfo", "Fact", "KGData", "KeyEvent", "MergedMember", "MergedNode", "Neighbour", "Paths",
    "RelationFact", "RelationInfo", "Report", "RoleFact", "Route", "SameAsLink", "Step", "TimelineEntry",
    "UnknownNodeError", "analyse", "betweenness", "betweenness_sample", "centrality", "communities", "edge_facts",
    "ego_network", "entity_network", "event_network", "find_node", "is_actor", "key_events", "paths_between",
    "read_graph", "timeline", "to_graphml", "top_nodes", "write_tables",
]  # fmt: skip
