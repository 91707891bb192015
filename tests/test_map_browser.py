"""The HTML map in real headless Debian Chromium: offline, complete, usable and inert to hostile text.

Every page is opened in a context that aborts and records any request that is not the file itself,
so "fetches nothing" is observed, not assumed. Most pages are opened with the Content-Security-Policy
bypassed, so the XSS tests prove the escaping itself; one test keeps the CSP and checks it is never
violated. Screenshots go to test-artifacts/ (look at them).
"""

import json
from dataclasses import replace
from pathlib import Path

import networkx as nx
import pytest

import graphkit.visualise as visualise_module
from graphkit.analysis import entity_network, read_graph
from graphkit.rdf.build import to_rdf
from graphkit.types import Article, Relation, Span
from graphkit.visualise import MapOptions, build_map, map_data, write_map
from tests.factories import sample_extraction
from tests.test_analyse import second_article

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => window.__violations.push(e.violatedDirective + " " + e.blockedURI));
"""


def open_map(browser, path: Path, bypass_csp: bool = True):
    """Load a map from disk in a fresh context; every request that is not the page itself is aborted
    and recorded in ``page.outside``, every page error in ``page.errors``."""
    context = browser.new_context(viewport={"width": 1400, "height": 900}, bypass_csp=bypass_csp)
    page = context.new_page()
    page.outside, page.errors = [], []

    def route(r):
        if r.request.url.startswith(("file:", "data:")):
            r.continue_()
        else:
            page.outside.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    page.add_init_script(VIOLATIONS)
    page.goto(path.as_uri())
    page.wait_for_function("() => window.graphkit && window.graphkit.settled === true", timeout=60_000)
    return page


def close(page):
    context = page.context
    page.close()
    context.close()


def node_id(page, label: str) -> int:
    return page.evaluate("(l) => graphkit.data.nodes.find((n) => n.label === l).id", label)


def hover(page, label: str) -> str:
    """Move the real mouse onto a node and return the tooltip's text."""
    nid = node_id(page, label)
    page.evaluate("(id) => graphkit.network.focus(id, {scale: 1.2})", nid)
    page.wait_for_timeout(200)
    pos = page.evaluate("(id) => graphkit.network.canvasToDOM(graphkit.network.getPosition(id))", nid)
    box = page.locator("#network").bounding_box()
    page.mouse.move(box["x"] + pos["x"] + 40, box["y"] + pos["y"] + 40)
    page.mouse.move(box["x"] + pos["x"], box["y"] + pos["y"], steps=4)
    page.wait_for_selector("#tip:not([hidden])", timeout=5_000)
    return page.inner_text("#tip")


@pytest.fixture(scope="module")
def two_articles(tmp_path_factory):
    path = tmp_path_factory.mktemp("maps") / "two.html"
    return write_map(to_rdf([sample_extraction(), second_article()]), path)


# --------------------------------------------------------------------------- the sample map


def test_sample_map_loads_offline_with_the_expected_nodes(browser, sample_build, sample_graph):
    page = open_map(browser, sample_build.files["map"])
    try:
        assert page.outside == [] and page.errors == [] and page.evaluate("window.__violations") == []
        drawn = page.evaluate("() => graphkit.network.body.data.nodes.get().map((n) => n.label)")
        expected = [n["label"] for n in map_data(sample_graph)["nodes"]]
        assert sorted(drawn) == sorted(expected)  # some labels repeat: "spokesman" of two ministries
        assert {"Taliban", "Abdul Jalil Bakhtawar", "Farah", "Massoud", "United States"} <= set(drawn)
        assert page.evaluate("() => graphkit.network.body.data.edges.length") == len(
            map_data(sample_graph)["edges"]
        )
        assert page.inner_text("#status").startswith("layout settled")
    finally:
        close(page)


def test_sample_map_search_filters_focus_tooltip_and_timeline(browser, sample_build):
    page = open_map(browser, sample_build.files["map"])
    try:
        data = page.evaluate("() => graphkit.data")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "sample-map.png"))  # the whole map as it opens
        # search by name: the info panel shows the node's source sentences and their article
        page.fill("#search", "massoud")
        page.press("#search", "Enter")
        page.wait_for_selector("#info:not([hidden])")
        info = page.inner_text("#info")
        assert (
            info.startswith("×\nMassoud")
            and "afghan-general-defects-to-taliban" in info
            and "SOURCES" in info.upper()
        )
        assert page.evaluate("() => graphkit.network.getSelectedNodes()") == [node_id(page, "Massoud")]
        # hovering a node shows its type and a source sentence with its article
        # (a node with few links: where many links end at a node's centre, vis-network 9 reports the node's
        # blur right after its hover, seen on "Abdul Jalil Bakhtawar" once the sample graph gained links)
        tip = hover(page, "Kamal Alam")
        assert (
            tip.startswith("Kamal Alam (Person)")
            and "“" in tip
            and "— afghan-soldiers-surrender" in tip
        )
        page.screenshot(path=str(ARTIFACTS / "sample-map-details.png"))  # info panel and a tooltip
        # filter by entity type
        page.uncheck("input[data-type='Location']")
        hidden = set(
            page.evaluate(
                "() => graphkit.network.body.data.nodes.get().filter((n) => n.hidden).map((n) => n.id)"
            )
        )
        assert hidden == {n["id"] for n in data["nodes"] if n["type"] == "Location"}
        page.check("input[data-type='Location']")
        # filter by event type: with every event type off, only stated relations stay
        page.click("#evall a:text('none')")
        visible = page.evaluate("() => graphkit.visibleEdgeIds()")
        assert visible == [i for i, e in enumerate(data["edges"]) if e.get("r")] and 0 < len(visible) < len(
            data["edges"]
        )
        page.click("#evall a:text('all')")
        page.uncheck("input[data-event-type='defection']")
        gone = set(range(len(data["edges"]))) - set(page.evaluate("() => graphkit.visibleEdgeIds()"))
        assert gone and all(set(data["edges"][i]["event_types"]) == {"defection"} for i in gone)
        page.check("input[data-event-type='defection']")
        # focus mode: only the actor and its neighbours; "Show everything" brings the rest back
        taliban = node_id(page, "Taliban")
        page.evaluate("(id) => graphkit.focus(id, 1)", taliban)
        G = nx.Graph([(e["from"], e["to"]) for e in data["edges"]])
        assert set(page.evaluate("() => graphkit.visibleNodeIds()")) == set(G[taliban]) | {taliban}
        assert "Focus: Taliban" in page.inner_text("#focusbar")
        page.select_option("#focusbar select", "2")
        assert set(page.evaluate("() => graphkit.visibleNodeIds()")) == set(nx.ego_graph(G, taliban, 2))
        page.click("#showall")
        assert len(page.evaluate("() => graphkit.visibleNodeIds()")) == len(data["nodes"])
        # the timeline view: events in time order, filterable, linked back to the map
        page.click("#tltab")
        rows = page.locator(".tl-ev")
        assert (
            rows.count() == min(400, len(data["events"]))
            and page.locator(".tl-date").first.inner_text() <= "2021"
        )
        page.screenshot(path=str(ARTIFACTS / "sample-timeline.png"))
        page.fill("#tl-filter", "defected")
        assert 1 <= rows.count() < 10 and "defection" in rows.first.inner_text()
        rows.first.click()
        assert page.evaluate("() => graphkit.view") == "map"
        assert node_id(page, "Abdul Jalil Bakhtawar") in page.evaluate(
            "() => graphkit.network.getSelectedNodes()"
        )
        page.uncheck("input[data-factuality='denied']")
        page.click("#tltab")
        page.fill("#tl-filter", "")
        denied = sum(1 for e in data["events"] if e["factuality"] == "denied")
        assert denied and f"{len(data['events']) - denied} of {len(data['events'])}" in page.inner_text(
            "#tl-count"
        )
        assert page.outside == [] and page.errors == []
    finally:
        close(page)


def test_the_csp_holds_and_nothing_is_fetched(browser, sample_build):
    html = sample_build.files["map"].read_text(encoding="utf-8")
    assert (
        "<link" not in html and 'src="http' not in html and "src='http" not in html and "@import" not in html
    )
    assert "Content-Security-Policy" in html
    page = open_map(browser, sample_build.files["map"], bypass_csp=False)
    try:
        page.evaluate("() => { graphkit.setView('timeline'); graphkit.setView('map'); }")
        assert page.outside == [] and page.errors == [] and page.evaluate("window.__violations") == []
    finally:
        close(page)


# --------------------------------------------------------------------------- hostile text

HOSTILE = [
    "<script>window.__xss = 1</script>",
    '<img src=x onerror="window.__xss = 2">',
    '"><svg onload=window.__xss=3>',
    "</script><script>window.__xss = 4</script>",
    "<iframe src=javascript:window.__xss=5></iframe>",
]


def hostile_extraction():
    """The sample article with payloads in its text (so in every sentence), names, aliases, title,
    id and a relation title."""
    x = sample_extraction()
    pad = " " + HOSTILE[0] + " " + HOSTILE[1]
    text = x.article.text.replace(". His", "." + pad + " His")  # sentence 1 now starts with the payloads
    shift = len(pad)

    def moved(span_start: int) -> int:
        return span_start + shift if span_start > x.article.text.index(". His") else span_start

    def mv(obj):
        return replace(obj, start=moved(obj.start), end=moved(obj.start) + (obj.end - obj.start))

    sentences = (x.sentences[0], replace(x.sentences[1], end=len(text), text=text[x.sentences[1].start :]))
    ents = tuple(
        replace(e, name=e.name + " " + HOSTILE[i % len(HOSTILE)], aliases=(HOSTILE[(i + 1) % len(HOSTILE)],),
                mentions=tuple(mv(m) for m in e.mentions))
        for i, e in enumerate(x.entities)
    )  # fmt: skip
    rel = x.relations[0]
    rel = Relation(rel.subject, rel.predicate, rel.object, 1, Span(sentences[1].start, len(text), sentences[1].text),
                   title=HOSTILE[2])  # fmt: skip
    claim = replace(x.claims[0], cue=mv(x.claims[0].cue), content=mv(x.claims[0].content))
    art = Article(id="evil" + HOSTILE[3], text=text, title=HOSTILE[1], date="2020-05-13")
    out = replace(x, article=art, sentences=sentences, entities=ents, relations=(rel,), claims=(claim,))
    for e in out.entities:
        for m in e.mentions:
            assert text[m.start : m.end] == m.text
    return out


def test_hostile_article_text_stays_text(browser, tmp_path):
    x = hostile_extraction()
    path = write_map(to_rdf([x, second_article()]), tmp_path / "evil.html", MapOptions(title=HOSTILE[0]))
    page = open_map(browser, path)
    try:
        data = page.evaluate("() => graphkit.data")
        assert any("<script>" in s[0] for s in data["sentences"]) and any(
            "<img" in a for a in data["articles"]
        )
        for n in data["nodes"]:  # every node's tooltip and info panel
            page.evaluate(
                "(id) => graphkit.network.emit('hoverNode', {node: id, pointer: {DOM: {x: 20, y: 20}}})",
                n["id"],
            )
            page.evaluate("(id) => graphkit.network.emit('click', {nodes: [id], edges: []})", n["id"])
        for i in range(len(data["edges"])):  # every link's tooltip and info panel
            page.evaluate(
                "(i) => graphkit.network.emit('hoverEdge', {edge: i, pointer: {DOM: {x: 20, y: 20}}})", i
            )
            page.evaluate("(i) => graphkit.network.emit('click', {nodes: [], edges: [i]})", i)
        tip = page.inner_text("#tip")
        page.evaluate(
            "() => graphkit.showInfo(graphkit.data.nodes.find((n) => n.label.startsWith('Massoud')).id)"
        )
        info = page.inner_text("#info")
        page.fill("#search", HOSTILE[1])
        page.press("#search", "Enter")
        page.click("#tltab")
        timeline = page.inner_text("#timelineview")
        page.wait_for_timeout(300)
        assert page.evaluate("() => window.__xss") is None
        injected = "() => document.querySelectorAll('img, svg, iframe, object, embed').length"
        assert page.evaluate(injected) == 0
        assert page.evaluate("() => document.scripts.length") == 3  # data, vis-network, the page's own
        assert "<script>window.__xss = 1</script>" in info  # the payloads are shown, as text
        assert "<" in tip and HOSTILE[0] in timeline
        assert page.title() == HOSTILE[0]
        assert page.outside == [] and page.errors == []
    finally:
        close(page)
    # pruned: hostile names in the "left out" note and in the search box's message
    path = write_map(to_rdf([x, second_article()]), tmp_path / "evil-pruned.html", MapOptions(max_nodes=2))
    page = open_map(browser, path)
    try:
        left = page.evaluate("() => graphkit.data.left_out_names.find((n) => n.includes('<'))")
        page.fill("#search", left)
        page.press("#search", "Enter")
        assert "<" in page.inner_text("#pruned") and left in page.inner_text("#search-msg")
        page.wait_for_timeout(200)
        assert page.evaluate("() => window.__xss") is None
        assert page.evaluate("() => document.querySelectorAll('img, svg, iframe, object, embed').length") == 0
        assert page.outside == [] and page.errors == []
    finally:
        close(page)


# --------------------------------------------------------------------------- big, pruned, focused, events


def chain_graph(n: int):
    """A hand-made RDF graph of ``n`` people, each linked to the next by a shared event."""
    from graphkit.types import Argument, Entity, Event, Extraction, Mention, Sentence

    out = []
    for i in range(n - 1):
        a, b = f"Person {i}", f"Person {i + 1}"
        text = f"{a} met {b}."
        ents = (Entity(f"p/{i}", "Person", a, (Mention(0, len(a), a, 0),)),
                Entity(f"p/{i + 1}", "Person", b, (Mention(len(a) + 5, len(text) - 1, b, 0),)))  # fmt: skip
        ev = Event(Span(len(a) + 1, len(a) + 4, "met"), "talks", "meet", 0,
                   arguments=(Argument("agent", Span(0, len(a), a), f"p/{i}"),
                              Argument("patient", Span(len(a) + 5, len(text) - 1, b), f"p/{i + 1}")))  # fmt: skip
        out.append(Extraction(Article(id=f"c{i}", text=text, date=f"2020-01-{1 + i % 28:02d}"),
                              (Sentence(0, 0, len(text), text),), ents, (), (ev,)))  # fmt: skip
    return to_rdf(out)


def test_pruned_map_says_what_was_left_out_and_how_to_see_it(browser, tmp_path):
    ds = chain_graph(60)
    data = map_data(ds, MapOptions(max_nodes=10))
    assert len(data["nodes"]) == 10 and data["pruned"]["of"] == 60 and data["pruned"]["left_out"] == 50
    assert len(data["left_out_names"]) == 50 and data["pruned"]["left_out_by_type"] == {"Person": 50}
    focused = map_data(
        ds, MapOptions(max_nodes=10, focus="Person 30", hops=20, command="graphkit html g.ttl")
    )
    assert focused["pruned"]["how"].startswith(
        "graphkit html g.ttl --focus 'Person 30' --hops 20 --max-nodes 41"
    )
    page = open_map(
        browser, write_map(ds, tmp_path / "p.html", MapOptions(max_nodes=10, command="graphkit html g.ttl"))
    )
    try:
        note = page.inner_text("#pruned")
        assert (
            "Showing the 10 most central of 60 nodes" in note and "graphkit html g.ttl --max-nodes 60" in note
        )
        assert "--focus NAME" in note
        shown = {n["label"] for n in data["nodes"]}
        gone = next(f"Person {i}" for i in range(60) if f"Person {i}" not in shown)
        page.fill("#search", gone)
        page.press("#search", "Enter")
        msg = page.inner_text("#search-msg")
        assert "not on this map" in msg and f'--focus "{gone}"' in msg
        assert page.outside == [] and page.errors == []
    finally:
        close(page)


def test_large_maps_use_positions_computed_in_python(browser, tmp_path, monkeypatch):
    monkeypatch.setattr(visualise_module, "PHYSICS_LIMIT", 20)
    ds = chain_graph(80)
    data = map_data(ds, MapOptions(max_nodes=1000))
    assert data["physics"] is False and all("x" in n and "y" in n for n in data["nodes"])
    page = open_map(browser, write_map(ds, tmp_path / "big.html", MapOptions(max_nodes=1000)))
    try:
        assert page.evaluate("() => graphkit.network.physics.options.enabled") is False
        drawn = page.evaluate("() => graphkit.network.getPositions()")
        first = data["nodes"][0]
        at = drawn[str(first["id"])]  # drawn where Python put it (vis-network rounds to pixels)
        assert abs(at["x"] - first["x"]) <= 1 and abs(at["y"] - first["y"]) <= 1
    finally:
        close(page)


def test_focus_map_shows_one_neighbourhood(browser, tmp_path):
    ds = to_rdf([sample_extraction(), second_article()])
    data = map_data(ds, MapOptions(focus="Massoud", hops=1))
    G = entity_network(ds)
    massoud = next(n for n in G if G.nodes[n]["label"] == "Massoud")
    assert {n["iri"] for n in data["nodes"]} == set(nx.ego_graph(G, massoud, 1))
    assert data["nodes"][data["focus"]]["label"] == "Massoud" and "Focus: Massoud" in data["notes"][0]
    page = open_map(browser, write_map(ds, tmp_path / "f.html", MapOptions(focus="Massoud")))
    try:
        assert "Focus: Massoud" in page.inner_text("#notes")
        assert page.evaluate("() => graphkit.network.getSelectedNodes()") == [data["focus"]]
    finally:
        close(page)


def test_event_view_draws_events_between_participants(browser, tmp_path):
    ds = to_rdf([sample_extraction(), second_article()])
    page = open_map(browser, write_map(ds, tmp_path / "ev.html", MapOptions(events=True)))
    try:
        shapes = page.evaluate(
            "() => graphkit.network.body.data.nodes.get().filter((n) => n.shape === 'diamond').length"
        )
        assert shapes == len(read_graph(ds).events) == 3
        tip = hover(page, "agreement: peace deal")
        assert "(Event, agreement)" in tip and "The Taliban and the United States signed a peace deal." in tip
        page.uncheck("input[data-event-type='agreement']")
        hidden = page.evaluate(
            "() => graphkit.network.body.data.nodes.get().filter((n) => n.hidden).map((n) => n.label)"
        )
        assert hidden == ["agreement: peace deal"]
        edge_labels = page.evaluate("() => graphkit.network.body.data.edges.get().map((e) => e.label)")
        assert {"agent", "recipient", "place"} <= set(edge_labels)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "event-view.png"))
    finally:
        close(page)


def test_map_data_is_json_in_the_page_and_escaped(two_articles):
    html = two_articles.read_text(encoding="utf-8")
    block = html.split('id="graph-data">', 1)[1].split("</script>", 1)[0]
    data = json.loads(block)
    assert data["view"] == "entity" and data["events_total"] == 3
    assert "<" not in block and ">" not in block
    assert build_map(to_rdf([sample_extraction()])).count("</script>") == 3  # data, vis-network, page


def test_a_merged_node_lists_its_iris_and_rule_in_the_panel_and_tooltip(browser, tmp_path):
    from tests.test_analyse_merges import AJB, B, merge, third_article

    ds = merge(
        to_rdf([sample_extraction(), second_article(), third_article()]), [(AJB, B, "surname", 0.85, True)]
    )
    page = open_map(browser, write_map(ds, tmp_path / "merged.html"))
    try:
        labels = page.evaluate("() => graphkit.network.body.data.nodes.get().map((n) => n.label)")
        assert labels.count("Abdul Jalil Bakhtawar") == 1 and "Bakhtawar" not in labels
        assert "merged from 2 entities (surname)" in hover(page, "Abdul Jalil Bakhtawar")
        page.fill("#search", "General Bakhtawar")  # an alias of the merged member finds the node
        page.press("#search", "Enter")
        page.wait_for_selector("#info:not([hidden])")
        info = page.inner_text("#info")
        assert "MERGED FROM 2 ENTITIES" in info.upper() and B in info and AJB in info
        assert "Abdul Jalil Bakhtawar = Bakhtawar: surname (confidence 0.85)" in info
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "merged-node.png"))
        assert page.outside == [] and page.errors == []
    finally:
        close(page)


# --------------------------------------------------------------------------- reading the map


def loners_and_years(n_lone: int = 5, years: int = 30):
    """The two-article graph, plus an article naming ``n_lone`` people linked to nothing and one event
    a year over ``years`` years (each with one participant, so no link)."""
    from graphkit.types import Argument, Entity, Event, Extraction, Mention, Sentence, TimeValue

    names = [f"Lone {i} of the Kandahar Provincial Council" for i in range(n_lone)]
    text = " ".join(f"{n} spoke in {1990 + i}." for i, n in enumerate(names))
    text += " " + " ".join(f"Someone left in {1990 + y}." for y in range(years))
    ents, events, sents, pos = [], [], [], 0
    for i, sentence in enumerate(text.split(". ")):
        sentence = sentence.rstrip(".") + "."
        start = text.index(sentence, pos)
        sents.append(Sentence(i, start, start + len(sentence), sentence))
        pos = start + len(sentence)
    for i, n in enumerate(names):
        s = text.index(n)
        ents.append(Entity(f"lone/{i}", "Person", n, (Mention(s, s + len(n), n, i),)))
        verb = text.index("spoke", s)
        events.append(Event(Span(verb, verb + 5, "spoke"), "statement", "speak", i,
                            (Argument("agent", Span(s, s + len(n), n), f"lone/{i}"),),
                            time=TimeValue(str(1990 + i), "year")))  # fmt: skip
    for y in range(years):
        left = text.index(f"left in {1990 + y}")
        events.append(Event(Span(left, left + 4, "left"), "withdrawal", "leave", n_lone + y,
                            time=TimeValue(str(1990 + y), "year")))  # fmt: skip
    lone = Extraction(
        Article(id="lone", text=text, title="Loners"), tuple(sents), tuple(ents), (), tuple(events)
    )
    return to_rdf([sample_extraction(), second_article(), lone])


def test_unlinked_nodes_are_set_apart_and_a_selected_node_is_not_under_the_panel(browser, tmp_path):
    ds = loners_and_years()
    data = map_data(ds)
    assert (
        data["physics"] and "The 5 node(s) with no link on this map are in rows below it." in data["summary"]
    )
    page = open_map(browser, write_map(ds, tmp_path / "lone.html"))
    try:
        pos = page.evaluate("() => graphkit.network.getPositions()")
        linked = {e[k] for e in data["edges"] for k in ("from", "to")}
        lone = [n["id"] for n in data["nodes"] if n["id"] not in linked]
        assert len(lone) == 5
        assert min(pos[str(i)]["y"] for i in lone) > max(pos[str(i)]["y"] for i in linked)
        # no two of their labels overlap: label boxes as the canvas draws them
        boxes = page.evaluate(
            """(ids) => ids.map((id) => { const b = graphkit.network.getBoundingBox(id);
                                            return [b.left, b.right, b.top, b.bottom]; })""",
            [str(i) for i in lone],
        )
        for k, a in enumerate(boxes):
            for b in boxes[k + 1 :]:
                assert a[1] <= b[0] or b[1] <= a[0] or a[3] <= b[2] or b[3] <= a[2], (a, b)
        # a node found by the search is centred in the part of the map the info panel leaves free
        page.fill("#search", "Massoud")
        page.press("#search", "Enter")
        page.wait_for_selector("#info:not([hidden])")
        page.wait_for_timeout(600)  # the 300 ms animation
        at = page.evaluate(
            "() => graphkit.network.canvasToDOM(graphkit.network.getPosition(graphkit.network.getSelectedNodes()[0]))"
        )
        view = page.locator("#mapview").bounding_box()
        panel = page.locator("#info").bounding_box()
        assert at["x"] < panel["x"] - view["x"] - 20 and abs(at["x"] - (panel["x"] - view["x"]) / 2) < 40
        assert page.outside == [] and page.errors == []
    finally:
        close(page)


def test_timeline_periods_with_one_event_can_be_seen_and_clicked(browser, tmp_path):
    page = open_map(browser, write_map(loners_and_years(years=32), tmp_path / "years.html"))
    try:
        page.click("#tltab")
        bars = page.locator("#tl-hist .bar")
        assert bars.count() == 32  # 1990 ... 2021, by year: every second year labelled
        labels = [t for t in page.locator("#tl-axis span").all_inner_texts() if t]
        assert labels[:2] == ["1990", "1992"] and labels[-2:] == ["2020", "2021"]  # and the last one
        one = page.locator("#tl-hist .bar[data-period='1996']")
        assert one.get_attribute("data-count") == "1"
        assert one.locator(".fill").bounding_box()["height"] >= 3
        assert one.bounding_box()["height"] > 60  # the whole column is the target, not a 3-pixel bar
        box = one.bounding_box()
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + 5)  # well above the bar itself
        assert "period 1996" in page.inner_text("#tl-count")
        assert page.locator(".tl-ev").count() == 1
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "timeline-years.png"))
    finally:
        close(page)


# --------------------------------------------------------------------------- the map is a pyvis Network


def test_the_map_is_a_pyvis_network_that_can_be_changed(browser, tmp_path):
    from pyvis.network import Network

    from graphkit.visualise import to_pyvis

    ds = to_rdf([sample_extraction(), second_article()])
    net = to_pyvis(ds, title="Changed <b>map</b>")
    assert isinstance(net, Network) and net.num_nodes() == len(map_data(ds)["nodes"])
    groups = net.options.groups  # a group per entity type, with its colour
    assert {n["group"] for n in net.nodes} <= set(groups)
    first = net.nodes[0]["id"]
    net.add_node("hand", label="<img src=x onerror=window.__xss=1> hand-added", color="#ff0000", shape="box")
    net.add_edge("hand", first, title="<b>a pyvis tooltip</b>")
    net.set_edge_smooth("continuous")
    net.toggle_physics(False)
    assert build_map(ds) == to_pyvis(ds).generate_html()  # write_map's page is the Network's generate_html()
    page = open_map(browser, write_map(net, tmp_path / "changed.html"), bypass_csp=False)
    try:
        labels = page.evaluate("() => graphkit.network.body.data.nodes.get().map((n) => n.label)")
        assert "<img src=x onerror=window.__xss=1> hand-added" in labels and len(labels) == net.num_nodes()
        assert page.evaluate("() => graphkit.network.body.data.edges.length") == len(net.edges)
        assert page.evaluate("() => graphkit.network.physics.options.enabled") is False
        assert page.evaluate("() => graphkit.network.edgesHandler.options.smooth.type") == "continuous"
        assert page.evaluate("() => document.title") == "Changed <b>map</b>"
        hand = page.evaluate("() => graphkit.data.nodes.find((n) => n.id === 'hand').id")
        page.evaluate(
            "(id) => graphkit.network.emit('hoverNode', {node: id, pointer: {DOM: {x: 20, y: 20}}})", hand
        )
        page.evaluate("(id) => graphkit.network.emit('click', {nodes: [id], edges: []})", hand)
        page.evaluate(
            "() => graphkit.network.emit('click', {nodes: [], edges: [graphkit.data.edges.length - 1]})"
        )
        page.fill("#search", "hand-added")
        page.press("#search", "Enter")
        assert "hand-added" in page.inner_text("#info")
        assert page.evaluate("() => window.__xss") is None
        assert page.evaluate("() => document.querySelectorAll('#app img, #app b').length") == 0
        assert page.outside == [] and page.errors == [] and page.evaluate("window.__violations") == []
    finally:
        close(page)


def test_node_and_edge_lists_are_set_in_bulk():
    """10,000 nodes and 30,000 links onto a pyvis Network in well under a second (pyvis's from_nx: 90 s)."""
    import time

    from graphkit.visualise import COLORS, network_from_data

    n = 10_000
    nodes = [{"id": i, "iri": f"e/{i}", "label": f"Person {i}", "type": "Person", "value": 0.5, "x": i, "y": i}
             for i in range(n)]  # fmt: skip
    edges = [{"from": i, "to": (i * 7 + k) % n, "weight": 1.0, "event_types": ["meet"], "e": []}
             for i in range(n) for k in (1, 2, 3)]  # fmt: skip
    data = {"title": "big", "view": "entity", "nodes": nodes, "edges": edges, "events": [], "colors": COLORS,
            "event_colors": {"meet": "#9467bd"}, "physics": False, "focus": None}  # fmt: skip
    network_from_data({**data, "nodes": nodes[:2], "edges": edges[:2]})  # imports pyvis, reads the template
    t = time.perf_counter()
    net = network_from_data(data)
    seconds = time.perf_counter() - t
    assert net.num_nodes() == n and len(net.edges) == 3 * n and net.options.physics.enabled is False
    assert seconds < 1.0, seconds  # ~0.1 s here; the margin is for a loaded machine
