"""The HTML map in real headless Debian Chromium: offline, complete, usable and inert to hostile text."""

import json
from pathlib import Path

import pytest

from graphkit.rdf.build import to_rdf
from graphkit.visualise import MapOptions, build_map, write_map
from tests.factories import sample_extraction

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


def open_map(browser, path: Path):
    """Load a map from disk; every request and page error is recorded. CSP is bypassed so that the
    escaping itself (not only the Content-Security-Policy) is what the XSS tests prove."""
    page = browser.new_page(viewport={"width": 1400, "height": 900}, bypass_csp=True)
    page.requests, page.errors = [], []
    page.on("request", lambda r: page.requests.append(r.url))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.goto(path.as_uri())
    page.wait_for_function("() => window.graphkitSettled === true", timeout=60_000)
    return page


def test_sample_map_loads_offline_with_every_node(browser, sample_build, sample_graph):
    page = open_map(browser, sample_build.files["map"])
    try:
        assert [u for u in page.requests if not u.startswith("file:")] == []
        assert page.errors == []
        shown = page.evaluate("() => window.graphkitNetwork.body.data.nodes.length")
        expected = len(json.loads(sample_build.files["report_json"].read_text())["top_actors"])
        data_nodes = page.evaluate("() => window.graphkitData.nodes.length")
        assert shown == data_nodes and shown > expected
        labels = page.evaluate("() => window.graphkitData.nodes.map(n => n.label)")
        assert {"Taliban", "Abdul Jalil Bakhtawar", "Farah", "Massoud"} <= set(labels)
        # search finds a node and the info panel shows a source sentence with its article
        page.fill("#search", "Massoud")
        page.dispatch_event("#search", "change")
        page.wait_for_timeout(500)
        info = page.inner_text("#info")
        assert "Massoud" in info and "afghan-general-defects-to-taliban" in info
        # filtering a type hides its nodes
        page.uncheck("input[data-type='Location']")
        hidden = page.evaluate(
            "() => window.graphkitNetwork.body.data.nodes.get().filter(n => n.hidden).length"
        )
        assert hidden == sum(
            1 for n in page.evaluate("() => window.graphkitData.nodes") if n["type"] == "Location"
        )
        page.check("input[data-type='Location']")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "sample-map.png"))
    finally:
        page.close()


def test_the_page_references_nothing_outside_itself(sample_build):
    html = sample_build.files["map"].read_text(encoding="utf-8")
    assert "<link" not in html and 'src="http' not in html and "src='http" not in html
    assert "Content-Security-Policy" in html


HOSTILE = [
    "<script>window.__xss = 1</script>",
    '<img src=x onerror="window.__xss = 2">',
    '"><svg onload=window.__xss=3>',
    "</script><script>window.__xss = 4</script>",
]


def test_hostile_article_text_stays_text(browser, tmp_path):
    from dataclasses import replace

    from graphkit.types import Article

    x = sample_extraction()
    text = x.article.text
    ents = tuple(replace(e, name=e.name + " " + HOSTILE[i % len(HOSTILE)], aliases=(HOSTILE[(i + 1) % 4],))
                 for i, e in enumerate(x.entities))  # fmt: skip
    art = Article(id="evil" + HOSTILE[3], text=text, title=HOSTILE[1])
    x = replace(x, article=art, entities=ents)
    path = write_map(to_rdf([x]), tmp_path / "evil.html", MapOptions(title=HOSTILE[0]))
    page = open_map(browser, path)
    try:
        for node in page.evaluate("() => window.graphkitData.nodes.map(n => n.id)"):
            page.evaluate("(id) => { window.graphkitNetwork.selectNodes([id]); }", node)
            page.evaluate("(id) => window.graphkitNetwork.emit('click', {nodes: [id], edges: []})", node)
        page.hover("#network")
        page.wait_for_timeout(300)
        assert page.evaluate("() => window.__xss") is None
        assert (
            page.evaluate("() => document.querySelectorAll('#info img, #info script, #info svg').length") == 0
        )
        info = page.inner_text("#info")
        assert "<" in info  # the payload is shown as text
        assert page.title() == HOSTILE[0]
        assert [u for u in page.requests if not u.startswith(("file:", "data:"))] == []
    finally:
        page.close()


def test_large_map_is_pruned_and_says_so():
    from rdflib import Literal, URIRef
    from rdflib.namespace import RDF, RDFS

    from graphkit.rdf.build import new_dataset
    from graphkit.rdf.namespaces import GAF, GK

    ds = new_dataset()
    g = ds.graph(URIRef("urn:g"))
    for i in range(50):
        e = URIRef(f"urn:e{i}")
        g.add((e, RDF.type, GK.Person))
        g.add((e, RDFS.label, Literal(f"P{i}")))
        g.add((e, GK.canonicalKey, Literal(f"p{i}")))
        g.add((e, GAF.denotedBy, URIRef(f"urn:m{i}")))
    html = build_map(ds, MapOptions(max_nodes=10))
    data = json.loads(html.split('id="graph-data">', 1)[1].split("</script>", 1)[0])
    assert len(data["nodes"]) == 10 and "10 most central of 50" in data["pruned"]
