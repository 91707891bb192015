"""MEANTIME within-document event coreference: the gold reader's EVENT instances, and the scoring of
graphkit's event nodes, graphkit's mentions by lemma and the same-lemma baseline on hand-built inputs."""

from __future__ import annotations

import pytest

from graphkit.evaluate.ecbplus import SysEventNode
from graphkit.evaluate.gold import read_meantime_file
from graphkit.evaluate.run import _event_coref_figures, _event_coref_items

CAT = """<?xml version="1.0" ?><Document doc_id="1" doc_name="x">
<token t_id="1" sentence="0">Quake</token><token t_id="2" sentence="0">hits</token>
<token t_id="3" sentence="1">May</token><token t_id="4" sentence="1">2</token>
<token t_id="5" sentence="2">A</token><token t_id="6" sentence="2">quake</token>
<token t_id="7" sentence="2">struck</token><token t_id="8" sentence="2">and</token>
<token t_id="9" sentence="2">the</token><token t_id="10" sentence="2">tremor</token>
<token t_id="11" sentence="2">killed</token><token t_id="12" sentence="2">two</token><token t_id="13" sentence="2">.</token>
<Markables>
<EVENT_MENTION m_id="1" pred="hit"><token_anchor t_id="2"/></EVENT_MENTION>
<EVENT_MENTION m_id="2" pred="quake"><token_anchor t_id="6"/></EVENT_MENTION>
<EVENT_MENTION m_id="3" pred="tremor"><token_anchor t_id="10"/></EVENT_MENTION>
<EVENT_MENTION m_id="4" pred="kill"><token_anchor t_id="11"/></EVENT_MENTION>
<EVENT m_id="9" class="OCCURRENCE"/>
<EVENT m_id="10" class="OCCURRENCE"/>
</Markables>
<Relations>
<REFERS_TO r_id="1"><source m_id="1"/><source m_id="2"/><source m_id="3"/><target m_id="9"/></REFERS_TO>
<REFERS_TO r_id="2"><source m_id="4"/><target m_id="10"/></REFERS_TO>
</Relations></Document>"""


@pytest.fixture
def doc(tmp_path):
    f = tmp_path / "corpus_x" / "1_x.xml"
    f.parent.mkdir()
    f.write_text(CAT, encoding="utf-8")
    return read_meantime_file(f)


def test_meantime_reader_gives_each_event_mention_its_event_instance(doc):
    hit, quake, tremor, kill = doc.events
    assert hit.coref == quake.coref == tremor.coref == "9" and kill.coref == "10"


def test_event_coref_scores_graphkit_nodes_lemma_clusters_and_the_baseline(doc, nlp):
    def span(word: str) -> tuple[int, int]:
        i = doc.text.index(word, doc.text.index("\n", doc.text.index("\n") + 1) if word != "hits" else 0)
        return i, i + len(word)

    # graphkit: "quake" and "tremor" one node (joined over owl:sameAs), "hits" and "killed" on their own
    nodes = [
        SysEventNode(*span("hits"), "e/hit", "hit"),
        SysEventNode(*span("quake"), "e/quake", "quake"),
        SysEventNode(*span("tremor"), "e/quake", "tremor"),
        SysEventNode(*span("killed"), "e/kill", "kill"),
    ]
    items: dict[str, dict] = {k: {} for k in ("gold", "graphkit", "graphkit mentions + same-lemma clusters",
                                                "same-lemma baseline")}  # fmt: skip
    _event_coref_items(doc, nodes, nlp(doc.text), items)
    assert len(set(items["gold"].values())) == 2
    gk = items["graphkit"]
    assert gk[(doc.id, 1)] == gk[(doc.id, 2)] != gk[(doc.id, 0)]
    figures = {f.measure: f for f in _event_coref_figures(items)}
    muc = figures["within-doc event coref MUC"]
    assert muc.split == "tuned" and muc.n == 4 and muc.precision == 1.0 and muc.recall == pytest.approx(0.5)
    assert figures["graphkit mentions + same-lemma clusters: within-doc event coref MUC"].recall == 0.0
    assert figures["within-doc event coref CoNLL F1"].bar_name == "same-lemma"
    assert "peer same-lemma: within-doc event coref B-cubed" in figures
