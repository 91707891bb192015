"""Extraction on several processes: articles stream in, each article's facts stream out.

The unit of work is a *chunk* of articles (``Settings.batch_size`` of them). A worker
process parses the chunk with ``nlp.pipe``, runs graphkit's rules on every document
and, when the build writes a store, serialises each article's named graph to N-Quads
(:func:`graphkit.rdf.store.article_rdf`), so the parent process only loads bytes into
Oxigraph. Running the rules in the workers (rather than spaCy's ``n_process``, which
parses in workers but hands every ``Doc`` back to the parent for the rules) keeps
the parent from becoming the bottleneck: graphkit's rules cost about as much as the
parse itself.

Memory stays flat: at most ``2 × workers`` chunks are in flight, and results are
yielded in input order as soon as they are ready. The same :func:`extract_chunk`
runs on a Dask cluster (:mod:`graphkit.distributed`).

A chunk whose worker dies (killed, out of memory) is retried one article at a time
in a fresh pool, so one bad article costs only itself.
"""

from __future__ import annotations

import logging
import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Any

from graphkit.config import Settings
from graphkit.errors import GraphkitError
from graphkit.types import Article, Extraction

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one article: its extraction (and serialised RDF), or why it failed."""

    article_id: str
    source: str
    extraction: Extraction | None = None
    rdf: Any = None  # graphkit.rdf.store.ArticleRDF when the build writes a store
    error: str | None = None


def extract_chunk(articles: list[Article], settings: Settings, with_rdf: bool) -> list[Outcome]:
    """Parse, extract (and serialise) a list of articles in this process; one :class:`Outcome` each.

    This is the task that worker processes and Dask workers run.
    """
    from graphkit.extraction import extract

    collector = _Errors()
    ext_log = logging.getLogger("graphkit.extraction")
    ext_log.addHandler(collector)
    try:
        produced = list(extract(articles, settings.with_(workers=1)))
    finally:
        ext_log.removeHandler(collector)
    iris = None
    if with_rdf:
        from graphkit.rdf.build import IRIs

        iris = IRIs(settings.base_iri)
    out: list[Outcome] = []
    it = iter(produced)
    x = next(it, None)
    for a in articles:  # extract() yields in input order and leaves out the articles it could not do
        if x is not None and x.article is a:
            out.append(_finish(x, iris))
            x = next(it, None)
        else:
            out.append(Outcome(a.id, a.path or a.id, error=collector.reason_for(a.id)))
    return out


def _finish(x: Extraction, iris) -> Outcome:
    a = x.article
    if iris is None:
        return Outcome(a.id, a.path or a.id, extraction=x)
    from graphkit.rdf.store import article_rdf

    try:
        return Outcome(a.id, a.path or a.id, extraction=x, rdf=article_rdf(x, iris))
    except (UnicodeEncodeError, ValueError) as e:
        return Outcome(a.id, a.path or a.id, error=f"its facts cannot be written as RDF: {e}")


class _Errors(logging.Handler):
    """Keeps the messages extract() logs for articles it had to skip."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        msg = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            e = record.exc_info[1]
            msg += f": {type(e).__name__}: {' '.join(str(e).split())[:200]}"
        self.messages.append(msg)

    def reason_for(self, article_id: str) -> str:
        for m in self.messages:
            if repr(article_id) in m:
                return m
        return "extraction failed (see the log above)"


def chunks(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    it = iter(articles)
    while chunk := list(islice(it, max(1, size))):
        yield chunk


def run_ordered(
    submit: Callable[[list[Article]], Any],
    batches: Iterable[list[Article]],
    window: int,
    *,
    on_broken: Callable[[BaseException, Any], bool] = lambda e, fut: False,
) -> Iterator[Outcome]:
    """Submit chunks with at most ``window`` in flight and yield their outcomes in input order.

    ``submit(chunk)`` returns a future (``.result()``). A chunk that fails as a whole is
    retried one article at a time; a single article that still fails is reported as an
    :class:`Outcome` with its error. ``on_broken(exc, future)`` is called first so an
    executor that died can be replaced; it returns True when it did so.
    """
    pending: deque[tuple[list[Article], Any]] = deque()

    def drain_one() -> Iterator[Outcome]:
        chunk, fut = pending.popleft()
        try:
            yield from fut.result()
        except Exception as e:  # a worker died or the task raised: isolate the article at fault
            on_broken(e, fut)
            if len(chunk) == 1:
                a = chunk[0]
                yield Outcome(a.id, a.path or a.id, error=f"the worker failed on it: {type(e).__name__}: {e}")
                return
            log.warning("a chunk of %d articles failed (%s); retrying them one by one", len(chunk), e)
            for a in chunk:
                pending.appendleft(([a], submit([a])))
                yield from drain_one()

    for chunk in batches:
        pending.append((chunk, submit(chunk)))
        while len(pending) >= window:
            yield from drain_one()
    while pending:
        yield from drain_one()


def _warm(model: str) -> None:
    """Worker initialiser: load the spaCy pipeline once per process."""
    from graphkit.extraction.nlp import load_pipeline

    logging.basicConfig(level=logging.ERROR, format="%(levelname)s %(name)s: %(message)s")
    load_pipeline(model)


class LocalPool:
    """A pool of ``workers`` spawned processes, each with the spaCy model loaded once."""

    def __init__(self, settings: Settings, workers: int) -> None:
        self.settings = settings
        self.workers = max(1, workers)
        self._pool = self._new()
        self._generation = 0  # which pool a future was given to: one dead pool fails all its futures
        self._restarts_without_progress = 0

    def _new(self):
        from concurrent.futures import ProcessPoolExecutor

        # spawn, not fork: the parent may hold an open Oxigraph store and a progress thread
        return ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_warm,
            initargs=(self.settings.model,),
        )

    def submit(self, chunk: list[Article], with_rdf: bool):
        fut = self._pool.submit(extract_chunk, chunk, self.settings, with_rdf)
        fut.graphkit_generation = self._generation
        fut.add_done_callback(self._progress)
        return fut

    def _progress(self, fut) -> None:
        if not fut.cancelled() and fut.exception() is None:
            self._restarts_without_progress = 0

    def restart_if_broken(self, e: BaseException, fut: Any = None) -> bool:
        from concurrent.futures.process import BrokenProcessPool

        if not isinstance(e, BrokenProcessPool):
            return False
        if getattr(fut, "graphkit_generation", self._generation) != self._generation:
            return True  # that pool was already replaced
        self._restarts_without_progress += 1
        if self._restarts_without_progress > 3:  # workers die before doing anything: do not retry forever
            raise GraphkitError(
                "the extraction worker processes keep dying before they finish any work. If you call "
                "graphkit.build(..., workers=N) from a script, put the call under `if __name__ == '__main__':` "
                "(worker processes import the script); otherwise run with --workers 1 and see the error"
            ) from e
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._pool = self._new()
        self._generation += 1
        return True

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


def extract_parallel(
    articles: Iterable[Article], settings: Settings, *, with_rdf: bool = False
) -> Iterator[Outcome]:
    """:func:`extract_chunk` over ``settings.workers`` processes, outcomes in input order."""
    pool = LocalPool(settings, settings.workers)
    try:
        yield from run_ordered(
            lambda c: pool.submit(c, with_rdf),
            chunks(articles, settings.batch_size),
            window=2 * pool.workers,
            on_broken=pool.restart_if_broken,
        )
    finally:
        pool.close()


def extract_here(
    articles: Iterable[Article], settings: Settings, *, with_rdf: bool = False
) -> Iterator[Outcome]:
    """The same outcomes as :func:`extract_parallel`, computed in this process (``workers=1``)."""
    for chunk in chunks(articles, settings.batch_size):
        yield from extract_chunk(chunk, settings, with_rdf)


__all__ = ["Outcome", "extract_chunk", "extract_here", "extract_parallel", "run_ordered"]
