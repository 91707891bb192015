"""Map and analysis benchmark: synthetic news graphs of 500, 2,000 and 10,000 entities.

For each size it builds the RDF with graphkit's own RDF layer (synthetic articles, real model of
the graph: mentions, sentences, events with roles, relations), then measures

* ``analyse``: the full report (read RDF, networks, centrality, communities, key events, timeline);
* for the default map (``MapOptions()``: the 300 most central nodes, browser physics) and the map of
  every node (``--max-nodes N``: positions computed in Python, physics off):
  generation time from the RDF, file size, and in headless Debian Chromium (no network: every
  request that is not the file is aborted and counted) the time from navigation start until the
  layout has settled (``graphkit.settleMs``, measured by the page), then how responsive it stays:
  the median time from a zoom step to the end of the redraw, and from unticking an entity type
  to the end of the redraw.

As in a real build, the merge step runs first (every 6th organisation or place, about 5 % of the
entities, goes by a second name in half its articles; ``--variant-every 0`` for none), so the
analysis and the maps collapse those merges.

Run:  python benchmarks/maps.py [--sizes 500 2000 10000] [--chromium /usr/bin/chromium]
Prints a Markdown table (the "## Maps" section of benchmarks/RESULTS.md holds the last run).
Timings on a shared machine vary: say so when you quote them.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graphkit.analysis import analyse, read_graph  # noqa: E402
from graphkit.rdf.build import to_rdf  # noqa: E402
from graphkit.rdf.merge import merge_corpus  # noqa: E402
from graphkit.types import (  # noqa: E402
    Argument,
    Article,
    Entity,
    Event,
    Extraction,
    Mention,
    Relation,
    Sentence,
    Span,
    TimeValue,
)
from graphkit.visualise import MapOptions, build_map  # noqa: E402

TYPES = ("Person",) * 5 + ("Organisation",) * 2 + ("Group",) * 2 + ("Location",)
EVENT_TYPES = ("attack", "talks", "agreement", "statement", "surrender", "defection", "withdrawal", "arrest")
FACTUALITY = ("asserted",) * 8 + ("denied", "uncertain")
COMMUNITY = 40  # entities per community: most articles stay inside one


def synthetic_extractions(n_entities: int, seed: int = 1, variant_every: int = 0) -> list[Extraction]:
    """Articles over exactly ``n_entities`` entities: communities of 40, a few hubs that appear
    everywhere (heavy-tailed), six event sentences and one affiliation per article.

    ``variant_every``: every so many organisations and places (people with two different full names
    are never merged) are named "Variant N" in odd-numbered articles (a node of their own) and
    "Actor N" (alias "Variant N") in the others, so the merge step joins the two with owl:sameAs
    (rule ``alias``) and the analysis must collapse them."""
    rng = random.Random(seed)
    ents = [(f"syn/e{i}", TYPES[i % len(TYPES)], f"Actor {i}") for i in range(n_entities)]
    mergeable = [i for i, e in enumerate(ents) if e[1] in ("Organisation", "Location")]
    variant = set(mergeable[::variant_every]) if variant_every else set()

    def key(k: int, a: int) -> str:
        return ents[k][0] + ("-v" if k in variant and a % 2 else "")

    def name(k: int, a: int) -> str:
        return f"Variant {k}" if k in variant and a % 2 else ents[k][2]

    out = []
    for a in range(max(1, n_entities // 4)):
        own = [(a * 4 + k) % n_entities for k in range(4)]  # every entity gets at least one article
        base = (own[0] // COMMUNITY) * COMMUNITY
        block = list(range(base, min(base + COMMUNITY, n_entities)))
        chosen = own + rng.sample(block, min(len(block), 4))
        if rng.random() < 0.4:
            chosen.append(min(int(rng.paretovariate(1.1)) - 1, n_entities - 1))  # a hub
        chosen = list(dict.fromkeys(chosen))
        text, sents, events = "", [], []
        mentions: dict[int, list[Mention]] = {k: [] for k in chosen}
        pairs = [(k, rng.choice([c for c in chosen if c != k])) for k in own] + [
            tuple(rng.sample(chosen, 2)) for _ in range(2)
        ]
        for si, (x, y) in enumerate(pairs):
            etype = rng.choice(EVENT_TYPES)
            nx_, ny_ = name(x, a), name(y, a)
            sentence = f"{nx_} {etype} {ny_} on day {si + 1}."
            start = len(text) + (1 if text else 0)
            text = f"{text} {sentence}" if text else sentence
            sents.append(Sentence(si, start, start + len(sentence), sentence))
            mx = Mention(start, start + len(nx_), nx_, si)
            tstart = mx.end + 1
            my = Mention(tstart + len(etype) + 1, tstart + len(etype) + 1 + len(ny_), ny_, si)
            mentions[x].append(mx)
            mentions[y].append(my)
            events.append(
                Event(
                    Span(tstart, tstart + len(etype), etype), etype, etype, si,
                    (Argument("agent", Span(mx.start, mx.end, nx_), key(x, a)),
                     Argument("patient", Span(my.start, my.end, ny_), key(y, a))),
                    time=TimeValue(f"2021-{1 + a % 12:02d}-{1 + si:02d}", "day") if si % 2 == 0 else None,
                    factuality=rng.choice(FACTUALITY),
                )
            )  # fmt: skip
        person = next((k for k in chosen if ents[k][1] == "Person" and mentions[k]), None)
        org = next((k for k in chosen if ents[k][1] == "Organisation" and mentions[k]), None)
        relations = ()
        if person is not None and org is not None:
            m = mentions[person][0]
            s = sents[m.sentence]
            relations = (
                Relation(key(person, a), "memberOf", key(org, a), m.sentence, Span(s.start, s.end, s.text)),
            )
        entities = tuple(
            Entity(key(k, a), ents[k][1], name(k, a), tuple(mentions[k]),
                   aliases=(f"Variant {k}",) if k in variant and not a % 2 else ())
            for k in chosen if mentions[k]
        )  # fmt: skip
        art = Article(
            id=f"syn-{a}", text=text, title=f"Synthetic article {a}", date=f"2021-{1 + a % 12:02d}-15"
        )
        out.append(Extraction(art, tuple(sents), entities, relations, tuple(events)))
    return out


def measure_page(browser, path: Path, timeout_s: float = 300.0) -> dict:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    outside: list[str] = []

    def route(r):
        if r.request.url.startswith(("file:", "data:")):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    t0 = time.perf_counter()
    page.goto(path.as_uri(), timeout=timeout_s * 1000)
    page.wait_for_function("() => window.graphkit && window.graphkit.settled", timeout=timeout_s * 1000)
    wall = time.perf_counter() - t0
    settle_ms = page.evaluate("() => graphkit.settleMs")
    frame = """(factor) => new Promise((done) => {
        const net = graphkit.network, t = performance.now();
        net.once("afterDrawing", () => done(performance.now() - t));
        net.moveTo({ scale: net.getScale() * factor });
    })"""
    zooms = [page.evaluate(frame, f) for f in (1.5, 1.5, 1 / 1.5, 1 / 1.5, 1.2, 1 / 1.2)]
    filter_ms = page.evaluate("""() => new Promise((done) => {
        const t = performance.now();
        graphkit.network.once("afterDrawing", () => done(performance.now() - t));
        const box = document.querySelector("input[data-type='Person']");
        box.checked = false; box.dispatchEvent(new Event("change"));
    })""")
    nodes = page.evaluate("() => graphkit.data.nodes.length")
    context.close()
    return {"settle_s": settle_ms / 1000, "wall_s": wall, "zoom_ms": statistics.median(zooms), "filter_ms": filter_ms,
            "outside": len(outside), "errors": errors, "nodes": nodes}  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[500, 2000, 10000])
    ap.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    ap.add_argument("--keep", type=Path, help="keep the generated maps in this folder")
    ap.add_argument(
        "--variant-every",
        type=int,
        default=6,
        help="every so many organisations and places go by a second name (merged; 0: none)",
    )
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    folder = args.keep or Path(tempfile.mkdtemp(prefix="graphkit-maps-"))
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=args.chromium, args=["--no-sandbox", "--disable-gpu"])
        version = browser.version
        for n in args.sizes:
            t = time.perf_counter()
            ds = to_rdf(synthetic_extractions(n, variant_every=args.variant_every))
            t_rdf = time.perf_counter() - t
            t = time.perf_counter()
            applied = sum(1 for m in merge_corpus(ds) if m.applied)  # the build's merge step
            t_merge = time.perf_counter() - t
            data = read_graph(ds)
            t = time.perf_counter()
            report = analyse(ds)
            t_analyse = time.perf_counter() - t
            net = report.counts["network"]
            print(f"{n}: {len(ds):,} triples (RDF built in {t_rdf:.1f}s, merge step {t_merge:.1f}s: {applied} "
                  f"owl:sameAs), {len(data.entities):,} nodes after merging ({len(data.merged)} merged), "
                  f"{len(data.events):,} events, {net['edges']:,} links; analyse {t_analyse:.1f}s", flush=True)  # fmt: skip
            for mode, options in (
                ("default (300 most central)", MapOptions()),
                ("every node", MapOptions(max_nodes=n)),
            ):
                t = time.perf_counter()
                html = build_map(ds, options)
                t_gen = time.perf_counter() - t
                path = folder / f"map-{n}-{'all' if options.max_nodes == n else 'default'}.html"
                path.write_text(html, encoding="utf-8")
                m = measure_page(browser, path)
                row = {"size": n, "mode": mode, "triples": len(ds), "links": net["edges"], "analyse_s": t_analyse,
                       "gen_s": t_gen, "mb": len(html.encode()) / 1e6, **m}  # fmt: skip
                rows.append(row)
                print(f"   {mode}: {m['nodes']:,} nodes drawn, generated in {t_gen:.1f}s, {row['mb']:.1f} MB, "
                      f"settled {m['settle_s']:.2f}s after navigation, zoom redraw {m['zoom_ms']:.0f} ms, "
                      f"filter {m['filter_ms']:.0f} ms, requests leaving the page {m['outside']}, "
                      f"errors {len(m['errors'])}", flush=True)  # fmt: skip
        browser.close()
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "graphkit"], capture_output=True, text=True, cwd=ROOT
    ).stdout
    print()
    print(f"Commit {commit}{' (graphkit/ has uncommitted changes)' if dirty else ''}; Python {platform.python_version()}, "
          f"Chromium {version}, {os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.1f} at the end.")  # fmt: skip
    print()
    print(
        "| entities | map | nodes drawn | links in graph | analyse (s) | map generation (s) | file (MB) "
        "| settled after (s) | zoom redraw (ms, median) | type filter (ms) | requests leaving the page |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['size']:,} | {r['mode']} | {r['nodes']:,} | {r['links']:,} | {r['analyse_s']:.1f} | {r['gen_s']:.1f} "
              f"| {r['mb']:.1f} | {r['settle_s']:.2f} | {r['zoom_ms']:.0f} | {r['filter_ms']:.0f} | {r['outside']} |")  # fmt: skip
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
