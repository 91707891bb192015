"""graphkit: knowledge graphs from news articles.

Data flows one way::

    ingest -> extract -> rdf -> (export | store | query | analyse -> visualise)

The public API is the names in ``__all__`` (pinned by ``tests/test_api.py`` and listed in the README's
"Python API" section); everything else is private and may change. Importing graphkit loads neither
spaCy nor rdflib: each name is imported the first time it is used.

Two public names are also the names of graphkit's subpackages, ``graphkit.extract`` and
``graphkit.analyse``. Python sets a subpackage as an attribute of its parent when it is imported, so the
name is the module (graphkit's code and tests import it), and that module is *callable*: calling
``graphkit.extract(...)`` calls its function ``graphkit.extract.extract(...)``, whatever was imported
before, and ``inspect.signature`` shows the function's signature.

>>> import graphkit, graphkit.extract.labels
>>> callable(graphkit.extract) and callable(graphkit.analyse)
True
>>> str(inspect.signature(graphkit.analyse)).startswith("(source")
True
>>> graphkit.analyse is graphkit.analyse and graphkit.to_pyvis is graphkit.to_pyvis
True
"""

from __future__ import annotations

__version__ = "0.1.0"

import importlib
import inspect
import sys
from types import ModuleType  # not `import types`: graphkit.types would replace it
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
    "UnknownNodeError": "graphkit.analyse",
    "build": "graphkit.pipeline",
    "entity_network": "graphkit.analyse",
    "event_network": "graphkit.analyse",
    "load_graph": "graphkit.rdf.io",
    "read_articles": "graphkit.ingest",
    "show": "graphkit.notebook",
    "to_pyvis": "graphkit.visualise",
    "to_rdf": "graphkit.rdf.build",
    "write_map": "graphkit.visualise",
}
_CALLABLE_SUBPACKAGES = ("extract", "analyse")  # a subpackage that is also a public function of its name


class _CallableModule(ModuleType):
    """A module that calls its function of the same name (``graphkit.extract(...)``)."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return getattr(self, self.__name__.rpartition(".")[2])(*args, **kwargs)

    def __repr__(self) -> str:
        return f"<module {self.__name__!r}, callable: {self.__name__}({', '.join(self.__signature__.parameters)})>"

    @property
    def __signature__(self) -> inspect.Signature:
        return inspect.signature(getattr(self, self.__name__.rpartition(".")[2]))


class _Graphkit(ModuleType):
    """graphkit itself: when Python sets ``graphkit.extract`` or ``graphkit.analyse`` to the imported
    subpackage (it does so on every first import of it, however it is imported), the subpackage is made
    callable first, so the public name means the same before and after any import."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _CALLABLE_SUBPACKAGES and isinstance(value, ModuleType):
            if type(value) is ModuleType:
                value.__class__ = _CallableModule
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Graphkit
for _name in _CALLABLE_SUBPACKAGES:  # already imported (e.g. by a tool that imported them first)
    if f"{__name__}.{_name}" in sys.modules:
        setattr(sys.modules[__name__], _name, sys.modules[f"{__name__}.{_name}"])


def __getattr__(name: str) -> Any:  # lazy: importing graphkit must not load spaCy or rdflib
    if name in _CALLABLE_SUBPACKAGES:
        return importlib.import_module(f"{__name__}.{name}")  # its import sets (and wraps) the attribute
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'graphkit' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


def query(source: Any, sparql: str, *, allow_update: bool = False, allow_service: bool = False,
          timeout: float | None = None) -> Any:  # fmt: skip
    """Run a SPARQL query on ``source`` and return its :class:`~graphkit.sparql.QueryOutcome` (a frozen
    dataclass: ``variables``, ``rows`` as tuples, ``boolean`` for ASK, ``graph`` for CONSTRUCT).

    ``source`` is an rdflib graph or dataset, a :class:`GraphStore`, a store folder, or graph file path(s).
    The query is checked as ``graphkit query`` checks it (no SERVICE, no LOAD, no update unless allowed).

    >>> import rdflib
    >>> out = query(rdflib.Dataset(), "SELECT ?s WHERE { ?s ?p ?o }")
    >>> out.kind, out.variables, out.rows
    ('SELECT', ('s',), ())
    """
    from pathlib import Path

    from graphkit.rdf.store import GraphStore, is_store
    from graphkit.sparql import run_query

    if isinstance(source, GraphStore):
        return source.query(sparql, allow_update=allow_update, allow_service=allow_service)
    if isinstance(source, str | Path):
        source = [source]
    if isinstance(source, list | tuple):
        paths = [Path(p) for p in source]
        if len(paths) == 1 and paths[0].is_dir() and is_store(paths[0]):
            with GraphStore(paths[0]) as store:
                return store.query(sparql, allow_update=False, allow_service=allow_service)
        from graphkit.rdf.io import load_graph

        source = load_graph(*paths)
    return run_query(source, sparql, allow_update=allow_update, allow_service=allow_service, timeout=timeout)


def named_query(source: Any, name: str, params: dict[str, Any] | None = None, **kw: Any) -> Any:
    """Run a query from graphkit's library (``graphkit queries`` lists them) with its parameters bound.

    ``named_query(ds, "actor-timeline", actor="Taliban")``; a parameter whose name is not a Python
    identifier goes in ``params``. Returns a :class:`~graphkit.sparql.QueryOutcome`, like :func:`query`.
    """
    from graphkit.queries import get, render

    values = {k: str(v) for k, v in {**(params or {}), **kw}.items()}
    return query(source, render(get(name), values))
