"""graphkit: knowledge graphs from news articles.

Data flows one way::

    ingest -> extract -> rdf -> (export | store | query | analyse -> visualise)

The public API is small and pinned by a test; everything else is private.
"""

from __future__ import annotations

__version__ = "0.1.0"

from graphkit.config import Settings
from graphkit.errors import GraphkitError
from graphkit.types import Article, Extraction

__all__ = [
    "Article",
    "Extraction",
    "GraphkitError",
    "Settings",
    "__version__",
    "build",
    "extract",
    "load_graph",
    "read_articles",
    "to_rdf",
]


def __getattr__(name: str):  # lazy: importing graphkit must not load spaCy or rdflib
    if name == "read_articles":
        from graphkit.ingest import read_articles

        return read_articles
    if name == "extract":
        from graphkit.extract import extract

        return extract
    if name == "to_rdf":
        from graphkit.rdf.build import to_rdf

        return to_rdf
    if name == "load_graph":
        from graphkit.rdf.io import load_graph

        return load_graph
    if name == "build":
        from graphkit.pipeline import build

        return build
    raise AttributeError(f"module 'graphkit' has no attribute {name!r}")
