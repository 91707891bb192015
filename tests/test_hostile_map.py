"""The HTML map never executes article-derived text, end to end: hostile article *files* go through the
real command line (ingest, the spaCy extractor, RDF, analysis, map) and the map is opened in headless
Debian Chromium, where every node is hovered and clicked and the search box is used.

(tests/test_map_browser.py checks the map's escaping on hand-built extractions; this test checks the
path a user's files take, including metadata, JSONL ids and HTML entities that decode to markup.)
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.model]

PAYLOADS = [
    "<script>window.__xss = 1</script>",
    '<img src=x onerror="window.__xss = 2">',
    '"><svg onload=window.__xss=3>',
    "</script><script>window.__xss = 4</script>",
    "<iframe src=javascript:window.__xss=5></iframe>",
    "javascript:window.__xss=6",
    "{{constructor.constructor('window.__xss=7')()}}",
]


def write_hostile(src):
    src.mkdir()
    body = " ".join(
        f"Zalmay Khalilzad met Abdul Ghani Baradar in Doha {p} and the Taliban said {p} on Sunday."
        for p in PAYLOADS
    )
    (src / "evil.txt").write_text(f'---\ntitle: "{PAYLOADS[0]}"\nsource: {PAYLOADS[1]}\n---\n{body}\n')
    feed = {
        "id": "feed" + PAYLOADS[3],
        "title": PAYLOADS[2],
        "source": PAYLOADS[4],
        "url": PAYLOADS[5],
        "text": f"Ashraf Ghani {PAYLOADS[1]} left Kabul for Tajikistan, officials {PAYLOADS[6]} said.",
    }
    (src / "feed.jsonl").write_text(json.dumps(feed) + "\n")
    escaped = "&lt;img src=x onerror=&quot;window.__xss = 8&quot;&gt;"
    (src / "page.html").write_text(
        f"<html><head><title>{escaped}</title></head><body><article><p>Hamid Karzai {escaped} "
        "visited Herat with Amrullah Saleh.</p><script>window.__xss = 9</script></article></body></html>"
    )


def test_a_map_built_from_hostile_files_runs_none_of_them(browser, tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    write_hostile(src)
    r = subprocess.run(
        [sys.executable, "-m", "graphkit", "build", str(src), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert r.returncode == 0, r.stderr
    page = browser.new_page(bypass_csp=True)  # the escaping itself, not the page's CSP, must hold
    outside, errors, dialogs = [], [], []
    page.on("request", lambda q: outside.append(q.url) if not q.url.startswith(("file:", "data:")) else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        page.goto((out / "map.html").as_uri())
        page.wait_for_function("() => window.graphkitSettled === true", timeout=120_000)
        data = page.evaluate("() => graphkit.data")
        shown = json.dumps(data)
        assert (
            "<img src=x" in shown and "<script>window.__xss = 1" in shown
        )  # the payloads are there, as data
        for n in data["nodes"]:
            page.evaluate(
                "(id) => graphkit.network.emit('hoverNode', {node: id, pointer: {DOM: {x: 20, y: 20}}})",
                n["id"],
            )
            page.evaluate("(id) => graphkit.network.emit('click', {nodes: [id], edges: []})", n["id"])
        for i in range(len(data["edges"])):
            page.evaluate("(i) => graphkit.network.emit('click', {nodes: [], edges: [i]})", i)
        for p in PAYLOADS[:2]:
            page.fill("#search", p)
            page.press("#search", "Enter")
        page.click("#tltab")
        page.wait_for_timeout(300)
        assert page.evaluate("() => window.__xss") is None
        assert page.evaluate("() => document.querySelectorAll('img, svg, iframe, object, embed').length") == 0
        assert page.evaluate("() => document.querySelectorAll('a[href^=\"javascript\"]').length") == 0
        assert dialogs == [] and outside == [] and errors == []
    finally:
        page.close()
