"""``graphkit build``: articles in, the five output files out.

ingest -> extract -> rdf -> files (graph.ttl, graph.trig) -> analyse (report.md,
report.json) -> visualise (map.html). Every file is written atomically; a bad
article is skipped with a message and counted, never fatal (unless ``strict``).
"""

from __future__ import annotations

import json
import os
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from graphkit.atomic import write_text
from graphkit.config import Settings
from graphkit.errors import GraphkitError
from graphkit.ingest import Note, Skip, read_articles
from graphkit.types import Extraction

OUTPUT_FILES = {
    "turtle": "graph.ttl",
    "trig": "graph.trig",
    "map": "map.html",
    "report_md": "report.md",
    "report_json": "report.json",
    "nodes_csv": "nodes.csv",
    "edges_csv": "edges.csv",
}


@dataclass(frozen=True)
class BuildResult:
    out_dir: Path
    files: dict[str, Path]
    articles: int
    skipped: tuple[Skip, ...]
    notes: tuple[Note, ...]
    counts: dict
    seconds: dict[str, float] = field(default_factory=dict)
    words: int = 0

    def summary(self) -> str:
        c = self.counts
        ents = ", ".join(f"{v} {k.lower()}s" for k, v in c.get("entities", {}).items())
        lines = [
            f"Built {self.articles} article(s) ({self.words:,} words) in {self.seconds.get('total', 0):.1f}s: "
            f"{ents}; {c.get('events', 0)} events; {c.get('claims', 0)} claims; {c.get('triples', 0):,} triples.",
        ]
        top = c.get("top_actors") or []
        if top:
            lines.append("Most central: " + ", ".join(top[:5]) + ".")
        if self.skipped:
            reasons = Counter(s.category for s in self.skipped)
            lines.append(
                f"Skipped {len(self.skipped)} input(s): "
                + ", ".join(f"{k} {v}" for k, v in reasons.most_common())
                + "."
            )
        lines.append(f"Wrote {', '.join(p.name for p in self.files.values())} to {self.out_dir}/")
        return "\n".join(lines)


def build(
    inputs: Iterable[str | os.PathLike[str]] | str | os.PathLike[str],
    out_dir: str | os.PathLike[str],
    settings: Settings | None = None,
    *,
    on_article: Callable[[Extraction], None] | None = None,
    on_skip: Callable[[Skip], None] | None = None,
    write_map: bool = True,
) -> BuildResult:
    """Build the graph of ``inputs`` into ``out_dir`` and return what was done."""
    from graphkit.analyse import analyse, read_graph, write_tables
    from graphkit.extract import extract
    from graphkit.rdf.build import IRIs, add_extraction, new_dataset
    from graphkit.rdf.io import write_graph
    from graphkit.visualise import MapOptions
    from graphkit.visualise import write_map as write_html

    settings = settings or Settings()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    skipped: list[Skip] = []
    notes: list[Note] = []

    def skip(s: Skip) -> None:
        skipped.append(s)
        if on_skip:
            on_skip(s)

    articles = read_articles(inputs, strict=settings.strict, on_skip=skip, on_note=notes.append)
    articles = _limit_size(articles, settings, skip)
    ds = new_dataset()
    iris = IRIs(settings.base_iri)
    built = 0
    words = 0
    for x in extract(articles, settings):
        add_extraction(ds, x, iris)
        built += 1
        words += len(x.article.text.split())
        if on_article:
            on_article(x)
    t_extract = time.perf_counter()
    if built == 0:
        reasons = "; ".join(str(s) for s in skipped[:5]) or "no article files found"
        raise GraphkitError(f"no article could be built ({reasons})")
    files = {
        "turtle": write_graph(ds, out / OUTPUT_FILES["turtle"]),
        "trig": write_graph(ds, out / OUTPUT_FILES["trig"]),
    }
    t_rdf = time.perf_counter()
    graph = read_graph(ds)  # read the RDF once for the report, the tables and the map
    report = analyse(graph)
    data = json.loads(report.to_json())
    data["build"] = {
        "articles": built,
        "words": words,
        "skipped": [{"input": s.source, "reason": s.reason, "category": s.category} for s in skipped],
        "notes": [str(n) for n in notes],
    }
    md = report.to_markdown()
    if skipped:
        md += "\n## Skipped inputs\n\n" + "\n".join(f"- `{s.source}`: {s.reason}" for s in skipped) + "\n"
    md += (
        "\n## Files\n\nThe interactive map is [map.html](map.html) (its events in time order: "
        "[map.html#timeline](map.html#timeline)); every node with its measures is in nodes.csv and every "
        "link in edges.csv (Gephi's spreadsheet import and pandas read them as they are).\n"
    )
    write_text(out / OUTPUT_FILES["report_md"], md)
    write_text(out / OUTPUT_FILES["report_json"], json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    files["report_md"] = out / OUTPUT_FILES["report_md"]
    files["report_json"] = out / OUTPUT_FILES["report_json"]
    tables = write_tables(report.network, out)
    files["nodes_csv"], files["edges_csv"] = tables["nodes"], tables["edges"]
    t_report = time.perf_counter()
    if write_map:
        redraw = f"graphkit html {files['trig']}" if "trig" in files else "graphkit html GRAPH"
        files["map"] = write_html(
            graph, out / OUTPUT_FILES["map"], MapOptions(max_nodes=settings.max_map_nodes, command=redraw)
        )
    t_end = time.perf_counter()
    counts = dict(report.counts)
    counts["top_actors"] = [a["label"] for a in report.top_actors]
    return BuildResult(
        out_dir=out,
        files=files,
        articles=built,
        skipped=tuple(skipped),
        notes=tuple(notes),
        counts=counts,
        seconds={
            "extract": round(t_extract - t0, 3),
            "rdf_files": round(t_rdf - t_extract, 3),
            "report": round(t_report - t_rdf, 3),
            "map": round(t_end - t_report, 3),
            "total": round(t_end - t0, 3),
        },  # fmt: skip
        words=words,
    )


def _limit_size(articles, settings: Settings, skip: Callable[[Skip], None]):
    for a in articles:
        if len(a.text) > settings.max_article_chars:
            s = Skip(
                a.path or a.id,
                f"article has {len(a.text):,} characters, over the limit of {settings.max_article_chars:,} "
                "(raise it with --max-chars)",
                "too-large",
            )
            if settings.strict:
                raise GraphkitError(str(s))
            skip(s)
            continue
        yield a
