"""The ``graphkit`` command: a thin layer over the library (nothing imports this module).

Errors graphkit expects (bad input, bad query, missing file) print one line and exit
with status 1; they never show a traceback. ``--debug`` shows it anyway.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Annotated

import typer

from graphkit import __version__
from graphkit.config import DEFAULT_BASE_IRI, DEFAULT_MODEL, Settings
from graphkit.errors import GraphkitError

app = typer.Typer(
    name="graphkit",
    help="Build knowledge graphs from news: entities, events, relations and claims as RDF, with maps and reports.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
_DEBUG = {"on": False}
DEFAULTS = Settings()


def _err(message: str) -> None:
    typer.echo(f"graphkit: {message}", err=True)


@app.callback()
def _root(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks and debug logs.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only errors.")] = False,
) -> None:
    _DEBUG["on"] = debug
    level = logging.DEBUG if debug else logging.ERROR if quiet else logging.WARNING
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    # skipped inputs are reported by the build itself, one line each
    logging.getLogger("graphkit.ingest").setLevel(logging.ERROR)


@app.command()
def build(
    inputs: Annotated[
        list[Path], typer.Argument(help="Article files, folders (read recursively) or .jsonl files.")
    ],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = Path("out"),
    workers: Annotated[int, typer.Option(help="Processes for spaCy parsing.")] = DEFAULTS.workers,
    strict: Annotated[bool, typer.Option(help="Stop at the first unreadable or invalid input.")] = False,
    base_iri: Annotated[str, typer.Option(help="Base IRI for the graph's nodes.")] = DEFAULT_BASE_IRI,
    model: Annotated[str, typer.Option(help="spaCy model name.")] = DEFAULT_MODEL,
    max_chars: Annotated[
        int, typer.Option(help="Skip articles longer than this.")
    ] = DEFAULTS.max_article_chars,
    max_map_nodes: Annotated[
        int, typer.Option(help="Keep at most this many nodes in map.html.")
    ] = DEFAULTS.max_map_nodes,
    no_map: Annotated[bool, typer.Option("--no-map", help="Do not write map.html.")] = False,
) -> None:
    """Build graph.ttl, graph.trig, map.html, report.md and report.json from articles."""
    from rich.console import Console
    from rich.markup import escape
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from graphkit.pipeline import build as run_build

    settings = Settings(
        model=model, base_iri=base_iri, workers=workers, strict=strict, max_article_chars=max_chars,
        max_map_nodes=max_map_nodes,
    )  # fmt: skip
    console = Console(stderr=True)
    with Progress(
        SpinnerColumn(), TextColumn("[progress.description]{task.description}"), BarColumn(),
        TextColumn("{task.completed} articles"), TimeElapsedColumn(), console=console, transient=True,
    ) as progress:  # fmt: skip
        task = progress.add_task("extracting", total=None)

        def done(x) -> None:  # ids and paths are data: escape them from rich's markup, never wrap them
            progress.update(task, advance=1, description=f"extracting {escape(x.article.id[:40])}")

        def skipped(s) -> None:
            progress.console.print(
                f"[yellow]skipped[/] {escape(str(s))}", highlight=False, markup=True, soft_wrap=True
            )

        result = run_build(inputs, out, settings, on_article=done, on_skip=skipped, write_map=not no_map)
    typer.echo(result.summary())


@app.command()
def query(
    # str, not Path: a query given positionally must reach SPARQL as typed (Path() would turn the
    # "//" of every IRI into "/" and the query would silently match nothing)
    graph: Annotated[list[str], typer.Argument(help="Graph file(s): .ttl, .trig, .nt, .nq, .jsonld.")],
    sparql: Annotated[str | None, typer.Option("--query", "-e", help="The SPARQL query text.")] = None,
    file: Annotated[Path | None, typer.Option("--file", "-f", help="Read the query from a .rq file.")] = None,
    fmt: Annotated[str, typer.Option("--format", help="table, csv or json.")] = "table",
    allow_update: Annotated[
        bool, typer.Option(help="Allow SPARQL UPDATE (changes only the loaded copy).")
    ] = False,
    allow_service: Annotated[bool, typer.Option(help="Allow SERVICE clauses (remote fetches).")] = False,
    with_ontology: Annotated[
        bool, typer.Option("--with-ontology", help="Also load graphkit's ontology and event-type scheme.")
    ] = False,
    timeout: Annotated[
        float, typer.Option(help="Stop a query that runs longer than this many seconds (0: no limit).")
    ] = DEFAULTS.query_timeout,
) -> None:
    """Run a SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE) against graph files.

    The query may also be given as the last positional argument:
    graphkit query out/graph.ttl "SELECT ..."
    """
    from graphkit.rdf.io import load_graph
    from graphkit.sparql import format_outcome, run_query

    args = list(graph)
    if (
        sparql is None
        and file is None
        and args
        and not Path(args[-1]).exists()
        and _looks_like_query(args[-1])
    ):
        sparql = args.pop()
    files = [Path(a) for a in args]
    if file is not None:
        if not file.is_file():
            raise GraphkitError(f"{file}: no such query file")
        sparql = file.read_text(encoding="utf-8")
    if not sparql:
        raise GraphkitError("no query given: pass it after the graph file, or use --query/-e or --file/-f")
    if fmt not in ("table", "csv", "json"):
        raise GraphkitError(f"unknown format {fmt!r}: use table, csv or json")
    if not files:
        raise GraphkitError("no graph file given")
    ds = load_graph(*files)
    if with_ontology:
        from graphkit.rdf.io import add_ontology

        add_ontology(ds)
    outcome = run_query(ds, sparql, allow_update=allow_update, allow_service=allow_service, timeout=timeout)
    sys.stdout.write(format_outcome(outcome, fmt))


def _looks_like_query(text: str) -> bool:
    import re

    return bool(re.search(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE|INSERT|DELETE|PREFIX)\b", text, re.IGNORECASE))


@app.command()
def analyse(
    graph: Annotated[list[Path], typer.Argument(help="Graph file(s) (.ttl, .trig, ...) or a store folder.")],
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Write report.md, report.json, nodes.csv and edges.csv here."),
    ] = None,
    top: Annotated[int, typer.Option(help="Rows per table.")] = 15,
    path: Annotated[
        tuple[str, str] | None,
        typer.Option(
            "--path", metavar="FROM TO", help="How two actors are connected, with the facts on each step."
        ),
    ] = None,
    ego: Annotated[
        list[str] | None,
        typer.Option("--ego", metavar="NAME", help="List an actor's neighbourhood (repeatable)."),
    ] = None,
    hops: Annotated[int, typer.Option(help="Radius of --ego neighbourhoods.")] = 1,
    events: Annotated[
        bool, typer.Option("--events", help="Export the event view (events as nodes) to CSV/GraphML.")
    ] = False,
    graphml: Annotated[
        bool, typer.Option("--graphml", help="Also write graph.graphml (Gephi, yEd, Cytoscape); needs --out.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print report.json instead of Markdown.")] = False,
) -> None:
    """Measure a graph: central actors, brokers, communities, key events, paths, timeline, denied claims."""
    from graphkit.analyse import analyse as run_analysis
    from graphkit.analyse import event_network, read_graph, to_graphml, write_tables
    from graphkit.atomic import write_text

    data = read_graph(graph)
    report = run_analysis(data, top=top, paths=[path] if path else [], egos=ego or [], hops=hops)
    errors = [x["error"] for x in report.paths + report.egos if x.get("error")]
    if errors:
        raise GraphkitError(errors[0])
    if out is None:
        if graphml:
            raise GraphkitError("--graphml needs --out DIR")
        sys.stdout.write(report.to_json() + "\n" if as_json else report.to_markdown())
        return
    write_text(out / "report.md", report.to_markdown())
    write_text(out / "report.json", report.to_json() + "\n")
    G = event_network(data) if events else report.network
    written = ["report.md", "report.json", *(p.name for p in write_tables(G, out).values())]
    if graphml:
        written.append(to_graphml(G, out / "graph.graphml").name)
    typer.echo(f"Wrote {', '.join(written)} to {out}/")


@app.command()
def html(
    graph: Annotated[list[Path], typer.Argument(help="Graph file(s) (.ttl, .trig, ...) or a store folder.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="The HTML file to write.")] = Path("map.html"),
    focus: Annotated[
        str | None, typer.Option(help="Show only this actor's neighbourhood (a name, alias or IRI).")
    ] = None,
    hops: Annotated[int, typer.Option(help="Neighbourhood radius with --focus.")] = 1,
    max_nodes: Annotated[
        int, typer.Option(help="Keep the most central nodes above this size.")
    ] = DEFAULTS.max_map_nodes,
    events: Annotated[
        bool, typer.Option("--events", help="Show events as nodes between their participants.")
    ] = False,
    title: Annotated[str, typer.Option(help="Page title.")] = "graphkit relationship map",
) -> None:
    """Draw an interactive, self-contained HTML map of a graph (works offline), with a Timeline view."""
    import shlex

    from graphkit.visualise import MapOptions, write_map

    command = (
        "graphkit html " + " ".join(shlex.quote(str(g)) for g in graph) + (" --events" if events else "")
    )
    options = MapOptions(
        max_nodes=max_nodes, focus=focus, hops=hops, events=events, title=title, command=command
    )
    try:
        path = write_map(graph, out, options)
    except ValueError as e:
        raise GraphkitError(str(e)) from e
    typer.echo(f"Wrote {path}")


@app.command()
def export(
    graph: Annotated[list[Path], typer.Argument(help="Graph file(s).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="The file to write; its suffix picks the format.")],
    fmt: Annotated[str | None, typer.Option("--format", help="turtle, trig, nt, nquads or jsonld.")] = None,
) -> None:
    """Convert a graph to another RDF format (Turtle, TriG, N-Triples, N-Quads, JSON-LD)."""
    from graphkit.rdf.io import load_graph, write_graph

    path = write_graph(load_graph(*graph), out, fmt)
    typer.echo(f"Wrote {path}")


@app.command()
def validate(
    graph: Annotated[list[Path], typer.Argument(help="Graph file(s).")],
) -> None:
    """Check a graph against graphkit's SHACL shapes (ontologies/shapes.ttl)."""
    from graphkit.rdf.io import load_graph
    from graphkit.rdf.validate import validate as run_validate

    ok, text = run_validate(load_graph(*graph))
    typer.echo(text)
    if not ok:
        raise typer.Exit(1)


@app.command()
def evaluate(
    eval_dir: Annotated[
        Path, typer.Option("--eval-dir", help="Gold data folder (meantime/, wikievents/).")
    ] = Path("../shared/eval"),
    limit: Annotated[int | None, typer.Option(help="At most this many documents per gold set.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """Score extraction against gold news (MEANTIME, WikiEvents): entities, events, arguments, time, merging."""
    import json

    from graphkit.evaluate import evaluate as run_evaluation

    report = run_evaluation(eval_dir, limit=limit)
    typer.echo(json.dumps(report.as_dict(), indent=2) if as_json else report.to_table())


@app.command()
def version() -> None:
    """Print graphkit's version."""
    typer.echo(f"graphkit {__version__}")


def main() -> None:
    try:
        app()
    except GraphkitError as e:
        if _DEBUG["on"]:
            raise
        _err(str(e))
        sys.exit(1)
    except KeyboardInterrupt:
        _err("interrupted; outputs already written are complete (files are replaced atomically)")
        sys.exit(130)
    except Exception as e:  # a bug, not bad input: one line here, the traceback with --debug
        if _DEBUG["on"]:
            raise
        where = ""
        tb = e.__traceback__
        while tb is not None:
            where = f" at {Path(tb.tb_frame.f_code.co_filename).name}:{tb.tb_lineno}"
            tb = tb.tb_next
        msg = " ".join(str(e).split())[:300]
        _err(
            f"internal error: {type(e).__name__}: {msg}{where} "
            "(a bug in graphkit: run `graphkit --debug ...` for the traceback, and please report it)"
        )
        sys.exit(2)


if __name__ == "__main__":  # pragma: no cover
    main()
