"""Analysis on a hand-built graph: the networkx view, measures and report read only the RDF."""

from graphkit.analyse import analyse, centrality, communities, entity_network, event_network, shortest_path
from graphkit.rdf.build import IRIs, to_rdf
from tests.factories import sample_extraction


def test_entity_network_from_rdf():
    G = entity_network(to_rdf([sample_extraction()]))
    iris = IRIs()
    b, t, m = (str(iris.entity(k)) for k in ("person/bakhtawar", "org/taliban", "person/massoud"))
    assert G.nodes[b]["label"] == "Bakhtawar" and G.nodes[t]["type"] == "Organisation"
    assert G.has_edge(b, t) and G.edges[b, t]["events"]  # shared defection event
    assert G.edges[m, b]["relations"][0][0] == "childOf"
    assert shortest_path(G, m, t) == [m, b, t]


def test_event_network_puts_events_between_participants():
    G = event_network(to_rdf([sample_extraction()]))
    events = [n for n, d in G.nodes(data=True) if d.get("kind") == "event"]
    assert len(events) == 1 and G.degree(events[0]) == 3
    assert {d["role"] for _, _, d in G.edges(events[0], data=True)} == {"agent", "recipient", "place"}


def test_measures_do_not_mutate_and_are_deterministic():
    G = entity_network(to_rdf([sample_extraction()]))
    edges_before = sorted(G.edges(data="weight"))
    c1, c2 = centrality(G), centrality(G)
    assert c1 == c2 and sorted(G.edges(data="weight")) == edges_before
    assert communities(G) == communities(G)


def test_report_markdown_and_json():
    r = analyse(to_rdf([sample_extraction()]))
    assert r.counts["entities"] == {"Location": 2, "Organisation": 1, "Person": 2}
    assert r.top_actors[0]["label"] in {"Bakhtawar", "Taliban"}
    assert r.denied_claims and r.denied_claims[0]["speaker"] == "Massoud"
    md = r.to_markdown()
    assert "## Most central actors" in md and "| Bakhtawar |" in md
    assert '"top_actors"' in r.to_json()
