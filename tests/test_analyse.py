"""Analysis reads only the RDF: networks, measures, paths, ego networks, timeline, report and exports.

Hand-built graphs (no model) first; then the analyst's questions answered on the built samples.
"""

import csv
import dataclasses
import doctest
import importlib
import json
import subprocess
import sys
from dataclasses import replace

import networkx as nx
import pytest
from rdflib import Dataset

import graphkit.analysis as analyse_module
import graphkit.visualise as visualise_module
from graphkit.analysis import (
    EventFact,
    Paths,
    UnknownNodeError,
    analyse,
    betweenness,
    centrality,
    communities,
    edge_facts,
    ego_network,
    entity_network,
    event_network,
    find_node,
    key_events,
    paths_between,
    read_graph,
    timeline,
    to_graphml,
    write_tables,
)
from graphkit.rdf.build import IRIs, to_rdf
from graphkit.rdf.io import write_graph
from graphkit.types import Argument, Article, Entity, Event, Extraction, Mention, Sentence, Span, TimeValue
from tests.factories import sample_extraction

IRI = IRIs()
B, T, M, F = (
    str(IRI.entity(k)) for k in ("person/bakhtawar", "org/taliban", "person/massoud", "place/farah")
)


def second_article() -> Extraction:
    """Another article: the Taliban and the United States sign a deal; the Taliban defection is
    reported again (same type, same participants: one key event with two reports)."""
    text = "The Taliban and the United States signed a peace deal. Bakhtawar defected to the Taliban."
    s1 = text.index(".") + 1
    sents = (Sentence(0, 0, s1, text[:s1]), Sentence(1, s1 + 1, len(text), text[s1 + 1 :]))

    def sp(word: str, nth: int = 0) -> Span:
        i = -1
        for _ in range(nth + 1):
            i = text.index(word, i + 1)
        return Span(i, i + len(word), word)

    def men(word: str, sentence: int, nth: int = 0) -> Mention:
        s = sp(word, nth)
        return Mention(s.start, s.end, s.text, sentence)

    ents = (
        Entity("org/taliban", "Organisation", "Taliban", (men("Taliban", 0), men("Taliban", 1, 1))),
        Entity(
            "place/united-states",
            "Location",
            "United States",
            (men("United States", 0),),
            subtype="country",
            aliases=("US",),
        ),  # fmt: skip
        Entity("person/bakhtawar", "Person", "Bakhtawar", (men("Bakhtawar", 1),)),
    )
    deal = Event(sp("peace deal"), "agreement", "deal", 0, nominal=True,
                 arguments=(Argument("agent", sp("Taliban"), "org/taliban"),
                            Argument("agent", sp("United States"), "place/united-states")),
                 time=TimeValue("2020-02-29", "day"))  # fmt: skip
    defect = Event(sp("defected"), "defection", "defect", 1,
                   arguments=(Argument("agent", sp("Bakhtawar"), "person/bakhtawar"),
                              Argument("recipient", sp("Taliban", 1), "org/taliban")))  # fmt: skip
    art = Article(id="a2", text=text, title="Deal signed", date="2020-03-01", source="Test Wire")
    return Extraction(art, sents, ents, (), (deal, defect), (), (), "test")


@pytest.fixture(scope="module")
def ds():
    return to_rdf([sample_extraction(), second_article()])


def quads(g) -> set:
    return set(g.quads((None, None, None, None)))


# --------------------------------------------------------------------------- reading


def test_read_graph_reads_every_named_graph_whatever_the_source(ds, tmp_path):
    """rdflib (union or not), Oxigraph, files and KGData all give the same records."""
    import pyoxigraph as ox

    data = read_graph(ds)
    assert {e.label for e in data.entities.values()} == {"Bakhtawar", "Taliban", "Farah", "Massoud",
                                                         "United States", "Afghanistan"}  # fmt: skip
    assert data.entities[T].articles == ("A title", "Deal signed")  # article titles, both articles
    assert data.entities[T].mentions == 3
    assert ("Test Wire" in {a.source for a in data.articles.values()}) and len(data.articles) == 2
    no_union = Dataset()  # a dataset whose default graph is empty and not the union
    for q in ds.quads((None, None, None, None)):
        no_union.add(q)
    store = ox.Store()
    write_graph(ds, tmp_path / "g.trig")
    store.load(path=str(tmp_path / "g.trig"), format=ox.RdfFormat.TRIG)
    for other in (read_graph(no_union), read_graph(store), read_graph(tmp_path / "g.trig"),
                  read_graph([tmp_path / "g.trig"]), read_graph(data)):  # fmt: skip
        assert other.entities == data.entities
        assert other.events == data.events
        assert set(other.relations) == set(data.relations) and set(other.claims) == set(data.claims)
        assert other.triples == data.triples


def test_read_graph_reads_a_graphkit_store(ds, tmp_path):
    store_module = pytest.importorskip("graphkit.rdf.store")
    x = [sample_extraction(), second_article()]
    with store_module.GraphStore(tmp_path / "store", writable=True) as st:
        st.write([store_module.article_rdf(e, IRI) for e in x])
    expected = read_graph(ds)
    for source in (tmp_path / "store", [tmp_path / "store"]):
        data = read_graph(source)
        assert data.entities == expected.entities and data.events == expected.events
    with store_module.GraphStore(tmp_path / "store") as st:
        assert read_graph(st).entities == expected.entities
    r = analyse(tmp_path / "store", paths=[("Massoud", "United States")])
    assert r.paths[0].length == 3


def test_entity_records_carry_aliases_links_and_sentences(ds):
    data = read_graph(ds)
    us = data.entities[str(IRI.entity("place/united-states"))]
    assert us.aliases == ("US",) and us.category == "country"
    taliban = data.entities[T]
    assert taliban.links == ("wikidata:Q42418",)
    # one sentence per article first, each with its article's title
    assert [a for _, a in taliban.sentences] == ["A title", "Deal signed", "Deal signed"]
    farah = data.entities[F]
    assert "ISO 3166:AF-FRA" in farah.links
    assert data.contained_in == ((F, str(IRI.entity("place/afghanistan"))),)


def test_nothing_given_is_changed(ds):
    before = quads(ds)
    report = analyse(ds, paths=[("Massoud", "United States")], egos=["Taliban"])
    G = entity_network(ds)
    snapshot = nx.to_dict_of_dicts(G)
    centrality(G), communities(G), paths_between(G, "Massoud", "Taliban"), ego_network(G, "Taliban", 2)
    assert quads(ds) == before
    assert nx.to_dict_of_dicts(G) == snapshot
    assert report.network is not None and "pagerank" not in G.nodes[T]  # measures went on a copy


# --------------------------------------------------------------------------- networks


def test_entity_network_links_relations_places_and_shared_events(ds):
    G = entity_network(ds)
    assert G.nodes[B]["label"] == "Bakhtawar" and G.nodes[T]["type"] == "Organisation"
    assert len(G.edges[B, T]["events"]) == 2  # the defection, reported in both articles
    assert G.edges[B, T]["weight"] == 2.0
    rel = G.edges[M, B]["relations"][0]
    assert (rel["predicate"], rel["subject"], rel["object"], rel["title"]) == ("childOf", M, B, "son")
    assert rel["sentence"] == "His son Massoud denies it." and rel["article"] == "A title"
    assert G.edges[F, str(IRI.entity("place/afghanistan"))]["relations"][0]["predicate"] == "containedInPlace"
    us = str(IRI.entity("place/united-states"))
    assert G.edges[T, us]["events"] and G.graph["events"][G.edges[T, us]["events"][0]].type == "agreement"


def test_event_network_puts_events_between_participants(ds):
    G = event_network(ds)
    events = [n for n, d in G.nodes(data=True) if d.get("kind") == "event"]
    assert len(events) == 3
    defection = next(n for n in events if G.nodes[n]["event_type"] == "defection" and G.degree(n) == 3)
    assert {d["role"] for _, _, d in G.edges(defection, data=True)} == {"agent", "recipient", "place"}
    assert G.nodes[defection]["sentence"].startswith("Bakhtawar defected")


def test_big_events_do_not_link_every_pair():
    text = " ".join(f"P{i}" for i in range(10)) + " met."
    ents = tuple(
        Entity(f"person/p{i}", "Person", f"P{i}", (Mention(3 * i, 3 * i + 2, f"P{i}", 0),)) for i in range(10)
    )
    ev = Event(Span(len(text) - 4, len(text) - 1, "met"), "talks", "meet", 0,
               arguments=tuple(Argument("agent", Span(3 * i, 3 * i + 2, f"P{i}"), f"person/p{i}") for i in range(10)))  # fmt: skip
    x = Extraction(Article(id="big", text=text), (Sentence(0, 0, len(text), text),), ents, (), (ev,))
    G = entity_network(to_rdf([x]))
    assert G.number_of_nodes() == 10 and G.number_of_edges() == 0  # 10 > MAX_CLIQUE
    assert event_network(to_rdf([x])).number_of_edges() == 10


# --------------------------------------------------------------------------- measures


@pytest.mark.parametrize("seed", range(4))
def test_betweenness_equals_networkx(seed):
    G = nx.gnp_random_graph(70, 0.04, seed=seed)
    G.add_nodes_from(range(70, 74))  # isolated nodes
    exact = nx.betweenness_centrality(G)
    ours = betweenness(G)
    assert max(abs(exact[n] - ours[n]) for n in G) < 1e-12


def test_sampled_betweenness_is_repeatable_and_close():
    G = nx.barabasi_albert_graph(600, 2, seed=3)
    a, b = betweenness(G, k=200, seed=1), betweenness(G, k=200, seed=1)
    assert a == b
    exact = nx.betweenness_centrality(G)
    top_exact = set(sorted(exact, key=exact.get, reverse=True)[:5])
    top_est = set(sorted(a, key=a.get, reverse=True)[:10])
    assert top_exact <= top_est


def test_large_graphs_say_betweenness_was_sampled(monkeypatch, ds):
    monkeypatch.setattr(analyse_module.measures, "EXACT_BETWEENNESS_LIMIT", 3)
    r = analyse(ds)
    assert any("estimated from" in n and "sampled" in n for n in r.notes)
    assert "> Betweenness is estimated" in r.to_markdown()


def test_measures_are_deterministic(ds):
    G = entity_network(ds)
    assert centrality(G) == centrality(G) and communities(G) == communities(G)
    c = centrality(G)
    assert c[T]["degree"] == G.degree(T) and c[T]["strength"] == G.degree(T, weight="weight")
    assert max(c, key=lambda n: c[n]["pagerank"]) in {T, B}


# --------------------------------------------------------------------------- questions


def test_find_node_by_label_alias_case_and_word(ds):
    G = entity_network(ds)
    us = str(IRI.entity("place/united-states"))
    assert find_node(G, "United States") == us
    assert find_node(G, "us") == us  # alias, any case
    assert find_node(G, "the taliban") == T
    assert find_node(G, "States") == us  # a word of the name
    assert find_node(G, T) == T
    with pytest.raises(UnknownNodeError, match="did you mean 'Taliban'"):
        find_node(G, "Talibn")


def test_paths_between_two_actors_with_facts_and_sentences(ds):
    G = entity_network(ds)
    r = paths_between(G, "Massoud", "United States")
    assert isinstance(r, Paths) and r.length == 3
    first = r.paths[0]
    assert first.labels == ("Massoud", "Bakhtawar", "Taliban", "United States")
    kinds = [[f.kind for f in step.facts] for step in first.steps]
    assert kinds[0] == ["relation"] and "event" in kinds[1] and kinds[2] == ["event"]
    deal = first.steps[2].facts[0]
    assert isinstance(deal, EventFact) and deal.type == "agreement"
    assert deal.sentence.startswith("The Taliban and the United States signed")
    assert deal.article == "Deal signed" and "agreement “peace deal”" in deal.text
    assert all(p.hops <= r.length + 1 for p in r.paths)
    assert paths_between(G, "Taliban", "Taliban").paths == ()
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.length = 4  # type: ignore[misc]
    # the JSON form keeps the dict keys it always had ("from"/"to" for a step)
    step = r.to_dict()["paths"][0]["steps"][0]
    assert list(step) == ["from", "to", "facts"] and step["facts"][0]["kind"] == "relation"


def test_edge_facts_say_which_role_each_side_had(ds):
    G = entity_network(ds)
    facts = edge_facts(G, B, T)
    assert {f.type for f in facts} == {"defection"}
    assert all(f.roles == {"Bakhtawar": ("agent",), "Taliban": ("recipient",)} for f in facts)
    assert facts[0].to_dict()["roles"] == {"Bakhtawar": ["agent"], "Taliban": ["recipient"]}
    assert edge_facts(G, M, T) == []


def test_ego_network_lists_neighbours_by_distance_with_the_link(ds):
    G = entity_network(ds)
    r = ego_network(G, "Taliban", hops=2)
    rows = {n.label: n for n in r.nodes}
    assert rows["Bakhtawar"].distance == 1 and rows["Massoud"].distance == 2
    assert rows["Massoud"].via_label == "Bakhtawar" and rows["Massoud"].facts[0].predicate == "childOf"
    assert "Taliban" not in rows


def test_key_events_group_reports_of_one_event(ds):
    rows = key_events(read_graph(ds))
    defection = next(r for r in rows if r.type == "defection" and len(r.participants) == 3)
    assert defection.participants == ("agent: Bakhtawar", "place: Farah", "recipient: Taliban")
    two = next(r for r in rows if r.type == "defection" and len(r.participants) == 2)
    assert two.reports == 1 and two.articles == ("Deal signed",)
    assert rows[0] is defection  # most participants first


def test_timeline_orders_by_event_date_then_article_date():
    x = sample_extraction()
    rows = timeline(read_graph(to_rdf([x, second_article()])))
    assert [(r.date, r.date_source, r.type) for r in rows] == [
        ("2020-02-29", "event", "agreement"),
        ("2020-03-01", "article", "defection"),  # no date in the text: placed at its article's date
        ("2020-05", "event", "defection"),
    ]
    # a date the extractor took from the publication date (gk:dateBasis "publication") is the article's
    inferred = replace(x.events[0], time=TimeValue("2020-05-13", "day", True, inferred=True))
    rows = timeline(read_graph(to_rdf([replace(x, events=(inferred,))])))
    assert [(r.date, r.date_source, r.precision) for r in rows] == [("2020-05-13", "article", None)]
    undated = timeline(read_graph(to_rdf([replace(x, article=replace(x.article, date=None), events=(
        replace(x.events[0], time=None),))])))  # fmt: skip
    assert undated[0].date is None and undated[0].date_source is None


# --------------------------------------------------------------------------- report and exports


def test_report_answers_the_questions(ds):
    r = analyse(ds, paths=[("Massoud", "United States"), ("Massoud", "Nobody")], egos=["Bakhtawar"])
    assert r.counts["entities"] == {"Location": 3, "Organisation": 1, "Person": 2}
    assert (
        r.counts["articles"] == 2
        and r.counts["events"] == 3
        and r.counts["claims_by_factuality"] == {"denied": 1}
    )
    assert r.top_actors[0].label in {"Bakhtawar", "Taliban"}
    assert {"Bakhtawar", "Taliban", "United States"} <= set(r.rankings["degree"])
    assert "Farah" not in r.rankings["pagerank"]  # provinces are places, not actors; countries are actors
    assert r.brokers and all(b.communities_bridged >= 2 for b in r.brokers)
    assert r.denied_claims[0].speaker == "Massoud" and r.denied_claims[0].about == ("defection “defected”",)
    assert r.paths[0].length == 3 and "no node called 'Nobody'" in r.paths[1].error
    assert {n.label for n in r.egos[0].nodes} == {"Taliban", "Farah", "Massoud"}
    for rows in (r.top_actors, r.brokers, r.communities, r.key_events, r.timeline, r.denied_claims, r.paths,
                 r.egos):  # fmt: skip
        assert isinstance(rows, tuple) and rows and all(dataclasses.is_dataclass(x) for x in rows)
        assert all(not hasattr(x, "__dict__") for x in rows)  # slots
    md = r.to_markdown()
    for heading in ("## Most central actors", "## Brokers between communities", "## Communities", "## Key events",
                    "## How Massoud is connected to United States", "## Around Bakhtawar", "## Timeline",
                    "## Claims"):  # fmt: skip
        assert heading in md
    assert "| Bakhtawar |" in md and "> The Taliban and the United States signed a peace deal." in md
    data = json.loads(r.to_json())
    assert "network" not in data and data["paths"][0]["paths"][0]["labels"][0] == "Massoud"
    # a name that matched no node: no IRIs, as before
    assert list(data["paths"][1]) == ["source", "target", "error", "length", "paths"]
    assert data["top_actors"][0] == r.top_actors[0].to_dict() and data["denied_claims"][0]["about"] == [
        "defection “defected”"
    ]


def test_markdown_cells_cannot_inject_html_or_break_tables():
    x = sample_extraction()
    evil = replace(x.entities[0], name="Bakh|tawar <script>alert(1)</script>")
    r = analyse(to_rdf([replace(x, entities=(evil, *x.entities[1:]))]))
    md = r.to_markdown()
    assert "<script>" not in md and "&lt;script&gt;" in md and "Bakh\\|tawar" in md


def test_tables_and_graphml_for_gephi_and_pandas(ds, tmp_path):
    r = analyse(ds)
    paths = write_tables(r.network, tmp_path)
    nodes = list(csv.DictReader(paths["nodes"].open()))
    edges = list(csv.DictReader(paths["edges"].open()))
    assert list(nodes[0])[:3] == ["Id", "Label", "type"] and list(edges[0])[:4] == [
        "Source",
        "Target",
        "Type",
        "Weight",
    ]
    by_label = {n["Label"]: n for n in nodes}
    top = r.top_actors[0]
    assert float(by_label[top.label]["pagerank"]) == pytest.approx(top.pagerank, abs=1e-4)
    assert len(nodes) == r.counts["network"]["nodes"] and len(edges) == r.counts["network"]["edges"]
    child = next(e for e in edges if {e["source_label"], e["target_label"]} == {"Massoud", "Bakhtawar"})
    assert child["relations"] == "childOf" and child["Label"] == "childOf"
    # the same tables when the measures must be computed again
    again = write_tables(entity_network(ds), tmp_path / "again")
    assert again["nodes"].read_text() == paths["nodes"].read_text()
    H = nx.read_graphml(to_graphml(r.network, tmp_path / "g.graphml"))
    assert H.number_of_nodes() == len(nodes) and H.nodes[T]["label"] == "Taliban"
    assert isinstance(H.nodes[T]["pagerank"], float) and isinstance(H.nodes[T]["community"], int)
    E = nx.read_graphml(to_graphml(event_network(ds), tmp_path / "e.graphml"))
    assert sum(1 for _, d in E.nodes(data=True) if d["kind"] == "event") == 3


def test_docstring_examples_run():
    import pkgutil

    analysis = [analyse_module] + [
        importlib.import_module(f"graphkit.analysis.{m.name}")
        for m in pkgutil.iter_modules(analyse_module.__path__)
    ]
    for modules in (analysis, [visualise_module]):
        results = {module.__name__: doctest.testmod(module) for module in modules}
        assert not [name for name, r in results.items() if r.failed], results
        assert sum(r.attempted for r in results.values()) > 3, results


# --------------------------------------------------------------------------- the command


def gk(*args, check=True):
    return subprocess.run([sys.executable, "-m", "graphkit", *map(str, args)], capture_output=True, text=True,
                          check=check)  # fmt: skip


def test_analyse_command_paths_ego_tables_graphml(ds, tmp_path):
    graph = write_graph(ds, tmp_path / "g.ttl")
    out = gk("analyse", graph, "--path", "Massoud", "United States", "--ego", "Taliban", "--hops", "2").stdout
    assert "## How Massoud is connected to United States" in out and "## Around Taliban (2 hop(s))" in out
    gk("analyse", graph, "--out", tmp_path / "o", "--graphml", "--events")
    assert {p.name for p in (tmp_path / "o").iterdir()} == {"report.md", "report.json", "nodes.csv", "edges.csv",
                                                            "graph.graphml"}  # fmt: skip
    assert "event" in (tmp_path / "o" / "nodes.csv").read_text()  # --events exports the event view
    data = json.loads(gk("analyse", graph, "--json").stdout)
    assert data["counts"]["events"] == 3
    r = gk("analyse", graph, "--path", "Massoud", "Talibn", check=False)
    assert r.returncode == 1 and "did you mean 'Taliban'" in r.stderr and "Traceback" not in r.stderr


# --------------------------------------------------------------------------- on the samples (real model)


@pytest.mark.model
def test_the_samples_answer_an_analysts_questions(sample_graph):
    r = analyse(sample_graph, paths=[("Taliban", "United States")], egos=["Bakhtawar"])
    assert "Taliban" in [a.label for a in r.top_actors[:3]]
    assert "Taliban" in [b.label for b in r.brokers[:3]]
    link = r.paths[0]
    assert link.length == 1
    facts = link.paths[0].steps[0].facts
    assert any(f.kind == "event" and f.type == "agreement" and "peace deal" in f.sentence for f in facts)
    ego = {n.label for n in r.egos[0].nodes}
    assert {"Massoud", "Taliban", "Farah"} <= ego
    assert any(d.speaker == "Massoud" and "defection" in d.content for d in r.denied_claims)
    defection = next(k for k in r.key_events if k.type == "defection")
    assert "agent: Abdul Jalil Bakhtawar" in defection.participants
    assert any(c.event_types for c in r.communities)
    # an unnamed node is shown without its article id when no other node reads the same, and is still
    # found by its full label
    shown = {a.label for a in r.top_actors}
    assert "U.S. military command in Afghanistan" in shown
    assert not any(label.endswith("(afghan-general-defects-to-taliban)") for label in shown)
    G = entity_network(sample_graph)
    assert (
        G.nodes[find_node(G, "U.S. military command in Afghanistan (afghan-general-defects-to-taliban)")][
            "label"
        ]
        == "U.S. military command in Afghanistan"
    )


@pytest.mark.model
def test_build_writes_tables_and_links_the_timeline(sample_build):
    files = sample_build.files
    assert files["nodes_csv"].name == "nodes.csv" and files["edges_csv"].name == "edges.csv"
    nodes = list(csv.DictReader(files["nodes_csv"].open()))
    assert "Taliban" in {n["Label"] for n in nodes}
    assert "map.html#timeline" in files["report_md"].read_text()
