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
    """One line on stderr: names in the message cannot add lines or terminal control codes."""
    from graphkit.ingest import printable

    typer.echo(f"graphkit: {printable(' '.join(message.splitlines()))}", err=True)


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
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Output folder (default: out/, or none with --store)."),
    ] = None,
    store: Annotated[
        Path | None,
        typer.Option(
            help="Build into this Oxigraph store folder, incrementally (only new and changed articles)."
        ),
    ] = None,
    prune: Annotated[
        bool,
        typer.Option("--prune", help="With --store: remove articles that are not in the input any more."),
    ] = False,
    rebuild: Annotated[
        bool,
        typer.Option("--rebuild", help="With --store: extract every article again, even unchanged ones."),
    ] = False,
    workers: Annotated[
        int, typer.Option(help="Extraction processes on this machine (with --dask local: Dask workers).")
    ] = DEFAULTS.workers,
    dask: Annotated[
        str | None,
        typer.Option(
            metavar="ADDRESS",
            help="Extract on a Dask cluster (tcp://scheduler:8786), or 'local' for a LocalCluster; pip install 'graphkit[dask]'.",
        ),
    ] = None,
    strict: Annotated[bool, typer.Option(help="Stop at the first unreadable or invalid input.")] = False,
    base_iri: Annotated[str, typer.Option(help="Base IRI for the graph's nodes.")] = DEFAULT_BASE_IRI,
    model: Annotated[str, typer.Option(help="spaCy model name.")] = DEFAULT_MODEL,
    max_chars: Annotated[
        int, typer.Option(help="Skip articles longer than this many characters.")
    ] = DEFAULTS.max_article_chars,
    max_bytes: Annotated[
        int, typer.Option(help="Skip files (and JSONL lines) bigger than this many bytes, unread.")
    ] = DEFAULTS.max_input_bytes,
    max_map_nodes: Annotated[
        int, typer.Option(help="Keep at most this many nodes in map.html.")
    ] = DEFAULTS.max_map_nodes,
    no_map: Annotated[bool, typer.Option("--no-map", help="Do not write map.html.")] = False,
) -> None:
    """Build graph.ttl, graph.trig, map.html, report.md/.json, nodes.csv, edges.csv and merge-candidates.csv.

    With --store DIR the graph goes into an on-disk Oxigraph store instead, built incrementally;
    add --out DIR to also write the report and map of the whole store there.
    """
    from rich.console import Console
    from rich.markup import escape
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from graphkit.pipeline import build as run_build

    settings = Settings(
        model=model, base_iri=base_iri, workers=workers, strict=strict, max_article_chars=max_chars,
        max_map_nodes=max_map_nodes, max_input_bytes=max_bytes,
    )  # fmt: skip
    console = Console(stderr=True)
    with Progress(
        SpinnerColumn(), TextColumn("[progress.description]{task.description}"), BarColumn(),
        TextColumn("{task.completed} articles"), TimeElapsedColumn(), console=console, transient=True,
        disable=not console.is_terminal,  # no bar (and no stray blank line) when stderr is a file or pipe
    ) as progress:  # fmt: skip
        task = progress.add_task("extracting", total=None)

        def done(x) -> None:  # ids and paths are data: escape them from rich's markup, never wrap them
            progress.update(task, advance=1, description=f"extracting {escape(x.article.id[:40])}")

        def skipped(s) -> None:
            progress.console.print(
                f"[yellow]skipped[/] {escape(str(s))}", highlight=False, markup=True, soft_wrap=True
            )

        def noted(n) -> None:
            progress.console.print(
                f"[cyan]note[/] {escape(str(n))}", highlight=False, markup=True, soft_wrap=True
            )

        if out is None and store is None:
            out = Path("out")
        result = run_build(
            inputs, out, settings, on_article=done, on_skip=skipped, on_note=noted, write_map=not no_map,
            store=store, prune=prune, rebuild=rebuild, dask=dask,
        )  # fmt: skip
    typer.echo(result.summary())


@app.command()
def query(
    # str, not Path: a query given positionally must reach SPARQL as typed (Path() would turn the
    # "//" of every IRI into "/" and the query would silently match nothing)
    graph: Annotated[
        list[str] | None, typer.Argument(help="Graph file(s): .ttl, .trig, .nt, .nq, .jsonld.")
    ] = None,
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
    store: Annotated[Path | None, typer.Option(help="Query this Oxigraph store folder.")] = None,
    endpoint: Annotated[
        str | None,
        typer.Option(metavar="URL", help="Query a SPARQL 1.1 endpoint (e.g. graphkit serve's /query)."),
    ] = None,
    name: Annotated[
        str | None,
        typer.Option("--name", "-n", help="Run a named query from the library (graphkit queries)."),
    ] = None,
    param: Annotated[
        list[str] | None,
        typer.Option("--param", "-p", metavar="NAME=VALUE", help="A named query's parameter."),
    ] = None,
    show: Annotated[
        bool, typer.Option("--show", help="Print the query (parameters bound) instead of running it.")
    ] = False,
    user: Annotated[
        str | None, typer.Option(help="With --endpoint: user name (password in GRAPHKIT_ENDPOINT_PASSWORD).")
    ] = None,
) -> None:
    """Run a SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE) against graph files, a store or an endpoint.

    The query may also be given as the last positional argument:
    graphkit query out/graph.ttl "SELECT ..."
    Named queries: graphkit query --store DIR --name actor-timeline --param actor=Taliban
    """
    from graphkit.sparql import format_outcome

    args = list(graph or [])
    if (
        sparql is None
        and file is None
        and name is None
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
    bound = None
    if name is not None:
        from graphkit.queries import bind, get, parse_assignments

        if sparql or file is not None:
            raise GraphkitError("give either --name or a query, not both")
        bound = bind(get(name), parse_assignments(param or []))
        sparql = bound.text
    elif param:
        raise GraphkitError("--param needs --name (a named query); `graphkit queries` lists them")
    if not sparql:
        raise GraphkitError(
            "no query given: pass it after the graph file, or use --query/-e, --file/-f or --name"
        )
    if fmt not in ("table", "csv", "json"):
        raise GraphkitError(f"unknown format {fmt!r}: use table, csv or json")
    if show:  # with its prefixes declared and its parameters' values written in, so it can be pasted anywhere
        from graphkit.queries import with_prefixes

        text = with_prefixes(bound.inline() if bound else sparql)
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    from graphkit.querying.engines import run

    outcome = run(
        bound or sparql, files=files, store=store, endpoint=endpoint, user=user, allow_update=allow_update,
        allow_service=allow_service, timeout=timeout, with_ontology=with_ontology,
    )  # fmt: skip
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
    from graphkit.analysis import analyse as run_analysis
    from graphkit.analysis import event_network, read_graph, to_graphml, write_tables
    from graphkit.atomic import write_text

    data = read_graph(graph)
    report = run_analysis(data, top=top, paths=[path] if path else [], egos=ego or [], hops=hops)
    errors = [x.error for x in (*report.paths, *report.egos) if x.error]
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
    graph: Annotated[list[Path] | None, typer.Argument(help="Graph file(s).")] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", "-o", help="The file to write; its suffix picks the format ('-': standard output)."
        ),
    ] = None,
    fmt: Annotated[str | None, typer.Option("--format", help="turtle, trig, nt, nquads or jsonld.")] = None,
    store: Annotated[
        Path | None, typer.Option(help="Export this Oxigraph store (streamed, never loaded into memory).")
    ] = None,
) -> None:
    """Convert a graph to another RDF format (Turtle, TriG, N-Triples, N-Quads, JSON-LD).

    From a store: Turtle and N-Triples hold the merged graph, TriG, N-Quads and JSON-LD one named
    graph per article.
    """
    from graphkit.rdf.io import format_for, load_graph, write_graph

    if out is None:
        raise GraphkitError(
            "--out FILE is needed (its suffix picks the format; '-' writes to standard output)"
        )
    if store is not None:
        from graphkit.rdf.store import GraphStore

        if graph:
            raise GraphkitError("export either graph files or --store DIR, not both")
        if str(out) == "-" and fmt is None:
            raise GraphkitError("--out - needs --format")
        f = format_for(out, fmt)
        with GraphStore(store) as st:
            if str(out) == "-":
                st.export(sys.stdout.buffer, f)
                sys.stdout.buffer.flush()
                return
            st.export(out, f)
        typer.echo(f"Wrote {out}", err=True)
        return
    if not graph:
        raise GraphkitError("no graph given: pass graph file(s) or --store DIR")
    path = write_graph(load_graph(*graph), out, fmt)
    typer.echo(f"Wrote {path}")


@app.command()
def queries(
    name: Annotated[str | None, typer.Argument(help="Show this query in full.")] = None,
) -> None:
    """List the named queries (ontologies/queries/*.rq) with their descriptions and parameters."""
    from graphkit.queries import get, library

    if name is not None:
        q = get(name)
        typer.echo(f"{q.name}: {q.title}\n")
        if q.description:
            typer.echo(q.description + "\n")
        for p in q.params:
            need = "required" if p.required else f"default {p.default}" if p.default else "optional"
            typer.echo(f"  --param {p.name}=<{p.type}>  ({need}) {p.description}")
        if q.example:
            typer.echo(f"\nExample: {q.example}")
        typer.echo(f"\nFile: {q.path}\n\n{q.text}")
        return
    for q in library().values():
        typer.echo(f"{q.name}\n    {q.title}\n    {q.usage() or '(no parameters)'}")


@app.command()
def serve(
    store: Annotated[Path, typer.Option(help="The Oxigraph store folder to serve.")],
    host: Annotated[
        str, typer.Option(help="Address to listen on (127.0.0.1: this machine only).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on (0: any free port).")] = 7878,
    writable: Annotated[
        bool,
        typer.Option(
            "--writable", help="Also accept SPARQL UPDATE and Graph Store writes (read-only otherwise)."
        ),
    ] = False,
    timeout: Annotated[
        float,
        typer.Option(
            help="Stop a query that has no answer after this many seconds, with HTTP 503 (0: no limit)."
        ),
    ] = DEFAULTS.query_timeout,
    allow_service: Annotated[
        bool,
        typer.Option(
            "--allow-service",
            help="Let queries use SERVICE (and updates LOAD), i.e. make the server fetch the URLs they "
            "name; refused with HTTP 400 otherwise.",
        ),
    ] = False,
    allow_host: Annotated[
        list[str] | None,
        typer.Option(
            "--allow-host",
            help="Another name clients may send in the Host header (loopback names and --host always "
            "work; others get 403, against DNS rebinding). Repeatable.",
        ),
    ] = None,
    workers: Annotated[
        int, typer.Option(help="Worker processes running queries at the same time (read-only server).")
    ] = 2,
) -> None:
    """Serve a store over the SPARQL 1.1 Protocol and the Graph Store Protocol (Ctrl-C stops it).

    Writes (--writable) are accepted from clients that are not browsers, from the server's own
    origin, or with the token in the environment variable GRAPHKIT_SERVE_TOKEN (send it as
    Authorization: Bearer TOKEN); never from another site's page.
    """
    import os
    import signal

    from graphkit.server import LOOPBACK, SparqlServer

    server = SparqlServer(
        store=store,
        host=host,
        port=port,
        writable=writable,
        timeout=timeout or None,
        allow_service=allow_service,
        workers=workers,
        token=os.environ.get("GRAPHKIT_SERVE_TOKEN") or None,
        allowed_hosts=tuple(allow_host or ()),
    )
    server.start()
    mode = "read-write" if writable else "read-only"
    limit = f"time limit {timeout:g} s" if timeout else "no time limit"
    typer.echo(
        f"Serving {store}/ ({mode}) at {server.query_url} (SPARQL 1.1 Protocol; Graph Store: {server.store_url}; "
        f"SERVICE {'allowed' if allow_service else 'refused'}; {limit}). Ctrl-C stops it.",
        err=True,
    )
    if server.sandbox and not allow_service:
        typer.echo(
            f"graphkit: warning: the query workers keep their network ({server.sandbox}); SERVICE and LOAD "
            "are still refused by the query check",
        err=True,
    )
    if host not in LOOPBACK:
        typer.echo(
            f"graphkit: warning: listening on {host}: anyone who can reach this port can read the store"
            + (" and make the server fetch URLs (--allow-service)" if allow_service else "")
            + (", and change it (--writable)" if writable else "")
            + ". Requests must name the server as it is configured (Host: a loopback name, --host, or "
            "an --allow-host NAME); others get 403.",
            err=True,
        )

    def stop_on_terminate(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop_on_terminate)  # terminate stops both processes cleanly
    try:
        code = server.wait()
    except KeyboardInterrupt:
        server.stop()
        return
    finally:
        signal.signal(signal.SIGTERM, previous)
    if code != 0:
        raise GraphkitError(server.failure or f"the server stopped with exit code {code}")


@app.command()
def push(
    graph: Annotated[
        list[Path] | None, typer.Argument(help="Graph file(s) with named graphs (.trig, .nq).")
    ] = None,
    endpoint: Annotated[
        str,
        typer.Option(
            metavar="URL",
            help="A SPARQL 1.1 Graph Store Protocol endpoint, e.g. http://127.0.0.1:7878/store.",
        ),
    ] = "",
    store: Annotated[Path | None, typer.Option(help="Push this Oxigraph store's graphs.")] = None,
    merged_default: Annotated[
        bool,
        typer.Option(
            "--merged-default", help="Also replace the endpoint's default graph with the merged graph."
        ),
    ] = False,
    user: Annotated[
        str | None, typer.Option(help="User name for the endpoint (password in GRAPHKIT_ENDPOINT_PASSWORD).")
    ] = None,
) -> None:
    """Load a graph into a SPARQL 1.1 Graph Store endpoint, one named graph per article (replacing each)."""
    from graphkit.rdf.store import GraphStore
    from graphkit.server import endpoint_auth, store_graphs
    from graphkit.server import push as run_push

    if not endpoint:
        raise GraphkitError("--endpoint URL is needed (a Graph Store Protocol endpoint)")
    if (store is None) == (not graph):
        raise GraphkitError("push either graph files or --store DIR")
    auth = endpoint_auth(user)
    st = GraphStore(store) if store is not None else GraphStore.from_files(*graph)
    try:
        if not any(True for _ in st.graphs()):
            raise GraphkitError(
                "no named graphs to push: graph.ttl merges the articles; push graph.trig or a --store"
            )
        result = run_push(store_graphs(st, merged_default=merged_default), endpoint, auth=auth)
    finally:
        st.close()
    typer.echo(
        f"Pushed {result.graphs} graph(s), {result.triples:,} triples, to {endpoint} in {result.seconds:.1f}s."
    )
    if result.failed:
        for iri, why in result.failed:
            _err(f"not pushed: <{iri}>: {why}")
        raise typer.Exit(1)


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
        Path,
        typer.Option(
            "--eval-dir", help="Gold data folder (meantime/, wikievents/, ecbplus/, conll04/, plover/)."
        ),
    ] = Path("../shared/eval"),
    train_dir: Annotated[
        Path | None,
        typer.Option("--train-dir", help="Folder holding gum/ (default: train/ beside --eval-dir)."),
    ] = None,
    sets: Annotated[
        str,
        typer.Option(
            "--sets", help="Comma-separated gold sets: meantime,wikievents,ecbplus,conll04,plover,gum."
        ),
    ] = "meantime,wikievents,ecbplus,conll04,plover,gum",
    split: Annotated[
        str,
        typer.Option("--split", help="tuned, frozen or both (split sets only; see benchmarks/README.md)."),
    ] = "both",
    limit: Annotated[int | None, typer.Option(help="At most this many documents per gold set.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """Score extraction against gold news: entities, events, arguments, relations, time, merging; tuned and frozen."""
    import json

    from graphkit.evaluate import evaluate as run_evaluation

    splits = {"both": ("tuned", "frozen"), "tuned": ("tuned",), "frozen": ("frozen",)}.get(split)
    if splits is None:
        raise GraphkitError(f"--split {split!r}: use tuned, frozen or both")
    names = [n.strip() for n in sets.split(",") if n.strip()]
    report = run_evaluation(eval_dir, limit=limit, sets=names, splits=splits, train_dir=train_dir)
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
    except OSError as e:  # a broken environment (full disk, read-only folder, ...), not a bug
        from graphkit.atomic import ENVIRONMENT_ERRNOS, os_error_message

        if _DEBUG["on"] or e.errno not in ENVIRONMENT_ERRNOS:
            if _DEBUG["on"]:
                raise
            _internal_error(e)
        _err(os_error_message(e))
        sys.exit(1)
    except Exception as e:  # a bug, not bad input: one line here, the traceback with --debug
        if _DEBUG["on"]:
            raise
        _internal_error(e)


def _internal_error(e: BaseException) -> None:
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
