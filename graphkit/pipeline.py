"""``graphkit build``: articles in, a graph out (files, an on-disk store, or both).

ingest -> extract -> rdf -> files (graph.ttl, graph.trig) or store -> analyse
(report.md, report.json) -> visualise (map.html). Every file is written atomically;
a bad article is skipped with a message and counted, never fatal (unless ``strict``).

Where extraction runs: in this process (``workers=1``), in ``workers`` processes
(:mod:`graphkit.workers`), or on a Dask cluster (:mod:`graphkit.distributed`); the
graph is the same either way.

With a store (``store=DIR``) the build is incremental: each article is one named
graph carrying the hash of the text it came from, so only new and changed articles
are extracted; a changed article's old facts are removed; unchanged articles are
not touched. Articles that are no longer in the input stay in the store unless
``prune=True``.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from graphkit.atomic import (
    ENVIRONMENT_ERRNOS,
    os_error_advice,
    os_error_message,
    replace_together,
    write_text,
)
from graphkit.config import Settings, check_base_iri
from graphkit.errors import GraphkitError
from graphkit.ingest import OUTPUT_MARKER, Note, Skip, printable, read_articles
from graphkit.types import Article, Extraction

OUTPUT_FILES = {
    "turtle": "graph.ttl",
    "trig": "graph.trig",
    "map": "map.html",
    "report_md": "report.md",
    "report_json": "report.json",
    "nodes_csv": "nodes.csv",
    "edges_csv": "edges.csv",
    "merges_csv": "merge-candidates.csv",
    "event_merges_csv": "event-merge-candidates.csv",
    "events_csv": "events.csv",  # issue 15: one row per merged event (graphkit.rdf.events_table)
    "events_jsonl": "events.jsonl",
}
STORE_BATCH_BYTES = 16_000_000  # N-Quads loaded into the store per transaction (about 50 articles)
STORE_BATCH_SECONDS = 2.0  # ...or whatever was extracted in this long, whichever comes first


@dataclass(frozen=True)
class StoreChanges:
    """What an incremental build did to a store."""

    path: Path
    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    removed: int = 0
    articles: int = 0  # in the store afterwards
    triples: int = 0  # in the merged graph afterwards


@dataclass(frozen=True)
class BuildResult:
    out_dir: Path | None
    files: dict[str, Path]
    articles: int
    skipped: tuple[Skip, ...]
    notes: tuple[Note, ...]
    counts: dict
    seconds: dict[str, float] = field(default_factory=dict)
    words: int = 0
    store: StoreChanges | None = None

    def summary(self) -> str:
        c = self.counts
        ents = ", ".join(f"{v} {k.lower()}s" for k, v in c.get("entities", {}).items())
        head = (
            f"Built {self.articles} article(s) ({self.words:,} words) in {self.seconds.get('total', 0):.1f}s"
        )
        if "events" in c:
            head += (
                f": {ents}; {c.get('events', 0)} events; {c.get('claims', 0)} claims; "
                f"{c.get('triples', 0):,} triples."
            )
        else:
            head += "."
        lines = [head]
        s = self.store
        if s is not None:
            lines.append(
                f"Store {s.path}/: {s.added} new, {s.replaced} replaced, {s.unchanged} unchanged, "
                f"{s.removed} removed; now {s.articles:,} articles, {s.triples:,} triples."
            )
        top = c.get("top_actors") or []
        if top:
            lines.append("Most central: " + ", ".join(top[:5]) + ".")
        merged = c.get("merges") or {}
        if merged.get("nodes") or merged.get("candidates"):
            lines.append(
                f"Merged across articles: {merged['iris']} entity IRIs into {merged['nodes']} node(s); "
                f"{merged['candidates']} uncertain pair(s) left for review in merge-candidates.csv."
            )
        if self.skipped:
            reasons = Counter(s.category for s in self.skipped)
            lines.append(
                f"Skipped {len(self.skipped)} input(s): "
                + ", ".join(f"{k} {v}" for k, v in reasons.most_common())
                + "."
            )
        if self.notes:
            lines.append(
                f"Notes on {len(self.notes)} input(s) (decoded from another encoding, bytes replaced, "
                "metadata ignored): listed in report.json."
            )
        if self.files:
            lines.append(f"Wrote {', '.join(p.name for p in self.files.values())} to {self.out_dir}/")
        return "\n".join(lines)


def build(
    inputs: Iterable[str | os.PathLike[str]] | str | os.PathLike[str],
    out_dir: str | os.PathLike[str] | None = None,
    settings: Settings | None = None,
    *,
    on_article: Callable[[Extraction], None] | None = None,
    on_skip: Callable[[Skip], None] | None = None,
    on_note: Callable[[Note], None] | None = None,
    write_map: bool = True,
    store: str | os.PathLike[str] | None = None,
    prune: bool = False,
    rebuild: bool = False,
    dask: str | None = None,
) -> BuildResult:
    """Build the graph of ``inputs`` into ``out_dir`` (graph files, report, map) and/or ``store``.

    ``store``: an Oxigraph folder, updated incrementally (``rebuild`` re-extracts every article,
    ``prune`` removes articles that are not in ``inputs``); with ``out_dir`` too, the report and
    map of the whole store are written there. ``dask``: a scheduler address, or ``"local"``.
    """
    from graphkit.rdf.build import IRIs

    settings = settings or Settings()
    IRIs(settings.base_iri)  # a bad --base-iri fails now, not after the extraction
    if out_dir is None and store is None:
        raise GraphkitError(
            "nowhere to write the graph: give an output folder (--out), a store (--store), or both"
        )
    out = Path(out_dir) if out_dir is not None else None
    t0 = time.perf_counter()
    skipped: list[Skip] = []
    notes: list[Note] = []
    # the places written to are checked before any work: a file, a read-only or full disk fail now
    made: list[_Made] = []
    try:
        if store is not None:
            made.append(_writable_folder(Path(store), "--store", marker=False))
        if out is not None:
            made.append(_writable_folder(out, "--out", marker=True))
        return _build(inputs, out, settings, t0, skipped, notes, on_article, on_skip, on_note, write_map,
                      store, prune, rebuild, dask)  # fmt: skip
    except BaseException as e:
        for m in reversed(made):  # a failed build leaves no folder (or marker) it made behind
            m.undo()
        if isinstance(e, OSError) and e.errno in ENVIRONMENT_ERRNOS:
            raise GraphkitError(
                os_error_message(e, "--out" if store is None else "--out/--store")
                + "; the previous outputs are unchanged (files are replaced together at the end)"
            ) from e
        raise


@dataclass
class _Made:
    """What :func:`_writable_folder` created, to remove again when the build fails."""

    folders: list[Path]  # created, innermost first
    marker: Path | None = None  # the marker file, when this build wrote the first one

    def undo(self) -> None:
        import contextlib

        if self.marker is not None:
            with contextlib.suppress(OSError):
                self.marker.unlink()
        for folder in self.folders:
            try:
                folder.rmdir()  # only while empty
            except OSError:
                break


def _writable_folder(path: Path, option: str, *, marker: bool) -> _Made:
    """Make sure graphkit can write into the folder ``path`` before any article is extracted: it is
    made if missing (with its parents); a file in its place, or a folder that cannot be written
    (permissions, a read-only or full disk), fails now with one line. With ``marker`` the folder
    gets the :data:`~graphkit.ingest.OUTPUT_MARKER` file that keeps later builds from reading it."""
    import tempfile

    shown = printable(str(path))
    missing: list[Path] = []
    p = path
    while not p.exists() and not p.is_symlink() and p != p.parent:
        missing.append(p)
        p = p.parent
    if not p.is_dir():
        where = "is a file" if p == path else f"lies under {printable(str(p))}, which is a file"
        raise GraphkitError(
            f"{option} {shown} {where}, not a folder: give a folder path (graphkit writes several files into it)"
        )
    made = _Made(folders=[])
    try:
        path.mkdir(parents=True, exist_ok=True)
        made.folders = [m for m in missing if m.is_dir()]
        if marker:
            flag = path / OUTPUT_MARKER
            first = not flag.exists()
            with open(flag, "w", encoding="utf-8") as f:
                f.write("This folder holds graphkit build outputs; graphkit build does not read it as input.\n")
            if first:
                made.marker = flag
        else:
            with tempfile.TemporaryFile(dir=path, prefix=".graphkit-probe-"):
                pass
    except OSError as e:
        made.undo()
        if e.filename is None or Path(e.filename) == path:
            raise GraphkitError(f"cannot write to {option} {shown}: {os_error_advice(e, option)}") from e
        raise GraphkitError(f"cannot write to {option} {shown}: {os_error_message(e, option)}") from e
    return made


def _build(inputs, out, settings, t0, skipped, notes, on_article, on_skip, on_note, write_map, store, prune,
           rebuild, dask) -> BuildResult:  # fmt: skip
    """:func:`build` once its output folders are known to be writable."""

    def skip(s: Skip) -> None:
        if settings.strict:
            raise GraphkitError(str(s))
        skipped.append(s)
        if on_skip:
            on_skip(s)

    def note(n: Note) -> None:
        notes.append(n)
        if on_note:
            on_note(n)

    _, base_note = check_base_iri(settings.base_iri)
    if base_note:
        note(Note("--base-iri", base_note))
    articles = read_articles(
        inputs, strict=settings.strict, on_skip=skip, on_note=note, max_bytes=settings.max_input_bytes,
        exclude=[p for p in (out, store) if p is not None],
    )  # fmt: skip
    articles = _limit_size(articles, settings, skip)
    run = _Run(settings, t0, skip, on_article, dask)
    # every output file is replaced at the end, all together: a build killed before then leaves the old set
    with replace_together():
        if store is not None:
            return _build_store(run, articles, Path(store), out, write_map, prune, rebuild, skipped, notes)
        return _build_files(run, articles, out, write_map, skipped, notes)  # type: ignore[arg-type]


@dataclass
class _Run:
    settings: Settings
    t0: float
    skip: Callable[[Skip], None]
    on_article: Callable[[Extraction], None] | None
    dask: str | None
    built: int = 0
    words: int = 0

    def outcomes(self, articles: Iterable[Article], *, with_rdf: bool):
        """Extraction outcomes in input order, from wherever extraction runs."""
        if self.dask is not None:
            from graphkit.distributed import extract_on_dask

            return extract_on_dask(articles, self.settings, address=self.dask, with_rdf=with_rdf)
        if self.settings.workers > 1:
            # a pool costs a model load per process: with fewer articles than one chunk per worker (an
            # incremental build that adds ten to a big store) this process does them sooner
            small = self.settings.workers * self.settings.batch_size
            articles = iter(articles)
            head = list(itertools.islice(articles, small))
            articles = itertools.chain(head, articles)
            if len(head) == small:
                from graphkit.workers import extract_parallel

                return extract_parallel(articles, self.settings, with_rdf=with_rdf)
        from graphkit.workers import extract_here

        return extract_here(articles, self.settings, with_rdf=with_rdf)

    def extracted(self, articles: Iterable[Article], *, with_rdf: bool) -> Iterator:
        """Successful outcomes; failures become skips (the batch goes on)."""
        for o in self.outcomes(articles, with_rdf=with_rdf):
            if o.error is not None:
                self.skip(Skip(o.source, f"not built: {o.error}", "extraction"))
                continue
            self.built += 1
            self.words += len(o.extraction.article.text.split())
            if self.on_article:
                self.on_article(o.extraction)
            yield o


def _build_files(
    run: _Run, articles: Iterable[Article], out: Path, write_map: bool, skipped: list[Skip], notes: list[Note]
) -> BuildResult:
    """The default build (``--out`` only): the same write path as a store build, into a scratch
    Oxigraph store on disk inside ``out`` (so memory stays flat however many articles there are),
    from which graph.ttl and graph.trig are streamed by Oxigraph; the scratch store is deleted at
    the end, whatever happens."""
    import shutil
    import tempfile

    from graphkit.rdf.build import IRIs
    from graphkit.rdf.event_merge import write_event_merges_csv
    from graphkit.rdf.merge import write_merges_csv
    from graphkit.rdf.store import GraphStore

    _remove_stale_scratch(out)
    scratch = Path(tempfile.mkdtemp(prefix=f"{SCRATCH_PREFIX}{os.getpid()}.", dir=out))
    try:
        iris = IRIs(run.settings.base_iri)
        with GraphStore(scratch, writable=True, index=False) as st:
            _stream_into(st, run, run.extracted(articles, with_rdf=True), known={})
            if run.built == 0:
                reasons = "; ".join(str(s) for s in skipped[:5]) or "no article files found"
                raise GraphkitError(f"no article could be built ({reasons})")
            t_extract = time.perf_counter()
            # the corpus-level step: cross-article merges, with their reasons (entities, then events)
            merges, _ = _merge_store(st, iris.base)
            event_merges, _ = _merge_store_events(st, iris.base)
            _add_scheme(st)  # issue 15 hook: the event-type scheme, its own named graph
            t_merge = time.perf_counter()
            files = {"turtle": out / OUTPUT_FILES["turtle"], "trig": out / OUTPUT_FILES["trig"]}
            st.export(files["turtle"], "turtle")
            st.export(files["trig"], "trig")
            files["merges_csv"] = write_merges_csv(merges, out / OUTPUT_FILES["merges_csv"])  # for review
            path_csv = out / OUTPUT_FILES["event_merges_csv"]
            files["event_merges_csv"] = write_event_merges_csv(event_merges, path_csv)
            t_rdf = time.perf_counter()
            counts, t_report = _report_and_map(st, out, files, run, write_map, skipped, notes)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    t_end = time.perf_counter()
    return BuildResult(
        out_dir=out,
        files=files,
        articles=run.built,
        skipped=tuple(skipped),
        notes=tuple(notes),
        counts=counts,
        seconds={
            "extract": round(t_extract - run.t0, 3),  # extraction and scratch-store writes (streamed together)
            "merge": round(t_merge - t_extract, 3),
            "rdf_files": round(t_rdf - t_merge, 3),
            "report": round(t_report - t_rdf, 3),
            "map": round(t_end - t_report, 3),
            "total": round(t_end - run.t0, 3),
        },  # fmt: skip
        words=run.words,
    )


SCRATCH_PREFIX = ".graphkit-scratch."  # + pid + random: the default build's temporary store inside --out


def _remove_stale_scratch(out: Path) -> None:
    """Delete scratch stores left in ``out`` by builds that were killed (their process is gone)."""
    import contextlib
    import shutil

    from graphkit.atomic import _alive

    with contextlib.suppress(OSError):
        for p in out.iterdir():
            if p.name.startswith(SCRATCH_PREFIX) and p.is_dir():
                pid = p.name[len(SCRATCH_PREFIX) :].partition(".")[0]
                if pid.isdigit() and not _alive(int(pid)):
                    shutil.rmtree(p, ignore_errors=True)


def _stream_into(st, run: _Run, outcomes: Iterable, known: dict, tally: Counter | None = None) -> None:
    """Load extraction outcomes into the store ``st`` as they come, a transaction per ~16 MB (and at
    least every few seconds, so an interrupted build keeps its work). An article already in ``known``
    or written earlier in this run (the input may repeat an id) has its old graph replaced."""
    tally = tally if tally is not None else Counter()
    written: set[str] = set()
    batch: list = []

    def flush() -> None:
        if not batch:
            return
        replace = {r.article_id for r in batch if r.article_id in known or r.article_id in written}
        failed = st.write(batch, replace=replace)
        for r, reason in failed:
            run.built -= 1
            run.skip(Skip(r.article_id, f"not stored: {reason}", "store"))
        bad = {r.article_id for r, _ in failed}
        for r in batch:
            if r.article_id not in bad:
                tally["replaced" if r.article_id in replace else "added"] += 1
                written.add(r.article_id)
        batch.clear()

    size, last = 0, time.monotonic()
    for o in outcomes:
        if any(r.article_id == o.rdf.article_id for r in batch):
            flush()
            size = 0
        batch.append(o.rdf)
        size += len(o.rdf.nquads)
        if size >= STORE_BATCH_BYTES or time.monotonic() - last >= STORE_BATCH_SECONDS:
            flush()
            size, last = 0, time.monotonic()
    flush()


def _build_store(
    run: _Run,
    articles: Iterable[Article],
    path: Path,
    out: Path | None,
    write_map: bool,
    prune: bool,
    rebuild: bool,
    skipped: list[Skip],
    notes: list[Note],
) -> BuildResult:
    from graphkit import __version__
    from graphkit.rdf.build import IRIs
    from graphkit.rdf.store import GraphStore

    iris = IRIs(run.settings.base_iri)
    with GraphStore(path, writable=True) as st:
        known = st.articles(iris)
        seen: set[str] = set()
        tally = Counter()
        current = f"graphkit {__version__} "

        def todo() -> Iterator[Article]:
            for a in articles:
                seen.add(a.id)
                k = known.get(a.id)
                up_to_date = k is not None and k.sha256 == a.sha256 and k.extractor.startswith(current)
                if up_to_date and not rebuild:
                    tally["unchanged"] += 1
                    continue
                yield a

        _stream_into(st, run, run.extracted(todo(), with_rdf=True), known, tally)
        if prune:
            for aid in sorted(set(known) - seen):
                st.remove(known[aid].graph)
                tally["removed"] += 1
        t_extract = time.perf_counter()
        # the store's size, counted by Oxigraph in a thread (it lets go of the GIL) while the merge step runs
        with ThreadPoolExecutor(1) as pool:
            counting = pool.submit(st.stats, quads=False)
            merges, grew, event_merges = None, 0, None
            if (
                tally["added"]
                or tally["replaced"]
                or tally["removed"]
                or not st.has_graph(_merges_iri(iris))
                or not st.has_graph(_event_merges_iri(iris))
                or not st.has_graph(_scheme_iri())
            ):
                merges, grew = _merge_store(st, run.settings.base_iri, before_writing=counting.result)
                event_merges, event_grew = _merge_store_events(st, run.settings.base_iri)
                grew += event_grew + _add_scheme(st)  # issue 15 hook: the scheme graph (only its changes)
            stats = counting.result()  # re-raises what went wrong in the count
        t_merge = time.perf_counter()
        stats["triples"] += grew
        changes = StoreChanges(
            path=path, added=tally["added"], replaced=tally["replaced"], unchanged=tally["unchanged"],
            removed=tally["removed"], articles=stats["articles"], triples=stats["triples"],
        )  # fmt: skip
        if stats["articles"] == 0:
            reasons = "; ".join(str(s) for s in skipped[:5]) or "no article files found"
            raise GraphkitError(f"no article could be built ({reasons})")
        files: dict[str, Path] = {}
        counts: dict = {"triples": stats["triples"]}
        t_report = t_merge
        if out is not None:
            from graphkit.rdf.event_merge import find_event_merges, read_store_events, write_event_merges_csv
            from graphkit.rdf.merge import find_merges, write_merges_csv

            merges = merges if merges is not None else find_merges(st.entity_nodes())
            files["merges_csv"] = write_merges_csv(merges, out / OUTPUT_FILES["merges_csv"])
            if event_merges is None:
                event_merges = find_event_merges(*read_store_events(st))
            path_csv = out / OUTPUT_FILES["event_merges_csv"]
            files["event_merges_csv"] = write_event_merges_csv(event_merges, path_csv)
            counts, t_report = _report_and_map(
                st, out, files, run, write_map, skipped, notes, redraw=f"graphkit html {path}"
            )
    t_end = time.perf_counter()
    return BuildResult(
        out_dir=out,
        files=files,
        articles=run.built,
        skipped=tuple(skipped),
        notes=tuple(notes),
        counts=counts,
        seconds={
            "extract": round(t_extract - run.t0, 3),  # extraction and store writes (streamed together)
            "merge": round(t_merge - t_extract, 3),
            "report": round(t_report - t_merge, 3) if out is not None else 0.0,
            "map": round(t_end - t_report, 3) if out is not None else 0.0,
            "total": round(t_end - run.t0, 3),
        },  # fmt: skip
        words=run.words,
        store=changes,
    )


def _merges_iri(iris) -> str:
    from graphkit.rdf.merge import merges_graph_iri

    return str(merges_graph_iri(iris.base))


def _event_merges_iri(iris) -> str:
    from graphkit.rdf.event_merge import event_merges_graph_iri

    return str(event_merges_graph_iri(iris.base))


# --- issue 15 hooks (owner: graphkit.rdf.scheme / graphkit.rdf.events_table) ---
def _scheme_iri() -> str:
    from graphkit.rdf.scheme import SCHEME

    return str(SCHEME)


def _add_scheme(target) -> int:
    """The event-type scheme in its own named graph, in an rdflib Dataset or a store; returns by how many
    triples the store's merged graph grew (0 for a Dataset)."""
    from graphkit.rdf.scheme import SCHEME, add_scheme, scheme_triples

    if hasattr(target, "put_graph"):
        return target.put_graph(str(SCHEME), scheme_triples())
    add_scheme(target)
    return 0


# --- end of issue 15 hooks ---


def _merge_store(st, base: str, before_writing: Callable[[], None] = lambda: None) -> tuple[list, int]:
    """The corpus-level merge step (:mod:`graphkit.rdf.merge`) over the whole store: read the entity
    nodes (:meth:`~graphkit.rdf.store.GraphStore.entity_nodes`), then replace the store's merges graph
    (after ``before_writing()`` returns); returns the decisions (for merge-candidates.csv) and by how
    many triples the merged graph grew."""
    from graphkit.rdf.build import new_dataset
    from graphkit.rdf.merge import find_merges, merges_graph_iri, write_merges

    decisions = find_merges(st.entity_nodes())
    scratch = new_dataset()
    name = write_merges(scratch, decisions, base)
    before_writing()
    grew = st.put_graph(str(merges_graph_iri(base)), scratch.graph(name))
    return decisions, grew


def _merge_store_events(st, base: str) -> tuple[list, int]:
    """The event step (:mod:`graphkit.rdf.event_merge`) over the whole store, after the entity step
    (whose owl:sameAs it reads): replace the store's event-merges graph; returns the decisions (for
    event-merge-candidates.csv) and by how many triples the merged graph grew."""
    from graphkit.rdf.event_merge import (
        event_merge_triples,
        event_merges_graph_iri,
        find_event_merges,
        read_store_events,
    )

    decisions = find_event_merges(*read_store_events(st))
    grew = st.put_graph(str(event_merges_graph_iri(base)), event_merge_triples(decisions, base))
    return decisions, grew


def _report_and_map(
    ds,
    out: Path,
    files: dict[str, Path],
    run: _Run,
    write_map: bool,
    skipped,
    notes,
    redraw: str | None = None,
):
    """report.md, report.json and map.html of the graph ``ds`` (an rdflib Dataset, or a
    :class:`~graphkit.rdf.store.GraphStore`); returns the report's counts and the time the report was done."""
    from graphkit.analysis import analyse, read_graph, write_tables
    from graphkit.visualise import MapOptions
    from graphkit.visualise import write_map as write_html

    graph = read_graph(ds)  # read the RDF once for the report, the tables and the map
    report = analyse(graph)
    data = json.loads(report.to_json())
    data["build"] = {
        "articles": run.built,
        "words": run.words,
        "skipped": [
            {"input": printable(s.source), "reason": printable(s.reason), "category": s.category} for s in skipped
        ],
        "notes": [str(n) for n in notes],
    }
    md = report.to_markdown()
    if skipped:
        md += (
            "\n## Skipped inputs\n\n"
            + "\n".join(f"- {_md_code(s.source)}: {_md_text(s.reason)}" for s in skipped)
            + "\n"
        )
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
    from graphkit.rdf.events_table import write_events

    files.update(write_events(ds, out))  # issue 15 hook: events.csv / events.jsonl, read from the RDF
    t_report = time.perf_counter()
    if write_map:
        redraw = redraw or (f"graphkit html {files['trig']}" if "trig" in files else "graphkit html GRAPH")
        files["map"] = write_html(
            graph, out / OUTPUT_FILES["map"], MapOptions(max_nodes=run.settings.max_map_nodes, command=redraw)
        )
    counts = dict(report.counts)
    counts["top_actors"] = [a.label for a in report.top_actors]
    return counts, t_report


def _md_code(text: str) -> str:
    """``text`` as one Markdown code span on one line, whatever backticks and control characters it holds."""
    text = printable(text)
    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _md_text(text: str) -> str:
    """``text`` as Markdown text on one line, never read as HTML."""
    return printable(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


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
