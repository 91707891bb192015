"""Which engine runs a query, chosen once, from what the user gave (:func:`run`).

* ``endpoint``: the remote SPARQL 1.1 endpoint (:func:`graphkit.server.query_endpoint`);
* ``store``: the Oxigraph store folder, embedded (:meth:`graphkit.rdf.store.GraphStore.query`);
* graph files with a named query: loaded into an in-memory Oxigraph store, whose engine handles the
  library's joins and property paths;
* graph files with any other query: rdflib (``--with-ontology`` and updates of the loaded copy work
  there, and FROM is refused because rdflib would load it from its IRI).

Every engine applies :func:`graphkit.querying.check`; read queries on Oxigraph and rdflib run in a
worker process killed at the time limit (:func:`graphkit.sparql.call_with_timeout`).

A named query (:class:`graphkit.queries.BoundQuery`) keeps its parameters' values apart from its text
until an engine takes them: rdflib as ``initBindings``; Oxigraph (``GraphStore.query(bindings=...)``)
and a remote endpoint written into the text as escaped terms by :func:`graphkit.queries.inline`, the
one place that happens (Oxigraph's ``substitutions`` are planned blind: see the module notes of
:mod:`graphkit.queries`). Either way the parameters' columns are left out of the answer.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graphkit.errors import GraphkitError

if TYPE_CHECKING:
    from graphkit.queries import BoundQuery


def run(
    sparql: str | BoundQuery,
    *,
    files: Sequence[Path] = (),
    store: Path | None = None,
    endpoint: str | None = None,
    user: str | None = None,
    allow_update: bool = False,
    allow_service: bool = False,
    timeout: float | None = None,
    with_ontology: bool = False,
) -> Any:
    """Run ``sparql`` (a query's text, or a named query with its parameters bound) on the one source
    given; returns a :class:`graphkit.sparql.QueryOutcome`."""
    from graphkit.queries import BoundQuery

    if sum(x is not None and x != [] and x != () for x in (store, endpoint, list(files) or None)) > 1:
        raise GraphkitError("query one thing: graph files, --store DIR or --endpoint URL")
    bound = sparql if isinstance(sparql, BoundQuery) else None
    text = bound.text if bound else sparql
    bindings = bound.values() if bound else None
    if endpoint is not None:
        from graphkit.queries import check_name_keys
        from graphkit.server import endpoint_auth, query_endpoint
        from graphkit.sparql import without_columns

        auth = endpoint_auth(user)
        if bound is not None:
            check_name_keys(
                bound, lambda q: bool(query_endpoint(endpoint, q, auth=auth, timeout=timeout or 3600).boolean)
            )
        out = query_endpoint(
            endpoint,
            bound.inline() if bound else text,
            auth=auth,
            timeout=timeout or 3600,
            allow_update=allow_update,
        )
        return without_columns(out, bindings or ())
    if store is not None or bound is not None:
        return _oxigraph(text, bound, list(files), store, allow_update, allow_service, timeout)
    if not files:
        raise GraphkitError("no graph file given")
    from graphkit.rdf.io import load_graph
    from graphkit.sparql import run_query

    ds = load_graph(*files)
    if with_ontology:
        from graphkit.rdf.io import add_ontology

        add_ontology(ds)
    return run_query(ds, text, allow_update=allow_update, allow_service=allow_service, timeout=timeout)


def _oxigraph(sparql, bound, files, store, allow_update, allow_service, timeout):
    from graphkit.queries import check_name_keys
    from graphkit.querying.policy import is_update
    from graphkit.rdf.store import GraphStore
    from graphkit.sparql import call_with_timeout

    bindings = bound.values() if bound else None

    def go(st):  # a read query runs in a worker process killed at the time limit (Oxigraph has none)
        if bound is not None:
            check_name_keys(bound, lambda q: bool(st.query(q).boolean))

        def answer():
            return st.query(sparql, allow_update=allow_update, allow_service=allow_service, bindings=bindings)

        if not timeout or is_update(sparql):
            return answer()
        return call_with_timeout(answer, timeout)

    if store is not None:
        with GraphStore(store, writable=allow_update) as st:
            return go(st)
    if not files:
        raise GraphkitError("no graph given: pass graph file(s), --store DIR or --endpoint URL")
    st = GraphStore.from_files(*files)
    try:
        return go(st)
    finally:
        st.close()
