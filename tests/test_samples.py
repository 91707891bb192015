"""End to end on the bundled sample articles, with the real model: the facts the graph must state,
checked with SPARQL against the produced files, and the files checked by an independent parser."""

import json

import pyoxigraph
import pytest

from graphkit.sparql import run_query

pytestmark = [pytest.mark.model, pytest.mark.slow]


def ask(graph, q: str) -> bool:
    return run_query(graph, "ASK { " + q + " }").boolean


def select(graph, q: str):
    return run_query(graph, q).rows


def named(var: str, name: str) -> str:
    return f'{{ {var} rdfs:label "{name}" }} UNION {{ {var} skos:altLabel "{name}" }}'


PEOPLE = ["Abdul Jalil Bakhtawar", "Enayat Najafizada", "Obaidullah Baheer", "Kamal Alam", "Dawlat Waziri",
          "Dadullah Qani", "Zalmay Khalilzad", "Donald Trump", "Joe Biden", "Sharif Hassan", "Haq Nawaz Khan"]  # fmt: skip
ORGS = [
    "Taliban",
    "Hezb-i Islami",
    "NATO",
    "Atlantic Council",
    "Institute of War and Peace Studies",
    "Afghan National Army",
]
PLACES = ["Farah", "Kabul", "Dawlat Abad", "Tajikistan", "Peshawar", "Islamabad", "Bagram Air Base"]


def test_build_writes_the_five_files(sample_build):
    assert sorted(p.name for p in sample_build.files.values()) == sorted(
        [
            "graph.ttl",
            "graph.trig",
            "map.html",
            "report.md",
            "report.json",
            "nodes.csv",
            "edges.csv",
            "merge-candidates.csv",
            "event-merge-candidates.csv",
            "events.csv",
            "events.jsonl",
        ]
    )  # the five files of the interface, the node and link tables for Gephi and pandas, the event table
    assert sample_build.articles == 2 and not sample_build.skipped


@pytest.mark.parametrize("name", PEOPLE)
def test_people_are_persons_not_organisations(sample_graph, name):
    assert ask(sample_graph, f"?e a gk:Person . {named('?e', name)}"), name
    assert not ask(sample_graph, f"?e a gk:Organisation . {named('?e', name)}"), name


def test_bakhtawar_is_one_person_with_his_surname_as_alias(sample_graph):
    rows = select(sample_graph, 'SELECT DISTINCT ?e WHERE { ?e skos:altLabel "Bakhtawar" }')
    assert len(rows) == 1
    assert ask(
        sample_graph, '?e a gk:Person ; rdfs:label "Abdul Jalil Bakhtawar" ; skos:altLabel "Bakhtawar"'
    )
    assert not ask(sample_graph, '?e a gk:Organisation ; rdfs:label|skos:altLabel "Bakhtawar"')


@pytest.mark.parametrize("name", ORGS)
def test_organisations(sample_graph, name):
    assert ask(sample_graph, f"?e a gk:Organisation . {named('?e', name)}"), name


def test_ana_is_the_afghan_national_army(sample_graph):
    assert ask(sample_graph, '?e a gk:Organisation ; rdfs:label "Afghan National Army" ; skos:altLabel "ANA"')


def test_taliban_is_one_node_mentioned_in_both_articles(sample_graph):
    rows = select(sample_graph, 'SELECT DISTINCT ?e WHERE { ?e a gk:Organisation ; rdfs:label "Taliban" }')
    assert len(rows) == 1
    rows = select(
        sample_graph,
        """SELECT (COUNT(DISTINCT ?art) AS ?n) WHERE {
        ?e rdfs:label "Taliban" ; gaf:denotedBy ?m . ?m nif:referenceContext ?art }""",
    )
    assert int(rows[0][0]) == 2


@pytest.mark.parametrize("name", PLACES)
def test_places_are_locations(sample_graph, name):
    assert ask(sample_graph, f"?e a gk:Location . {named('?e', name)}"), name


def test_dawlat_abad_is_not_a_person(sample_graph):
    assert not ask(sample_graph, f"?e a gk:Person . {named('?e', 'Dawlat Abad')}")


def test_farah_is_a_province_within_afghanistan(sample_graph):
    assert ask(
        sample_graph,
        """?f rdfs:label "Farah" ; a gk:AdministrativeArea ; gk:iso3166Code "AF-FRA" ;
                                   schema:containedInPlace ?af . ?af rdfs:label "Afghanistan" """,
    )


def test_massoud_is_bakhtawars_son_and_deputy_governor_of_farah(sample_graph):
    assert ask(
        sample_graph, '?m rdfs:label "Massoud" ; gk:childOf ?b . ?b rdfs:label "Abdul Jalil Bakhtawar"'
    )
    assert ask(
        sample_graph,
        """?m rdfs:label "Massoud" ; gk:holdsPositionIn ?f . ?f rdfs:label "Farah" .
        ?st rdf:subject ?m ; rdf:object ?f ; gk:title ?t ; prov:wasDerivedFrom ?s . ?s a nif:Sentence .
        FILTER(CONTAINS(?t, "deputy governor"))""",
    )


def test_roles_and_affiliations(sample_graph):
    assert ask(
        sample_graph,
        """?q rdfs:label "Dadullah Qani" ; gk:holdsPositionIn ?f . ?f rdfs:label "Farah" .
                                   ?q gk:title ?t FILTER(CONTAINS(?t, "lawmaker"))""",
    )
    assert ask(
        sample_graph,
        """?n rdfs:label "Enayat Najafizada" ; gk:founded ?i ; gk:leads ?i .
                                   ?i rdfs:label "Institute of War and Peace Studies" """,
    )
    assert ask(
        sample_graph,
        """?k rdfs:label "Kamal Alam" ; gk:worksFor ?ac ; gk:title ?t .
                                   ?ac rdfs:label "Atlantic Council" FILTER(CONTAINS(?t, "fellow"))""",
    )
    assert ask(
        sample_graph,
        """?b rdfs:label "Obaidullah Baheer" ; gk:worksFor ?u ; gk:title ?t .
                                   ?u rdfs:label "American University" ; gk:locatedIn ?k . ?k rdfs:label "Kabul"
                                   FILTER(CONTAINS(?t, "lecturer"))""",
    )


def event_with(graph, etype: str, extra: str) -> bool:
    return ask(
        graph,
        f"""?ev a gk:Event ; sem:eventType gkt:{etype} ; prov:wasDerivedFrom ?s .
                          ?s a nif:Sentence ; nif:anchorOf ?text . {extra}""",
    )


def test_defection_of_bakhtawar_to_the_taliban_in_farah(sample_graph):
    assert event_with(
        sample_graph,
        "defection",
        """?ev gk:agent ?b ; gk:recipient ?t ; sem:hasPlace ?f .
        ?b rdfs:label "Abdul Jalil Bakhtawar" . ?t rdfs:label "Taliban" . ?f rdfs:label "Farah" """,
    )


def test_peace_deal_between_the_united_states_and_the_taliban(sample_graph):
    assert event_with(
        sample_graph,
        "agreement",
        """?ev gk:agent ?us, ?t .
        ?us rdfs:label "United States" . ?t rdfs:label "Taliban" """,
    )


def test_surrenders_of_afghan_soldiers(sample_graph):
    assert event_with(
        sample_graph,
        "surrender",
        """?ev gk:agent ?g . ?g a gk:Group ; rdfs:label ?l
        FILTER(CONTAINS(LCASE(?l), "soldiers"))""",
    )


def test_massacre_of_soldiers_in_dawlat_abad_by_the_taliban(sample_graph):
    assert event_with(
        sample_graph,
        "massacre",
        """?ev gk:agent ?t ; gk:patient ?s2 ; sem:hasPlace ?d .
        ?t rdfs:label "Taliban" . ?d rdfs:label "Dawlat Abad" . ?s2 a gk:Group""",
    )


def test_us_withdrawal(sample_graph):
    assert event_with(sample_graph, "withdrawal", '?ev gk:agent ?us . ?us rdfs:label "United States"')


def test_the_sons_denial_is_a_denial_by_massoud_not_a_plain_fact(sample_graph):
    assert ask(
        sample_graph,
        """?c a gk:Claim ; gk:speaker ?m ; gk:factuality gk:Denied ; gk:about ?ev .
        ?m rdfs:label "Massoud" . ?ev sem:eventType gkt:defection ; gk:factuality gk:Denied""",
    )


def test_every_event_and_relation_has_a_source_sentence(sample_graph):
    assert not ask(
        sample_graph, "?ev a gk:Event FILTER NOT EXISTS { ?ev prov:wasDerivedFrom ?s . ?s a nif:Sentence }"
    )
    assert not ask(
        sample_graph,
        "?r a gk:RelationStatement FILTER NOT EXISTS { ?r prov:wasDerivedFrom ?s . ?s a nif:Sentence }",
    )


def test_mention_offsets_select_their_text_in_the_article_files(sample_build):
    """Checked with pyoxigraph (an independent parser) against the article files as received."""
    from tests.conftest import SAMPLES

    store = pyoxigraph.Store()
    store.load(path=str(sample_build.files["trig"]), format=pyoxigraph.RdfFormat.TRIG)
    texts = {p.stem: p.read_text(encoding="utf-8") for p in SAMPLES.glob("*.txt")}
    rows = store.query("""
        PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
        PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT ?id ?b ?e ?a WHERE { GRAPH ?g { ?m nif:beginIndex ?b ; nif:endIndex ?e ; nif:anchorOf ?a ;
              nif:referenceContext ?art . ?art dcterms:identifier ?id } }""")
    n = 0
    for row in rows:
        text = texts[row["id"].value]
        assert text[int(row["b"].value) : int(row["e"].value)] == row["a"].value
        n += 1
    assert n > 500


def test_turtle_parses_with_pyoxigraph(sample_build):
    n = sum(
        1
        for _ in pyoxigraph.parse(path=str(sample_build.files["turtle"]), format=pyoxigraph.RdfFormat.TURTLE)
    )
    assert n > 5000


def test_report_names_the_taliban_among_the_most_central_actors(sample_build):
    report = json.loads(sample_build.files["report_json"].read_text())
    assert "Taliban" in [a["label"] for a in report["top_actors"][:5]]
    assert "Taliban" in sample_build.files["report_md"].read_text().split("## Brokers")[0]


def test_graph_conforms_to_the_shapes(sample_graph):
    from graphkit.rdf.validate import validate

    ok, text = validate(sample_graph)
    assert ok, text
