"""The quality benchmark's own correctness: scoring on hand-built gold/system inputs, the gold
readers on tiny hand-written files, and the RDF reader on a hand-built extraction."""

from __future__ import annotations

import doctest
import json

import pytest

from graphkit.evaluate.gold import coarse_role, read_meantime_file, wikievents_doc
from graphkit.evaluate.score import (
    PRF,
    Arg,
    Ev,
    Mention,
    bcubed,
    match,
    match_mentions,
    overlap,
    same_time,
    score_events,
    score_mentions,
    time_accuracy,
)

# --------------------------------------------------------------------------- scoring


def test_prf_arithmetic():
    x = PRF(correct=3, system=4, gold=6)
    assert x.precision == 0.75 and x.recall == 0.5 and x.f1 == pytest.approx(0.6)
    assert PRF().f1 == 0.0 and PRF(0, 0, 5).recall == 0.0
    assert (x + PRF(1, 1, 1)) == PRF(4, 5, 7)


def test_overlap_is_half_open():
    assert overlap((0, 3), (3, 5)) == 0
    assert overlap((0, 4), (3, 5)) == 1
    assert overlap((2, 3), (0, 10)) == 1


def test_matching_is_one_to_one_and_maximal():
    # two system spans overlap one gold span: only one may match it
    assert len(match([(0, 10)], [(0, 3), (5, 8)], lambda g, s: overlap(g, s))) == 1
    # greedy on weight alone would give g0 to s0 and leave g1 unmatched; the maximum matching keeps both
    gold, system = [(0, 10), (8, 12)], [(5, 10), (0, 4)]
    pairs = match(gold, system, lambda g, s: overlap(g, s))
    assert pairs == [(0, 1), (1, 0)]


def test_mentions_need_the_same_type():
    gold = [Mention(0, 6, "ORG"), Mention(10, 15, "PER")]
    system = [Mention(0, 6, "LOC"), Mention(10, 13, "PER"), Mention(20, 25, "PER")]
    scores = score_mentions(gold, system)
    assert scores["PER"] == PRF(1, 2, 1)
    assert scores["ORG"] == PRF(0, 0, 1)
    assert scores["LOC"] == PRF(0, 1, 0)
    assert scores["overall"] == PRF(1, 3, 2)


def test_nested_gold_mentions_each_need_their_own_system_mention():
    # MEANTIME: "Airbus parent EADS" and "EADS" are both named ORG mentions
    gold = [Mention(0, 18, "ORG"), Mention(14, 18, "ORG")]
    assert score_mentions(gold, [Mention(14, 18, "ORG")])["overall"] == PRF(1, 1, 2)
    # the exact span is preferred, so the longer gold mention is the one left unmatched
    assert match_mentions(gold, [Mention(14, 18, "ORG")]) == [(1, 0)]


def test_events_and_arguments():
    gold = [
        Ev(10, 16, (Arg("agent", ((0, 5), (40, 42))), Arg("patient", ((17, 25),)))),
        Ev(50, 55, (Arg("place", ((60, 66),)),)),
    ]
    system = [
        # the agent found through a coreferent mention (40-42), the patient given the wrong role
        Ev(10, 16, (Arg("agent", ((40, 42),)), Arg("agent", ((17, 25),)), Arg("other", ((30, 33),)))),
        Ev(70, 75, (Arg("patient", ((60, 66),)),)),  # not an event of the gold: its argument cannot count
    ]
    triggers, any_role, coarse = score_events(gold, system)
    assert triggers == PRF(1, 2, 2)
    assert any_role == PRF(2, 4, 3)
    assert coarse == PRF(1, 4, 3)


def test_an_argument_matches_once():
    gold = [Ev(0, 4, (Arg("agent", ((10, 20),)),))]
    system = [Ev(0, 4, (Arg("agent", ((10, 14),)), Arg("agent", ((15, 20),))))]
    _, any_role, _ = score_events(gold, system)
    assert any_role == PRF(1, 2, 1)


def test_time_at_the_gold_granularity():
    assert same_time("2008-03-01", "2008-03-01")
    assert not same_time("2008-03-01", "2008-03-02")
    assert same_time("2008", "2008-03-01") and same_time("2008-03", "2008-03")
    assert not same_time("2008-03", "2008")  # the system does not know the month
    gold = [
        Ev(0, 5, times=("2008-03-01",)),
        Ev(10, 15, times=("2007",)),
        Ev(20, 25),
        Ev(30, 35, times=("2009",)),
    ]
    system = [Ev(0, 5, times=("2008-03-01",)), Ev(12, 14, times=("2006",)), Ev(20, 25, times=("2001",))]
    assert time_accuracy(gold, system) == (1, 3)  # the event at 30 was missed: it counts as wrong


def test_bcubed_known_values():
    gold = {"a1": "A", "a2": "A", "b1": "B"}
    assert bcubed(gold, {"a1": 1, "a2": 1, "b1": 2}) == (1.0, 1.0, 1.0)
    p, r, f = bcubed(gold, {})  # everything a singleton
    assert p == 1.0 and r == pytest.approx((0.5 + 0.5 + 1) / 3)
    p, r, f = bcubed(gold, {"a1": 1, "a2": 1, "b1": 1})  # everything merged
    assert r == 1.0 and p == pytest.approx((2 / 3 + 2 / 3 + 1 / 3) / 3)
    assert bcubed({}, {}) == (0.0, 0.0, 0.0)


def test_coarse_roles():
    assert [coarse_role(r) for r in ("Arg0", "Attacker", "Communicator")] == ["agent"] * 3
    assert [coarse_role(r) for r in ("Arg1", "Victim", "Target", "Detainee")] == ["patient"] * 4
    assert [coarse_role(r) for r in ("Argm-LOC", "Place")] == ["place"] * 2
    assert coarse_role("Arg2") == coarse_role("Instrument") == "other"


# --------------------------------------------------------------------------- gold readers

CAT = """<?xml version="1.0" ?><Document doc_id="1" doc_name="x">
<token t_id="1" sentence="0">Boeing</token><token t_id="2" sentence="0">wins</token>
<token t_id="3" sentence="1">May</token><token t_id="4" sentence="1">2</token>
<token t_id="5" sentence="2">Boeing</token><token t_id="6" sentence="2">said</token>
<token t_id="7" sentence="2">it</token><token t_id="8" sentence="2">won</token><token t_id="9" sentence="2">.</token>
<token t_id="10" sentence="3">Later</token><token t_id="11" sentence="3">text</token>
<Markables>
<ENTITY_MENTION m_id="1" syntactic_type="NAM"><token_anchor t_id="1"/></ENTITY_MENTION>
<ENTITY_MENTION m_id="2" syntactic_type="NAM"><token_anchor t_id="5"/></ENTITY_MENTION>
<ENTITY_MENTION m_id="3" syntactic_type="PRO"><token_anchor t_id="7"/></ENTITY_MENTION>
<ENTITY_MENTION m_id="4"><token_anchor t_id="10"/></ENTITY_MENTION>
<EVENT_MENTION m_id="5" pred="say"><token_anchor t_id="6"/></EVENT_MENTION>
<EVENT_MENTION m_id="6" pred="win"><token_anchor t_id="8"/></EVENT_MENTION>
<TIMEX3 m_id="7" type="DATE" value="2009-05-02" functionInDocument="CREATION_TIME"><token_anchor t_id="3"/><token_anchor t_id="4"/></TIMEX3>
<ENTITY m_id="8" ent_type="ORG" instance_id="ORG1"/>
</Markables>
<Relations>
<REFERS_TO r_id="1"><source m_id="1"/><source m_id="2"/><source m_id="3"/><source m_id="4"/><target m_id="8"/></REFERS_TO>
<HAS_PARTICIPANT r_id="2" sem_role="Arg0"><source m_id="6"/><target m_id="3"/></HAS_PARTICIPANT>
<TLINK r_id="3" reltype="INCLUDES"><source m_id="7"/><target m_id="5"/></TLINK>
<TLINK r_id="4" reltype="BEFORE"><source m_id="6"/><target m_id="7"/></TLINK>
</Relations></Document>"""


def test_meantime_reader(tmp_path):
    f = tmp_path / "corpus_x" / "1_x.xml"
    f.parent.mkdir()
    f.write_text(CAT, encoding="utf-8")
    d = read_meantime_file(f)
    assert d.text == "Boeing wins\nMay 2\nBoeing said it won . Later text"
    assert d.title == "Boeing wins" and d.date == "2009-05-02" and d.topic == "corpus_x"
    # the untyped corpus-level mention in sentence 3 neither counts nor extends the scored part
    assert d.text[: d.scored_end].endswith("won .")
    assert [(d.text[m.start : m.end], m.type, m.instance) for m in d.mentions] == [
        ("Boeing", "ORG", "ORG1"),
        ("Boeing", "ORG", "ORG1"),
    ]
    say, win = d.events
    assert d.text[say.start : say.end] == "said" and say.times == ("2009-05-02",)
    assert win.times == ()  # BEFORE does not date an event
    (arg,) = win.arguments
    assert arg.coarse == "agent"
    assert [d.text[a:b] for a, b in arg.spans][0] == "it"  # the argument first, then its coreferents
    assert {d.text[a:b] for a, b in arg.spans} == {"it", "Boeing", "Later"}


def test_wikievents_reader_keeps_gold_offsets():
    rec = {
        "doc_id": "d",
        "tokens": ["Bomb", "kills", "two", "He", "fled", "."],
        "sentences": [
            [[["Bomb", 0, 4], ["kills", 5, 10], ["two", 11, 14]], "Bomb kills two"],
            [[["He", 15, 17], ["fled", 18, 22], [".", 22, 23]], "He fled."],
        ],
        "entity_mentions": [
            {"id": "T1", "start": 2, "end": 3, "entity_type": "PER", "mention_type": "UNK", "text": "two"},
            {"id": "T2", "start": 3, "end": 4, "entity_type": "PER", "mention_type": "UNK", "text": "He"},
            {"id": "T3", "start": 0, "end": 1, "entity_type": "WEA", "mention_type": "UNK", "text": "Bomb"},
        ],
        "event_mentions": [
            {"trigger": {"start": 1, "end": 2}, "arguments": [{"entity_id": "T1", "role": "Victim"}]},
        ],
    }
    d = wikievents_doc(json.loads(json.dumps(rec)), [["T1", "T2"]])
    assert d.text == "Bomb kills two\nHe fled."
    assert [d.text[m.start : m.end] for m in d.mentions] == ["two", "He"]  # WEA is not scored
    (ev,) = d.events
    assert d.text[ev.start : ev.end] == "kills"
    assert [d.text[a:b] for a, b in ev.arguments[0].spans] == ["two", "He"]


# --------------------------------------------------------------------------- reading the RDF


def test_system_is_read_from_the_rdf():
    from graphkit.evaluate.system import read_system
    from graphkit.rdf.build import to_rdf
    from graphkit.types import Argument, Article, Entity, Event, Extraction, Sentence, Span, TimeValue
    from graphkit.types import Mention as M

    text = "Boeing said it won in Chicago."
    a = Article(id="a1", text=text)
    boeing = Entity("org/boeing", "Organisation", "Boeing", (M(0, 6, "Boeing", 0), M(12, 14, "it", 0, "PRO")))
    chicago = Entity("place/chicago", "Location", "Chicago", (M(22, 29, "Chicago", 0),))
    won = Event(
        Span(15, 18, "won"),
        "win",
        "win",
        0,
        arguments=(
            Argument("agent", Span(12, 14, "it"), "org/boeing"),
            Argument("place", Span(22, 29, "Chicago"), "place/chicago"),
            Argument("time", Span(22, 29, "Chicago")),
        ),
        time=TimeValue("2009-05", "month"),
    )
    x = Extraction(a, (Sentence(0, 0, len(text), text),), entities=(boeing, chicago), events=(won,))
    docs = read_system(to_rdf([x]))
    d = docs["a1"]
    assert [(m.start, m.end, m.type, m.kind) for m in d.mentions] == [
        (0, 6, "Organisation", "NAM"),
        (12, 14, "Organisation", "PRO"),
        (22, 29, "Location", "NAM"),
    ]
    assert d.mentions[0].node == d.mentions[1].node != d.mentions[2].node
    (ev,) = d.events
    assert (ev.start, ev.end, ev.date, ev.type) == (15, 18, "2009-05", "win")
    assert {(r.role, r.start, r.end) for r in ev.arguments} == {
        ("agent", 12, 14),
        ("place", 22, 29),
        ("time", 22, 29),
    }


def test_owl_same_as_joins_system_clusters():
    from rdflib import URIRef
    from rdflib.namespace import OWL

    from graphkit.evaluate.system import read_system
    from graphkit.rdf.build import IRIs, to_rdf
    from graphkit.types import Article, Entity, Extraction, Sentence
    from graphkit.types import Mention as M

    xs = []
    for aid, key, name in (("a1", "person/steve-jobs", "Steve Jobs"), ("a2", "person/jobs", "Jobs")):
        art = Article(id=aid, text=name)
        xs.append(
            Extraction(
                art,
                (Sentence(0, 0, len(name), name),),
                entities=(Entity(key, "Person", name, (M(0, len(name), name, 0),)),),
            )
        )
    ds = to_rdf(xs)
    before = read_system(ds)
    assert before["a1"].mentions[0].node != before["a2"].mentions[0].node
    iris = IRIs()
    ds.add((iris.entity("person/jobs"), OWL.sameAs, URIRef(iris.entity("person/steve-jobs"))))
    after = read_system(ds)
    assert after["a1"].mentions[0].node == after["a2"].mentions[0].node


def test_every_event_is_scored_and_wikievents_also_on_kairos_typed_events():
    """The headline figures score every system event (type-agnostic, as the eval README defines);
    WikiEvents also gets rows over the events whose type has a KAIROS counterpart in the scheme."""
    from graphkit.evaluate.gold import GoldDoc, GoldEvent
    from graphkit.evaluate.run import _Accumulator, scored_event_types
    from graphkit.evaluate.system import SysArgument, SysDoc, SysEvent
    from graphkit.rdf.scheme import event_types

    kairos = scored_event_types("wikievents")
    assert kairos == {t.id for t in event_types().values() if t.kairos}
    assert {"statement", "attack", "bombing", "election", "arrest"} <= kairos
    assert not {"other", "decision", "delay", "rejection"} & kairos
    assert scored_event_types("meantime") is None

    text = "Militants attacked the post and officials decided to close it."
    gold = GoldDoc("d", "wikievents", "", text, None, None, len(text), (), (GoldEvent(10, 18),))
    system = SysDoc(
        events=[
            SysEvent(10, 18, (SysArgument("agent", 0, 9),), None, "attack"),
            SysEvent(42, 49, (SysArgument("agent", 32, 41),), None, "decision"),
        ]
    )
    for corpus in ("wikievents", "meantime"):
        acc = _Accumulator(corpus)
        acc.add(gold, system)
        assert (acc.triggers.system, acc.triggers.correct, acc.args_any.system) == (2, 1, 2)
        typed = acc.result(1).typed
        if corpus == "meantime":
            assert typed is None
        else:
            assert (typed[0].system, typed[0].correct, typed[1].system) == (1, 1, 1)


def test_scoring_doctests():
    import graphkit.evaluate.gold
    import graphkit.evaluate.run
    import graphkit.evaluate.score

    for module in (graphkit.evaluate.score, graphkit.evaluate.gold, graphkit.evaluate.run):
        result = doctest.testmod(module)
        assert result.attempted > 0 and result.failed == 0


def test_a_folder_without_gold_says_so(tmp_path):
    from graphkit.errors import GraphkitError
    from graphkit.evaluate import evaluate

    with pytest.raises(GraphkitError, match="no gold set found"):
        evaluate(tmp_path)
    with pytest.raises(GraphkitError, match="not found"):
        evaluate(tmp_path / "missing")


@pytest.mark.model
def test_graphkit_evaluate_prints_json(tmp_path):
    from pathlib import Path

    from typer.testing import CliRunner

    from graphkit.cli import app

    slice_dir = Path(__file__).parent / "data" / "eval"
    result = CliRunner().invoke(app, ["evaluate", "--eval-dir", str(slice_dir), "--limit", "1", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["meantime"]["documents"] == 1 and "wikievents" not in data
    assert set(data["meantime"]["entities"]) == {"PER", "ORG", "LOC", "overall"}
