"""The PLOVER benchmark (graphkit.evaluate.plover) on a hand-written fixture in the gold file's layout:
reading and splitting the records, the markup, the category crosswalk, the choice of the main event and
the agreement rules; one test runs the real pipeline on the fixture."""

from pathlib import Path

import pytest

from graphkit.errors import GraphkitError
from graphkit.evaluate.plover import (
    PloverArg,
    PloverEvent,
    crosswalk,
    evaluate_plover,
    main_event,
    parse_markup,
    read_plover,
    score_record,
)
from graphkit.evaluate.protocol import Figure

FIXTURE = Path(__file__).parent / "data" / "eval" / "plover_fixture.json"


def records():
    return {r.id: r for r in read_plover(FIXTURE)}


def test_the_header_is_skipped_and_positions_alternate_between_tuned_and_frozen():
    rs = read_plover(FIXTURE)
    assert [r.position for r in rs] == [0, 1, 2, 3, 4]
    assert [r.split for r in rs] == ["tuned", "frozen", "tuned", "frozen", "tuned"]
    assert all(r.id != "FIXTURE-DOCUMENT-0001" for r in rs)


def test_2016_names_take_their_current_names():
    rs = records()
    assert rs["FIXTURE-DEMAND-0002"].category == "REQUEST"
    assert rs["FIXTURE-FIGHT-0003"].category == "ASSAULT"
    assert rs["FIXTURE-AGREE-0001"].category == "AGREE"
    names = crosswalk()
    assert names["DISAPPROVE"] == names["INVESTIGATE"] == "ACCUSE"
    assert names["CONCEDE"] == "CONCEDE" and names["RETREAT"] == "RETREAT"


def test_the_official_table_gives_the_same_crosswalk(tmp_path):
    table = tmp_path / "CAMEO2PLOVER-2021.txt"
    table.write_text(
        "03: AGREE\n04: CONSULT\n05: SUPPORT\n06: COOPERATE\n07: AID\n08: CONCEDE\n08: RETREAT\n09: ACCUSE\n"
        "10: REQUEST\n11: ACCUSE\n12: REJECT\n13: THREATEN\n14: PROTEST\n15: MOBILIZE\n16: SANCTION\n"
        "17: COERCE\n18: ASSAULT\n19: ASSAULT\n20: ASSAULT\n031: AGREE,  , diplomatic # not a heading\n"
    )
    assert crosswalk(table) == crosswalk()
    table.write_text("# nothing here\n")
    with pytest.raises(GraphkitError, match="no two-digit"):
        crosswalk(table)


def test_markup_spans_survive_nested_parentheses_and_an_edited_text():
    text, spans = parse_markup("The (SRC: Union (FU) of Farmers) (EVT: met )(TAR: Iran).")
    assert text == "The Union (FU) of Farmers met Iran."
    assert [(tag, text[a:b]) for tag, (a, b) in spans] == [("SRC", "Union (FU) of Farmers"), ("EVT", "met"),
                                                            ("TAR", "Iran")]  # fmt: skip
    fight = records()["FIXTURE-FIGHT-0003"]  # its markup has words its text has not
    assert [fight.text[a:b] for a, b in fight.sources] == ["Rebel fighters"]
    assert fight.text[fight.targets[0][0] : fight.targets[0][1]].startswith("army base")


def test_reciprocal_actors_are_sources_and_targets():
    r = records()["FIXTURE-REJECT-0004"]
    assert [r.text[a:b] for a, b in r.reciprocal] == ["Ruritania", "Grand Fenwick"]
    assert r.sources == r.targets == r.reciprocal


def _ev(start, end, etype, conf=0.7, args=()):
    return PloverEvent(start, end, etype, conf, tuple(args))


def test_the_main_event_is_the_first_coded_event_on_the_event_words():
    said, agreed, reopen = _ev(80, 84, "statement", 0.9), _ev(27, 33, "agreement"), _ev(37, 43, "other", 0.4)
    assert main_event([said, agreed, reopen], [(27, 33), (37, 43)]) is agreed
    # off the event words: the most confident coded event, before any statement
    attack = _ev(0, 5, "attack", 0.8)
    assert main_event([said, attack], [(50, 55)]) is attack
    # nothing coded: the most confident event that is not a statement
    other = _ev(10, 15, "other", 0.4)
    assert main_event([said, other], [(50, 55)]) is other
    assert main_event([], [(0, 1)]) is None


def test_agreement_counts_the_entity_an_argument_was_resolved_to():
    r = records()["FIXTURE-AGREE-0001"]
    gov = r.text.index("Freedonian")
    syl = r.text.index("Sylvania")
    # the agent's own mention is "it", but its entity's mention covers the gold source
    ev = _ev(27, 33, "agreement", args=[PloverArg("agent", ((0, 2), (gov, gov + 21))),
                                        PloverArg("recipient", ((syl, syl + 8),))])  # fmt: skip
    o = score_record(r, [ev])
    assert (o.category_ok, o.source_ok, o.target_ok) == (True, True, True)
    o = score_record(r, [_ev(27, 33, "meeting", args=[PloverArg("patient", ((gov, gov + 21),))])])
    assert (o.category_ok, o.source_ok, o.target_ok) == (False, False, False)


def test_a_reciprocal_pair_of_agents_is_source_and_target():
    r = records()["FIXTURE-REJECT-0004"]
    a, b = r.reciprocal
    ev = _ev(28, 36, "rejection", args=[PloverArg("agent", (a,)), PloverArg("agent", (b,))])
    o = score_record(r, [ev])
    assert (o.category_ok, o.source_ok, o.target_ok) == (True, True, True)
    lone = score_record(r, [_ev(28, 36, "rejection", args=[PloverArg("agent", (a,))])])
    assert (lone.source_ok, lone.target_ok) == (True, False)


def test_a_record_without_a_target_is_not_scored_for_one():
    o = score_record(records()["FIXTURE-PROTEST-0005"], [])
    assert o.target_ok is None and o.source_ok is False and not o.category_ok


def test_unknown_split_and_missing_file_are_errors_that_say_what_to_do(tmp_path):
    with pytest.raises(GraphkitError, match="tuned or frozen"):
        evaluate_plover(FIXTURE, splits=("dev",), with_bar=False)
    with pytest.raises(GraphkitError, match="PLOVER gold file not found"):
        read_plover(tmp_path / "missing.json")


@pytest.mark.model
def test_the_pipeline_scores_the_fixture_with_the_plain_spacy_bar_beside_it():
    figures = evaluate_plover(FIXTURE, splits=("tuned",))
    assert all(isinstance(f, Figure) and f.set == "plover" and f.split == "tuned" for f in figures)
    by = {f.measure: f for f in figures}
    assert set(by) == {"category accuracy", "source agreement", "target agreement"}
    assert by["category accuracy"].n == 3 and by["target agreement"].n == 2
    assert by["category accuracy"].bar == 0.0 and by["category accuracy"].bar_name == "plain spaCy"
    assert all(0.0 <= f.value <= 1.0 for f in figures)
    # "agreed" (AGREE), "attacked" (ASSAULT), a three-day strike (PROTEST): all three typed right
    assert by["category accuracy"].value == 1.0
