"""The CoNLL04 benchmark: the reader, the relation reader of the RDF, the mapping to the five CoNLL04
types, the scoring and the peers, on hand-written sentences (tests/data/eval/conll04_fixture.json)."""

from __future__ import annotations

import doctest
import json
from pathlib import Path

import pytest

FIXTURE = Path(__file__).parent / "data" / "eval" / "conll04_fixture.json"


def test_reader_rebuilds_text_offsets_and_splits():
    from graphkit.evaluate.conll04 import read_conll04

    first, second, third = read_conll04(FIXTURE)
    assert first.text.startswith("Maria Ostrova , the chairwoman of Kestrel Foods")
    assert [(e.text, e.type) for e in first.entities] == [
        ("Maria Ostrova", "PER"),
        ("Kestrel Foods", "ORG"),
        ("Tampere", "LOC"),
    ]
    assert all(first.text[e.start : e.end] == e.text for e in first.entities)
    assert [(r.type, r.head, r.tail) for r in first.relations] == [("Work_For", 0, 1), ("Live_In", 0, 2)]
    assert (first.id, first.position, first.split) == ("conll04-9001", 0, "tuned")
    assert (second.split, third.split) == ("frozen", "tuned")
    assert second.entities[2].type == "Other"


def test_gold_doc_holds_named_per_org_loc_only():
    from graphkit.evaluate.conll04 import read_conll04

    second = read_conll04(FIXTURE)[1]
    doc = second.gold_doc()
    assert [(second.text[m.start : m.end], m.type, m.kind) for m in doc.mentions] == [
        ("Tampere", "LOC", "NAM"),
        ("Finland", "LOC", "NAM"),
    ]
    assert doc.corpus == "conll04" and doc.scored_end == len(second.text)


def test_reader_errors_say_what_is_wrong(tmp_path):
    from graphkit.errors import GraphkitError
    from graphkit.evaluate.conll04 import read_conll04

    with pytest.raises(GraphkitError, match="not found"):
        read_conll04(tmp_path / "missing.json")
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps([{"tokens": ["A"], "tags": ["X-Peop"], "relations": []}]))
    with pytest.raises(GraphkitError, match="unknown tag"):
        read_conll04(bad)
    bad.write_text(json.dumps([{"tokens": ["A"], "tags": ["U-Peop"], "relations": [{"head": 0, "tail": 3}]}]))
    with pytest.raises(GraphkitError, match="does not index"):
        read_conll04(bad)


def test_relation_scoring_needs_type_and_both_ends():
    from graphkit.evaluate.conll04 import TypedRelation as R
    from graphkit.evaluate.conll04 import score_relations

    gold = [R("Work_For", ((0, 5),), ((10, 15),)), R("Live_In", ((0, 5),), ((20, 25),))]
    system = [
        R("Work_For", ((0, 3), (30, 33)), ((12, 14),)),  # any mention of each end may overlap
        R("OrgBased_In", ((10, 15),), ((20, 25),)),  # wrong type, no gold
        R("Live_In", ((0, 5),), ((26, 29),)),  # tail does not overlap
        R("Work_For", ((0, 5),), ((10, 15),)),  # a second system copy: one-to-one, so not correct
    ]
    s = score_relations(gold, system)
    assert (s["Work_For"].correct, s["Work_For"].system, s["Work_For"].gold) == (1, 2, 1)
    assert (s["Live_In"].correct, s["Live_In"].gold) == (0, 1)
    assert (s["overall"].correct, s["overall"].system, s["overall"].gold) == (1, 4, 2)


def test_mapping_looks_at_property_and_classes():
    from graphkit.evaluate.conll04 import conll_type
    from graphkit.evaluate.system import SysRelation

    def rel(p: str, s: str, o: str) -> SysRelation:
        return SysRelation(p, "s", "o", s, o, ((0, 1),), ((2, 3),))

    assert conll_type(rel("leads", "Person", "Organisation")) == "Work_For"
    assert conll_type(rel("holdsPositionIn", "Person", "Location")) == "Live_In"
    assert conll_type(rel("basedIn", "Organisation", "Location")) == "OrgBased_In"
    assert conll_type(rel("containedInPlace", "Location", "Location")) == "Located_In"
    assert conll_type(rel("childOf", "Person", "Person")) is None
    assert conll_type(rel("memberOf", "Group", "Organisation")) is None  # groups are not scored


def test_relations_and_killing_events_are_read_from_the_rdf():
    from graphkit.evaluate.conll04 import system_relations
    from graphkit.evaluate.system import read_relations
    from graphkit.rdf.build import to_rdf
    from graphkit.types import Argument, Article, Entity, Event, Extraction, Relation, Sentence, Span
    from graphkit.types import Mention as M

    text = "Ann Lee of Acme shot Bo Ray in Oslo."
    a = Article(id="s1", text=text)
    ann = Entity("person/ann-lee", "Person", "Ann Lee", (M(0, 7, "Ann Lee", 0),))
    acme = Entity("org/acme", "Organisation", "Acme", (M(11, 15, "Acme", 0),))
    bo = Entity("person/bo-ray", "Person", "Bo Ray", (M(21, 27, "Bo Ray", 0),))
    oslo = Entity("place/oslo", "Location", "Oslo", (M(31, 35, "Oslo", 0),), part_of="place/norway")
    sent = Span(0, len(text), text)
    works = Relation("person/ann-lee", "worksFor", "org/acme", 0, sent, rule="test")
    titled = Relation("person/ann-lee", "hasTitle", None, 0, sent, title="chief")
    shot = Event(
        Span(16, 20, "shot"),
        "killing",
        "shoot",
        0,
        arguments=(
            Argument("agent", Span(0, 7, "Ann Lee"), "person/ann-lee"),
            Argument("patient", Span(21, 27, "Bo Ray"), "person/bo-ray"),
        ),
    )
    x = Extraction(
        a, (Sentence(0, 0, len(text), text),), entities=(ann, acme, bo, oslo), relations=(works, titled),
        events=(shot,),
    )  # fmt: skip
    ds = to_rdf([x])
    rels = read_relations(ds)["s1"]
    assert [(r.predicate, r.subject_type, r.object_type, r.subject_spans, r.object_spans) for r in rels] == [
        ("event:killing", "Person", "Person", ((0, 7),), ((21, 27),)),
        ("worksFor", "Person", "Organisation", ((0, 7),), ((11, 15),)),
    ]  # the title-only statement has no object; Norway is never mentioned, so Oslo's part-of is left out
    typed = system_relations(rels)
    assert {(t.type, t.head, t.tail) for t in typed} == {
        ("Work_For", ((0, 7),), ((11, 15),)),
        ("Kill", ((0, 7),), ((21, 27),)),
    }


def test_cooccurrence_peer_types_pairs_by_kind():
    import spacy
    from spacy.tokens import Span as SpacySpan

    from graphkit.evaluate.conll04 import cooccurrence_relations

    nlp = spacy.blank("en")
    doc = nlp("Ann Lee of Acme met Bo in Oslo , Norway .")
    doc.ents = [
        SpacySpan(doc, 0, 2, "PERSON"),
        SpacySpan(doc, 3, 4, "ORG"),
        SpacySpan(doc, 5, 6, "PERSON"),
        SpacySpan(doc, 7, 8, "GPE"),
        SpacySpan(doc, 9, 10, "GPE"),
    ]
    kinds = sorted(r.type for r in cooccurrence_relations(doc))
    # 2 PER-ORG, 4 PER-LOC, 2 ORG-LOC, 1 LOC-LOC; PER-PER only with a killing verb (none here)
    assert kinds == ["Live_In"] * 4 + ["Located_In"] + ["OrgBased_In"] * 2 + ["Work_For"] * 2


def test_doctests():
    import graphkit.evaluate.conll04

    result = doctest.testmod(graphkit.evaluate.conll04)
    assert result.attempted > 0 and result.failed == 0


@pytest.mark.model
def test_evaluate_conll04_on_the_fixture():
    from graphkit.evaluate.conll04 import evaluate_conll04, to_table

    figs = evaluate_conll04(FIXTURE, splits=("tuned",))
    by = {f.measure: f for f in figs}
    assert by["entities overall"].n == 5 and by["relations overall"].n == 3
    assert by["relations overall"].bar_name == "co-occurrence" and by["relations overall"].target == 0.45
    assert all(f.split == "tuned" and f.set == "conll04" for f in figs)
    assert 0.0 <= by["relations overall"].value <= 1.0
    assert "| tuned | relations overall |" in to_table(figs)
