"""The on-disk Oxigraph store: same graph as rdflib, incremental replacement, locks, export, queries.

Hand-built extractions (no model): every test checks the store against what rdflib makes of the
same extractions, and the store's invariant: its default graph is exactly the set union of its
named graphs.
"""

from __future__ import annotations

import io
from dataclasses import replace

import pyoxigraph as ox
import pytest
import rdflib

from graphkit.errors import QueryError, StoreError
from graphkit.rdf.build import IRIs, to_rdf
from graphkit.rdf.nquads import nquads, term
from graphkit.rdf.store import ArticleRDF, GraphStore, article_rdf, is_store
from tests.factories import TEXT, sample_extraction

IRI = IRIs()
TALIBAN = "https://w3id.org/graphkit/data/entity/org/taliban"


def named_quads(st: GraphStore) -> set[ox.Quad]:
    return {q for q in st.oxigraph if not isinstance(q.graph_name, ox.DefaultGraph)}


def default_triples(st: GraphStore) -> set[ox.Triple]:
    return {q.triple for q in st.oxigraph.quads_for_pattern(None, None, None, ox.DefaultGraph())}


def assert_merged(st: GraphStore) -> None:
    """The store's invariant: the default graph is the union of the article graphs, nothing more."""
    assert default_triples(st) == {q.triple for q in named_quads(st)}


def rdflib_quads(extractions) -> set[ox.Quad]:
    """What rdflib's in-memory build makes of the same extractions, as Oxigraph quads."""
    data = to_rdf(extractions).serialize(format="nquads", encoding="utf-8")
    return set(ox.parse(data, ox.RdfFormat.N_QUADS))


def write(st: GraphStore, *extractions, replace_ids=()) -> list:
    return st.write([article_rdf(x, IRI) for x in extractions], replace=replace_ids)


def other_article(article_id="a2"):
    text = TEXT.replace("denies it.", "denies it, his lawyer says.")
    return sample_extraction(article_id, text)


def test_store_holds_the_same_quads_as_the_rdflib_dataset(tmp_path):
    a, b = sample_extraction("a1"), other_article("a2")
    with GraphStore(tmp_path / "s", writable=True) as st:
        assert write(st, a, b) == []
        assert named_quads(st) == rdflib_quads([a, b])
        assert_merged(st)
        arts = st.articles(IRI)
        assert set(arts) == {"a1", "a2"} and arts["a1"].sha256 == a.article.sha256
        assert st.stats()["articles"] == 2
    assert is_store(tmp_path / "s")


def test_replacing_an_article_removes_its_old_facts_and_keeps_shared_entities(tmp_path):
    a, b = sample_extraction("a1"), other_article("a2")
    with GraphStore(tmp_path / "s", writable=True) as st:
        write(st, a, b)
        # a1 is rewritten: now it only names Bakhtawar and the Taliban, no event, relation or claim
        a_new = replace(
            a,
            article=replace(a.article, text=a.article.text + " Updated.", sha256=""),
            entities=a.entities[:2],
            relations=(),
            events=(),
            claims=(),
        )
        write(st, a_new, replace_ids={"a1"})
        assert named_quads(st) == rdflib_quads([a_new, b])
        assert_merged(st)
        # the Taliban node, named by both articles, is still typed and named, with both articles' mentions
        res = st.query(
            f"SELECT ?m WHERE {{ <{TALIBAN}> a gk:Organisation ; rdfs:label 'Taliban' ; gaf:denotedBy ?m }}"
        )
        mentions = {str(r[0]) for r in res.rows}
        assert any("/article/a2#" in m for m in mentions) and any("/article/a1#" in m for m in mentions)
        # a1's claim is gone, a2's remains
        res = st.query("SELECT ?c WHERE { ?c a gk:Claim }")
        assert [str(r[0]) for r in res.rows] == [str(IRI.claim("a2", *_claim_offsets(b)))]
        # removing a2 too leaves only a1's facts: Massoud (named only by the old a1 and by a2) is gone
        st.remove(str(IRI.graph("a2")))
        assert named_quads(st) == rdflib_quads([a_new])
        assert_merged(st)
        assert not st.query("ASK { ?m rdfs:label 'Massoud' }").boolean


def _claim_offsets(x):
    c = x.claims[0]
    return c.cue.start, c.content.start, c.content.end


def test_one_bad_article_does_not_lose_the_batch(tmp_path):
    good = article_rdf(sample_extraction("a1"), IRI)
    bad = ArticleRDF("bad", str(IRI.graph("bad")), "x", b"<not an iri> <p> <o> .\n", 1)
    with GraphStore(tmp_path / "s", writable=True) as st:
        failed = st.write([good, bad])
        assert [f[0].article_id for f in failed] == ["bad"] and failed[0][1]
        assert set(st.articles()) == {"a1"}
        assert_merged(st)


def test_one_writer_and_no_reader_while_it_writes(tmp_path):
    path = tmp_path / "s"
    with GraphStore(path, writable=True):
        with pytest.raises(StoreError, match="busy"):
            GraphStore(path, writable=True)
        with pytest.raises(StoreError, match="a build is writing it"):
            GraphStore(path)
    with GraphStore(path) as r1, GraphStore(path) as r2:  # readers share
        assert len(r1) == len(r2) == 0
        with pytest.raises(StoreError, match="busy"):
            GraphStore(path, writable=True)
        with pytest.raises(StoreError, match="read-only"):
            r1.remove("http://example.org/g")


def test_store_folders_are_checked(tmp_path):
    with pytest.raises(StoreError, match="no graphkit store"):
        GraphStore(tmp_path / "missing")
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "todo.txt").write_text("x")
    with pytest.raises(StoreError, match="not empty and is not a graphkit store"):
        GraphStore(tmp_path / "notes", writable=True)
    with GraphStore(tmp_path / "s", writable=True) as st:
        write(st, sample_extraction("a1"))
    with pytest.raises(StoreError, match="another base IRI"), GraphStore(tmp_path / "s") as st:
        st.articles(IRIs("http://example.org/other/"))


@pytest.mark.parametrize("fmt", ["turtle", "nt", "trig", "nquads", "json-ld"])
def test_export_streams_every_format_and_parses_back(tmp_path, fmt):
    a, b = sample_extraction("a1"), other_article("a2")
    with GraphStore(tmp_path / "s", writable=True) as st:
        write(st, a, b)
        want_named, want_merged = named_quads(st), default_triples(st)
        path = tmp_path / f"out.{fmt}"
        st.export(path, fmt)
        buf = io.BytesIO()
        st.export(buf, fmt)
    assert path.read_bytes() == buf.getvalue()
    rdf_format = {
        "turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "trig": ox.RdfFormat.TRIG,
        "nquads": ox.RdfFormat.N_QUADS, "json-ld": ox.RdfFormat.JSON_LD,
    }[fmt]  # fmt: skip
    got = set(ox.parse(path.read_bytes(), rdf_format))
    if fmt in ("turtle", "nt"):
        assert {q.triple for q in got} == want_merged
    else:
        assert got == want_named
    parsed = rdflib.Dataset()
    parsed.parse(path, format={"nt": "nt", "json-ld": "json-ld"}.get(fmt, fmt))
    assert len(parsed) or sum(1 for _ in parsed.quads()) > 0


def test_queries_run_in_oxigraph_with_graphkit_rules(tmp_path):
    with GraphStore(tmp_path / "s", writable=True) as st:
        write(st, sample_extraction("a1"), other_article("a2"))
    with GraphStore(tmp_path / "s") as st:
        out = st.query("SELECT ?l WHERE { ?e a gk:Person ; rdfs:label ?l } ORDER BY ?l")
        assert out.variables == ("l",) and [str(r[0]) for r in out.rows] == ["Bakhtawar", "Massoud"]
        assert isinstance(out.rows[0][0], rdflib.Literal) and out.rows[0][0].datatype is None
        assert st.query("ASK { ?e a gk:Event }").boolean is True
        g = st.query("CONSTRUCT { ?e a gk:Person } WHERE { ?e a gk:Person }").graph
        assert len(g) == 2
        # per article: GRAPH ?g ranges over the article graphs
        out = st.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?e a gk:Event } } GROUP BY ?g")
        assert len(out.rows) == 2
        with pytest.raises(QueryError, match="read-only"):
            st.query("DELETE WHERE { ?s ?p ?o }")
        with pytest.raises(QueryError, match="SERVICE"):
            st.query("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }")
        with pytest.raises(QueryError, match=r"^SPARQL syntax error at line 2, column \d+"):
            st.query("SELECT ?x\nWHERE { ?x FILTER( }")
        with pytest.raises(QueryError, match="opened for writing"):
            st.query("INSERT DATA { <urn:a> <urn:b> <urn:c> }", allow_update=True)


def test_rdflib_view_runs_queries_in_oxigraph(tmp_path):
    with GraphStore(tmp_path / "s", writable=True) as st:
        write(st, sample_extraction("a1"))
    with GraphStore(tmp_path / "s") as st:
        ds = st.dataset()
        rows = list(ds.query("SELECT ?l WHERE { ?e a gk:Person ; rdfs:label ?l } ORDER BY ?l"))
        assert [str(r[0]) for r in rows] == ["Bakhtawar", "Massoud"]
        from graphkit.rdf.namespaces import GK

        assert len(set(ds.subjects(rdflib.RDF.type, GK.Person))) == 2  # triple patterns read the merged graph


def test_nquads_terms_round_trip_through_both_parsers():
    tricky = 'a "quote" \\ back\\slash \\u0041 new\nline \r tab\t é 😀 \u200f'
    triples = [
        (rdflib.URIRef("http://ex.org/s"), rdflib.URIRef("http://ex.org/p"), rdflib.Literal(tricky)),
        (rdflib.URIRef("http://ex.org/s"), rdflib.URIRef("http://ex.org/p"), rdflib.Literal("x", lang="en")),
        (rdflib.URIRef("http://ex.org/s"), rdflib.URIRef("http://ex.org/p"), rdflib.Literal(3)),
    ]
    data = nquads(triples, rdflib.URIRef("http://ex.org/g"), also_default=True)
    quads = list(ox.parse(data, ox.RdfFormat.N_QUADS))
    assert len(quads) == 6 and quads[0].object.value == tricky
    g = rdflib.Dataset()
    g.parse(data=data, format="nquads")
    assert rdflib.Literal(tricky) in set(g.objects())
    assert term(rdflib.Literal("x", datatype=rdflib.XSD.string)) == '"x"'


def test_the_merge_step_reads_the_same_nodes_from_the_store_as_from_rdflib(tmp_path):
    """GraphStore.entity_nodes (two Oxigraph queries) and merge.read_nodes (rdflib) agree node for node."""
    from graphkit.rdf.merge import find_merges, read_nodes

    a, b = sample_extraction("a1"), other_article("a2")
    with GraphStore(tmp_path / "s", writable=True) as st:
        write(st, a, b)
        from_store = st.entity_nodes()
    from_rdflib = read_nodes(to_rdf([a, b]))
    assert from_store and from_store == from_rdflib
    assert {n.articles for n in from_store if "taliban" in str(n.iri)} == {
        frozenset({IRI.article("a1"), IRI.article("a2")})
    }
    assert find_merges(from_store) == find_merges(from_rdflib)


def test_put_graph_writes_only_the_difference_and_keeps_the_merged_graph_right(tmp_path):
    """Replacing the merges graph: triples it drops leave the merged graph unless an article states them."""
    from rdflib import Literal, URIRef
    from rdflib.namespace import OWL, RDFS

    g = "https://w3id.org/graphkit/data/corpus/merges"
    taliban = URIRef(TALIBAN)
    shared = next(
        (s, p, o) for s, p, o, _ in to_rdf([sample_extraction("a1")]).quads((taliban, None, None, None))
    )
    mine = (taliban, OWL.sameAs, URIRef("https://w3id.org/graphkit/data/entity/org/the-taliban"))
    odd = (taliban, RDFS.comment, Literal('a "quoted"\nline \\ with <markup>', lang="en"))
    with GraphStore(tmp_path / "s", writable=True) as st:
        write(st, sample_extraction("a1"))
        before = default_triples(st)
        assert st.put_graph(g, [shared, mine, odd]) == 2 == len(st) - len(before)  # shared was there
        assert_merged(st)
        assert st.put_graph(g, [shared, mine, odd]) == 0  # nothing to change
        assert st.put_graph(g, [mine]) == -1  # odd went; shared stays, article a1 states it
        assert_merged(st)
        named = {q.triple for q in st.oxigraph.quads_for_pattern(None, None, None, ox.NamedNode(g))}
        assert named == {
            ox.Triple(ox.NamedNode(TALIBAN), ox.NamedNode(str(OWL.sameAs)), ox.NamedNode(str(mine[2])))
        }
        assert default_triples(st) - before == named  # the shared triple stayed: article a1 states it
        assert st.put_graph(g, []) == -1
        assert_merged(st)
        assert default_triples(st) == before


def test_the_entity_index_is_used_only_while_the_store_has_only_gained_articles(tmp_path, monkeypatch):
    """entity_nodes keeps what it read (ENTITY_INDEX); after additions it reads only the new graphs and
    gives exactly what a full read gives; a replaced article, or a damaged index, means a full read."""
    from graphkit.rdf.merge import read_nodes
    from graphkit.rdf.store import ENTITY_INDEX

    reads: list = []
    full = GraphStore._entity_facts
    monkeypatch.setattr(GraphStore, "_entity_facts", lambda self, g: reads.append(g) or full(self, g))
    a, b = sample_extraction("a1"), other_article("a2")
    c = sample_extraction("a3", "Reportedly, " + TEXT)
    with GraphStore(tmp_path / "s", writable=True) as st:
        write(st, a)
        assert st.entity_nodes() == read_nodes(to_rdf([a])) and reads == [None]
        assert (tmp_path / "s" / ENTITY_INDEX).is_file()
        write(st, b, c)
        assert st.entity_nodes() == read_nodes(to_rdf([a, b, c]))
        assert reads[-1] == [str(IRI.graph("a2")), str(IRI.graph("a3"))]  # only the new graphs
        n = len(reads)
        assert st.entity_nodes() == read_nodes(to_rdf([a, b, c])) and len(reads) == n  # nothing new: no read
        a2 = other_article("a1")  # a1 replaced: what it said before may be gone
        write(st, a2, replace_ids={"a1"})
        assert st.entity_nodes() == read_nodes(to_rdf([a2, b, c])) and reads[-1] is None
        (tmp_path / "s" / ENTITY_INDEX).write_text("{not json")
        assert st.entity_nodes() == read_nodes(to_rdf([a2, b, c])) and reads[-1] is None


def test_service_and_load_are_keywords_not_words_in_strings(tmp_path):
    """The store refuses a SERVICE clause (also in lower case) and LOAD, not the word inside a string, an IRI
    or a comment (the same keyword reading as graphkit serve's guard, graphkit.sparql.sparql_keywords)."""
    with GraphStore(tmp_path / "s", writable=True) as st:
        write(st, sample_extraction("a1"))
        for text in (
            "SELECT * WHERE { ?s rdfs:label ?l FILTER(CONTAINS(?l, 'Secret Service')) }",
            "# a SERVICE would fetch\nASK { ?s ?p ?o }",
            "SELECT * WHERE { ?s <http://example.org/SERVICE> ?o }",
        ):
            st.query(text)  # answered, not refused
        with pytest.raises(QueryError, match="SERVICE"):
            st.query("SELECT * WHERE { service <http://127.0.0.1:9/sparql> { ?s ?p ?o } }")
        with pytest.raises(QueryError, match="LOAD"):
            st.query("LOAD <http://127.0.0.1:9/data.ttl>", allow_update=True)


def test_a_closed_store_holds_no_stale_logs(tmp_path):
    """RocksDB drops the write-ahead logs its flushed tables made obsolete only when it opens a database:
    closing a written store does that, so the folder keeps tables, not megabytes of old logs."""
    path = tmp_path / "s"
    xs = [sample_extraction(f"a{i}") for i in range(30)]
    for _ in range(3):  # three builds: three opens, whose info logs (LOG.old.*) must not pile up
        with GraphStore(path, writable=True) as st:
            st.write([article_rdf(x, IRI) for x in xs], replace={x.article.id for x in xs})
    logs = {p.name: p.stat().st_size for p in path.iterdir() if p.suffix == ".log" or p.name.startswith("LOG.old")}
    assert logs and all(size == 0 for size in logs.values()), logs
    with GraphStore(path) as st:  # and it still reads back every article
        assert len(st.articles()) == 30
        assert_merged(st)
