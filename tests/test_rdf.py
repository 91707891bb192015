"""RDF building on hand-built extractions: IRIs, provenance, no blank nodes, determinism."""

import pyoxigraph
from rdflib import BNode, Literal
from rdflib.compare import isomorphic, to_isomorphic
from rdflib.namespace import RDF, SDO

from graphkit.rdf.build import IRIs, add_extraction, new_dataset, to_rdf
from graphkit.rdf.io import load_graph, serialize, union_graph, write_graph
from graphkit.rdf.namespaces import GAF, GK, NIF, SEM
from tests.factories import TEXT, sample_extraction


def test_iris_are_deterministic_and_readable():
    iris = IRIs()
    assert (
        str(iris.entity("person/abdul-jalil-bakhtawar"))
        == "https://w3id.org/graphkit/data/entity/person/abdul-jalil-bakhtawar"
    )
    assert str(iris.mention("a b", 3, 9)) == "https://w3id.org/graphkit/data/article/a%20b#char=3,9"


def test_no_blank_nodes_and_every_mention_selects_its_text():
    g = union_graph(to_rdf([sample_extraction()]))
    assert not any(isinstance(t, BNode) for triple in g for t in triple)
    text = str(next(g.objects(None, NIF.isString)))
    assert text == TEXT
    mentions = list(g.subjects(NIF.anchorOf, None))
    assert len(mentions) > 5
    for m in mentions:
        b, e = int(g.value(m, NIF.beginIndex)), int(g.value(m, NIF.endIndex))
        assert text[b:e] == str(g.value(m, NIF.anchorOf))


def test_event_roles_provenance_and_time():
    g = union_graph(to_rdf([sample_extraction()]))
    iris = IRIs()
    ev = next(g.subjects(RDF.type, GK.Event))
    assert g.value(ev, SEM.eventType).endswith("/event-type/defection")
    assert g.value(ev, GK.agent) == iris.entity("person/bakhtawar")
    assert g.value(ev, GK.recipient) == iris.entity("org/taliban")
    assert g.value(ev, SEM.hasPlace) == iris.entity("place/farah")
    assert g.value(ev, GK.factuality) == GK.Asserted
    assert str(g.value(ev, GK.date)) == "2020-05"
    derived = set(g.objects(ev, GK.trigger))
    assert derived and all(str(g.value(d, NIF.anchorOf)) == "defected" for d in derived)
    sentences = [s for s in g.objects(ev, None) if (s, RDF.type, NIF.Sentence) in g]
    assert [str(g.value(s, NIF.anchorOf)) for s in sentences] == [
        "Bakhtawar defected to the Taliban in Farah."
    ]


def test_relation_is_direct_and_reified_and_claim_is_denied():
    g = union_graph(to_rdf([sample_extraction()]))
    iris = IRIs()
    assert (iris.entity("person/massoud"), GK.childOf, iris.entity("person/bakhtawar")) in g
    stmt = next(g.subjects(RDF.type, GK.RelationStatement))
    assert g.value(stmt, GK.title) == Literal("son")
    claim = next(g.subjects(RDF.type, GK.Claim))
    assert g.value(claim, GK.factuality) == GK.Denied
    assert g.value(claim, GK.speaker) == iris.entity("person/massoud")
    assert g.value(claim, GK.about) is not None


def test_part_of_from_gazetteer_and_links():
    g = union_graph(to_rdf([sample_extraction()]))
    iris = IRIs()
    farah = iris.entity("place/farah")
    assert g.value(farah, SDO.containedInPlace) == iris.entity("place/afghanistan")
    assert (farah, RDF.type, GK.AdministrativeArea) in g
    assert str(g.value(farah, GK.iso3166Code)) == "AF-FRA"
    assert (
        iris.entity("person/massoud"),
        GAF.denotedBy,
        iris.mention("a1", TEXT.index("His"), TEXT.index("His") + 3),
    ) in g


def test_same_entity_key_merges_across_articles_and_replacing_an_article_replaces_its_facts():
    ds = new_dataset()
    add_extraction(ds, sample_extraction("a1"))
    add_extraction(ds, sample_extraction("a2"))
    taliban = IRIs().entity("org/taliban")
    contexts = {q[3] for q in ds.quads((taliban, RDF.type, GK.Organisation, None))}
    assert {str(c).rsplit("/", 1)[-1] for c in contexts} == {"a1", "a2"}  # one node, stated by both articles
    before = len(ds)
    add_extraction(ds, sample_extraction("a2"))  # rebuilding the same article changes nothing
    assert len(ds) == before


def test_serialisations_parse_with_pyoxigraph_and_round_trip(tmp_path):
    ds = to_rdf([sample_extraction()])
    for name, fmt in (("g.ttl", pyoxigraph.RdfFormat.TURTLE), ("g.trig", pyoxigraph.RdfFormat.TRIG),
                      ("g.nt", pyoxigraph.RdfFormat.N_TRIPLES), ("g.jsonld", pyoxigraph.RdfFormat.JSON_LD)):  # fmt: skip
        path = write_graph(ds, tmp_path / name)
        assert sum(1 for _ in pyoxigraph.parse(path=str(path), format=fmt)) > 50
    again = union_graph(load_graph(tmp_path / "g.trig"))
    assert isomorphic(to_isomorphic(union_graph(ds)), to_isomorphic(again))


def test_turtle_is_byte_identical_across_builds():
    assert serialize(to_rdf([sample_extraction()]), "turtle") == serialize(
        to_rdf([sample_extraction()]), "turtle"
    )
