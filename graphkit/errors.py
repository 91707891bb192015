"""Errors graphkit raises on purpose.

Every message says what went wrong *and* what to do about it, so the CLI can print
it as one line instead of a traceback. Catch :class:`GraphkitError` to handle them all.
"""

from __future__ import annotations


class GraphkitError(Exception):
    """Base class: an error a user can act on. ``str(err)`` is the whole message."""


class InputError(GraphkitError):
    """An article or input path cannot be read (missing, empty, binary, malformed)."""

    def __init__(self, source: str, reason: str, *, hint: str = "") -> None:
        self.source = source
        self.reason = reason
        self.hint = hint
        msg = f"{source}: {reason}"
        if hint:
            msg += f" ({hint})"
        super().__init__(msg)


class ModelNotFoundError(GraphkitError):
    """The spaCy model is not installed."""


class QueryError(GraphkitError):
    """A SPARQL query is malformed, refused (e.g. an update on a read-only store) or timed out."""


class GraphFileError(GraphkitError):
    """An RDF file cannot be read or has a format graphkit does not know."""


class StoreError(GraphkitError):
    """An on-disk store cannot be opened or written."""
