"""Working state for one article while it is being extracted.

The rule modules (entities, coref, relations, events, claims, time) share one
:class:`DocState`: the spaCy ``Doc`` plus the entity clusters found so far, with a
token -> cluster index so later rules can ask "which entity is this token?".
It is mutable on purpose and private to the extract stage; what leaves the stage
is the frozen :class:`~graphkit.types.Extraction`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from graphkit.types import Article, EntityType, MentionKind

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from graphkit.extraction.link import Entry
    from graphkit.extraction.quotes import Quote


_UNSETTLED = object()  # Cluster.settled before DocState.settle_types


@dataclass
class MentionDraft:
    start: int  # token index
    end: int  # token index, exclusive
    kind: MentionKind
    source: str
    name: str  # the name as written, without determiners/possessive/titles

    def overlaps(self, other: MentionDraft) -> bool:
        return self.start < other.end and other.start < self.end


@dataclass(eq=False)  # identity semantics: clusters are compared and hashed by object
class Cluster:
    """Mentions of one thing in one article, with the evidence for its type."""

    id: int
    mentions: list[MentionDraft] = field(default_factory=list)
    votes: Counter[str] = field(default_factory=Counter)  # context evidence (titles, appositions, gazetteer)
    # NER labels per surface form: a form the model always mislabels ("Bakhtawar" as ORG,
    # 20 times) counts once, so repeated errors cannot outvote one strong context cue
    form_votes: dict[str, Counter[str]] = field(default_factory=dict)
    entry: Entry | None = None  # gazetteer entry when linked
    subtype: str | None = None
    titles: list[str] = field(default_factory=list)  # role nouns seen with it ("general", "analyst")
    scope_local: bool = False  # True: the name identifies it only within this article
    key_rule: str = "name"
    country: str | None = None  # ISO code of a group's country ("Afghan soldiers")
    canonical: str | None = None  # forced canonical name (groups, unnamed people)
    owner: int | None = None  # cluster of the country or organisation a described organisation belongs to
    # the type, fixed by :meth:`DocState.settle_types` once entity and coreference rules are done (relations,
    # events and claims only read types, and read them hundreds of thousands of times per 200 articles)
    settled: object = field(default=_UNSETTLED, repr=False, compare=False)

    def scores(self) -> Counter[str]:
        return Counter(self._totals())

    def _totals(self) -> dict[str, float]:
        total: dict[str, float] = dict(self.votes)
        for counts in self.form_votes.values():
            n = sum(counts.values())
            for label, k in counts.items():
                total[label] = total.get(label, 0) + k / n
        return total

    @property
    def type(self) -> EntityType | None:
        if self.settled is not _UNSETTLED:
            return self.settled  # type: ignore[return-value]
        scores = self._totals()
        if not scores or max(scores.values()) <= 0:
            return None
        return max(sorted(scores), key=lambda t: scores[t])  # type: ignore[return-value]

    def named(self) -> list[MentionDraft]:
        return [m for m in self.mentions if m.kind == "NAM"]

    def name(self) -> str:
        if self.canonical:
            return self.canonical
        if self.entry is not None:
            return self.entry.name
        named = self.named() or self.mentions
        # the longest name wins ("Abdul Jalil Bakhtawar" over "Bakhtawar"), then the first seen
        return max(named, key=lambda m: (len(m.name.split()), len(m.name), -m.start)).name


class DocState:
    def __init__(self, doc: Doc, article: Article) -> None:
        self.doc = doc
        self.article = article
        self.clusters: list[Cluster] = []
        self.tok2cluster: dict[int, int] = {}
        self.sent_index: dict[int, int] = {}  # token index -> sentence number
        # kinship found by coreference: (person cluster, predicate, relative cluster, kin-noun token)
        self.kinship: list[tuple[int, str, int, int]] = []
        self.sents: list[Span] = list(doc.sents)
        for n, sent in enumerate(self.sents):
            for i in range(sent.start, sent.end):
                self.sent_index[i] = n

    # -- text and quotations, computed once per article --------------------------------
    @cached_property
    def text(self) -> str:
        """The document's text (``Doc.text`` joins every token on each access: read it here)."""
        return self.doc.text

    @cached_property
    def quotes(self) -> tuple[Quote, ...]:
        """The direct quotations, found once (coreference, events and claims all need them)."""
        from graphkit.extraction.quotes import find_quotes

        return tuple(find_quotes(self.doc, self.text))

    # -- clusters --------------------------------------------------------------------
    def new_cluster(self) -> Cluster:
        c = Cluster(id=len(self.clusters))
        self.clusters.append(c)
        return c

    def add_mention(self, cluster: Cluster, m: MentionDraft) -> bool:
        """Attach a mention unless one of its tokens already belongs to another mention."""
        if any(i in self.tok2cluster for i in range(m.start, m.end)):
            return False
        cluster.mentions.append(m)
        for i in range(m.start, m.end):
            self.tok2cluster[i] = cluster.id
        return True

    def merge(self, keep: Cluster, gone: Cluster) -> None:
        if keep is gone:
            return
        keep.mentions.extend(gone.mentions)
        keep.votes.update(gone.votes)
        for form, counts in gone.form_votes.items():
            keep.form_votes.setdefault(form, Counter()).update(counts)
        keep.titles.extend(gone.titles)
        keep.entry = keep.entry or gone.entry
        keep.subtype = keep.subtype or gone.subtype
        keep.country = keep.country or gone.country
        keep.owner = keep.owner if keep.owner is not None else gone.owner
        if gone.canonical and not keep.canonical and not keep.named():
            keep.canonical = gone.canonical
        keep.scope_local = keep.scope_local and gone.scope_local
        for m in gone.mentions:
            for i in range(m.start, m.end):
                self.tok2cluster[i] = keep.id
        gone.mentions = []
        gone.votes = Counter()
        gone.form_votes = {}

    @cached_property
    def tokens(self) -> list[Token]:
        """The doc's tokens, made once: iterating a spaCy ``Doc`` builds a new ``Token`` object per token per
        pass, and the rules make a dozen passes."""
        return list(self.doc)

    def settle_types(self) -> None:
        """Fix every cluster's type: from here on (relations, events, claims) no rule votes."""
        for c in self.clusters:
            c.settled = _UNSETTLED
            c.settled = c.type

    def live_clusters(self) -> list[Cluster]:
        return [c for c in self.clusters if c.mentions]

    # -- token -> entity ---------------------------------------------------------------
    def cluster_at(self, token: Token | int) -> Cluster | None:
        i = token if isinstance(token, int) else token.i
        cid = self.tok2cluster.get(i)
        return self.clusters[cid] if cid is not None else None

    def entity_of(self, token: Token) -> Cluster | None:
        """The entity a token stands for: its own mention, or the mention its phrase holds.

        "the Taliban" -> Taliban; "Afghan soldiers" -> the group; "the nature of
        Bakhtawar's surrender" is *not* Bakhtawar (only appositions, compounds and
        flat names are looked through, not possessors or prepositions).
        """
        c = self.cluster_at(token)
        if c is not None:
            return c
        for child in token.children:
            # "Farah province" (compound to the left), "son Massoud" (apposition to the right)
            if child.dep_ in ("compound", "flat", "nmod") or (child.dep_ == "appos" and child.i > token.i):
                c = self.cluster_at(child)
                if c is not None:
                    return c
        if token.dep_ in ("compound",) and token.head.i != token.i:
            return self.cluster_at(token.head)
        return None

    def written_modifiers(self, head: Token) -> list[Token]:
        """Left modifiers written with the noun ("Afghan security forces"), not ones the parser
        hung on it across a verb or quote ("the Taliban still “massacred” soldiers")."""
        out = []
        for child in head.lefts:
            if child.dep_ not in ("amod", "compound", "nmod", "npadvmod", "poss"):
                continue
            between = self.doc[child.right_edge.i + 1 : head.i]
            if any(w.pos_ in ("VERB", "ADV", "AUX") or w.text in ("“", "”", '"', ",") for w in between):
                continue
            out.append(child)
        return out

    def sent_of(self, token: Token) -> Span:
        """``token.sent``, without spaCy walking the parse again on every call."""
        n = self.sent_index.get(token.i)
        return self.sents[n] if n is not None else token.sent

    def sentence_of(self, token: Token | int) -> int:
        i = token if isinstance(token, int) else token.i
        return self.sent_index.get(i, 0)

    def span_text(self, start: int, end: int) -> tuple[int, int, str]:
        span: Span = self.doc[start:end]
        return span.start_char, span.end_char, span.text
