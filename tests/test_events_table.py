"""events.csv / events.jsonl (graphkit.rdf.events_table): one row per merged event, read from the graph;
the report, the timeline and the named queries count merged events. Hand-built graphs first (no model),
then the three-outlets corpus built for real, to files and to a store."""

from __future__ import annotations

import csv
import io
import json

import pytest
from rdflib.namespace import OWL

from graphkit.rdf.build import IRIs, add_extraction, new_dataset
from graphkit.rdf.events_table import event_groups, events_csv, read_merged_events, write_events
from graphkit.rdf.merge import merge_corpus
from graphkit.rdf.scheme import add_scheme
from graphkit.rdf.store import GraphStore
from tests.test_event_merge import BASE, DISTRICT, OUTLETS, PROVINCE, _article, _two_reports


def _same_place_reports():
    """Two articles report an attack on Farah on one day (one happening), a third one on another day."""
    ds = new_dataset()
    iris = IRIs(BASE)
    farah = (PROVINCE, "Farah", None)
    for aid, text, day in (
        ("y1", "Gunmen attacked Farah.", "2024-03-05"),
        ("y2", "Militants attacked Farah on Tuesday.", "2024-03-05"),
        ("y3", "Rebels attacked Farah again.", "2024-03-09"),
    ):
        add_extraction(ds, _article(aid, text, day, "attacked", day, farah), iris)
    merge_corpus(ds, BASE)
    add_scheme(ds)
    return ds


def test_one_row_per_same_as_set_with_its_sources_and_most_specific_place():
    ds = _two_reports()
    merge_corpus(ds, BASE)
    add_scheme(ds)
    (ev,) = read_merged_events(ds)
    assert ev.articles == 2 and ev.mentions == 2 and ev.sources == ("x1", "x2")
    assert (ev.type, ev.cameo, ev.plover, ev.acled) == ("attack", "190", "ASSAULT", "Attack")
    assert (ev.date, ev.date_precision) == ("2024-03-05", "day")
    assert ev.place is not None and ev.place.iri.endswith(DISTRICT)  # the district, not its province
    assert {p.iri.split("/entity/", 1)[1] for p in ev.places} == {DISTRICT, PROVINCE}
    assert ev.first_report == ev.last_report == "2024-03-06"
    assert ev.id == ev.event.split("/event/", 1)[1] and len(ev.members) == 2
    assert {m.sentence for m in ev.members} == {
        "Gunmen attacked Bala Buluk.",
        "Militants attacked Farah on Tuesday.",
    }


def test_the_union_view_one_event_has_every_report_s_participants():
    """One report names the attacker, the other the victim: the merged event has both, each with its report."""
    from dataclasses import replace

    from graphkit.types import Argument, Entity, Mention, Span

    def with_actor(x, role, eid, name, etype):
        s = x.article.text.index(name)
        ent = Entity(eid, etype, name, (Mention(s, s + len(name), name, 0, "NAM"),))
        (ev,) = x.events
        arg = Argument(role, Span(s, s + len(name), name), eid)
        return replace(x, entities=(*x.entities, ent), events=(replace(ev, arguments=(*ev.arguments, arg)),))

    ds = new_dataset()
    iris = IRIs(BASE)
    a = _article(
        "z1", "Taliban attacked Farah.", "2024-03-06", "attacked", "2024-03-05", (PROVINCE, "Farah", None)
    )
    b = _article("z2", "Gunmen attacked Farah police on Tuesday.", "2024-03-06", "attacked", "2024-03-05",
                 (PROVINCE, "Farah", None))  # fmt: skip
    add_extraction(ds, with_actor(a, "agent", "org/taliban", "Taliban", "Organisation"), iris)
    add_extraction(ds, with_actor(b, "patient", "org/police", "police", "Organisation"), iris)
    merge_corpus(ds, BASE)
    (ev,) = read_merged_events(ds)
    got = {
        (x.role, x.label, tuple(r.rsplit("/event/", 1)[1].split("/")[0] for r in x.reports))
        for x in ev.actors
    }
    assert got == {("agent", "Taliban", ("z1",)), ("patient", "police", ("z2",))}
    row = ev.row()
    assert row["agents"] == "Taliban" and row["patients"] == "police" and row["articles"] == 2


def test_codes_come_from_the_graph_and_from_the_shipped_scheme_alike():
    ds = _two_reports()
    merge_corpus(ds, BASE)
    without = read_merged_events(ds)
    add_scheme(ds)
    assert read_merged_events(ds) == without


def test_unmerged_reports_are_separate_rows_and_only_event_links_count():
    ds = _two_reports()  # no merge step: two rows
    assert [e.articles for e in read_merged_events(ds)] == [1, 1]
    assert event_groups([("a", "b"), ("a", "wd:Q1")], ["a", "b", "c"]) == {"a": "a", "b": "a", "c": "c"}


def test_csv_cells_are_guarded_and_jsonl_round_trips(tmp_path):
    ds = _same_place_reports()
    paths = write_events(ds, tmp_path)
    rows = list(csv.DictReader(io.StringIO(paths["events_csv"].read_text(encoding="utf-8"))))
    assert [r["articles"] for r in rows] == ["2", "1"]
    assert rows[0]["sources"] == "y1; y2" and rows[0]["plover"] == "ASSAULT" and rows[0]["place"] == "Farah"
    lines = [json.loads(x) for x in paths["events_jsonl"].read_text(encoding="utf-8").splitlines()]
    assert [x["id"] for x in lines] == [r["id"] for r in rows]
    assert [m["article"] for m in lines[0]["mentions_list"]] == ["y1", "y2"]
    ev = read_merged_events(ds)[0]
    hostile = type(ev)(**{**{f: getattr(ev, f) for f in ev.__slots__}, "type": "=HYPERLINK(1)"})
    assert "'=HYPERLINK(1)" in events_csv([hostile])


def test_named_queries_count_a_happening_once(tmp_path):
    from graphkit.queries import bind, get

    ds = _same_place_reports()
    path = tmp_path / "g.trig"
    ds.serialize(path, format="trig")
    assert (
        len(
            list(
                ds.graph(
                    next(g.identifier for g in ds.graphs() if "event-merges" in str(g.identifier))
                ).subject_objects(OWL.sameAs)
            )
        )
        == 1
    )
    with GraphStore.from_files(path) as st:
        b = bind(get("events-by-place-and-month"), {"place": "Farah"})
        months = st.query(b.text, bindings=b.values())
        got = {(str(r[1]), str(r[2])): (int(r[3]), int(r[4])) for r in months.rows}
        assert got == {("2024-03", "attack"): (2, 3)}  # two happenings, three articles
        b = bind(get("actor-timeline"), {"actor": "Farah"})
        timeline = st.query(b.text, bindings=b.values())
        assert len(timeline.rows) == 2


def test_report_and_timeline_count_merged_events():
    from graphkit.analysis import analyse

    r = analyse(_same_place_reports())
    assert r.counts["events"] == 2 and r.counts["event_mentions"] == 3
    assert len(r.timeline) == 2 and r.counts["events_by_type"] == {"attack": 2}


@pytest.mark.model
def test_a_build_writes_events_from_files_and_from_a_store_alike(tmp_path):
    """Three outlets report one bombing: one row with three sources; the store path writes the same rows."""
    from graphkit.pipeline import build

    src = tmp_path / "outlets.jsonl"
    src.write_text("".join(json.dumps({"id": a.id, "text": a.text, "date": a.date}) + "\n" for a in OUTLETS))
    files = build(src, tmp_path / "files", write_map=False)
    store = build(src, tmp_path / "st-out", store=tmp_path / "store", write_map=False)
    a = files.files["events_csv"].read_text(encoding="utf-8")
    assert a == store.files["events_csv"].read_text(encoding="utf-8")
    assert files.files["events_jsonl"].read_bytes() == store.files["events_jsonl"].read_bytes()
    rows = list(csv.DictReader(io.StringIO(a)))
    assert files.counts["events"] == len(rows) < files.counts["event_mentions"]
    attacks = [r for r in rows if r["plover"] == "ASSAULT" and r["articles"] != "1"]
    assert [r["sources"] for r in attacks] == ["outlet-a; outlet-b; outlet-c"]
    assert attacks[0]["date"] == "2024-03-05" and attacks[0]["date_precision"] == "day"
