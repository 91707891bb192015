"""Event coreference (graphkit.rdf.event_merge): each merge rule and each refusal on hand-built event
nodes, the RDF round trip on hand-built extractions, and the three-outlets corpus with the real model."""

from __future__ import annotations

import csv
import io
from collections import defaultdict

import pytest
from rdflib import URIRef
from rdflib.namespace import OWL, RDF

from graphkit.rdf.build import IRIs, add_extraction, new_dataset
from graphkit.rdf.event_merge import (
    EventNode,
    Places,
    compatible_types,
    event_merges_csv,
    event_merges_graph_iri,
    find_event_merges,
    merge_events,
    refusal,
)
from graphkit.rdf.merge import merge_corpus
from graphkit.rdf.namespaces import GK
from graphkit.types import Argument, Article, Entity, Event, Extraction, Mention, Sentence, Span, TimeValue

BASE = "https://w3id.org/graphkit/data/"
PROVINCE, DISTRICT, OTHER = "place/farah", "place/bala-buluk", "place/herat"
PLACES = Places(
    ancestors={DISTRICT: frozenset({PROVINCE, "place/af"}), PROVINCE: frozenset({"place/af"}), OTHER: frozenset()},
    types={"p/karzai": frozenset({"Person"}), "p/ghani": frozenset({"Person"}), "o/taliban": frozenset({"Organisation"})},
    local=frozenset({"g/militants"}),
    article_entities={"a": frozenset({PROVINCE, "o/taliban"}), "b": frozenset({PROVINCE, "o/taliban"})},
)  # fmt: skip


def ev(article="a", start=0, type="attack", lemma="attack", **kw) -> EventNode:
    fields = dict(
        iri=URIRef(f"{BASE}event/{article}/{start}-{start + 5}"), article=article, start=start, type=type,
        lemma=lemma, trigger=kw.pop("trigger", lemma), nominal=False, factuality="Asserted", date=None,
        precision=None, date_basis=None, places=frozenset(), participants=frozenset(),
    )  # fmt: skip
    fields.update(kw)
    return EventNode(**fields)


def applied(decisions) -> set[tuple[str, str]]:
    return {(str(m.a.iri), str(m.b.iri)) for m in decisions if m.applied}


def pair(a: EventNode, b: EventNode) -> tuple[str, str]:
    return (str(a.iri), str(b.iri))


# --------------------------------------------------------------------------- the scheme


def test_types_are_compatible_along_broader():
    assert compatible_types("bombing", "attack") and compatible_types("attack", "bombing")
    assert compatible_types("bombing", "conflict")
    assert not compatible_types("attack", "arrest")
    assert not compatible_types("bombing", "shooting")  # siblings: neither is the other


# --------------------------------------------------------------------------- within an article


def test_same_lemma_in_one_article_is_one_event():
    a, b = ev(start=0), ev(start=50, nominal=True)
    (m,) = find_event_merges([a, b], PLACES)
    assert m.applied and m.rule == "same-lemma" and m.confidence == 0.8


def test_light_verbs_are_never_linked_by_their_word():
    assert (
        find_event_merges(
            [ev(start=0, lemma="make", type="other"), ev(start=9, lemma="make", type="other")], PLACES
        )
        == []
    )


def test_definite_noun_refers_back_to_a_compatible_earlier_event():
    a = ev(start=0, type="bombing", lemma="bomb")
    b = ev(start=60, type="attack", lemma="assault", nominal=True, definite=True)
    (m,) = find_event_merges([a, b], PLACES)
    assert m.applied and m.rule == "anaphora"


def test_indefinite_noun_is_a_new_event():
    a = ev(start=0, type="bombing", lemma="bomb")
    b = ev(start=60, type="attack", lemma="assault", nominal=True, definite=False)
    assert find_event_merges([a, b], PLACES) == []


def test_anaphora_never_links_a_generic_type():
    a = ev(start=0, type="statement", lemma="announce")
    b = ev(start=60, type="statement", lemma="announcement", nominal=True, definite=True)
    assert find_event_merges([a, b], PLACES) == []


def test_same_day_links_compatible_types_dated_by_the_text():
    day = dict(date="2024-03-05", precision="day", date_basis="text")
    a, b = (
        ev(start=2, type="bombing", lemma="bombing", **day),
        ev(start=20, type="attack", lemma="strike", **day),
    )
    (m,) = find_event_merges([a, b], PLACES)
    assert m.applied and m.rule == "same-day"


# --------------------------------------------------------------------------- refusals


def test_refuses_different_dates_at_the_known_precision():
    a = ev(date="2024-03-05", precision="day", date_basis="text")
    assert refusal(a, ev(start=9, date="2024-03-07", precision="day", date_basis="relative"), PLACES)
    assert refusal(a, ev(start=9, date="2024-03", precision="month", date_basis="text"), PLACES) is None
    assert refusal(a, ev(start=9, date="2024-04", precision="month", date_basis="text"), PLACES)


def test_publication_dates_refuse_only_when_far_apart():
    a = ev(date="2024-03-05", precision="day", date_basis="publication")
    assert refusal(a, ev(start=9, date="2024-03-06", precision="day", date_basis="text"), PLACES) is None
    assert refusal(a, ev(start=9, date="2024-03-20", precision="day", date_basis="text"), PLACES)


def test_refuses_different_places_but_not_a_district_in_its_province():
    a = ev(places=frozenset({DISTRICT}))
    assert refusal(a, ev(start=9, places=frozenset({PROVINCE})), PLACES) is None
    assert refusal(a, ev(start=9, places=frozenset({OTHER})), PLACES) == "different places"


def test_refuses_conflicting_named_participants():
    a = ev(participants=frozenset({("agent", "p/karzai")}))
    assert (
        refusal(a, ev(start=9, participants=frozenset({("agent", "p/ghani")})), PLACES) == "different agents"
    )
    assert refusal(a, ev(start=9, participants=frozenset({("agent", "p/karzai")})), PLACES) is None
    # an article-local group ("militants") is no evidence either way
    assert refusal(a, ev(start=9, participants=frozenset({("agent", "g/militants")})), PLACES) is None


def test_refuses_denied_or_hypothetical_against_asserted():
    assert refusal(ev(), ev(start=9, factuality="Denied"), PLACES)
    assert refusal(ev(), ev(start=9, factuality="Hypothetical"), PLACES)
    assert refusal(ev(factuality="Denied"), ev(start=9, factuality="Denied"), PLACES) is None
    assert refusal(ev(), ev(start=9, factuality="Uncertain"), PLACES) is None


def test_refuses_incompatible_and_generic_types():
    assert refusal(ev(type="attack"), ev(start=9, type="arrest", lemma="arrest"), PLACES)
    assert refusal(ev(type="other", lemma="fall"), ev(start=9, type="other", lemma="drop"), PLACES)
    assert refusal(ev(type="other", lemma="fall"), ev(start=9, type="other", lemma="fall"), PLACES) is None


def test_same_lemma_in_one_article_refused_by_dates():
    a = ev(start=0, date="2024-03-05", precision="day", date_basis="text")
    b = ev(start=40, date="2024-03-07", precision="day", date_basis="text")
    assert not applied(find_event_merges([a, b], PLACES))


# --------------------------------------------------------------------------- across articles


def test_cross_article_link_needs_evidence_about_the_events():
    day = dict(date="2024-03-05", precision="day", date_basis="text")
    a = ev("a", places=frozenset({DISTRICT}), **day)
    b = ev("b", places=frozenset({PROVINCE}), **day)
    (m,) = find_event_merges([a, b], PLACES)
    assert m.applied and m.rule == "cross-article"
    assert "same day" in m.why and "containing place" in m.why
    assert m.confidence > 0.8


def test_cross_article_shared_participant_links_compatible_types():
    a = ev("a", type="bombing", lemma="bomb", participants=frozenset({("agent", "o/taliban")}))
    b = ev("b", type="attack", lemma="attack", participants=frozenset({("agent", "o/taliban")}))
    (m,) = find_event_merges([a, b], PLACES)
    assert m.applied and "shared agent/patient" in m.why


def test_unrelated_articles_are_never_compared():
    places = Places(
        PLACES.ancestors, PLACES.types, PLACES.local, {"a": frozenset({"x"}), "b": frozenset({"y"})}
    )
    assert find_event_merges([ev("a"), ev("b")], places) == []


def test_weak_cross_article_evidence_is_a_candidate_not_a_link():
    places = Places(PLACES.ancestors, PLACES.types, PLACES.local, {})
    a = ev("a", type="bombing", lemma="bomb", places=frozenset({PROVINCE}))
    b = ev("b", type="attack", lemma="attack", places=frozenset({PROVINCE}))
    (m,) = find_event_merges([a, b], places)
    assert not m.applied and m.rule == "cross-article"
    rows = list(csv.DictReader(io.StringIO(event_merges_csv([m]))))
    assert rows[0]["status"] == "candidate" and rows[0]["article_a"] == "a"


def test_cross_article_refused_by_a_different_day():
    a = ev("a", date="2024-03-05", precision="day", date_basis="text", places=frozenset({PROVINCE}))
    b = ev("b", date="2024-03-07", precision="day", date_basis="text", places=frozenset({PROVINCE}))
    assert find_event_merges([a, b], PLACES) == []


def test_a_chain_of_links_never_joins_events_that_refuse_each_other():
    """b and b2 are one attack in article b; a~b and c~b2 each look fine, but a and c have different
    dates: the link that would join them stays a candidate."""
    taliban = frozenset({("agent", "o/taliban")})
    a = ev(
        "a",
        0,
        date="2024-03-05",
        precision="day",
        date_basis="text",
        places=frozenset({PROVINCE}),
        participants=taliban,
    )
    b = ev("b", 0, places=frozenset({PROVINCE}), participants=taliban)
    c = ev(
        "a",
        90,
        date="2024-03-07",
        precision="day",
        date_basis="text",
        places=frozenset({PROVINCE}),
        participants=taliban,
    )
    b2 = ev("b", 40, places=frozenset({PROVINCE}), participants=frozenset({("agent", "o/taliban")}))
    decisions = find_event_merges([a, b, c, b2], PLACES)
    clusters = _clusters(decisions)
    assert clusters[str(a.iri)] != clusters[str(c.iri)]
    assert any(not m.applied and "not applied" in m.why for m in decisions)


def _clusters(decisions) -> dict[str, str]:
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    for a, b in applied(decisions):
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return defaultdict(str, {x: find(x) for m in decisions for x in (str(m.a.iri), str(m.b.iri))})


# --------------------------------------------------------------------------- the graph


def _article(
    aid: str, text: str, date: str, trigger: str, day: str, place: tuple[str, str, str | None]
) -> Extraction:
    s = text.index(trigger)
    p = text.index(place[1])
    return Extraction(
        article=Article(id=aid, text=text, date=date),
        sentences=(Sentence(0, 0, len(text), text),),
        entities=(
            Entity(
                place[0],
                "Location",
                place[1],
                (Mention(p, p + len(place[1]), place[1], 0, "NAM"),),
                subtype="district",
                part_of=place[2],
                part_of_name="Farah" if place[2] else None,
            ),
        ),  # fmt: skip
        events=(
            Event(
                trigger=Span(s, s + len(trigger), trigger),
                type="attack",
                lemma="attack",
                sentence=0,
                arguments=(Argument("place", Span(p, p + len(place[1]), place[1]), place[0]),),
                time=TimeValue(day, "day", True),
            ),
        ),  # fmt: skip
    )


def _two_reports():
    ds = new_dataset()
    iris = IRIs(BASE)
    add_extraction(ds, _article("x1", "Gunmen attacked Bala Buluk.", "2024-03-06", "attacked", "2024-03-05",
                                (DISTRICT, "Bala Buluk", PROVINCE)), iris)  # fmt: skip
    add_extraction(ds, _article("x2", "Militants attacked Farah on Tuesday.", "2024-03-06", "attacked",
                                "2024-03-05", (PROVINCE, "Farah", None)), iris)  # fmt: skip
    return ds


def test_merge_corpus_writes_event_links_as_same_as_in_their_own_graph():
    ds = _two_reports()
    events: list = []
    merge_corpus(ds, BASE, events=events)
    assert [m.rule for m in events if m.applied] == ["cross-article"]
    g = ds.graph(event_merges_graph_iri(BASE))
    links = list(g.subject_objects(OWL.sameAs))
    assert len(links) == 1
    (st,) = g.subjects(RDF.predicate, OWL.sameAs)
    assert str(g.value(st, GK.mergeRule)) == "cross-article" and g.value(st, GK.confidence) is not None
    # each article still holds its own event node
    for aid in ("x1", "x2"):
        assert set(ds.graph(URIRef(f"{BASE}graph/{aid}")).subjects(RDF.type, GK.Event))


def test_merge_events_is_idempotent():
    ds = _two_reports()
    merge_corpus(ds, BASE)
    first = len(ds.graph(event_merges_graph_iri(BASE)))
    merge_events(ds, BASE)
    assert len(ds.graph(event_merges_graph_iri(BASE))) == first


def test_store_reader_agrees_with_the_rdflib_reader(tmp_path):
    from graphkit.rdf.event_merge import read_events, read_store_events
    from graphkit.rdf.store import GraphStore

    ds = _two_reports()
    merge_corpus(ds, BASE)
    path = tmp_path / "g.trig"
    ds.serialize(path, format="trig")
    with GraphStore.from_files(path) as st:
        got, _ = read_store_events(st)
    want, _ = read_events(ds)
    assert got == want


# --------------------------------------------------------------------------- the corpus (real model)

OUTLETS = [
    Article(id="outlet-a", date="2024-03-06", title="Bomber kills police in western Afghanistan", text=(
        "A suicide bomber attacked a police checkpoint in Farah province on Tuesday, killing five officers, "
        "the provincial governor said. The attack was the deadliest in the area this year.")),
    Article(id="outlet-b", date="2024-03-05", title="Checkpoint hit", text=(
        "A suicide bombing struck a police checkpoint in the Bala Buluk district of Farah on March 5, 2024. "
        "Five policemen died in the assault, officials said.")),
    Article(id="outlet-c", date="2024-03-06", title="Farah blast", text=(
        "Five police officers were killed when a bomber attacked their checkpoint in Farah province "
        "on Tuesday. No group claimed the attack.")),
    Article(id="outlet-d", date="2024-03-08", title="Second attack in Farah", text=(
        "Gunmen attacked an army base in Farah province on Thursday, March 7, 2024. "
        "Three soldiers were wounded in the attack.")),
]  # fmt: skip


@pytest.mark.model
def test_three_outlets_one_attack_and_another_two_days_later():
    from graphkit.config import Settings
    from graphkit.evaluate.run import build_graph
    from graphkit.evaluate.system import _same_as
    from graphkit.rdf.event_merge import _lineage, read_events

    ds = build_graph(OUTLETS, Settings())
    same = _same_as(ds)
    events, _ = read_events(ds)
    attacks: dict[str, set[str]] = defaultdict(set)
    for e in events:
        if "attack" in _lineage(e.type) and e.factuality == "Asserted":
            attacks[same(e.iri)].add(e.article.rsplit("/", 1)[-1])
    sources = sorted(attacks.values(), key=len, reverse=True)
    assert len(sources) == 2, sources
    assert sources[0] == {"outlet-a", "outlet-b", "outlet-c"}
    assert sources[1] == {"outlet-d"}


def test_the_documented_sources_query_answers():
    import re
    from pathlib import Path

    from graphkit.sparql import run_query

    readme = (Path(__file__).resolve().parent.parent / "ontologies" / "README.md").read_text(encoding="utf-8")
    (query,) = re.findall(r"```rq\n(SELECT \?event \(COUNT.*?)```", readme, re.S)
    ds = _two_reports()
    merge_corpus(ds, BASE)
    rows = run_query(ds, query).rows
    assert sorted(int(r[1]) for r in rows) == [2, 2]  # each report's node: one happening, two sources


@pytest.mark.model
def test_store_build_recomputes_event_merges_and_writes_the_review_file(tmp_path):
    """The store path: the event-merges graph is written after the entity merges, and rewritten when an
    article is added (the fourth outlet joins no one), with event-merge-candidates.csv beside the report."""
    import json

    from graphkit.pipeline import build
    from graphkit.rdf.store import GraphStore

    def jsonl(name, arts):
        p = tmp_path / name
        p.write_text("".join(json.dumps({"id": a.id, "text": a.text, "date": a.date}) + "\n" for a in arts))
        return p

    store = tmp_path / "store"
    graph = event_merges_graph_iri(BASE)
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <" + str(graph) + "> { ?a owl:sameAs ?b } }"
    build(jsonl("v1.jsonl", OUTLETS[:3]), store=store, write_map=False)
    with GraphStore(store) as st:
        before = int(st.query(count).rows[0][0])
    assert before > 0
    r = build(jsonl("v2.jsonl", OUTLETS), tmp_path / "out", store=store, write_map=False)
    assert r.store.added == 1 and r.store.unchanged == 3
    rows = list(csv.DictReader(io.StringIO((tmp_path / "out" / "event-merge-candidates.csv").read_text())))
    assert any(row["status"] == "applied" for row in rows)
    d = [r for r in rows if r["status"] == "applied" and r["article_a"] != r["article_b"]]
    assert d and not any("outlet-d" in r["article_a"] + r["article_b"] for r in d)
    with GraphStore(store) as st:
        assert int(st.query(count).rows[0][0]) >= before
    # codes in the graph: the store carries the event-type scheme too
    plover = "SELECT DISTINCT ?c WHERE { ?e sem:eventType/gk:ploverCategory ?c }"
    with GraphStore(store) as st:
        assert "ASSAULT" in {str(row[0]) for row in st.query(plover).rows}


# --------------------------------------------------------------------------- codes in the graph


@pytest.mark.model
@pytest.mark.parametrize("name", ["graph.ttl", "graph.trig"])
def test_built_graph_answers_plover_categories_alone(sample_build, name):
    """``?e sem:eventType/gk:ploverCategory ?c`` from graph.ttl / graph.trig, read by pyoxigraph alone."""
    import pyoxigraph as ox

    from graphkit.rdf.scheme import SCHEME

    path = sample_build.files["trig" if name.endswith("trig") else "turtle"]
    assert path.name == name
    st = ox.Store()
    trig = name.endswith("trig")
    st.load(path=str(path), format=ox.RdfFormat.TRIG if trig else ox.RdfFormat.TURTLE,
            to_graph=None if trig else ox.DefaultGraph())  # fmt: skip
    q = (
        "PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/> PREFIX gk: <https://w3id.org/graphkit/ontology#> "
        "SELECT ?c (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e sem:eventType/gk:ploverCategory ?c } GROUP BY ?c"
    )
    got = {r["c"].value: int(r["n"].value) for r in st.query(q, use_default_graph_as_union=True)}
    assert got.get("ASSAULT", 0) > 5 and "RETREAT" in got, got
    if trig:
        assert ox.NamedNode(str(SCHEME)) in set(st.named_graphs())


def test_types_whose_cameo_cue_category_has_a_plover_category_carry_one():
    """Where PLOVER has a category for a type's CAMEO code (exact or approximate), the scheme gives it."""
    from graphkit.rdf.scheme import event_types, plover_of_cameo

    for t in event_types().values():
        if t.cameo and plover_of_cameo(t.cameo):
            assert t.plover, (t.id, t.cameo)
    assert event_types()["investigation"].plover == "ACCUSE"
    assert event_types()["conflict"].plover == "~ASSAULT"
