"""ECB+ gold set: the CAT XML reader, the coreference metrics, the scoring glue, and one run with the model.

The fixture (tests/data/eval/ecbplus_fixture) is hand-made in ECB+'s file format with sentences written
for these tests: topic 23 (tuned) with one ``ecb`` and one ``ecbplus`` document, topic 26 (frozen) with one.
"""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest

import graphkit.evaluate.coref_metrics as coref_metrics
import graphkit.evaluate.ecbplus as ecbplus
from graphkit.evaluate.coref_metrics import b_cubed, ceaf_e, conll_f1, muc
from graphkit.evaluate.ecbplus import (
    SysEventNode,
    _add_doc,
    _figures,
    _new_tally,
    _pick,
    is_event_noun,
    read_ecbplus,
    read_sentence_index,
)
from graphkit.evaluate.system import SysMention

FIXTURE = Path(__file__).parent / "data" / "eval" / "ecbplus_fixture"


def test_doctests():
    for module in (coref_metrics, ecbplus):
        result = doctest.testmod(module)
        assert result.failed == 0, module.__name__


# --------------------------------------------------------------------------- metrics


def test_metrics_worked_example():
    """Key {a b c} {d e}; response {a b} {c d e}. By hand:

    MUC recall: {a b c} falls into 2 response parts -> 3 - 2 = 1 of 3 - 1 = 2 links; {d e} into 1 part
    -> 1 of 1; recall = 2/3. Precision: {a b} -> 1 of 1; {c d e} into 2 key parts -> 1 of 2; 2/3.
    B-cubed recall: a, b: |K & R| / |K| = 2/3 each; c: 1/3; d, e: 2/2 = 1 each -> (2/3 + 2/3 + 1/3 + 1 + 1)
    / 5 = 11/15 = 0.733. Precision: a, b: 2/2; c: 1/3; d, e: 2/3 -> (1 + 1 + 1/3 + 2/3 + 2/3) / 5 = 11/15.
    CEAF-e: phi4({a b c}, {a b}) = 2*2/5 = 0.8, phi4({d e}, {c d e}) = 2*2/5 = 0.8 (the best alignment;
    the other pairing gives 2*1/6 + 0 = 0.33) -> 1.6 / 2 key entities = 0.8, / 2 response entities = 0.8.
    CoNLL F1 = (2/3 + 11/15 + 0.8) / 3 = 0.7333.
    """
    key = {"a": 1, "b": 1, "c": 1, "d": 2, "e": 2}
    resp = {"a": "x", "b": "x", "c": "y", "d": "y", "e": "y"}
    assert list(muc(key, resp)) == pytest.approx([2 / 3, 2 / 3, 2 / 3])
    assert list(b_cubed(key, resp)) == pytest.approx([11 / 15, 11 / 15, 11 / 15])
    assert list(ceaf_e(key, resp)) == pytest.approx([0.8, 0.8, 0.8])
    assert conll_f1(key, resp) == pytest.approx((2 / 3 + 11 / 15 + 0.8) / 3)


def test_metrics_unequal_example():
    """Key {a b c} {d e f g}; response {a b} {c d} {f g h i} (h, i are not in the key). By hand:

    MUC recall: {a b c} -> parts {a b} {c}: 1 of 2; {d e f g} -> parts {d} {e (absent)} {f g}: 1 of 3;
    recall = 2/5. Precision: {a b} -> 1 of 1; {c d} -> 2 key parts: 0 of 1; {f g h i} -> {f g} {h} {i}:
    1 of 3; precision = 2/5.
    B-cubed recall (over the 7 key mentions): a, b 2/3; c 1/3; d 1/4; e 0 (absent); f, g 2/4 ->
    (2/3 + 2/3 + 1/3 + 1/4 + 0 + 1/2 + 1/2) / 7 = (35/12) / 7 = 5/12. Precision (over 8 response mentions):
    a, b 2/2; c, d 1/2; f, g 2/4; h, i 0 -> (1 + 1 + 1/2 + 1/2 + 1/2 + 1/2) / 8 = 4/8 = 1/2.
    CEAF-e: phi4({a b c}, {a b}) = 4/5, phi4({d e f g}, {f g h i}) = 4/8 = 1/2; total 1.3 (better than any
    other alignment) -> recall 1.3 / 2, precision 1.3 / 3.
    """
    key = {m: 1 for m in "abc"} | {m: 2 for m in "defg"}
    resp = {"a": "x", "b": "x", "c": "y", "d": "y", "f": "z", "g": "z", "h": "z", "i": "z"}
    assert list(muc(key, resp))[:2] == pytest.approx([2 / 5, 2 / 5])
    assert list(b_cubed(key, resp))[:2] == pytest.approx([1 / 2, 5 / 12])
    assert list(ceaf_e(key, resp))[:2] == pytest.approx([1.3 / 3, 1.3 / 2])


def test_metrics_extremes():
    key = {1: "a", 2: "a", 3: "b"}
    assert conll_f1(key, {1: "x", 2: "x", 3: "y"}) == pytest.approx(1.0)
    singles = {1: "p", 2: "q", 3: "r"}
    assert list(muc(key, singles)) == [0.0, 0.0, 0.0]  # no link predicted
    assert b_cubed(key, singles).precision == 1.0
    assert b_cubed(key, singles).recall == pytest.approx((1 / 2 + 1 / 2 + 1) / 3)
    assert list(muc({}, {})) == [0.0, 0.0, 0.0]


# --------------------------------------------------------------------------- reader


def test_sentence_index_reads_crlf():
    index = read_sentence_index(FIXTURE / "ECBplus_coreference_sentences.csv")
    assert index["23_1ecb"] == {0, 1}
    assert index["23_1ecbplus"] == {1, 2, 3}
    assert index["26_1ecb"] == {0}


def test_reader_text_one_sentence_a_line_and_the_address_as_url():
    docs = {d.id: d for d in read_ecbplus(FIXTURE)}
    assert list(docs) == ["23_1ecb", "23_1ecbplus", "26_1ecb"]
    ecb = docs["23_1ecb"]
    assert ecb.text.splitlines() == [
        "Police arrested a man in Springfield on Monday .",
        "The arrest followed a robbery at a bank .",
        "Nobody was hurt .",
    ]
    assert ecb.url is None and ecb.topic == 23 and ecb.subtopic == "ecb"
    plus = docs["23_1ecbplus"]
    assert plus.url == "http://news.example.org/detained"
    assert plus.text.startswith("Officers detained a suspect")  # the address line is not text
    assert [plus.text[b:e] for b, e in plus.scored][1] == "He did not resist ."


def test_reader_scores_listed_sentences_only():
    ecb = read_ecbplus(FIXTURE, topics=[23])[0]
    words = [ecb.text[e.start : e.end] for e in ecb.events]
    assert words == ["arrested", "arrest", "robbery"]  # "hurt" is in an unlisted sentence
    assert not ecb.in_scored(ecb.text.index("Nobody"))
    parts = [(ecb.text[p.start : p.end], p.type) for p in ecb.participants]
    assert parts == [("Police", "ORG"), ("a man", "PER"), ("Springfield", "LOC"), ("a bank", "LOC")]


def test_reader_event_identity_and_negated_events():
    plus = read_ecbplus(FIXTURE, topics=[23])[1]
    by_word = {plus.text[e.start : e.end]: e for e in plus.events}
    assert by_word["detained"].instance == "ACT_FIX_3"
    assert by_word["resist"].tag == "NEG_ACTION_OCCURRENCE" and by_word["resist"].instance is None
    assert by_word["charged"].chain == by_word["charges"].chain == "23_1ecbplus#903"
    assert by_word["read"].chain is None and by_word["read"].instance is None
    types = {plus.text[p.start : p.end]: p.type for p in plus.participants}
    assert types["Oakdale"] == "LOC"  # HUMAN_PART_GPE
    assert "Tuesday" not in types  # times are not participants


def test_event_nouns():
    assert is_event_noun("explosion") and is_event_noun("shooting") and is_event_noun("arrest")
    assert not is_event_noun("government") and not is_event_noun("morning") and not is_event_noun("car")


def test_limit_takes_topics_and_subtopics_in_turn():
    docs = read_ecbplus(FIXTURE)
    assert [d.id for d in _pick(docs, 2)] == ["23_1ecb", "26_1ecb"]
    assert [d.id for d in _pick(docs, 3)] == ["23_1ecb", "23_1ecbplus", "26_1ecb"]


# --------------------------------------------------------------------------- scoring glue (no model)


def test_scoring_glue_clusters_and_filters():
    """Hand-built system output on the tuned documents: graphkit joins the two "arrest" mentions (right),
    the two robberies of different sub-topics (wrong) and "charged"/"charges" (right within the document,
    but not cross-document: the README's cross-document gold leaves intra-document chains singletons)."""
    import spacy

    blank = spacy.blank("en")  # no tags: the peers find nothing, which keeps this test about graphkit
    ecb, plus = read_ecbplus(FIXTURE, topics=[23])
    tally = _new_tally()

    def events(doc, clusters):
        return [SysEventNode(e.start, e.end, c, "w") for e, c in zip(doc.events, clusters, strict=True)]

    hurt = ecb.text.index("hurt")
    ecb_events = [*events(ecb, ["A", "A", "B"]), SysEventNode(hurt, hurt + 4, "H", "hurt")]
    ecb_mentions = [
        SysMention(0, 6, "Organisation", "NAM", "n1"),
        SysMention(16, 21, "Person", "NOM", "n2"),
        SysMention(25, 36, "Location", "NAM", "n3"),
        SysMention(ecb.text.index("Nobody"), ecb.text.index("Nobody") + 6, "Person", "PRO", "n4"),  # unlisted
    ]
    _add_doc(tally, ecb, ecb_mentions, ecb_events, blank(ecb.text))
    plus_mentions = [SysMention(0, 8, "Group", "NOM", "n5")]  # gk:Group counts as PER
    _add_doc(tally, plus, plus_mentions, events(plus, ["C", "B", "D", "E", "E", "F"]), blank(plus.text))
    figs = {f.measure: f for f in _figures(tally, "tuned")}

    trig = figs["event triggers"]
    assert (trig.precision, trig.recall, trig.n) == (1.0, 1.0, 9)  # "hurt" is outside the listed sentences
    part = figs["participants overall"]
    assert (part.precision, part.recall, part.n) == (1.0, pytest.approx(4 / 10), 10)
    assert figs["participants PER"].recall == pytest.approx(2 / 5)
    # cross-document MUC: the one gold link (arrested-arrest) found; 3 links predicted, 1 right
    cross = figs["cross-doc event coref MUC"]
    assert (cross.recall, cross.precision) == (pytest.approx(1.0), pytest.approx(1 / 3))
    # within documents the system's clusters are exactly the gold ones (robberies cut at the document)
    assert figs["within-doc event coref CoNLL F1"].value == pytest.approx(1.0)
    assert figs["cross-doc event coref CoNLL F1"].bar_name == "same-lemma"


# --------------------------------------------------------------------------- end to end


@pytest.mark.model
def test_evaluate_ecbplus_on_the_fixture():
    from graphkit.config import Settings
    from graphkit.evaluate.ecbplus import evaluate_ecbplus

    figs = evaluate_ecbplus(FIXTURE, Settings(), ("tuned", "frozen"))
    by = {(f.split, f.measure): f for f in figs}
    assert {f.split for f in figs} == {"tuned", "frozen"}
    assert by[("tuned", "event triggers")].n == 9 and by[("frozen", "event triggers")].n == 1
    assert by[("tuned", "participants overall")].n == 10
    assert by[("tuned", "event triggers")].bar_name == "plain spaCy script"
    assert by[("tuned", "participants overall")].bar is not None
    assert by[("tuned", "peer same-lemma: event triggers")].recall >= 0.5  # verbs and event nouns
    assert by[("tuned", "participants overall")].recall > 0  # the pipeline ran on the articles
    for f in figs:
        assert 0.0 <= f.value <= 1.0, f


def test_event_nodes_are_joined_over_same_as():
    """Two articles' events recorded as one happening (owl:sameAs) share a cluster; a node's second
    gaf:denotedBy mention is an event mention of the same cluster."""
    from rdflib import Dataset, Literal, URIRef
    from rdflib.namespace import DCTERMS, OWL, RDF

    from graphkit.evaluate.ecbplus import read_event_nodes
    from graphkit.rdf.namespaces import GAF, GK, NIF

    base = "https://example.org/"
    ds = Dataset(default_union=True)  # as graphkit.rdf.build.new_dataset makes it
    g = ds.graph(URIRef(base + "g"))
    for aid in ("a1", "a2"):
        g.add((URIRef(base + aid), RDF.type, GK.Article))
        g.add((URIRef(base + aid), DCTERMS.identifier, Literal(aid)))

    def event(name, aid, spans):
        ev = URIRef(base + name)
        g.add((ev, RDF.type, GK.Event))
        g.add((ev, GK.lemma, Literal("arrest")))
        for i, (b, e) in enumerate(spans):
            m = URIRef(f"{base}{aid}#char={b},{e}")
            g.add((ev, GK.trigger if i == 0 else GAF.denotedBy, m))
            g.add((m, NIF.referenceContext, URIRef(base + aid)))
            g.add((m, NIF.beginIndex, Literal(b)))
            g.add((m, NIF.endIndex, Literal(e)))
        return ev

    e1 = event("e1", "a1", [(0, 8), (20, 26)])
    e2 = event("e2", "a2", [(5, 13)])
    event("e3", "a2", [(30, 36)])
    g.add((e2, OWL.sameAs, e1))
    nodes = read_event_nodes(ds)
    a1, a2 = nodes["a1"], nodes["a2"]
    assert [(n.start, n.end) for n in a1] == [(0, 8), (20, 26)]
    assert a1[0].cluster == a1[1].cluster == a2[0].cluster != a2[1].cluster
    assert a2[0].lemma == "arrest"
