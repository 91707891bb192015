"""ECB+ (topics 1-35, CAT XML) scored on the protocol's tuned (23-25) and frozen (26-35) topics.

Entry point: :func:`evaluate_ecbplus`. Every topic's documents (both sub-topics, ``N_Mecb.xml`` and
``N_Mecbplus.xml``) are built into one graph with the real pipeline (extraction per article and the
corpus-level merge step, :func:`graphkit.evaluate.run.build_graph`) and read back from the RDF.

Text (documented choice): each sentence's tokens joined by single spaces, one sentence a line
(``\\n`` between sentences), as MEANTIME's text is rebuilt from its tokens. The ``ecbplus`` files
carry the address they were found at as sentence 0 ("http : / / www ..."); that line is not news text,
so it is left out of the text and given as the article's ``url`` (it is never a scored sentence).
ECB+ has no publication dates and no titles.

Only the sentences listed in ``ECBplus_coreference_sentences.csv`` are fully annotated, so only they
are scored: gold mentions whose first token is in a listed sentence, system (and peer) mentions that
start inside one.

Measures, per split (the eval README's definitions):

* **event triggers**: gold = ``ACTION_*`` and ``NEG_ACTION_*`` mentions; a system event matches when
  the trigger spans overlap (type-agnostic, one-to-one). Bars from the same run: the plain spaCy
  script (every verb with a subject and an object, :func:`script_events`) and the same-lemma
  peer's mentions (every verb and event noun, :func:`lemma_mentions`).
* **participants**: ``HUMAN_PART_PER`` -> PER, ``HUMAN_PART_ORG`` -> ORG, ``HUMAN_PART_GPE``,
  ``LOC_GEO``, ``LOC_FAC`` -> LOC (names, nominals, pronouns); graphkit's mentions of every kind
  (``gk:Group`` counts as PER), per type and overall. Bar: raw spaCy NER (``spacy.load`` of the model,
  PERSON -> PER, ORG -> ORG, GPE/LOC/FAC -> LOC).
* **cross-document event coreference**, per topic: gold clusters = event mentions sharing a
  ``CROSS_DOC_COREF`` ``instance_id`` (a mention with none is a singleton, as the README says);
  a system's clusters = each gold mention takes the cluster of the system mention matched to it
  (trigger overlap, one-to-one), a missed gold mention is a singleton. Three systems: graphkit
  (clusters = its event nodes joined over ``owl:sameAs``), the same-lemma baseline on its own
  mentions (clustered by lemma within the topic), and graphkit's own event mentions clustered by
  their lemma within the topic (``gk:lemma``), which shows the merging apart from the mentions.
  MUC, B-cubed, CEAF-e and CoNLL F1 (:mod:`graphkit.evaluate.coref_metrics`), **micro-averaged**:
  all topics of a split are scored as one clustering whose clusters never cross a topic, so every
  mention (MUC: every link, CEAF-e: every entity) weighs the same.
* **within-document event coreference**: the same per document. Gold clusters = mentions of one
  document sharing an ``instance_id`` or an ``INTRA_DOC_COREF`` chain (ECB+ keeps intra-document
  chains apart only when they take no part in a cross-document chain, so both together are the
  document's coreference); the systems' clusters are cut at the document; the same-lemma
  clusters are per document.

``limit`` caps the documents per split, taken in turn from each topic (and from both sub-topics
within it) so every topic stays in the coreference scores.
"""

from __future__ import annotations

import csv
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from graphkit.config import Settings
from graphkit.errors import GraphkitError
from graphkit.evaluate.coref_metrics import all_metrics
from graphkit.evaluate.protocol import Figure, Split, ecbplus_split
from graphkit.evaluate.score import PRF, Ev, Mention, match_events, score_mentions
from graphkit.evaluate.system import NOUN_PHRASE_KINDS

SET = "ecbplus"
SENTENCES_CSV = "ECBplus_coreference_sentences.csv"
PARTICIPANT_TYPES = {
    "HUMAN_PART_PER": "PER",
    "HUMAN_PART_ORG": "ORG",
    "HUMAN_PART_GPE": "LOC",
    "LOC_GEO": "LOC",
    "LOC_FAC": "LOC",
}
SYSTEM_TYPES = {"Person": "PER", "Organisation": "ORG", "Location": "LOC", "Group": "PER"}
SPACY_TYPES = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}
_FILE = re.compile(r"(\d+)_(\d+)(ecbplus|ecb)\.xml")


# --------------------------------------------------------------------------- gold


@dataclass(frozen=True, slots=True)
class EcbEvent:
    """A gold event mention (``ACTION_*`` / ``NEG_ACTION_*``)."""

    start: int
    end: int
    tag: str
    instance: str | None = None  # CROSS_DOC_COREF instance_id
    chain: str | None = None  # INTRA_DOC_COREF chain (relation id), when not cross-document


@dataclass(frozen=True, slots=True)
class EcbParticipant:
    start: int
    end: int
    type: str  # PER / ORG / LOC
    tag: str


@dataclass(frozen=True, slots=True)
class EcbDoc:
    id: str  # "23_1ecbplus"
    topic: int
    subtopic: str  # "ecb" or "ecbplus"
    text: str
    url: str | None
    scored: tuple[tuple[int, int], ...]  # character ranges of the listed sentences
    events: tuple[EcbEvent, ...]  # in scored sentences only
    participants: tuple[EcbParticipant, ...]  # in scored sentences only

    def in_scored(self, start: int) -> bool:
        return any(b <= start < e for b, e in self.scored)


def read_sentence_index(path: Path) -> dict[str, frozenset[int]]:
    """``ECBplus_coreference_sentences.csv`` -> {"23_1ecbplus": {1, 3, 4, 7}, ...}."""
    if not path.is_file():
        raise GraphkitError(f"{path}: ECB+ sentence index not found (expected {SENTENCES_CSV} in the folder)")
    out: dict[str, set[int]] = {}
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            topic, name, sent = (row.get(k, "").strip() for k in ("Topic", "File", "Sentence Number"))
            if topic and name and sent.isdigit():
                out.setdefault(f"{topic}_{name}", set()).add(int(sent))
    return {k: frozenset(v) for k, v in out.items()}


def read_ecbplus_file(path: Path, sentences: Iterable[int]) -> EcbDoc:
    """One CAT XML file; ``sentences`` are its scored sentence numbers (from the index)."""
    m = _FILE.fullmatch(path.name)
    if m is None:
        raise GraphkitError(f"{path}: not an ECB+ file name (expected N_Mecb.xml or N_Mecbplus.xml)")
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as e:
        raise GraphkitError(f"{path}: not valid CAT XML ({e})") from e
    listed = frozenset(sentences)
    tokens = [(t.get("t_id"), int(t.get("sentence") or 0), t.text or "") for t in root.iter("token")]
    url = None
    if m.group(3) == "ecbplus":
        first = [text for _, s, text in tokens if s == 0]
        if first and first[0].lower().startswith("http"):
            url = "".join(first)
            tokens = [t for t in tokens if t[1] != 0]
    offsets: dict[str, tuple[int, int]] = {}
    sentence_of: dict[str, int] = {}
    ranges: dict[int, list[int]] = {}
    parts: list[str] = []
    pos = 0
    prev = None
    for tid, sentence, text in tokens:
        if prev is not None:
            parts.append("\n" if sentence != prev else " ")
            pos += 1
        offsets[tid] = (pos, pos + len(text))
        sentence_of[tid] = sentence
        r = ranges.setdefault(sentence, [pos, pos])
        r[1] = pos + len(text)
        parts.append(text)
        pos += len(text)
        prev = sentence
    text = "".join(parts)

    markables = _children(root, "Markables")
    by_id = {el.get("m_id"): el for el in markables}
    instance_of: dict[str, str] = {}
    chain_of: dict[str, str] = {}
    for rel in _children(root, "Relations"):
        target = rel.find("target")
        if target is None:
            continue
        sources = [s.get("m_id") for s in rel.findall("source")]
        if rel.tag == "CROSS_DOC_COREF":
            desc = by_id.get(target.get("m_id"))
            inst = (desc.get("instance_id") if desc is not None else None) or rel.get("note")
            for s in sources:
                if inst:
                    instance_of[s] = inst
        elif rel.tag == "INTRA_DOC_COREF":
            for s in sources:
                chain_of[s] = f"{path.stem}#{rel.get('r_id')}"

    events: list[EcbEvent] = []
    participants: list[EcbParticipant] = []
    for el in markables:
        ids = [a.get("t_id") for a in el.findall("token_anchor") if a.get("t_id") in offsets]
        if not ids or sentence_of[ids[0]] not in listed:
            continue  # a descriptor (no tokens) or outside the annotated sentences
        start, end = min(offsets[i][0] for i in ids), max(offsets[i][1] for i in ids)
        mid = el.get("m_id")
        if el.tag.startswith(("ACTION_", "NEG_ACTION_")):
            inst = instance_of.get(mid)
            events.append(EcbEvent(start, end, el.tag, inst, None if inst else chain_of.get(mid)))
        elif el.tag in PARTICIPANT_TYPES:
            participants.append(EcbParticipant(start, end, PARTICIPANT_TYPES[el.tag], el.tag))
    scored = tuple(sorted((r[0], r[1]) for s, r in ranges.items() if s in listed))
    return EcbDoc(
        id=path.stem,
        topic=int(m.group(1)),
        subtopic=m.group(3),
        text=text,
        url=url,
        scored=scored,
        events=tuple(sorted(events, key=lambda e: (e.start, e.end))),
        participants=tuple(sorted(participants, key=lambda p: (p.start, p.end))),
    )


def _children(root: ET.Element, tag: str) -> list[ET.Element]:
    el = root.find(tag)
    return list(el) if el is not None else []


def read_ecbplus(folder: Path, topics: Iterable[int] | None = None) -> list[EcbDoc]:
    """The files of ``folder`` (the ``ecbplus/`` folder, holding ``ECB+/`` and the index) that have
    listed sentences, for the given topics (all when None), sorted by topic, then file number."""
    folder = Path(folder)
    index = read_sentence_index(folder / SENTENCES_CSV)
    base = folder / "ECB+" if (folder / "ECB+").is_dir() else folder
    wanted = None if topics is None else frozenset(topics)
    found = []
    for path in base.rglob("*.xml"):
        m = _FILE.fullmatch(path.name)
        if m is None or (wanted is not None and int(m.group(1)) not in wanted):
            continue
        if path.stem in index:
            found.append(((int(m.group(1)), int(m.group(2)), m.group(3)), path))
    if not found and wanted is None:
        raise GraphkitError(f"{base}: no ECB+ files with listed sentences (expected ECB+/N/N_Mecb*.xml)")
    return [read_ecbplus_file(p, index[p.stem]) for _, p in sorted(found)]


# --------------------------------------------------------------------------- the peers (plain spaCy)


@cache
def plain_nlp(model: str):
    """The model as ``spacy.load`` gives it: no graphkit component (the bars' pipeline)."""
    import spacy

    return spacy.load(model)


def spacy_entities(doc) -> list[Mention]:
    """Raw spaCy NER mapped to coarse types (PERSON -> PER, ORG, GPE/LOC/FAC -> LOC)."""
    return [
        Mention(e.start_char, e.end_char, SPACY_TYPES[e.label_]) for e in doc.ents if e.label_ in SPACY_TYPES
    ]


_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
_OBJECTS = frozenset({"dobj"})


def script_events(doc) -> list[tuple[int, int]]:
    """The plain spaCy script's events: every verb with a subject and a direct object."""
    out = []
    for t in doc:
        if t.pos_ != "VERB":
            continue
        deps = {c.dep_ for c in t.children}
        if deps & _SUBJECTS and deps & _OBJECTS:
            out.append((t.idx, t.idx + len(t.text)))
    return out


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# "Event noun" (the same-lemma peer, documented so it can be reproduced): a common noun whose
# lemma ends in a nominalising suffix (-tion, -sion, -ment, -ance, -ence, -ing; at least six letters)
# and is not one of the frequent non-event nouns of that shape below, or is one of the common
# zero-derived / irregular event nouns of news below. Both lists were written from general English,
# not from the gold data.
EVENT_NOUN_SUFFIXES = ("tion", "sion", "ment", "ance", "ence", "ing")
NOT_EVENT_NOUNS = _words(
    "thing something anything everything nothing morning evening building ceiling clothing king ring "
    "spring string wing government department apartment equipment parliament evidence audience "
    "science instance finance distance province nation station population information position "
    "location organization organisation administration institution foundation constitution condition "
    "tradition edition section question region religion television version opinion million"
)
EVENT_NOUNS = _words(
    "attack arrest raid strike war battle fight crash collapse quake earthquake fire blast murder "
    "death trial deal sale purchase takeover merger bid vote win victory defeat loss injury visit "
    "release launch protest riot theft robbery escape rescue search surgery damage talk talks speech "
    "interview report claim offer order ban charge sentence verdict appeal award hire departure "
    "arrival approval proposal removal denial survival withdrawal burial dismissal refusal failure "
    "closure seizure capture shot storm flood outbreak"
)


def is_event_noun(lemma: str) -> bool:
    """Whether a noun's lemma counts as an event noun for the same-lemma peer.

    >>> is_event_noun("explosion"), is_event_noun("raid"), is_event_noun("government")
    (True, True, False)
    """
    low = lemma.lower()
    if low in EVENT_NOUNS:
        return True
    return len(low) >= 6 and low.endswith(EVENT_NOUN_SUFFIXES) and low not in NOT_EVENT_NOUNS


def lemma_mentions(doc) -> list[tuple[int, int, str]]:
    """The same-lemma peer's mentions: every verb and every event noun, with its lower-case lemma."""
    out = []
    for t in doc:
        if t.pos_ == "VERB" or (t.pos_ == "NOUN" and is_event_noun(t.lemma_)):
            out.append((t.idx, t.idx + len(t.text), t.lemma_.lower()))
    return out


# --------------------------------------------------------------------------- system events with identity


@dataclass(frozen=True, slots=True)
class SysEventNode:
    start: int
    end: int
    cluster: str  # the event node, or the representative of its owl:sameAs set
    lemma: str


def read_event_nodes(ds) -> dict[str, list[SysEventNode]]:
    """Article id -> its event mentions with their node's identity (joined over ``owl:sameAs``) and
    ``gk:lemma``, kept here so ``system.py`` stays as it is.

    An event's mentions are its ``gk:trigger`` and any other ``gaf:denotedBy`` mention of the node (GAF:
    every mention that denotes the event; graphkit writes the trigger today, and a node that gathers a
    second mention of the same happening, such as "the attack" after "attacked", clusters them).
    """
    from rdflib.namespace import RDF

    from graphkit.evaluate.system import _same_as, article_ids
    from graphkit.rdf.namespaces import GAF, GK, NIF

    article_id = article_ids(ds)
    same = _same_as(ds)
    out: dict[str, set[SysEventNode]] = {aid: set() for aid in article_id.values()}
    for ev in set(ds.subjects(RDF.type, GK.Event)):
        lemma = str(ds.value(ev, GK.lemma) or ds.value(ev, GK.triggerText) or "").lower()
        cluster = same(ev)
        for m in {*ds.objects(ev, GK.trigger), *ds.objects(ev, GAF.denotedBy)}:
            art = ds.value(m, NIF.referenceContext)
            b, e = ds.value(m, NIF.beginIndex), ds.value(m, NIF.endIndex)
            if art in article_id and b is not None and e is not None:
                out[article_id[art]].add(SysEventNode(int(b), int(e), cluster, lemma))
    return {aid: sorted(evs, key=lambda x: (x.start, x.end, x.cluster)) for aid, evs in out.items()}


# --------------------------------------------------------------------------- scoring


@dataclass
class _Tally:
    """Counts and clusterings pooled over the documents of one split."""

    triggers: dict[str, PRF]
    entities: dict[str, dict[str, PRF]]
    cross: dict[str, dict[Hashable, Hashable]]  # system name -> item -> cluster ("gold" is the key)
    within: dict[str, dict[Hashable, Hashable]]
    documents: int = 0
    topics: int = 0


SYSTEMS = ("graphkit", "graphkit mentions + same-lemma clusters", "same-lemma baseline")


def _new_tally() -> _Tally:
    names = ("gold", *SYSTEMS)
    return _Tally(
        triggers={k: PRF() for k in ("graphkit", "plain spaCy script", "same-lemma mentions")},
        entities={k: {} for k in ("graphkit", "spaCy NER")},
        cross={k: {} for k in names},
        within={k: {} for k in names},
    )


def _add_doc(tally: _Tally, doc: EcbDoc, sys_mentions, sys_events: Sequence[SysEventNode], parsed) -> None:
    """Score one document: triggers, participants, and its items in the coreference clusterings."""
    tally.documents += 1
    gold_ev = [Ev(e.start, e.end) for e in doc.events]

    # -- event triggers: graphkit, the plain script, the same-lemma mentions
    gk_ev = [e for e in sys_events if doc.in_scored(e.start)]
    script = [s for s in script_events(parsed) if doc.in_scored(s[0])]
    lemmas = [m for m in lemma_mentions(parsed) if doc.in_scored(m[0])]
    pairs = {}
    for name, spans in (
        ("graphkit", [(e.start, e.end) for e in gk_ev]),
        ("plain spaCy script", script),
        ("same-lemma mentions", [(m[0], m[1]) for m in lemmas]),
    ):
        matched = match_events(gold_ev, [Ev(b, e) for b, e in spans])
        tally.triggers[name] += PRF(len(matched), len(spans), len(gold_ev))
        pairs[name] = dict(matched)

    # -- participants: graphkit's noun-phrase mentions of every kind (names, nominals, pronouns), raw spaCy NER
    gold_m = [Mention(p.start, p.end, p.type) for p in doc.participants]
    gk_m = [
        Mention(m.start, m.end, SYSTEM_TYPES[m.type])
        for m in sys_mentions
        if m.type in SYSTEM_TYPES and m.kind in NOUN_PHRASE_KINDS and doc.in_scored(m.start)
    ]
    ner = [m for m in spacy_entities(parsed) if doc.in_scored(m.start)]
    for name, system in (("graphkit", gk_m), ("spaCy NER", ner)):
        acc = tally.entities[name]
        for k, v in score_mentions(gold_m, system).items():
            acc[k] = acc.get(k, PRF()) + v

    # -- coreference items: gold mention -> cluster, for the key and each system
    for i, e in enumerate(doc.events):
        item = (doc.id, i)
        single = ("singleton", item)
        tally.cross["gold"][item] = ("instance", e.instance) if e.instance else single
        tally.within["gold"][item] = (
            ("instance", doc.id, e.instance) if e.instance else ("chain", e.chain) if e.chain else single
        )
        gk = pairs["graphkit"].get(i)
        lm = pairs["same-lemma mentions"].get(i)
        clusters = {
            "graphkit": (gk_ev[gk].cluster,) if gk is not None else None,
            "graphkit mentions + same-lemma clusters": ("lemma", gk_ev[gk].lemma) if gk is not None else None,
            "same-lemma baseline": ("lemma", lemmas[lm][2]) if lm is not None else None,
        }
        for name, c in clusters.items():
            tally.cross[name][item] = (doc.topic, *c) if c is not None else single
            tally.within[name][item] = (doc.id, *c) if c is not None else single


def _figures(tally: _Tally, split: Split) -> list[Figure]:
    out: list[Figure] = []

    def prf(measure: str, x: PRF, bar: PRF | None = None, bar_name: str = "") -> None:
        out.append(
            Figure(
                SET, split, measure, x.f1, x.precision, x.recall, x.gold,
                bar.f1 if bar is not None else None, bar_name if bar is not None else "",
            )
        )  # fmt: skip

    t = tally.triggers
    prf("event triggers", t["graphkit"], t["plain spaCy script"], "plain spaCy script")
    prf("event triggers (bar: same-lemma mentions)", t["graphkit"], t["same-lemma mentions"], "same-lemma")
    prf("peer plain spaCy script: event triggers", t["plain spaCy script"])
    prf("peer same-lemma: event triggers", t["same-lemma mentions"])
    gk, ner = tally.entities["graphkit"], tally.entities["spaCy NER"]
    for k in ("PER", "ORG", "LOC", "overall"):
        if k in gk:
            prf(f"participants {k}", gk[k], ner[k], "spaCy NER")
    if "overall" in ner:
        prf("peer spaCy NER: participants overall", ner["overall"])
    for scope, items in (("cross-doc", tally.cross), ("within-doc", tally.within)):
        key = items["gold"]
        if not key:
            continue
        scores = {name: all_metrics(key, items[name]) for name in SYSTEMS}
        peer = scores["same-lemma baseline"]
        for name in SYSTEMS:
            label = {"graphkit": "", "same-lemma baseline": "peer same-lemma: "}.get(name, f"{name}: ")
            is_peer = name == "same-lemma baseline"
            for metric, value in scores[name].items():
                bar = None if is_peer else _f1(peer[metric])
                p, r = (None, None) if isinstance(value, float) else (value.precision, value.recall)
                out.append(
                    Figure(
                        SET, split, f"{label}{scope} event coref {metric}", _f1(value), p, r, len(key),
                        bar, "" if bar is None else "same-lemma",
                    )
                )  # fmt: skip
    return out


def _f1(score) -> float:
    """The F1 of a metric's score (CoNLL F1 is already a single number)."""
    return score if isinstance(score, float) else score.f1


def _pick(docs: list[EcbDoc], limit: int | None) -> list[EcbDoc]:
    """At most ``limit`` documents, taken in turn from each topic and from both of its sub-topics."""
    if limit is None:
        return docs
    queues: dict[int, list[EcbDoc]] = {}
    for d in docs:
        queues.setdefault(d.topic, [])
    for topic in queues:
        ecb = [d for d in docs if d.topic == topic and d.subtopic == "ecb"]
        plus = [d for d in docs if d.topic == topic and d.subtopic == "ecbplus"]
        mixed = [d for pair in zip(ecb, plus, strict=False) for d in pair]
        n = min(len(ecb), len(plus))
        queues[topic] = mixed + ecb[n:] + plus[n:]
    picked: list[EcbDoc] = []
    for i in range(max((len(q) for q in queues.values()), default=0)):
        for q in queues.values():
            if i < len(q) and len(picked) < limit:
                picked.append(q[i])
    keep = {d.id for d in picked}
    return [d for d in docs if d.id in keep]


def evaluate_ecbplus(
    folder: Path,
    settings: Settings,
    splits: Sequence[Split] = ("tuned", "frozen"),
    limit: int | None = None,
    *,
    progress: Callable[[str], None] | None = None,
) -> list[Figure]:
    """Score graphkit on the ECB+ topics of each split (see the module docstring); the peers are
    measured on the same documents in the same run. Returns the figures, split by split."""
    from graphkit.evaluate.run import build_graph
    from graphkit.evaluate.system import SysDoc, read_system
    from graphkit.types import Article

    folder = Path(folder)
    if not folder.is_dir():
        raise GraphkitError(f"{folder}: ECB+ folder not found (expected ../shared/eval/ecbplus)")
    nlp = plain_nlp(settings.model)
    out: list[Figure] = []
    for split in splits:
        if split not in ("tuned", "frozen", "train"):
            raise GraphkitError(f"unknown split {split!r}: use tuned or frozen")
        docs = [d for d in read_ecbplus(folder, _topics(split)) if ecbplus_split(d.topic) == split]
        docs = _pick(docs, limit)
        tally = _new_tally()
        by_topic: dict[int, list[EcbDoc]] = {}
        for d in docs:
            by_topic.setdefault(d.topic, []).append(d)
        for topic, topic_docs in by_topic.items():
            if progress:
                progress(f"ecbplus {split}: topic {topic} ({len(topic_docs)} documents)")
            ds = build_graph((Article(id=d.id, text=d.text, url=d.url) for d in topic_docs), settings)
            system, nodes = read_system(ds), read_event_nodes(ds)
            parsed = nlp.pipe((d.text for d in topic_docs), batch_size=settings.batch_size)
            for d, p in zip(topic_docs, parsed, strict=True):
                _add_doc(tally, d, system.get(d.id, SysDoc()).mentions, nodes.get(d.id, []), p)
            tally.topics += 1
        if tally.documents:
            out += _figures(tally, split)
    return out


def _topics(split: Split) -> frozenset[int]:
    from graphkit.evaluate.protocol import ECBPLUS_FROZEN_TOPICS, ECBPLUS_TRAIN_TOPICS, ECBPLUS_TUNED_TOPICS

    return {"train": ECBPLUS_TRAIN_TOPICS, "tuned": ECBPLUS_TUNED_TOPICS, "frozen": ECBPLUS_FROZEN_TOPICS}[
        split
    ]
