"""PLOVER gold-standard records: does the graph give a sentence's event its PLOVER category, its source
and its target?

The data (``../shared/eval/plover/PLOVER_GSR_CAMEO_dev.json``, CC BY-SA 4.0, Open Event Data Alliance) is
a JSON list whose first record is the file's licence header (event ``DOCUMENT``); every other record is
one news-style sentence with its PLOVER category, its source and target actors, and ``textInfo.markup``,
the sentence with ``(SRC: ...)``, ``(TAR: ...)``, ``(SRC/TAR: ...)`` (a reciprocal actor), ``(EVT: ...)``
and ``(LOC: ...)`` around the words that carry them.

Split (``graphkit.evaluate.protocol.parity_split``): a record's position among the records with text
(the header excluded), even positions ``tuned``, odd ``frozen``.

Categories. The records are coded with PLOVER's 2016 category names; graphkit's scheme (the ``plover``
column of ``ontologies/event-types.tsv``) uses the current names of the 2021 CAMEO -> PLOVER table
(``CAMEO2PLOVER-2021.txt``). Each 2016 name stands for a CAMEO cue category (the PLOVER README's table:
DEMAND = CAMEO 10, DISAPPROVE = 11, INVESTIGATE = 09, FIGHT = 19 ...); its current name is the 2021
table's name for that cue category (DEMAND -> REQUEST, DISAPPROVE and INVESTIGATE -> ACCUSE, FIGHT ->
ASSAULT; the others keep their names). ``current_category`` reads the 2021 table to do this.

The sentence's main event (what is scored). Each sentence is built as one article with the real pipeline
(``graphkit.evaluate.run.build_graph``) and its events are read back from the RDF (type, confidence,
trigger, arguments and their entities). The main event is chosen without looking at the gold category:

1. the events whose trigger overlaps the gold event words (the ``EVT`` markup); among them those the
   scheme gives a PLOVER category (an event coder reports the events it can code), then the earliest
   (the governing verb comes first: "agreed to set up", "refused to meet"), then the most confident;
2. else (no trigger on the event words) the highest-confidence event that has a PLOVER category;
3. else the highest-confidence event that is not a statement ("said", "announced": the reporting frame
   the CAMEO sentences wrap around their event), else any event; no event, no main event.

Measures (``Figure.measure``):

* ``category accuracy``: the main event's type carries the gold category (current name) in the
  scheme's PLOVER column; n = records. A sentence without a main event counts as wrong.
* ``source agreement``: one of the main event's agents overlaps the gold source text (``SRC`` or
  ``SRC/TAR`` markup; the ``source`` actor texts found in the sentence when the markup has none);
  n = records with a gold source.
* ``target agreement``: one of its patients or recipients overlaps the gold target text (``TAR`` or
  ``SRC/TAR``); for a reciprocal pair ("Jordan and Britain agreed") whose target is only the other
  ``SRC/TAR`` actor, an agent overlapping a reciprocal actor other than the one credited as source
  also counts; n = records with a gold target.

An argument overlaps a gold text when its own mention does, or when a mention of the entity it was
resolved to does within the sentence ("it" resolved to the RUF counts for "Revolutionary United Front").

The bar is the plain spaCy script of ``../shared/eval/README.md``: every verb with a subject and an
object is an event (subject = agent, object = patient), with no categories, so its category accuracy is
0; its source and target agreement are measured the same way (its main event: the verb on the gold
event words, else the first such verb).
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from graphkit.config import Settings
from graphkit.errors import GraphkitError
from graphkit.evaluate.protocol import SPLITS, Figure, Split, parity_split
from graphkit.types import Article

Span = tuple[int, int]
SET_NAME = "plover"
BAR_NAME = "plain spaCy"
TARGETS = {"category accuracy": 0.75, "source agreement": 0.90, "target agreement": 0.70}
MEASURES = ("category accuracy", "source agreement", "target agreement")

# PLOVER 2016 category -> the CAMEO cue category it was made from (PLOVER README's table; INVESTIGATE is
# CAMEO 09 and FIGHT CAMEO 19 in the 2016 draft that coded these records).
CAMEO_CUE_2016 = {
    "AGREE": "03", "CONSULT": "04", "SUPPORT": "05", "COOPERATE": "06", "AID": "07", "CONCEDE": "08",
    "RETREAT": "08", "INVESTIGATE": "09", "DEMAND": "10", "DISAPPROVE": "11", "REJECT": "12",
    "THREATEN": "13", "PROTEST": "14", "MOBILIZE": "15", "SANCTION": "16", "COERCE": "17", "ASSAULT": "18",
    "FIGHT": "19",
}  # fmt: skip
CROSSWALK_FILE = "CAMEO2PLOVER-2021.txt"
_TAGS = ("SRC/TAR", "SRC/LOC", "SRC", "TAR", "EVT", "LOC")
_OPEN = re.compile(r"\((" + "|".join(re.escape(t) for t in _TAGS) + r")\s*:\s*")


# --------------------------------------------------------------------------- gold


@dataclass(frozen=True, slots=True)
class PloverRecord:
    """One gold sentence. Spans are character offsets into ``text``."""

    id: str
    position: int  # among the records with text, 0-based (the header excluded)
    split: Split
    text: str
    category: str  # the current (2021) PLOVER name
    category_2016: str  # as the record writes it
    sources: tuple[Span, ...]  # SRC and SRC/TAR words (or the source actor texts when unmarked)
    targets: tuple[Span, ...]  # TAR and SRC/TAR words (or the target actor texts when unmarked)
    reciprocal: tuple[Span, ...]  # SRC/TAR words
    event_words: tuple[Span, ...]  # EVT words
    date: str | None = None


def crosswalk(table: Path | None = None) -> dict[str, str]:
    """PLOVER 2016 category -> current name, through the CAMEO cue categories of the 2021 table.

    A 2016 name that is among the 2021 names of its cue category keeps it (08 is both CONCEDE and
    RETREAT); otherwise it takes the 2021 name of its cue category (10 DEMAND -> REQUEST). Without the
    table file, the scheme's copy of its headings (``graphkit.rdf.scheme.PLOVER_OF_CAMEO_CUE``) is used.

    >>> crosswalk()["DEMAND"], crosswalk()["FIGHT"], crosswalk()["RETREAT"], crosswalk()["INVESTIGATE"]
    ('REQUEST', 'ASSAULT', 'RETREAT', 'ACCUSE')
    """
    by_cue: dict[str, list[str]] = {}
    if table is None:
        from graphkit.rdf.scheme import PLOVER_OF_CAMEO_CUE

        by_cue = {cue: [name] for cue, name in PLOVER_OF_CAMEO_CUE.items()}
        by_cue["08"] = ["CONCEDE", "RETREAT"]
    else:
        for line in table.read_text(encoding="utf-8").splitlines():
            m = re.match(r"^(\d\d):\s*([A-Z]+)", line)
            if m:
                by_cue.setdefault(m.group(1), []).append(m.group(2))
        if not by_cue:
            raise GraphkitError(f"{table}: no two-digit 'NN: CATEGORY' lines (is it CAMEO2PLOVER-2021.txt?)")
    out = {}
    for name, cue in CAMEO_CUE_2016.items():
        names = by_cue.get(cue)
        if not names:
            raise GraphkitError(f"{table}: CAMEO cue category {cue} (PLOVER 2016 {name}) is missing")
        out[name] = name if name in names else names[0]
    return out


def parse_markup(markup: str) -> tuple[str, list[tuple[str, Span]]]:
    """The markup's plain text and its tagged spans in it (nested parentheses inside a tag are kept).

    >>> parse_markup("(SRC: Iran (IRN)) (EVT: met) (TAR: Iraq).")
    ('Iran (IRN) met Iraq.', [('SRC', (0, 10)), ('EVT', (11, 14)), ('TAR', (15, 19))])
    """
    out: list[str] = []
    spans: list[tuple[str, Span]] = []
    pos = n = 0
    stack: list[tuple[str | None, int]] = []  # open parentheses: (tag or None, plain offset)
    while pos < len(markup):
        m = _OPEN.match(markup, pos)
        if m:
            stack.append((m.group(1), n))
            pos = m.end()
            continue
        ch = markup[pos]
        if ch == "(":
            stack.append((None, n))
        elif ch == ")" and stack:
            tag, start = stack.pop()
            if tag is not None:
                spans.append((tag, (start, n)))
                pos += 1
                continue
        out.append(ch)
        n += 1
        pos += 1
    text = "".join(out)
    # a tag's text may end in spaces ("(EVT: agreed )"): trim spans to their words
    trimmed = []
    for tag, (s, e) in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            trimmed.append((tag, (s, e)))
    return text, sorted(trimmed, key=lambda x: x[1])


def _aligner(plain: str, text: str):
    """Map offsets in ``plain`` (the markup without tags) onto ``text`` (they differ in a few records:
    an edited word, a dropped space)."""
    if plain == text:
        return lambda span: span
    sm = difflib.SequenceMatcher(None, plain, text, autojunk=False)
    blocks = sm.get_matching_blocks()

    def one(i: int, end: bool) -> int | None:
        for a, b, size in blocks:
            if size and (a <= i < a + size or (end and a < i <= a + size)):
                return b + (i - a)
        return None

    def span(sp: Span) -> Span | None:
        s = one(sp[0], False)
        e = one(sp[1], True)
        if s is None or e is None or e <= s:
            # the span's own words may still be in the text
            words = plain[sp[0] : sp[1]]
            k = text.find(words)
            return (k, k + len(words)) if k >= 0 else None
        return (s, e)

    return span


def _find_all(text: str, phrase: str) -> list[Span]:
    out, k = [], text.find(phrase)
    while phrase and k >= 0:
        out.append((k, k + len(phrase)))
        k = text.find(phrase, k + 1)
    return out


def _actor_texts(value) -> list[str]:
    if not isinstance(value, list):
        return []
    return [str(a.get("actorText", "")).strip() for a in value if isinstance(a, dict) and a.get("actorText")]


def read_plover(path: str | Path) -> list[PloverRecord]:
    """The gold records with text, in file order, each with its split and its spans."""
    path = Path(path)
    if not path.is_file():
        raise GraphkitError(f"{path}: PLOVER gold file not found (expected ../shared/eval/plover/"
                            "PLOVER_GSR_CAMEO_dev.json; pass the eval folder)")  # fmt: skip
    table = path.parent / CROSSWALK_FILE
    names = crosswalk(table if table.is_file() else None)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as e:
        raise GraphkitError(f"{path}: not valid JSON ({e})") from e
    if not isinstance(data, list):
        raise GraphkitError(f"{path}: expected a JSON list of records")
    out = []
    position = 0
    for rec in data:
        if not isinstance(rec, dict) or not rec.get("text") or rec.get("event") == "DOCUMENT":
            continue
        out.append(_record(rec, position, names))
        position += 1
    return out


def _record(rec: dict, position: int, names: dict[str, str]) -> PloverRecord:
    text = rec["text"]
    category = rec.get("event", "")
    if category not in names:
        raise GraphkitError(f"{rec.get('id')}: unknown PLOVER category {category!r}")
    markup = (rec.get("textInfo") or {}).get("markup") or text
    plain, tagged = parse_markup(markup)
    align = _aligner(plain, text)
    spans: dict[str, list[Span]] = {"SRC": [], "TAR": [], "REC": [], "EVT": []}
    for tag, sp in tagged:
        mapped = align(sp)
        if mapped is None:
            continue
        if tag in ("SRC", "SRC/LOC"):
            spans["SRC"].append(mapped)
        elif tag == "TAR":
            spans["TAR"].append(mapped)
        elif tag == "SRC/TAR":
            spans["REC"].append(mapped)
        elif tag == "EVT":
            spans["EVT"].append(mapped)
    sources = spans["SRC"] + spans["REC"]
    targets = spans["TAR"] + spans["REC"]
    if not sources:  # markup without a SRC tag: the source actors' texts where the sentence has them
        sources = [sp for a in _actor_texts(rec.get("source")) for sp in _find_all(text, a)]
    if not targets:
        targets = [sp for a in _actor_texts(rec.get("target")) for sp in _find_all(text, a)]
    return PloverRecord(
        id=str(rec.get("id", f"plover-{position}")),
        position=position,
        split=parity_split(position),
        text=text,
        category=names[category],
        category_2016=category,
        sources=tuple(sorted(set(sources))),
        targets=tuple(sorted(set(targets))),
        reciprocal=tuple(sorted(set(spans["REC"]))),
        event_words=tuple(spans["EVT"]),
        date=rec.get("date"),
    )


# --------------------------------------------------------------------------- system


@dataclass(frozen=True, slots=True)
class PloverArg:
    role: str  # agent / patient / recipient / place / time / instrument / other
    spans: tuple[Span, ...]  # its own mention first, then its entity's other mentions in the article


@dataclass(frozen=True, slots=True)
class PloverEvent:
    start: int
    end: int
    type: str | None
    confidence: float
    arguments: tuple[PloverArg, ...]
    trigger: str = ""


def read_events(ds) -> dict[str, list[PloverEvent]]:
    """Article id -> its events, read from the RDF: type, confidence, trigger and every participation
    with its role and its entity's mentions in the same article."""
    from rdflib.namespace import RDF

    from graphkit.evaluate.system import article_ids, mention_span
    from graphkit.rdf.namespaces import GAF, GK, GKT, SEM

    roles = {GK.AgentRole: "agent", GK.PatientRole: "patient", GK.RecipientRole: "recipient",
             GK.PlaceRole: "place", GK.TimeRole: "time", GK.InstrumentRole: "instrument"}  # fmt: skip
    article_id = article_ids(ds)

    def span(m) -> tuple[str, int, int] | None:
        return mention_span(ds, article_id, m)

    out: dict[str, list[PloverEvent]] = {a: [] for a in article_id.values()}
    gkt = str(GKT)
    for ev in set(ds.subjects(RDF.type, GK.Event)):
        trig = ds.value(ev, GK.trigger)
        sp = span(trig) if trig is not None else None
        if sp is None:
            continue
        aid = sp[0]
        args = []
        for p in ds.objects(ev, GK.hasParticipation):
            am = ds.value(p, GK.argumentMention)
            asp = span(am) if am is not None else None
            if asp is None:
                continue
            spans = [(asp[1], asp[2])]
            ent = ds.value(p, GK.participant)
            if ent is not None:
                for m in ds.objects(ent, GAF.denotedBy):
                    msp = span(m)
                    if msp is not None and msp[0] == aid and (msp[1], msp[2]) not in spans:
                        spans.append((msp[1], msp[2]))
            args.append(PloverArg(roles.get(ds.value(p, GK.role), "other"), tuple(spans)))
        etype = ds.value(ev, SEM.eventType)
        type_id = str(etype)[len(gkt) :] if etype is not None and str(etype).startswith(gkt) else None
        conf = ds.value(ev, GK.confidence)
        out[aid].append(
            PloverEvent(
                sp[1], sp[2], type_id, float(conf) if conf is not None else 0.0,
                tuple(sorted(args, key=lambda a: (a.spans[0], a.role))), str(ds.value(ev, GK.triggerText) or ""),
            )
        )  # fmt: skip
    for evs in out.values():
        evs.sort(key=lambda e: (e.start, e.end))
    return out


@cache
def plover_of_type() -> dict[str, str]:
    """Event type id -> its PLOVER category in the scheme (approximate matches "~" count)."""
    from graphkit.rdf.scheme import event_types

    return {t.id: t.plover.lstrip("~") for t in event_types().values() if t.plover}


# --------------------------------------------------------------------------- scoring


def _overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _hits(spans: Iterable[Span], gold: Iterable[Span]) -> list[Span]:
    gold = list(gold)
    return [g for s in spans for g in gold if _overlaps(s, g)]


def main_event(events: Sequence[PloverEvent], event_words: Sequence[Span]) -> PloverEvent | None:
    """The sentence's main event (see the module docstring): on the gold event words, preferring a
    PLOVER-coded event; else the most confident PLOVER-coded event; else the most confident event that
    is not a statement; else any."""
    if not events:
        return None
    coded = plover_of_type()

    def best(cands: Sequence[PloverEvent]) -> PloverEvent | None:
        # on the event words the first coded one (the governing verb comes first: "agreed to set up",
        # "refused to meet"); elsewhere the most confident
        if not cands:
            return None
        return min(cands, key=lambda e: (e.type not in coded, e.start, -e.confidence))

    on_words = [e for e in events if any(_overlaps((e.start, e.end), w) for w in event_words)]
    pick = best(on_words) or min(
        (e for e in events if e.type in coded), key=lambda e: (-e.confidence, e.start), default=None
    )
    if pick is not None:
        return pick
    others = [e for e in events if e.type not in ("statement", "communication")]
    return min(others or events, key=lambda e: (-e.confidence, e.start))


@dataclass(frozen=True, slots=True)
class Outcome:
    """How one record was scored (for the tuned error listing)."""

    record: PloverRecord
    event: PloverEvent | None
    category: str | None  # the main event's PLOVER category
    category_ok: bool
    source_ok: bool | None  # None: the record has no gold source
    target_ok: bool | None
    events: tuple[PloverEvent, ...] = ()  # every event of the sentence


def score_record(rec: PloverRecord, events: Sequence[PloverEvent]) -> Outcome:
    ev = main_event(events, rec.event_words)
    category = plover_of_type().get(ev.type or "") if ev is not None else None
    src_ok = tgt_ok = None
    if rec.sources:
        src_ok = False
    if rec.targets:
        tgt_ok = False
    if ev is not None:
        src_ok, tgt_ok = _agreement(rec, ev.arguments, src_ok, tgt_ok)
    return Outcome(rec, ev, category, category == rec.category, src_ok, tgt_ok, tuple(events))


def _agreement(rec: PloverRecord, args: Sequence[PloverArg], src_ok, tgt_ok):
    agents = [sp for a in args if a.role == "agent" for sp in a.spans]
    undergoers = [sp for a in args if a.role in ("patient", "recipient") for sp in a.spans]
    credited = _hits(agents, rec.sources)
    if src_ok is not None:
        src_ok = bool(credited)
    if tgt_ok is not None:
        tgt_ok = bool(_hits(undergoers, rec.targets))
        only_reciprocal = set(rec.targets) <= set(rec.reciprocal)
        if not tgt_ok and only_reciprocal and len(rec.reciprocal) > 1:
            others = [g for g in rec.reciprocal if g not in credited[:1]]
            tgt_ok = bool(_hits(agents, others))
    return src_ok, tgt_ok


# --------------------------------------------------------------------------- the bar


def plain_spacy_events(texts: Sequence[str], model: str) -> list[list[PloverEvent]]:
    """The plain spaCy script: every verb with a subject and an object is an event, subject = agent,
    object = patient (their subtrees' spans), no type."""
    import spacy

    try:
        nlp = spacy.load(model)
    except OSError as e:
        raise GraphkitError(f"spaCy model {model!r} is not installed (pip install the model)") from e
    out = []
    for doc in nlp.pipe(texts, batch_size=16):
        evs = []
        for t in doc:
            if t.pos_ != "VERB":
                continue
            subj = [c for c in t.children if c.dep_ in ("nsubj", "nsubjpass")]
            obj = [c for c in t.children if c.dep_ in ("dobj", "obj")]
            if not subj or not obj:
                continue
            args = tuple(
                PloverArg(role, ((c.left_edge.idx, c.right_edge.idx + len(c.right_edge)),))
                for role, cs in (("agent", subj), ("patient", obj))
                for c in cs
            )
            evs.append(PloverEvent(t.idx, t.idx + len(t), None, 0.0, args, t.text))
        out.append(evs)
    return out


def _bar_main(events: Sequence[PloverEvent], event_words: Sequence[Span]) -> PloverEvent | None:
    on_words = [e for e in events if any(_overlaps((e.start, e.end), w) for w in event_words)]
    return (on_words or list(events) or [None])[0]


# --------------------------------------------------------------------------- running


def outcomes(records: Sequence[PloverRecord], settings: Settings) -> list[Outcome]:
    """Build every record's sentence as one article with the real pipeline and score it from the RDF."""
    from graphkit.evaluate.run import build_graph

    if not records:
        return []
    articles = (Article(id=r.id, text=r.text, date=r.date) for r in records)
    events = read_events(build_graph(articles, settings))
    return [score_record(r, events.get(r.id, [])) for r in records]


def bar_figures(records: Sequence[PloverRecord], settings: Settings) -> dict[str, float]:
    """The plain spaCy script's figures on these records (category accuracy is 0: it has no categories)."""
    evs = plain_spacy_events([r.text for r in records], settings.model)
    src = [r for r in records if r.sources]
    tgt = [r for r in records if r.targets]
    s_ok = t_ok = 0
    for r, e in zip(records, evs, strict=True):
        ev = _bar_main(e, r.event_words)
        if ev is None:
            continue
        s, t = _agreement(r, ev.arguments, False if r.sources else None, False if r.targets else None)
        s_ok += bool(s)
        t_ok += bool(t)
    return {
        "category accuracy": 0.0,
        "source agreement": s_ok / len(src) if src else 0.0,
        "target agreement": t_ok / len(tgt) if tgt else 0.0,
    }


def figures_of(split: Split, results: Sequence[Outcome], bar: dict[str, float] | None = None) -> list[Figure]:
    """The three figures of one split."""
    n = len(results)
    src = [o for o in results if o.source_ok is not None]
    tgt = [o for o in results if o.target_ok is not None]
    values = {
        "category accuracy": (sum(o.category_ok for o in results) / n if n else 0.0, n),
        "source agreement": (sum(bool(o.source_ok) for o in src) / len(src) if src else 0.0, len(src)),
        "target agreement": (sum(bool(o.target_ok) for o in tgt) / len(tgt) if tgt else 0.0, len(tgt)),
    }
    return [
        Figure(SET_NAME, split, m, v, n=k, bar=(bar or {}).get(m, 0.0 if m == MEASURES[0] else None),
               bar_name=BAR_NAME, target=TARGETS[m])
        for m, (v, k) in values.items()
    ]  # fmt: skip


def evaluate_plover(
    path: str | Path,
    settings: Settings | None = None,
    splits: Sequence[Split] = SPLITS,
    limit: int | None = None,
    *,
    with_bar: bool = True,
) -> list[Figure]:
    """Category accuracy, source and target agreement on each split (see the module docstring).

    ``limit`` caps the records per split (the first ones in file order).
    """
    settings = settings or Settings()
    records = read_plover(path)
    out: list[Figure] = []
    for split in splits:
        if split not in SPLITS:
            raise GraphkitError(f"unknown split {split!r}: use tuned or frozen")
        part = [r for r in records if r.split == split][:limit]
        bar = bar_figures(part, settings) if with_bar and part else None
        out += figures_of(split, outcomes(part, settings), bar)
    return out
