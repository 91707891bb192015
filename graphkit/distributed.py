"""Extraction on a Dask cluster (``pip install graphkit[dask]``): partitions of articles in, RDF out.

``graphkit build ARTICLES --store DIR --dask tcp://scheduler:8786`` sends partitions of
articles (``Settings.batch_size`` each) to the cluster's workers as tasks; each task
runs :func:`graphkit.workers.extract_chunk` (parse, rules, and the article's named
graph serialised as N-Quads) and hands the result back, and this process writes it
into the store or the output files as a local build would. At most two partitions per
worker thread are in flight, so the client's memory does not grow with the corpus.

``--dask local`` starts a :class:`distributed.LocalCluster` on this machine (one
single-threaded worker process per ``--workers``), which is the way to try it.

Every worker needs graphkit (the same version) and the spaCy model installed; the
first task on a worker loads the model. A partition whose worker dies is retried by
Dask, then one article at a time, so one bad article costs only itself.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterable, Iterator

from graphkit.config import Settings
from graphkit.errors import GraphkitError
from graphkit.types import Article
from graphkit.workers import Outcome, chunks, extract_chunk, run_ordered

log = logging.getLogger(__name__)


def _worker_version() -> str:
    import graphkit

    return graphkit.__version__


def _warm(model: str) -> bool:
    from graphkit.extraction.nlp import load_pipeline

    load_pipeline(model)
    return True


@contextlib.contextmanager
def dask_client(address: str | None, workers: int = 2):
    """A :class:`distributed.Client` for ``address`` (``None`` or ``"local"``: a LocalCluster of
    ``workers`` single-threaded processes on 127.0.0.1, closed on exit)."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as e:
        raise GraphkitError(
            "--dask needs dask.distributed: pip install 'graphkit[dask]' (on this machine and every worker)"
        ) from e
    if address in (None, "", "local"):
        cluster = LocalCluster(
            n_workers=max(1, workers), threads_per_worker=1, processes=True, host="127.0.0.1",
            dashboard_address=None, silence_logs=logging.ERROR,
        )  # fmt: skip
        try:
            with Client(cluster) as client:
                yield client
        finally:
            cluster.close()
        return
    try:
        client = Client(address, timeout="30s")
    except OSError as e:
        raise GraphkitError(f"cannot reach the Dask scheduler at {address}: {e} (is it running?)") from e
    try:
        yield client
    finally:
        client.close()


def check_workers(client, model: str) -> int:
    """Make sure every worker runs this graphkit version and has the model loaded; return thread count."""
    import graphkit

    try:
        versions = client.run(_worker_version)
    except Exception as e:
        raise GraphkitError(
            f"a Dask worker cannot import graphkit ({e}); install graphkit and its model on every worker"
        ) from e
    if not versions:
        raise GraphkitError("the Dask cluster has no workers; start some (dask worker tcp://scheduler:8786)")
    wrong = {w: v for w, v in versions.items() if v != graphkit.__version__}
    if wrong:
        raise GraphkitError(
            f"Dask workers run other graphkit versions ({wrong}); this client runs {graphkit.__version__}"
        )
    try:
        client.run(_warm, model)
    except Exception as e:
        raise GraphkitError(f"a Dask worker cannot load the spaCy model {model!r}: {e}") from e
    return sum(client.nthreads().values())


def extract_on_dask(
    articles: Iterable[Article],
    settings: Settings,
    *,
    address: str | None = None,
    with_rdf: bool = False,
    client=None,
) -> Iterator[Outcome]:
    """:func:`graphkit.workers.extract_chunk` over a Dask cluster; outcomes in input order."""
    with contextlib.ExitStack() as stack:
        if client is None:
            client = stack.enter_context(dask_client(address, settings.workers))
        threads = check_workers(client, settings.model)
        yield from run_ordered(
            lambda chunk: client.submit(extract_chunk, chunk, settings, with_rdf, pure=False),
            chunks(articles, settings.batch_size),
            window=2 * threads,
        )


__all__ = ["check_workers", "dask_client", "extract_on_dask"]
