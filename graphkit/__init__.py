"""graphkit: knowledge graphs from news articles.

Data flows one way::

    ingest -> extract -> rdf -> (export | store | query | analyse -> visualise)

The public API is the names in ``__all__`` (pinned by ``tests/test_api.py`` and listed in the README's
"Python API" section); everything else is private and may change. Importing graphkit loads neither
spaCy nor rdflib: each name is imported the first time it is used.

Every public name means one thing, whatever was imported before: the stages' functions
``graphkit.extract`` and ``graphkit.analyse`` live in modules of other names (``graphkit.extraction``,
``graphkit.analysis``), so no import of a submodule can rebind them (Python sets an imported subpackage
as an attribute of its parent, which turned ``graphkit.extract`` into a module once).

>>> import inspect, graphkit, graphkit.extraction.labels, graphkit.analysis
>>> graphkit.extract is graphkit.extraction.extract and graphkit.analyse is graphkit.analysis.analyse
True
>>> str(inspect.signature(graphkit.analyse)).startswith("(source")
True
"""

from __future__ import annotations

__version__ = "0.1.0"

import importlib
from typing import Any

from graphkit.config import Settings
from graphkit.errors import (
    GraphFileError,
    GraphkitError,
    InputError,
    ModelNotFoundError,
    QueryError,
    StoreError,
)
from graphkit.types import Article, Extraction

__all__ = [
    "Article",
    "Extraction",
    "GraphFileError",
    "GraphStore",
    "GraphkitError",
    "InputError",
    "ModelNotFoundError",
    "QueryError",
    "Settings",
    "StoreError",
    "UnknownNodeError",
    "__version__",
    "analyse",
    "build",
    "entity_network",
    "event_network",
    "extract",
    "load_graph",
    "named_query",
    "query",
    "read_articles",
    "show",
    "to_pyvis",
    "to_rdf",
    "write_map",
]

# public name -> the module it lives in (imported on first use, then kept in this module's namespace)
_LAZY = {
    "GraphStore": "graphkit.rdf.store",
    "UnknownNodeError": "graphkit.analysis",
    "analyse": "graphkit.analysis",
    "build": "graphkit.pipeline",
    "entity_network": "graphkit.analysis",
    "event_network": "graphkit.analysis",
    "extract": "graphkit.extraction",
    "load_graph": "graphkit.rdf.io",
    "read_articles": "graphkit.ingest",
    "show": "graphkit.notebook",
    "to_pyvis": "graphkit.visualise",
    "to_rdf": "graphkit.rdf.build",
    "write_map": "graphkit.visualise",
}


def __getattr__(name: str) -> Any:  # lazy: importing graphkit must not load spaCy or rdflib
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'graphkit' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


def query(source: Any, sparql: str, *, allow_update: bool = False, allow_service: bool = False,
          timeout: float | None = None, bindings: dict[str, Any] | None = None) -> Any:  # fmt: skip
    """Run a SPARQL query on ``source`` and return its :class:`~graphkit.sparql.QueryOutcome` (a frozen
    dataclass: ``variables``, ``rows`` as tuples, ``boolean`` for ASK, ``graph`` for CONSTRUCT).

    ``source`` is an rdflib graph or dataset, a :class:`GraphStore`, a store folder, or graph file path(s).
    The query is checked as ``graphkit query`` checks it (no SERVICE, no LOAD, no update unless allowed).
    ``bindings`` (variable name -> rdflib term) are given to rdflib as ``initBindings``, and to Oxigraph
    written in as escaped terms (:func:`graphkit.queries.inline`); their columns are left out of the answer.

    >>> import rdflib
    >>> out = query(rdflib.Dataset(), "SELECT ?s WHERE { ?s ?p ?o }")
    >>> out.kind, out.variables, out.rows
    ('SELECT', ('s',), ())
    """
    from pathlib import Path

    from graphkit.rdf.store import GraphStore, is_store
    from graphkit.sparql import run_query

    if isinstance(source, GraphStore):
        return source.query(sparql, allow_update=allow_update, allow_service=allow_service, bindings=bindings)
    if isinstance(source, str | Path):
        source = [source]
    if isinstance(source, list | tuple):
        paths = [Path(p) for p in source]
        if len(paths) == 1 and paths[0].is_dir() and is_store(paths[0]):
            with GraphStore(paths[0]) as store:
                return store.query(sparql, allow_update=False, allow_service=allow_service, bindings=bindings)
        from graphkit.rdf.io import load_graph

        source = load_graph(*paths)
    return run_query(
        source,
        sparql,
        allow_update=allow_update,
        allow_service=allow_service,
        timeout=timeout,
        bindings=bindings,
    )


def named_query(source: Any, name: str, params: dict[str, Any] | None = None, **kw: Any) -> Any:
    """Run a query from graphkit's library (``graphkit queries`` lists them) with its parameters bound.

    ``named_query(ds, "actor-timeline", actor="Taliban")``; a parameter whose name is not a Python
    identifier goes in ``params``. Returns a :class:`~graphkit.sparql.QueryOutcome`, like :func:`query`.
    """
    from pathlib import Path

    from graphkit.queries import bind, check_name_keys, get
    from graphkit.rdf.store import GraphStore, is_store

    bound = bind(get(name), {k: str(v) for k, v in {**(params or {}), **kw}.items()})
    if isinstance(source, str | Path):
        source = [source]
    if isinstance(source, list | tuple):  # opened or loaded once, for the check and the query
        paths = [Path(p) for p in source]
        if len(paths) == 1 and paths[0].is_dir() and is_store(paths[0]):
            with GraphStore(paths[0]) as store:
                return named_query(store, name, params, **kw)
        from graphkit.rdf.io import load_graph

        source = load_graph(*paths)
    check_name_keys(bound, lambda q: bool(query(source, q).boolean))
    return query(source, bound.text, bindings=bound.values())
