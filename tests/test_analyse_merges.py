"""Analysis and maps honour applied merges: each owl:sameAs-connected set of entities is one node.

Hand-built graphs (no model): the merges are written by the merge step's own writer
(:func:`graphkit.rdf.merge.write_merges`) or added as bare owl:sameAs triples; candidates
(gk:mergeCandidate) are never applied. The end-to-end test at the bottom builds two small
articles with the real model and checks the report and the map.
"""

from __future__ import annotations

import csv
import json
from collections import Counter

import pytest
from rdflib import Dataset, URIRef
from rdflib.namespace import OWL

from graphkit.analysis import analyse, entity_network, event_network, find_node, paths_between, read_graph
from graphkit.rdf.build import IRIs, to_rdf
from graphkit.rdf.io import write_graph
from graphkit.rdf.merge import Merge, merges_graph_iri, read_nodes, write_merges
from graphkit.types import Argument, Article, Entity, Event, Extraction, Relation, Sentence, Span
from graphkit.visualise import MapOptions, build_map, map_data
from tests.factories import mention, sample_extraction, span
from tests.test_analyse import second_article

IRI = IRIs()
B, AJB, T, M, US = (
    str(IRI.entity(k))
    for k in ("person/bakhtawar", "person/abdul-jalil-bakhtawar", "org/taliban", "person/massoud",
              "place/united-states")
)  # fmt: skip


def third_article() -> Extraction:
    """The general under his full name: he meets the United States; his son Massoud is named again."""
    text = "Abdul Jalil Bakhtawar met United States envoys in Doha. His son Massoud was there."
    s0 = text.index(".") + 1
    sents = (Sentence(0, 0, s0, text[:s0]), Sentence(1, s0 + 1, len(text), text[s0 + 1 :]))
    ents = (
        Entity("person/abdul-jalil-bakhtawar", "Person", "Abdul Jalil Bakhtawar",
               (mention(text, "Abdul Jalil Bakhtawar"),), aliases=("General Bakhtawar",)),
        Entity("place/united-states", "Location", "United States", (mention(text, "United States"),),
               subtype="country"),
        Entity("person/massoud", "Person", "Massoud", (mention(text, "Massoud", 1),)),
    )  # fmt: skip
    met = Event(span(text, "met"), "talks", "meet", 0,
                arguments=(Argument("agent", span(text, "Abdul Jalil Bakhtawar"), "person/abdul-jalil-bakhtawar"),
                           Argument("recipient", span(text, "United States"), "place/united-states")))  # fmt: skip
    son = Relation("person/massoud", "childOf", "person/abdul-jalil-bakhtawar", 1,
                   Span(s0 + 1, len(text), text[s0 + 1 :]), title="son")  # fmt: skip
    art = Article(id="a3", text=text, title="Envoys met", date="2020-06-01", source="Test Wire")
    return Extraction(art, sents, ents, (son,), (met,), (), (), "test")


def merge(ds: Dataset, pairs: list[tuple[str, str, str, float, bool]]) -> Dataset:
    """Write merges (a, b, rule, confidence, applied) the way the merge step does; returns ``ds``."""
    nodes = {str(n.iri): n for n in read_nodes(ds)}
    decisions = [Merge(nodes[a], nodes[b], rule, f"test: {rule}", conf, ok) for a, b, rule, conf, ok in pairs]
    write_merges(ds, decisions)
    return ds


@pytest.fixture(scope="module")
def unmerged():
    return to_rdf([sample_extraction(), second_article(), third_article()])


@pytest.fixture(scope="module")
def merged():
    ds = to_rdf([sample_extraction(), second_article(), third_article()])
    return merge(ds, [(AJB, B, "surname", 0.85, True)])


def quads(g) -> set:
    return set(g.quads((None, None, None, None)))


# --------------------------------------------------------------------------- without and with a merge


def test_without_merges_nothing_is_collapsed(unmerged):
    data = read_graph(unmerged)
    assert data.merged == {} and data.same_as == {} and data.merge_candidates == 0
    assert B in data.entities and AJB in data.entities
    assert all(e.members == (e.iri,) for e in data.entities.values())
    r = analyse(unmerged)
    assert r.merged == () and r.counts["merges"] == {"nodes": 0, "iris": 0, "candidates": 0}
    md = r.to_markdown()
    assert "## Merged entities" in md and "No entities were merged" in md
    assert not any("merged" in n for n in map_data(unmerged)["nodes"])


def test_a_merge_is_one_node_with_everything_of_its_members(merged):
    data = read_graph(merged)
    assert AJB not in data.entities and data.same_as == {AJB: B}
    e = data.entities[B]  # 2 mentions against 1: the representative
    assert e.members == (B, AJB)
    assert e.label == "Abdul Jalil Bakhtawar"  # the fullest name of all members
    assert set(e.aliases) == {"Bakhtawar", "General Bakhtawar"}
    assert e.mentions == 3 and e.articles == ("A title", "Deal signed", "Envoys met")
    assert {a for _, a in e.sentences} == {"A title", "Deal signed", "Envoys met"}
    assert types_of(data) == {"Location": 3, "Organisation": 1, "Person": 2}
    # events, relations and claims point at the merged node
    talks = next(ev for ev in data.events.values() if ev.type == "talks")
    assert ("agent", B) in talks.participants
    assert {(r.subject, r.object) for r in data.relations if r.predicate == "childOf"} == {(M, B)}
    (m,) = data.merged.values()
    assert [(x[0], x[2], x[3]) for x in m.members] == [(B, "Person", 2), (AJB, "Person", 1)]
    (link,) = m.links
    assert (link.a, link.b, link.rule, link.confidence) == (AJB, B, "surname", 0.85)
    assert link.why == "test: surname" and link.articles == ("A title", "Deal signed", "Envoys met")


def types_of(data) -> dict[str, int]:
    return dict(sorted(Counter(e.type for e in data.entities.values()).items()))


def test_edges_are_repointed_and_their_weights_summed(unmerged, merged):
    before, after = entity_network(unmerged), entity_network(merged)
    assert after.number_of_nodes() == before.number_of_nodes() - 1 and AJB not in after
    # Massoud is the son of both names: one link, two relations, the weights added
    assert before.edges[M, B]["weight"] == 2.0 and before.edges[M, AJB]["weight"] == 2.0
    assert after.edges[M, B]["weight"] == 4.0 and len(after.edges[M, B]["relations"]) == 2
    # the meeting of the full name with the United States is now the general's
    assert not before.has_edge(B, US) and after.edges[B, US]["weight"] == 1.0
    assert after.nodes[B]["members"] == (B, AJB) and "members" not in after.nodes[T]
    assert not any(a == b for a, b in after.edges())  # no link from a node to itself
    EV = event_network(merged)
    assert AJB not in EV and sum(1 for _, d in EV.nodes(data=True) if d["kind"] == "entity") == 6
    talks = next(n for n, d in EV.nodes(data=True) if d.get("event_type") == "talks")
    assert EV.edges[talks, B]["role"] == "agent"


def test_a_merged_iri_still_finds_its_node(merged):
    G = entity_network(merged)
    assert find_node(G, AJB) == B and find_node(G, "General Bakhtawar") == B
    r = paths_between(G, AJB, "United States")
    assert r.length == 1 and r.source == "Abdul Jalil Bakhtawar"


def test_the_report_lists_the_merges_and_counts_them_once(merged):
    r = analyse(merged, egos=[AJB])
    assert r.counts["entities"]["Person"] == 2
    assert r.counts["merges"] == {"nodes": 1, "iris": 2, "candidates": 0}
    (row,) = r.merged
    assert row.label == "Abdul Jalil Bakhtawar" and [x.iri for x in row.members] == [B, AJB]
    assert row.links[0].rule == "surname" and row.links[0].confidence == 0.85
    assert r.egos[0].center == "Abdul Jalil Bakhtawar" and "United States" in {
        n.label for n in r.egos[0].nodes
    }
    md = r.to_markdown()
    section = md.split("## Merged entities", 1)[1].split("\n## ", 1)[0]
    assert (
        "| Abdul Jalil Bakhtawar | Person | Abdul Jalil Bakhtawar = Bakhtawar | surname | 0.85 |" in section
    )
    assert "2 entity IRIs joined by owl:sameAs are counted as 1" in md
    assert json.loads(r.to_json())["merged"][0]["links"][0]["a_iri"] == AJB


def test_nothing_given_is_changed_and_every_source_reads_the_same(merged, tmp_path):
    import pyoxigraph as ox

    before = quads(merged)
    data = read_graph(merged)
    analyse(merged)
    map_data(merged)
    assert quads(merged) == before
    store = ox.Store()
    write_graph(merged, tmp_path / "g.trig")
    write_graph(merged, tmp_path / "g.ttl")
    store.load(path=str(tmp_path / "g.trig"), format=ox.RdfFormat.TRIG)
    for source in (tmp_path / "g.trig", tmp_path / "g.ttl", store):
        other = read_graph(source)
        assert other.entities == data.entities and other.merged == data.merged
        assert other.events == data.events and set(other.relations) == set(data.relations)


def test_a_store_folder_reads_the_merges(merged, tmp_path):
    store_module = pytest.importorskip("graphkit.rdf.store")
    with store_module.GraphStore(tmp_path / "store", writable=True) as st:
        st.write(
            [
                store_module.article_rdf(x, IRI)
                for x in (sample_extraction(), second_article(), third_article())
            ]
        )
        name = merges_graph_iri()
        st.put_graph(str(name), merged.graph(name))
    data = read_graph(tmp_path / "store")
    assert data.merged == read_graph(merged).merged and data.same_as == {AJB: B}


# --------------------------------------------------------------------------- chains, types, candidates


def people(*names_and_counts: tuple[str, int]) -> Dataset:
    """One article per person, the name repeated ``count`` times."""
    xs = []
    for i, (name, count) in enumerate(names_and_counts):
        text = " ; ".join([name] * count)
        ms = tuple(mention(text, name, 0, nth=k) for k in range(count))
        key = "person/" + name.lower().replace(" ", "-")
        xs.append(Extraction(Article(id=f"p{i}", text=text), (Sentence(0, 0, len(text), text),),
                             (Entity(key, "Person", name, ms),)))  # fmt: skip
    return to_rdf(xs)


def person(name: str) -> str:
    return str(IRI.entity("person/" + name.lower().replace(" ", "-")))


def test_a_chain_is_one_node_whatever_the_order_of_its_links():
    ds = people(("Jobs", 2), ("Steve Jobs", 2), ("Steven Paul Jobs", 1), ("Tim Cook", 1))
    a, b, c = person("Jobs"), person("Steve Jobs"), person("Steven Paul Jobs")
    merge(ds, [(a, b, "surname", 0.85, True), (c, b, "alias", 0.9, True)])
    g = ds.graph(merges_graph_iri())
    g.add((URIRef(a), OWL.sameAs, URIRef(c)))  # a bare owl:sameAs, with no statement about it
    data = read_graph(ds)
    assert set(data.entities) == {a, person("Tim Cook")}  # a and b tie on mentions: the smaller IRI
    assert data.entities[a].members == (a, b, c) and data.entities[a].mentions == 5
    assert data.entities[a].label == "Steven Paul Jobs"
    assert data.same_as == {b: a, c: a}
    rules = {(x.a, x.b): (x.rule, x.confidence) for x in data.merged[a].links}
    assert rules == {(a, b): ("surname", 0.85), (c, b): ("alias", 0.9), (a, c): ("owl:sameAs", None)}
    md = analyse(ds).to_markdown()
    assert "| owl:sameAs |  |" in md  # no confidence recorded: an empty cell, not a made-up one


def test_a_merge_of_conflicting_types_takes_the_type_most_mentions_have():
    x = sample_extraction()
    text = "The Taliban group. The Taliban fighters. The Taliban."
    group = Entity("group/taliban", "Group", "Taliban",
                   tuple(mention(text, "Taliban", 0, nth=k) for k in range(3)))  # fmt: skip
    art = Extraction(Article(id="g1", text=text), (Sentence(0, 0, len(text), text),), (group,))
    ds = to_rdf([x, art])
    G_iri = str(IRI.entity("group/taliban"))
    ds.graph(merges_graph_iri()).add((URIRef(T), OWL.sameAs, URIRef(G_iri)))
    data = read_graph(ds)
    (rep,) = data.merged
    assert rep == G_iri and data.same_as == {T: G_iri}  # 3 mentions against 1
    e = data.entities[G_iri]
    assert e.type == "Group" and e.links == ("wikidata:Q42418",)  # the organisation's link is kept
    r = analyse(ds)
    assert r.merged[0].types == ("Group", "Organisation")
    assert "| Taliban | Group | Taliban (Organisation) = Taliban (Group) | owl:sameAs |" in r.to_markdown()
    defection = next(ev for ev in data.events.values() if ev.type == "defection")
    assert ("recipient", G_iri) in defection.participants


def test_candidates_and_outside_identifiers_do_not_merge():
    a, b, c = person("Jobs"), person("Steve Jobs"), person("Tim Cook")
    ds = people(("Jobs", 1), ("Steve Jobs", 1), ("Tim Cook", 1))
    merge(ds, [(a, b, "surname", 0.4, False)])  # a candidate for review
    wd = URIRef("http://www.wikidata.org/entity/Q19837")
    for n in (b, c):  # two nodes naming one outside identifier (the merge step keeps those as candidates)
        ds.add((URIRef(n), OWL.sameAs, wd, URIRef(str(IRI.base) + "g")))
    data = read_graph(ds)
    assert data.merged == {} and set(data.entities) == {a, b, c}
    assert data.merge_candidates == 1
    r = analyse(ds)
    assert r.counts["merges"]["candidates"] == 1
    assert "1 uncertain pair(s) (`gk:mergeCandidate`) were not applied" in r.to_markdown()
    assert "merge-candidates.csv" in r.to_markdown()


def test_markdown_and_map_escape_merge_reasons():
    ds = people(("Jobs", 1), ("Steve <b>Jobs</b>", 1))
    a, b = person("Jobs"), person("Steve <b>Jobs</b>")
    nodes = {str(n.iri): n for n in read_nodes(ds)}
    write_merges(ds, [Merge(nodes[a], nodes[b], "alias", "<img src=x onerror=alert(1)>|", 0.9, True)])
    md = analyse(ds).to_markdown()
    assert "<img" not in md and "&lt;img src=x onerror=alert(1)&gt;\\|" in md
    page = build_map(ds)
    assert "<img src=x" not in page and "<b>Jobs" not in page


# --------------------------------------------------------------------------- the map and the tables


def test_the_map_node_lists_its_merged_iris_and_rule(merged):
    d = map_data(merged)
    node = next(n for n in d["nodes"] if n["iri"] == B)
    assert node["label"] == "Abdul Jalil Bakhtawar" and "Bakhtawar" in node["aliases"]
    assert [m[0] for m in node["merged"]] == [B, AJB]
    assert node["merge_links"] == [["Abdul Jalil Bakhtawar", "Bakhtawar", "surname", 0.85, "test: surname"]]
    assert not any(n["iri"] == AJB for n in d["nodes"])
    talks = next(e for e in d["events"] if e["type"] == "talks")
    assert talks["p"][0][1] == node["id"]
    focused = map_data(merged, MapOptions(focus=AJB, hops=1))  # a merged IRI focuses on its node
    assert focused["nodes"][focused["focus"]]["iri"] == B


def test_tables_carry_the_merged_iris(merged, tmp_path):
    from graphkit.analysis import write_tables

    paths = write_tables(analyse(merged).network, tmp_path)
    rows = {r["Id"]: r for r in csv.DictReader(paths["nodes"].open())}
    assert rows[B]["merged_iris"] == AJB and rows[T]["merged_iris"] == "" and AJB not in rows


# --------------------------------------------------------------------------- scale


def test_collapsing_is_linear_on_a_long_chain():
    """A chain of 100,000 owl:sameAs links given in reverse (no recursion, no pairwise step)."""
    from graphkit.analysis import same_as_groups

    n = 100_000
    pairs = [(f"e{i:06d}", f"e{i + 1:06d}") for i in range(n)][::-1]
    counts = {f"e{i:06d}": 1 for i in range(n + 1)}
    counts["e050000"] = 2
    groups = same_as_groups(pairs, counts)
    assert list(groups) == ["e050000"] and len(groups["e050000"]) == n + 1
    assert groups["e050000"][:3] == ["e050000", "e000000", "e000001"]


# --------------------------------------------------------------------------- end to end (real model)

AIR_FORCE = {  # one organisation under two spellings, in two articles: the merge step's name-variant rule
    "strike.txt": "The U.S. Air Force bombed a Taliban base in Helmand on Monday.",
    "statement.txt": "The United States Air Force said its jets struck a Taliban base in Helmand province.",
}


@pytest.fixture(scope="module")
def air_force_build(tmp_path_factory):
    from graphkit.pipeline import build

    src = tmp_path_factory.mktemp("air-force")
    for name, text in AIR_FORCE.items():
        (src / name).write_text(text + "\n", encoding="utf-8")
    return build(src, tmp_path_factory.mktemp("air-force-out"))


@pytest.mark.model
def test_two_articles_that_merge_give_one_node_in_the_report_tables_and_map(air_force_build):
    files = air_force_build.files
    usaf, us_af = (str(IRI.entity(k)) for k in ("org/united-states-air-force", "org/us-air-force"))
    (applied,) = [r for r in csv.DictReader(files["merges_csv"].open()) if r["status"] == "applied"]
    assert {applied["node_a"], applied["node_b"]} == {usaf, us_af} and applied["rule"] == "name-variant"
    report = json.loads(files["report_json"].read_text())
    (row,) = report["merged"]
    assert {m["iri"] for m in row["members"]} == {usaf, us_af} and row["links"][0]["rule"] == "name-variant"
    assert report["counts"]["merges"]["nodes"] == 1
    md = files["report_md"].read_text()
    assert "## Merged entities" in md and "| name-variant | 0.90 |" in md
    nodes = {r["Id"]: r for r in csv.DictReader(files["nodes_csv"].open())}
    assert len({usaf, us_af} & set(nodes)) == 1  # one node, carrying the other IRI
    (node,) = [r for r in nodes.values() if r["merged_iris"]]
    assert node["Label"] == "United States Air Force" and int(node["articles"]) == 2
    page = files["map"].read_text()
    data = json.loads(page.split('id="graph-data">', 1)[1].split("</script>", 1)[0])
    (mapped,) = [n for n in data["nodes"] if "merged" in n]
    assert {m[0] for m in mapped["merged"]} == {usaf, us_af} and mapped["merge_links"][0][2] == "name-variant"
    # what each spelling did in its own article ("bombed", "said") is now the one node's
    acting = {e["a"] for e in data["events"] if any(p[1] == mapped["id"] for p in e["p"])}
    assert len(acting) == 2


def test_a_long_merge_list_is_cut_in_markdown_not_in_json(monkeypatch):
    import graphkit.analysis.markdown as markdown_module

    monkeypatch.setattr(markdown_module, "MD_MERGE_ROWS", 1)
    ds = people(("Jobs", 2), ("Steve Jobs", 2), ("Steven Paul Jobs", 1))
    a, b, c = person("Jobs"), person("Steve Jobs"), person("Steven Paul Jobs")
    merge(ds, [(a, b, "surname", 0.85, True), (c, b, "alias", 0.9, True)])
    r = analyse(ds)
    assert len(r.merged[0].links) == 2
    md = r.to_markdown()
    assert (
        "The first 1 of 2 links; report.json lists them all." in md
        and md.count("| surname |") + md.count("| alias |") == 1
    )
