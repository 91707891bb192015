"""Gold readers: MEANTIME (CAT XML) and WikiEvents (JSONL) as :class:`GoldDoc` records.

Both readers rebuild the article text from the gold tokens so that every gold offset
points exactly into the text the pipeline reads:

* MEANTIME: the tokens of a sentence joined by single spaces; the title (sentence 0)
  and the date line (sentence 1) end with a newline, body sentences are separated by
  a space. The article date is the document's ``CREATION_TIME`` (a real news article
  has its date), the title is sentence 0. Only the title, the date line and the first
  few body sentences are annotated, so ``scored_end`` is the end of the last sentence
  holding a document-level annotation; system output after it is not scored.
* WikiEvents: every token at the character offset the gold gives it; the one-character
  gaps between sentences become newlines (the source text glues a headline to the
  first sentence, "in SyriaThe desert", which the gold offsets do not).

What counts as gold (the definitions of ``../shared/eval/README.md``):

* entities: coarse types PER, ORG, LOC (LOC = LOC, GPE, FAC). MEANTIME: only named
  mentions (``NAM``, ``PRE.NAM``) whose entity is PER/ORG/LOC. WikiEvents: every
  mention of those types (names, nominals and pronouns alike).
* events: MEANTIME ``EVENT_MENTION`` / WikiEvents ``event_mentions`` triggers.
* arguments: MEANTIME ``HAS_PARTICIPANT`` (PropBank roles) / WikiEvents arguments (KAIROS
  roles), each with the spans of every mention coreferent with the argument.
* times (MEANTIME): an event mention with a ``TLINK`` of type IS_INCLUDED, SIMULTANEOUS,
  INCLUDES, BEGINS or ENDS (either direction) to a ``TIMEX3`` of type DATE whose value is
  a calendar date, month or year.
* within-document event coreference (MEANTIME): an event mention's ``REFERS_TO`` target, the
  document's ``EVENT`` instance; mentions of one instance corefer, a mention with none is a singleton.
* cross-document identity (MEANTIME ``cross-doc/``): the corpus-wide ``instance_id`` of
  each named mention's entity. The corpus-level annotation also adds untyped mentions
  (no ``syntactic_type``) all over each article; they are not named mentions by the
  README's definition and are not scored.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from graphkit.errors import GraphkitError

CoarseType = str  # "PER" | "ORG" | "LOC"
CoarseRole = str  # "agent" | "patient" | "place" | "other"

COARSE_ENTITY = {"PER": "PER", "ORG": "ORG", "LOC": "LOC", "GPE": "LOC", "FAC": "LOC"}
MEANTIME_NAMED = frozenset({"NAM", "PRE.NAM"})
TLINK_INCLUDING = frozenset({"IS_INCLUDED", "SIMULTANEOUS", "INCLUDES", "BEGINS", "ENDS"})
_CALENDAR = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")

# Coarse roles. PropBank: Arg0 is the agent, Arg1 the patient, Argm-LOC the place.
# KAIROS: the doer of the event is the agent, the one it is done to the patient.
_AGENT_ROLES = frozenset({
    "arg0", "attacker", "killer", "communicator", "perpetrator", "injurer", "jailer", "detainer",
    "transporter", "giver", "investigator", "demonstrator", "impeder", "regulator", "judgecourt",
    "prosecutor", "defeater", "destroyer", "damager", "manufacturer", "employer", "observer", "identifier",
    "treater", "agent", "seller", "buyer",
})  # fmt: skip
_PATIENT_ROLES = frozenset({
    "arg1", "victim", "target", "detainee", "defendant", "patient", "artifact", "passengerartifact",
    "acquiredentity", "artifactdestroyed", "damagedentity", "observedentity", "identifiedobject",
})  # fmt: skip
_PLACE_ROLES = frozenset({"argm-loc", "place"})


def coarse_role(role: str) -> CoarseRole:
    """agent / patient / place / other for a PropBank or KAIROS role name.

    >>> coarse_role("Arg0"), coarse_role("Victim"), coarse_role("Argm-LOC"), coarse_role("Arg2")
    ('agent', 'patient', 'place', 'other')
    """
    low = role.lower()
    if low in _AGENT_ROLES:
        return "agent"
    if low in _PATIENT_ROLES:
        return "patient"
    if low in _PLACE_ROLES:
        return "place"
    return "other"


@dataclass(frozen=True, slots=True)
class GoldMention:
    start: int
    end: int
    type: CoarseType
    kind: str  # NAM, PRE.NAM, NOM, PRO, UNK ...
    entity: str  # the entity within its document
    instance: str | None = None  # corpus-wide identity (MEANTIME cross-doc)


@dataclass(frozen=True, slots=True)
class GoldArgument:
    role: str  # as annotated (Arg0, Victim ...)
    spans: tuple[tuple[int, int], ...]  # the argument first, then every mention coreferent with it

    @property
    def coarse(self) -> CoarseRole:
        return coarse_role(self.role)


@dataclass(frozen=True, slots=True)
class GoldEvent:
    start: int
    end: int
    arguments: tuple[GoldArgument, ...] = ()
    times: tuple[str, ...] = ()  # calendar values of the dated TIMEX3s the event is anchored to
    coref: str | None = None  # MEANTIME: the document's EVENT instance it REFERS_TO (one happening)


@dataclass(frozen=True, slots=True)
class GoldDoc:
    id: str
    corpus: str  # "meantime" | "wikievents"
    topic: str  # MEANTIME corpus folder ("corpus_airbus"); "" for WikiEvents
    text: str
    title: str | None
    date: str | None
    scored_end: int  # system output starting at or after this offset is not scored
    mentions: tuple[GoldMention, ...]  # the scored entity mentions
    events: tuple[GoldEvent, ...]


# --------------------------------------------------------------------------- MEANTIME


def read_meantime(folder: Path) -> list[GoldDoc]:
    """Every ``*.xml`` CAT file below ``folder`` (sorted by topic, then name)."""
    files = sorted(Path(folder).rglob("*.xml"))
    if not files:
        raise GraphkitError(f"{folder}: no MEANTIME .xml files found (expected CAT XML files below it)")
    return [read_meantime_file(f) for f in files]


def read_meantime_file(path: Path) -> GoldDoc:
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as e:
        raise GraphkitError(f"{path}: not valid CAT XML ({e})") from e
    # -- text: sentence 0 (title) and 1 (date line) are lines; body sentences joined by spaces
    tokens = [(t.get("t_id"), int(t.get("sentence") or 0), t.text or "") for t in root.iter("token")]
    offsets: dict[str, tuple[int, int]] = {}
    sentence_of: dict[str, int] = {}
    sentence_end: dict[int, int] = {}
    parts: list[str] = []
    pos = 0
    prev_sentence = None
    for tid, sentence, text in tokens:
        if prev_sentence is not None:
            sep = "\n" if sentence != prev_sentence and prev_sentence <= 1 else " "
            parts.append(sep)
            pos += 1
        offsets[tid] = (pos, pos + len(text))
        sentence_of[tid] = sentence
        parts.append(text)
        pos += len(text)
        sentence_end[sentence] = pos
        prev_sentence = sentence
    text = "".join(parts)
    title = " ".join(t for _, s, t in tokens if s == 0) or None

    markables = {el.get("m_id"): el for el in _children(root, "Markables")}

    def anchors(el: ET.Element) -> list[str]:
        return [a.get("t_id") for a in el.findall("token_anchor") if a.get("t_id") in offsets]

    def span(el: ET.Element) -> tuple[int, int] | None:
        ids = anchors(el)
        if not ids:
            return None
        return min(offsets[i][0] for i in ids), max(offsets[i][1] for i in ids)

    # -- the annotated part: up to the last sentence holding a document-level annotation
    last = 0
    for el in markables.values():
        document_level = (
            (el.tag == "ENTITY_MENTION" and el.get("syntactic_type") is not None)
            or (el.tag == "EVENT_MENTION" and el.get("pred") is not None)
            or el.tag in ("TIMEX3", "VALUE", "SIGNAL", "C-SIGNAL")
        )
        ids = anchors(el)
        if document_level and ids:
            last = max(last, max(sentence_of[i] for i in ids))
    scored_end = sentence_end.get(last, len(text))

    date = None
    for el in markables.values():
        if el.tag == "TIMEX3" and el.get("functionInDocument") == "CREATION_TIME":
            value = el.get("value") or ""
            if _CALENDAR.fullmatch(value):
                date = value
    relations = _children(root, "Relations")

    # -- entities: REFERS_TO gives each mention its entity
    entity_of: dict[str, str] = {}
    for rel in relations:
        if rel.tag == "REFERS_TO":
            target = rel.find("target")
            if target is None:
                continue
            for src in rel.findall("source"):
                entity_of[src.get("m_id")] = target.get("m_id")
    members: dict[str, list[str]] = {}
    for m_id, ent in entity_of.items():
        members.setdefault(ent, []).append(m_id)

    mentions: list[GoldMention] = []
    for m_id, el in markables.items():
        if el.tag != "ENTITY_MENTION" or el.get("syntactic_type") not in MEANTIME_NAMED:
            continue
        ent_id = entity_of.get(m_id)
        ent = markables.get(ent_id) if ent_id else None
        sp = span(el)
        if ent is None or sp is None:
            continue
        etype = ent.get("ent_type")
        if etype not in ("PER", "ORG", "LOC"):
            continue  # PRO (products) and FIN (financial) entities are not scored
        mentions.append(
            GoldMention(
                sp[0], sp[1], etype, el.get("syntactic_type") or "", ent_id, ent.get("instance_id") or None
            )
        )

    # -- events, their participants and their dated anchors
    times: dict[str, set[str]] = {}
    args: dict[str, list[GoldArgument]] = {}
    for rel in relations:
        src, tgt = rel.find("source"), rel.find("target")
        if src is None or tgt is None:
            continue
        a, b = markables.get(src.get("m_id")), markables.get(tgt.get("m_id"))
        if a is None or b is None:
            continue
        if rel.tag == "HAS_PARTICIPANT" and a.tag == "EVENT_MENTION":
            coref = [tgt.get("m_id")] + [
                m for m in members.get(entity_of.get(tgt.get("m_id"), ""), []) if m != tgt.get("m_id")
            ]
            spans = tuple(s for s in (span(markables[m]) for m in coref if m in markables) if s is not None)
            if spans:
                args.setdefault(src.get("m_id"), []).append(GoldArgument(rel.get("sem_role") or "", spans))
        elif rel.tag == "TLINK" and rel.get("reltype") in TLINK_INCLUDING:
            for ev, tx in ((a, b), (b, a)):
                if ev.tag == "EVENT_MENTION" and tx.tag == "TIMEX3" and tx.get("type") == "DATE":
                    value = tx.get("value") or ""
                    if _CALENDAR.fullmatch(value):
                        times.setdefault(ev.get("m_id"), set()).add(value)
    events: list[GoldEvent] = []
    for m_id, el in markables.items():
        if el.tag != "EVENT_MENTION" or el.get("pred") is None:
            continue
        sp = span(el)
        if sp is None:
            continue
        ref = entity_of.get(m_id)  # within-document event coreference: the EVENT instance it refers to
        coref = ref if ref in markables and markables[ref].tag == "EVENT" else None
        events.append(
            GoldEvent(sp[0], sp[1], tuple(args.get(m_id, ())), tuple(sorted(times.get(m_id, ()))), coref)
        )

    return GoldDoc(
        id=path.stem,
        corpus="meantime",
        topic=path.parent.name,
        text=text,
        title=title,
        date=date,
        scored_end=scored_end,
        mentions=tuple(sorted(mentions, key=lambda m: (m.start, m.end))),
        events=tuple(sorted(events, key=lambda e: (e.start, e.end))),
    )


def _children(root: ET.Element, tag: str) -> list[ET.Element]:
    el = root.find(tag)
    return list(el) if el is not None else []


# --------------------------------------------------------------------------- WikiEvents


def read_wikievents(path: Path, coref_path: Path | None = None) -> list[GoldDoc]:
    """WikiEvents JSONL (one document a line) with its coreference clusters when given."""
    path = Path(path)
    if not path.is_file():
        raise GraphkitError(f"{path}: WikiEvents file not found (expected wikievents/dev.jsonl)")
    clusters: dict[str, list[list[str]]] = {}
    if coref_path is not None and Path(coref_path).is_file():
        for line in Path(coref_path).read_text(encoding="utf-8").splitlines():
            if line.strip():
                rec = json.loads(line)
                clusters[rec["doc_key"]] = rec.get("clusters", [])
    docs = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as e:
            raise GraphkitError(f"{path}:{n}: not JSON ({e.msg})") from e
        docs.append(wikievents_doc(rec, clusters.get(rec["doc_id"], [])))
    return docs


def wikievents_doc(rec: dict, clusters: list[list[str]] = ()) -> GoldDoc:
    toks = [(t[0], int(t[1]), int(t[2])) for sent in rec["sentences"] for t in sent[0]]
    if len(toks) != len(rec["tokens"]):
        raise GraphkitError(f"{rec['doc_id']}: sentences and tokens disagree")
    chars = [" "] * (toks[-1][2] if toks else 0)
    for text, start, end in toks:
        chars[start:end] = list(text)
    first_tokens = {sent[0][0][1] for sent in rec["sentences"][1:] if sent[0]}
    for start in first_tokens:  # the gap before a sentence is a line break
        if start > 0 and chars[start - 1] == " ":
            chars[start - 1] = "\n"
    text = "".join(chars)

    def char_span(start_tok: int, end_tok: int) -> tuple[int, int]:
        return toks[start_tok][1], toks[end_tok - 1][2]

    spans = {m["id"]: char_span(m["start"], m["end"]) for m in rec["entity_mentions"]}
    coref: dict[str, list[str]] = {}
    for cluster in clusters:
        for mid in cluster:
            coref[mid] = cluster
    mentions = []
    for m in rec["entity_mentions"]:
        etype = COARSE_ENTITY.get(m["entity_type"])
        if etype is None:
            continue
        start, end = spans[m["id"]]
        cluster = coref.get(m["id"])
        entity = min(cluster) if cluster else m["id"]
        mentions.append(GoldMention(start, end, etype, m.get("mention_type", ""), entity))
    events = []
    for e in rec["event_mentions"]:
        trig = e["trigger"]
        start, end = char_span(trig["start"], trig["end"])
        arguments = []
        for a in e.get("arguments", ()):
            mid = a["entity_id"]
            if mid not in spans:
                continue
            others = [spans[x] for x in coref.get(mid, ()) if x != mid and x in spans]
            arguments.append(GoldArgument(a["role"], (spans[mid], *others)))
        events.append(GoldEvent(start, end, tuple(arguments)))
    return GoldDoc(
        id=rec["doc_id"],
        corpus="wikievents",
        topic="",
        text=text,
        title=None,
        date=None,
        scored_end=len(text),
        mentions=tuple(sorted(mentions, key=lambda m: (m.start, m.end))),
        events=tuple(sorted(events, key=lambda e: (e.start, e.end))),
    )
