"""What the analysis returns: frozen dataclasses, one per kind of row, and :class:`Report`.

``to_dict()`` gives each row as report.json writes it; ``Report.to_markdown()`` is report.md
(:mod:`graphkit.analysis.markdown`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from typing import Any

import networkx as nx

from graphkit.analysis.markdown import _markdown

# --------------------------------------------------------------------------- results
#
# What the analysis returns: frozen dataclasses, one per kind of row. ``to_dict()`` gives the row as
# report.json writes it (the same keys in the same order; tuples become lists), so the JSON, the
# Markdown and the CSV files read the same as when the rows were dicts.


def _plain(value: Any) -> Any:
    """``value`` as JSON data: result rows by their ``to_dict()``, tuples as lists."""
    if isinstance(value, _Row):
        return value.to_dict()
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


class _Row:
    """A result row: ``to_dict()`` is the row as report.json has it."""

    __slots__ = ()

    def to_dict(self) -> dict[str, Any]:
        # a field named like a keyword ends in "_" (Step.from_): its JSON key is the word
        return {f.name.rstrip("_"): _plain(getattr(self, f.name)) for f in fields(self)}  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class RelationFact(_Row):
    """A stated relation on a link (``memberOf``, ``childOf`` ..., or the gazetteer's ``containedInPlace``)."""

    predicate: str
    title: str | None
    text: str  # one readable line: "Massoud memberOf Taliban"
    sentence: str
    article: str
    kind: str = field(default="relation", init=False)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "predicate": self.predicate, "title": self.title, "text": self.text,
                "sentence": self.sentence, "article": self.article}  # fmt: skip


@dataclass(frozen=True, slots=True)
class EventFact(_Row):
    """An event both ends of a link take part in, with each end's roles (by label)."""

    iri: str
    type: str
    trigger: str
    factuality: str
    date: str | None
    roles: dict[str, tuple[str, ...]]  # node label -> its roles in the event
    text: str
    sentence: str
    article: str
    kind: str = field(default="event", init=False)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "iri": self.iri, "type": self.type, "trigger": self.trigger,
                "factuality": self.factuality, "date": self.date, "roles": _plain(self.roles), "text": self.text,
                "sentence": self.sentence, "article": self.article}  # fmt: skip


@dataclass(frozen=True, slots=True)
class RoleFact(_Row):
    """In the event view: a participant's role in the event at the other end of the link."""

    text: str
    sentence: str = ""
    article: str = ""
    kind: str = field(default="role", init=False)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "text": self.text, "sentence": self.sentence, "article": self.article}


Fact = RelationFact | EventFact | RoleFact


@dataclass(frozen=True, slots=True)
class Step(_Row):
    """One link of a route, from the node labelled ``from_`` to ``to`` (JSON keys ``from``, ``to``)."""

    from_: str
    to: str
    facts: tuple[Fact, ...]


@dataclass(frozen=True, slots=True)
class Route(_Row):
    nodes: tuple[str, ...]  # IRIs, source first
    labels: tuple[str, ...]
    hops: int
    steps: tuple[Step, ...]


@dataclass(frozen=True, slots=True)
class Paths(_Row):
    """How two actors are connected (:func:`paths_between`); ``length`` is None when they are not.
    In a :class:`Report`, a name that matched no node gives ``error`` (and no IRIs)."""

    source: str
    target: str
    source_iri: str | None
    target_iri: str | None
    length: int | None
    paths: tuple[Route, ...]
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        if self.error is not None:
            return {"source": self.source, "target": self.target, "error": self.error, "length": self.length,
                    "paths": _plain(self.paths)}  # fmt: skip
        return {"source": self.source, "target": self.target, "source_iri": self.source_iri,
                "target_iri": self.target_iri, "length": self.length, "paths": _plain(self.paths)}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Neighbour(_Row):
    node: str
    label: str
    type: str | None
    distance: int
    via: str  # the neighbour one hop nearer the centre it is reached through
    via_label: str
    weight: float  # of the link via -- node
    facts: tuple[Fact, ...]


@dataclass(frozen=True, slots=True)
class Ego(_Row):
    """One actor's neighbourhood (:func:`ego_network`); in a :class:`Report`, a name that matched no
    node gives ``error`` (and no ``iri``)."""

    center: str
    iri: str | None
    hops: int
    nodes: tuple[Neighbour, ...]
    edges: int  # links among the centre and its neighbourhood
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        if self.error is not None:
            return {"center": self.center, "error": self.error, "hops": self.hops, "nodes": _plain(self.nodes),
                    "edges": self.edges}  # fmt: skip
        return {"center": self.center, "iri": self.iri, "hops": self.hops, "nodes": _plain(self.nodes),
                "edges": self.edges}  # fmt: skip


@dataclass(frozen=True, slots=True)
class KeyEvent(_Row):
    """Reports of one event type with the same participants (:func:`key_events`)."""

    type: str
    triggers: tuple[str, ...]
    participants: tuple[str, ...]  # "role: label"
    reports: int
    articles: tuple[str, ...]
    factuality: dict[str, int]  # most frequent first
    date: str | None  # the earliest
    sentence: str
    iris: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TimelineEntry(_Row):
    """One event placed in time (:func:`timeline`)."""

    date: str | None
    date_source: str | None  # "event" (its own date), "article" (its article's publication date) or None
    precision: str | None
    type: str
    trigger: str
    factuality: str
    participants: tuple[str, ...]  # "role: label"
    sentence: str
    article: str
    iri: str


@dataclass(frozen=True, slots=True)
class Actor(_Row):
    """An actor with its measures (:attr:`Report.top_actors`)."""

    iri: str
    label: str
    type: str
    mentions: int
    articles: int
    degree: int
    strength: float
    pagerank: float
    betweenness: float


@dataclass(frozen=True, slots=True)
class Broker(_Row):
    """An actor whose neighbours sit in two or more communities (:attr:`Report.brokers`)."""

    iri: str
    label: str
    type: str
    mentions: int
    articles: int
    degree: int
    strength: float
    pagerank: float
    betweenness: float
    communities_bridged: int
    bridges: tuple[str, ...]  # community names


@dataclass(frozen=True, slots=True)
class BindingEvent(_Row):
    type: str
    trigger: str
    factuality: str
    participants: tuple[str, ...]  # "role: label"
    sentence: str
    article: str


@dataclass(frozen=True, slots=True)
class Community(_Row):
    id: int
    name: str  # "#0 (Taliban, Afghanistan)": its two most central members
    size: int
    members: tuple[str, ...]  # labels of up to 12, most central first
    event_types: dict[str, int]
    binding_events: tuple[BindingEvent, ...]  # events with two or more members, up to 5


@dataclass(frozen=True, slots=True)
class DeniedClaim(_Row):
    speaker: str
    cue: str
    content: str
    sentence: str
    article: str
    about: tuple[str, ...]  # 'type “trigger”' of the events it is about


@dataclass(frozen=True, slots=True)
class MergedMember(_Row):
    iri: str
    label: str  # its own label
    type: str  # its own type
    mentions: int


@dataclass(frozen=True, slots=True)
class SameAsLink(_Row):
    a: str  # label
    b: str
    a_iri: str
    b_iri: str
    rule: str
    confidence: float | None
    why: str
    articles: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class MergedNode(_Row):
    """A node that stands for several entity IRIs (:func:`merged_entities`)."""

    iri: str
    label: str
    type: str
    members: tuple[MergedMember, ...]
    types: tuple[str, ...]
    links: tuple[SameAsLink, ...]


@dataclass(frozen=True, slots=True)
class Report:
    """What :func:`analyse` found; each table is a tuple of frozen rows (:class:`Actor`, :class:`Broker`,
    :class:`Community`, :class:`KeyEvent`, :class:`TimelineEntry`, :class:`DeniedClaim`, :class:`Paths`,
    :class:`Ego`, :class:`MergedNode`). ``to_dict()``/``to_json()`` are report.json, ``to_markdown()``
    report.md."""

    counts: dict[str, Any]  # the summary: triples, articles, entities by type, events, network sizes ...
    top_actors: tuple[Actor, ...]  # by PageRank
    rankings: dict[str, tuple[str, ...]]  # labels of the top actors by pagerank, degree, betweenness
    brokers: tuple[Broker, ...]
    communities: tuple[Community, ...]
    key_events: tuple[KeyEvent, ...]
    timeline: tuple[TimelineEntry, ...]
    denied_claims: tuple[DeniedClaim, ...]
    paths: tuple[Paths, ...] = ()
    egos: tuple[Ego, ...] = ()
    notes: tuple[str, ...] = ()
    merged: tuple[MergedNode, ...] = ()  # see merged_entities()
    # the entity network the report measured, each node carrying its degree, strength, pagerank,
    # betweenness and community (for write_tables / to_graphml); not part of the JSON
    network: nx.Graph | None = field(default=None, repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """report.json's data: every row as a dict (the keys of its fields), tuples as lists."""
        return {f.name: _plain(getattr(self, f.name)) for f in fields(self) if f.name != "network"}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False, sort_keys=False)

    def to_markdown(self) -> str:
        return _markdown(self)
