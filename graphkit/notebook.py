"""Maps inline in Jupyter: :func:`show` returns an object that displays itself as an ``<iframe srcdoc>``.

The whole page (vis-network included) is in the iframe's ``srcdoc``: nothing is written into the working
directory and nothing is fetched, unlike pyvis's ``Network.show()``, which writes an HTML file (and with
``cdn_resources="local"`` a ``lib/`` folder) next to the notebook and points an ``IFrame`` at it.

>>> from graphkit.rdf.build import new_dataset
>>> m = show(new_dataset(), title="empty")
>>> html = m._repr_html_()
>>> html.startswith("<iframe srcdoc=") and "graph-data" in html and "&lt;script" in html
True
"""

from __future__ import annotations

from typing import Any

from graphkit.visualise import MapHTML, MapOptions, as_network


def show(source: Any, options: MapOptions | None = None, *, height: int = 650, **kw: Any) -> MapHTML:
    """The map of ``source`` for a notebook cell: a graph, a store, graph files, a build result, or a
    :func:`graphkit.to_pyvis` Network (changed or not). Keywords are :class:`MapOptions` fields
    (``show(ds, focus="Taliban", hops=2)``). The result displays inline and has ``.save(path)``."""
    return MapHTML(as_network(source, options, kw).generate_html(), height=height)


__all__ = ["show"]
