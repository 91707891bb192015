"""Events: triggers from an extensible lexicon, roles from the dependency parse, factuality.

Triggers
    ``ontologies/event-lexicon.tsv`` maps lemmas (and multi-word phrases such as
    "peace deal", "pull out") to event types of ``ontologies/event-types.tsv``.
    Verbs and nouns are both triggers ("defected", "the defection"); a few words
    are filtered by context ("talks" but not "talk", "call for" but not "call").

Roles
    agent / patient / recipient / place / time, read from the parse: active and
    passive voice ("were challenged by local elders"), control and conjunction
    ("persuade troops to surrender", "surrendering or running away" share
    subjects), relative clauses ("soldiers, who guard checkpoints"), and for nominal
    events the possessor, "of"/"by"/"between"/"to"/"against" phrases and
    compounds ("the US withdrawal").

Factuality
    negation and denial ("has not surrendered", "disputes his father's
    defection") -> denied; modals and hearsay ("may follow", "is rumoured to") ->
    uncertain; "will", "would", plans and infinitives -> future; "if" clauses ->
    hypothetical.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache
from typing import TYPE_CHECKING

import numpy

from graphkit.extraction.document import DocState
from graphkit.extraction.lexicon import BELIEF_VERBS, DENIAL_VERBS, DOUBT_VERBS, ORG_NOUNS
from graphkit.extraction.time import article_anchor, date_text, direction_of, normalise
from graphkit.resources import ontology_file, read_tsv
from graphkit.types import Argument, Event, Factuality, Span, TimeValue

if TYPE_CHECKING:
    from spacy.tokens import Token


@dataclass(frozen=True, slots=True)
class Condition:
    """One context condition of a lexicon row (see the header of ``event-lexicon.tsv``)."""

    name: str  # report, obj, prep, goal, xcomp, mod, plural, pred, compound
    words: frozenset[str] = frozenset()  # obj=W|W, prep=W|W, mod=W|W; {"person"} / {"thing"} for obj
    negated: bool = False


@dataclass(frozen=True, slots=True)
class LexEntry:
    words: tuple[str, ...]
    pos: str
    type: str
    of_role: str
    when: tuple[Condition, ...] = ()
    confidence: float = 0.7


CONDITIONS = frozenset(
    {
        "report",
        "obj",
        "prep",
        "goal",
        "xcomp",
        "mod",
        "plural",
        "pred",
        "compound",
        "after",
        "name",
        "quantity",
        "acl",
        "passive",
    }
)


def parse_conditions(text: str) -> tuple[Condition, ...]:
    """``"obj=person,!compound"`` -> conditions; raises ValueError naming an unknown one."""
    out = []
    for part in filter(None, (p.strip() for p in text.split(","))):
        negated = part.startswith("!")
        name, _, words = part.lstrip("!").partition("=")
        if name not in CONDITIONS:
            raise ValueError(
                f"unknown lexicon condition {name!r} in {text!r}; known: {', '.join(sorted(CONDITIONS))}"
            )
        out.append(Condition(name, frozenset(w.lower() for w in words.split("|") if w), negated))
    return tuple(out)


@cache
def lexicon() -> tuple[dict[tuple[str, str], list[LexEntry]], dict[str, list[LexEntry]]]:
    """(single-word entries by (lemma, pos), multi-word entries by first word), in file order."""
    single: dict[tuple[str, str], list[LexEntry]] = {}
    multi: dict[str, list[LexEntry]] = {}
    path = ontology_file("event-lexicon.tsv")
    for n, row in enumerate(read_tsv(path), start=1):
        words = tuple(row["lemma"].lower().split())
        pos = row["pos"].upper()
        try:
            when = parse_conditions(row.get("when", ""))
            conf = float(row.get("conf") or 0.7)
        except ValueError as e:
            raise ValueError(f"{path}, entry {n} ({row['lemma']!r}): {e}") from e
        of_role = row.get("of_role") or "patient"
        if len(words) == 1:
            for p in ("VERB", "NOUN") if pos == "ANY" else (pos,):
                single.setdefault((words[0], p), []).append(
                    LexEntry(words, p, row["type"], of_role, when, conf)
                )
        else:
            multi.setdefault(words[0], []).append(LexEntry(words, pos, row["type"], of_role, when, conf))
    return single, multi


_CLAUSE_DEPS = {"ccomp", "advcl", "relcl", "acl", "xcomp", "conj", "parataxis", "csubj", "pcomp"}
_LOC_PREPS = {
    "in",
    "at",
    "near",
    "across",
    "inside",
    "outside",
    "around",
    "throughout",
    "within",
    "into",
    "on",
}
_MODAL_UNCERTAIN = {"may", "might", "could", "can"}
_MODAL_FUTURE = {"will", "shall", "'ll", "wo", "would", "should", "must"}
_FUTURE_GOVERNORS = {"plan", "intend", "want", "expect", "hope", "aim", "seek", "try", "attempt", "threaten",
                     "promise", "pledge", "vow", "agree", "prepare", "decide", "offer", "require", "need",
                     "going", "set", "persuade", "urge", "ask", "encourage", "begin", "start"}  # fmt: skip
_LIGHT = {"be", "have", "do", "get", "make", "take", "give"}


def find_events(state: DocState) -> list[Event]:
    """Events of one document: lexicon rules first, then the trained trigger head's extra triggers
    (``graphkit.extraction.triggers`` documents the order and the ``GRAPHKIT_TRIGGER_MODEL`` switch)."""
    from graphkit.extraction import triggers

    doc = state.doc
    single, multi = lexicon()
    anchor = article_anchor(state.article)
    dates = _dates(state, anchor)
    quoted = [(q.start, q.end) for q in state.quotes]
    events: list[Event] = []
    taken: set[int] = set()
    words = _lexicon_words()
    heads: list[int] = []  # the head token of each event, in step with ``events``
    mode = triggers.mode()
    probs = triggers.probabilities(doc) if mode != "off" else None
    cut = triggers.threshold() if probs is not None else 1.0

    def add(t: Token, entry: LexEntry, tokens: list[int], confidence: float | None = None) -> None:
        # the syntactic head carries the arguments: "deal" in "peace deal", "pull" in "pull out"
        t = max(
            (doc[i] for i in tokens),
            key=lambda x: (x.pos_ in ("NOUN", "VERB", "ADJ") and x.head.i not in tokens, x.pos_ == "VERB"),
        )
        if not _keep(t):
            return
        taken.update(tokens)
        first, last = min(tokens), max(tokens)
        span = doc[first : last + 1] if last - first < 3 else doc[t.i : t.i + 1]
        nominal = _pos(t) == "NOUN"
        args = _nominal_args(t, entry, state) if nominal else _verbal_args(t, entry, state)
        args = _capital_metonymy(args, entry.type, state)
        if (
            confidence is not None
            and entry.type == "other"
            and not any(a.role in _ACTOR_ROLES for a in args)
            and (probs is None or probs[t.i] < MODEL_SURE)
        ):
            return  # a generic event the head alone found needs a participant, unless the head is sure
        fact = factuality(t)
        time = _event_time(t, state, anchor, dates, fact)
        if confidence is None:
            # typed triggers with participants found are surer; generic ones stay low
            confidence = min(0.95, entry.confidence + (0.1 if args and entry.type != "other" else 0.0))
        heads.append(t.i)
        events.append(
            Event(
                trigger=Span(span.start_char, span.end_char, span.text),
                type=entry.type,
                lemma=" ".join(entry.words),
                sentence=state.sentence_of(t),
                arguments=tuple(args),
                time=time,
                factuality=fact,
                nominal=nominal,
                confidence=round(confidence, 2),
            )
        )

    for t in state.tokens:
        if t.i in taken:
            continue
        if t.lemma_.lower() not in words and t.pos_ != "VERB":
            continue  # cheap test first: most tokens are neither in the lexicon nor verbs
        found = _match(t, single, multi, state)
        if found is None:
            # verbs listed as "none" are never generic events; a verb listed only for a sense whose
            # conditions failed ("operate on a patient", "pass a law") may still be an actor's act
            # ("Aer Lingus operates an all-Airbus fleet", "the company passed Wal-Mart")
            rows = single.get((_lemma(t), "VERB"), ())
            listed_none = any(e.type == NOT_AN_EVENT for e in rows)
            generic = None if listed_none else _generic(t, state, quoted)
            if generic is None:
                generic = _time_anchored(t, state, quoted, dates)
            if generic is None:
                continue
            found = generic, [t.i]
        if mode == "only" and probs is not None and max(probs[i] for i in found[1]) < cut:
            continue  # model only: the head decides which tokens are triggers
        add(t, *found)
    if probs is not None:
        # the head's triggers the rules did not find, strongest first (a neighbour it also flagged,
        # "took place", then joins the stronger one's event instead of making a second)
        for i in sorted(numpy.flatnonzero(probs >= cut), key=lambda k: (-probs[k], k)):
            t = doc[int(i)]
            if t.i in taken or _next_to_taken(t, taken):
                continue
            entry = _model_entry(t, single, state, quoted, float(probs[t.i]))
            if entry is not None:
                add(t, entry, [t.i], confidence=min(MODEL_CONFIDENCE_CAP, float(probs[t.i])))
        if len(heads) > 1:
            order = sorted(range(len(heads)), key=lambda n: (events[n].trigger.start, n))
            events, heads = [events[n] for n in order], [heads[n] for n in order]
    events = _inherited_participants(doc, _shared_times(doc, events, heads), heads)
    return _reported_demands(state, events, heads)


# modal verbs that turn a reported clause into a demand on its subject ("X said Y must leave")
_DEMAND_MODALS = frozenset({"must", "should"})
_DEMAND_SEMIMODALS = frozenset({"have", "need"})  # "Y has to leave", "Y needs to leave"
_FIRST_PERSON = frozenset({"i", "we", "us"})
DEMAND_CONFIDENCE = 0.6


def _reported_demands(state: DocState, events: list[Event], heads: list[int]) -> list[Event]:
    """ "Britain reiterated that Libya must hand over the suspects", "the US said the Taliban should
    cut ties": a statement whose reported clause puts "must" / "should" / "has to" on its subject is
    a demand on that subject (CAMEO 10, PLOVER REQUEST), not a plain statement, when that subject is
    a known entity other than the speaker (and not "we"). The speaker stays the agent; the clause's
    subject becomes the patient. Negated or
    hypothetical reporting ("did not say", "may say") and the speaker's own obligation ("Karzai said
    he must leave") keep the statement as it is."""
    doc = state.doc
    out = list(events)
    for n, ev in enumerate(events):
        if ev.type != "statement" or ev.nominal or ev.factuality != "asserted":
            continue
        verb = doc[heads[n]]
        for clause in verb.children:
            if clause.dep_ != "ccomp" or clause.pos_ not in ("VERB", "AUX"):
                continue
            if not _demands_of(clause):
                continue
            subj = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            arg = _arg(state, subj, "patient", DEMAND_CONFIDENCE) if subj is not None else None
            if arg is None or arg.entity is None or (subj.pos_ == "PRON" and subj.lower_ in _FIRST_PERSON):
                break  # "the society must find a way", "we should concentrate": no actor is told what to do
            if any(a.role == "agent" and a.entity == arg.entity for a in ev.arguments):
                break  # "Karzai said he must leave": the speaker's own obligation, no demand on another
            extra = (arg,)
            out[n] = replace(
                ev,
                type="demand",
                arguments=tuple(a for a in ev.arguments if a.role != "patient") + extra,
                confidence=DEMAND_CONFIDENCE,
            )
            break
    return out


def _demands_of(clause: Token) -> bool:
    """Whether a clause's verb carries "must" / "should", or "has to" / "needs to" governs it."""
    if any(c.dep_ == "aux" and c.lower_ in _DEMAND_MODALS for c in clause.children):
        return True
    # "Libya has to hand over": the parse makes "has" the clause's head with the verb as its xcomp
    return clause.lemma_.lower() in _DEMAND_SEMIMODALS and any(
        c.dep_ == "xcomp" and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children) for c in clause.children
    )


def _shared_times(doc, events: list[Event], heads: list[int]) -> list[Event]:
    """An event with no time of its own takes the time of the event it hangs on when the grammar
    says they go together: a participle adjunct ("called for a re-run on June 18, citing flaws"), a
    conjoined verb ("were selected and purchased"), or a nominal event that is the subject or
    object of a dated verb ("a test flight was delayed today")."""
    by_head = {h: n for n, h in enumerate(heads)}
    out = list(events)
    for n, ev in enumerate(events):
        if ev.time is not None:
            continue
        t = doc[heads[n]]
        gov = by_head.get(t.head.i) if t.head.i != t.i else None
        if gov is None or events[gov].time is None:
            continue
        gtime = events[gov].time
        if ev.nominal:
            ok = (
                t.dep_ in ("nsubj", "nsubjpass", "dobj")
                and not gtime.inferred
                and ev.factuality == "asserted"
            )
        elif t.dep_ == "advcl":
            ok = t.tag_ in ("VBG", "VBN") and not any(
                c.dep_ in ("nsubj", "nsubjpass", "mark") for c in t.children
            )
        elif t.dep_ == "conj":
            ok = (
                not any(c.dep_ in ("nsubj", "nsubjpass", "aux") for c in t.children)
                and ev.factuality == "asserted"
            )
        else:
            ok = False
        if ok:
            out[n] = replace(ev, time=gtime)
    return out


# one-sided attacks (not "a battle between troops and militants", where either side may have killed)
_ATTACK_TYPES = frozenset({"attack", "bombing", "air_strike", "shelling", "shooting", "massacre", "killing"})
_HARM_TYPES = frozenset({"killing", "death", "injury", "destruction", "massacre"})
INHERITED_CONFIDENCE = 0.5


def _inherited_participants(doc, events: list[Event], heads: list[int]) -> list[Event]:
    """ "fighters were killed in IS attacks in Badia", "soldiers died in the bombing": harm done in
    an attack is done by the attacker, where the attack was; an event of harm with no agent (or no
    place) of its own takes those of the attack its "in"/"during" phrase names (lower confidence)."""
    by_head = {h: n for n, h in enumerate(heads)}
    out = list(events)
    for n, ev in enumerate(events):
        if ev.type not in _HARM_TYPES:
            continue
        t = doc[heads[n]]
        for prep in t.children:
            if prep.dep_ != "prep" or prep.lower_ not in ("in", "during"):
                continue
            pobj = next((g for g in prep.children if g.dep_ == "pobj"), None)
            k = by_head.get(pobj.i) if pobj is not None else None
            if k is None or events[k].type not in _ATTACK_TYPES or k == n:
                continue
            attack = events[k]
            have = {a.role for a in out[n].arguments}
            extra = [
                replace(a, confidence=min(a.confidence, INHERITED_CONFIDENCE))
                for a in attack.arguments
                if (a.role == "agent" and "agent" not in have) or (a.role == "place" and "place" not in have)
            ]
            if extra:
                out[n] = replace(out[n], arguments=out[n].arguments + tuple(extra))
            break
    return out


# --------------------------------------------------------------------------- triggers


@cache
def _lexicon_words() -> frozenset[str]:
    """Every word of every lexicon entry (a token whose lemma is not here can only be generic)."""
    single, multi = lexicon()
    return frozenset(
        {w for w, _ in single} | {w for entries in multi.values() for e in entries for w in e.words}
    )


def _lemma(t: Token) -> str:
    return t.lemma_.lower()


def _pos(t: Token) -> str | None:
    if t.pos_ == "VERB" or (t.tag_.startswith("VB") and t.pos_ != "AUX"):
        return "VERB"
    if t.pos_ == "NOUN" and any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children):
        return "VERB"  # "was set to land in the US": the tagger's noun is an infinitive
    if t.pos_ in ("NOUN", "PROPN"):
        return "NOUN"
    if t.pos_ == "ADJ":
        return "ADJ"
    return None


def _match(t: Token, single, multi, state: DocState) -> tuple[LexEntry, list[int]] | None:
    """The first lexicon row that names this token (alone or in a phrase) and whose conditions hold."""
    pos = _pos(t)
    if pos is None:
        return None
    doc = t.doc
    lemma = _lemma(t)
    for entry in multi.get(lemma, ()):
        rest = entry.words[1:]
        tokens = None
        # contiguous phrase: "peace deal", "air strike", "take to hospital"
        if all(t.i + k + 1 < len(doc) and _lemma(doc[t.i + k + 1]) == w for k, w in enumerate(rest)):
            tokens = list(range(t.i, t.i + len(entry.words)))
        # phrasal verb: "pull ... out", "run away", "switch sides", "opened fire"
        elif pos == "VERB" and len(rest) == 1:
            for child in t.children:
                if child.dep_ in ("prt", "advmod", "dobj") and _lemma(child) == rest[0]:
                    tokens = [t.i, child.i]
                    break
        if tokens is not None and _holds(doc[tokens[-1]] if pos == "NOUN" else t, entry, state):
            return entry, tokens
    # head-final compound noun: "peace deal" where the trigger token is "deal"
    if pos == "NOUN":
        for child in t.children:
            if child.dep_ == "compound" and child.i == t.i - 1:
                for entry in multi.get(_lemma(child), ()):
                    if entry.words[1:] == (lemma,) and _holds(t, entry, state):
                        return entry, [child.i, t.i]
    # names ("Operation Desert Storm", "Deal Street") are triggers only through rows marked "name"
    name = t.pos_ == "PROPN"
    for entry in single.get((lemma, pos), ()):
        if name and not any(c.name == "name" for c in entry.when):
            continue
        if _holds(t, entry, state):
            return (entry, [t.i]) if entry.type != NOT_AN_EVENT else None
    return None


NOT_AN_EVENT = "none"  # lexicon type of verbs that are never events, not even generic ones ("be", "seem")
GENERIC_CONFIDENCE = 0.4
_GENERIC_DEPS = frozenset({"ROOT", "ccomp", "conj", "advcl", "relcl", "parataxis"})


def _generic(t: Token, state: DocState, quoted: list[tuple[int, int]]) -> LexEntry | None:
    """An actor-centred event of type ``other``: a clause's main verb, not in the lexicon, whose
    subject is a known entity ("Boeing pushed back the programme", "she fled"), outside direct
    quotes. Light, stative, aspectual and cognition verbs are listed as ``none`` in the lexicon.

    Not any verb with any subject: that makes the graph a list of clauses ("the report examines
    methods") and, measured on WikiEvents with every event scored, cost 0.016 trigger F1 (MEANTIME
    time accuracy +0.020); see benchmarks/RESULTS.md."""
    if t.pos_ != "VERB" or t.dep_ not in _GENERIC_DEPS:
        return None
    subj = next((c for c in t.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None:
        return None
    cluster = state.entity_of(subj)
    if (cluster is None or cluster.type is None) and subj.dep_ == "nsubjpass":
        # "the aircraft was greeted by some 400 guests": the actor is the passive's "by" phrase
        by = [g for c in t.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        cluster = next((state.entity_of(g) for g in by if state.entity_of(g) is not None), None)
    if cluster is None or cluster.type is None:
        return None
    if any(a <= t.idx < b for a, b in quoted):
        return None
    return LexEntry((_lemma(t),), "VERB", "other", "patient", (), GENERIC_CONFIDENCE)


TIME_ANCHORED_CONFIDENCE = 0.4
_TIME_ANCHORED_DEPS = _GENERIC_DEPS | {"xcomp", "acl"}


def _time_anchored(t: Token, state: DocState, quoted: list[tuple[int, int]], dates) -> LexEntry | None:
    """A verb the lexicon does not make an event (a light, stative or aspectual verb, or one whose
    subject is no known entity) that the text itself dates: "pre-orders began Tuesday", "the
    announcement came today", "an event to be held on October 12", "Jobs, born on February 24, 1955",
    "will be available on June 17". An eventuality with a written calendar date is one an analyst can
    place on a timeline; it becomes a generic event (type ``other``, confidence 0.4). Not a copula with
    a noun predicate ("it was a milestone"), not a light verb whose object is the event ("gave a
    speech": the speech is), not inside a direct quote."""
    if t.dep_ not in _TIME_ANCHORED_DEPS or t.tag_ == "MD":
        return None
    if t.pos_ == "AUX":
        if t.lemma_.lower() != "be" or any(c.dep_ in ("attr", "expl") for c in t.children):
            return None
    elif t.pos_ != "VERB":
        return None
    if any(c.dep_ == "dobj" and _names_event(c, state) for c in t.children):
        return None
    if any(a <= t.idx < b for a, b in quoted):
        return None
    when = _clause_date(t, state, dates, strict=True)
    if when is None or when.precision not in ("day", "month", "year"):
        return None
    return LexEntry((_lemma(t),), "VERB", "other", "patient", (), TIME_ANCHORED_CONFIDENCE)


def _keep(t: Token) -> bool:
    """Filters that hold for every trigger, whatever its lexicon row."""
    if t.dep_ == "amod" and t.pos_ == "ADJ":
        return False
    if t.pos_ == "VERB" and t.dep_ == "amod" and t.tag_ == "VBN" and not _has_subject_to_left(t):
        return False  # "the wounded soldiers", "a rushed operation": participles describing a noun
    return True


MODEL_CONFIDENCE_CAP = 0.6  # a head-only trigger stays below the rules' typed, argued events
# at or above this probability a head-only trigger is an event even with no agent or patient found
# ("after slipping on the ice"); chosen on ECB+ topics 23-25 and MEANTIME (0.7 and 0.8 alike there,
# 0.8 costs WikiEvents less), see benchmarks/RESULTS.md
MODEL_SURE = 0.8
# at or above this probability the head's noun is an event even when it is no nominalisation or lexicon verb
# ("the heist", "a vigil", "the playoffs"); below it such nouns were mostly things. Chosen on ECB+ topics
# 23-25 (0.90: F1 0.799 -> 0.808; 0.80 and 0.70 lose precision), see benchmarks/RESULTS.md
NOUN_SURE = 0.9
_ACTOR_ROLES = frozenset({"agent", "patient"})
# copulas and verbs of possession or lasting state: never an event the head alone found ("Rahimi keeps a
# worn copy", "the firm owns two plants"); the rules' time-anchored events still take them when dated
_STATIVE = frozenset({
    "be", "seem", "appear", "become", "remain", "have", "keep", "own", "possess", "belong", "consist",
    "resemble", "lack", "deserve", "cost", "weigh",
})  # fmt: skip
_NAMING = frozenset({"call", "name", "dub", "know", "title", "nickname", "label", "brand", "term"})
_MODEL_DEPS = frozenset({"prt", "compound", "dobj", "amod", "aux", "auxpass", "neg"})


def _model_entry(
    t: Token, single, state: DocState, quoted: list[tuple[int, int]], p: float = 0.0
) -> LexEntry | None:
    """The entry for a trigger only the trained head found: a generic event (type ``other``). The
    lexicon decides types, the head whether something happened: a lemma whose typed rows' conditions
    failed ("the plan was executed" is no killing, "the climber fell" no capture of a town) is still
    an event of no known type when the head flags it. A lemma listed only as never an event ("see",
    "think", "make") is left to the head too, which learnt from ECB+ when such verbs are events;
    copulas and verbs of possession or state (``_STATIVE``) never are, nor nouns that cannot name a
    happening (``_eventive_noun``) unless the head is sure of them (``p`` at least ``NOUN_SURE``). Not a
    word that is neither verb nor noun, nor part of a name, nor a light verb whose object names the event,
    nor a word inside a direct quote (as for the rules' generic events)."""
    pos = _pos(t)
    if pos not in ("VERB", "NOUN") or (t.pos_ == "PROPN" and t.ent_type_):
        return None
    lemma = _lemma(t)
    if lemma in _STATIVE or (pos == "NOUN" and p < NOUN_SURE and not _eventive_noun(lemma, single)):
        return None
    if any(c.dep_ == "dobj" and _names_event(c, state) for c in t.children):
        return None  # a light verb whose object is the event: "reached a consensus", "gave a speech"
    if lemma in _NAMING and any(c.dep_ == "oprd" or (c.dep_ == "prep" and c.lower_ == "as") for c in t.children):
        return None  # naming, not a happening: "a group called Hizb ut-Tahrir", "known as Little Kabul"
    if any(a <= t.idx < b for a, b in quoted):
        return None  # as for the rules' generic events: not inside a direct quote
    return LexEntry((lemma,), pos, "other", "patient", (), GENERIC_CONFIDENCE)


# suffixes that make a noun of an action ("collision", "settlement", "closure", "dismissal")
_NOMINALISING = ("tion", "sion", "ment", "ance", "ence", "ure", "ing", "al", "age")


def _eventive_noun(lemma: str, single) -> bool:
    """Whether a noun can name a happening: a nominalisation by its suffix, or a word the lexicon
    also lists as a verb ("raid", "crash", "heist"). The head alone turns no other noun into an
    event: on the tuned sets most of its other nouns were things ("knee", "software", "headquarters")."""
    return (len(lemma) >= 5 and lemma.endswith(_NOMINALISING)) or (lemma, "VERB") in single


def _next_to_taken(t: Token, taken: set[int]) -> bool:
    """A neighbour word tied to an event trigger already found ("place" of "took place")."""
    for other in (t.head, *t.children):
        if other.i in taken and abs(other.i - t.i) == 1:
            if (t.dep_ if other is t.head else other.dep_) in _MODEL_DEPS:
                return True
    return False


def _holds(t: Token, entry: LexEntry, state: DocState) -> bool:
    return all(_condition(t, c, state) != c.negated for c in entry.when)


_PEOPLE = frozenset({
    "prisoner", "soldier", "man", "woman", "people", "person", "civilian", "hostage", "detainee", "captive",
    "fighter", "militant", "insurgent", "rebel", "suspect", "official", "worker", "employee", "journalist",
    "child", "student", "protester", "demonstrator", "leader", "member", "officer", "troop", "guard",
    "policeman", "activist", "executive", "chief", "director", "minister", "staff", "staffer", "him", "her",
    "them", "me", "us", "who", "whom", "patient", "victim", "driver", "passenger", "resident", "villager",
    "citizen", "juror", "supporter", "opponent", "politician", "lawmaker", "voter", "customer", "colleague",
    "you", "everyone", "everybody", "someone", "somebody", "nobody",
})  # fmt: skip
_GOAL_PREPS = frozenset(
    {"to", "into", "toward", "towards", "from", "for", "onto", "across", "through", "via"}
)
_GOAL_ADVS = frozenset(
    {"home", "back", "away", "abroad", "overseas", "out", "off", "there", "here", "inside"}
)


def _object(t: Token) -> Token | None:
    """What the trigger acts on: the direct object, a passive subject, or a noun's "of"-phrase."""
    for c in t.children:
        if c.dep_ in ("dobj", "nsubjpass"):
            return c
    if t.pos_ in ("NOUN", "PROPN"):
        for c in t.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                return next((g for g in c.children if g.dep_ == "pobj"), None)
    if _passive_participle(t):  # "soldiers killed by ..." -> soldiers
        return t.head
    return None


def _passive_participle(t: Token) -> bool:
    """A participle describing the noun it undergoes: "soldiers killed by ...", "the six service members
    killed" (the tagger often says VBD there), not "a group called X" nor one with its own object."""
    return (
        t.dep_ == "acl"
        and t.tag_ in ("VBN", "VBD")
        and not any(c.dep_ in ("nsubj", "nsubjpass", "dobj", "aux") for c in t.children)
    )


def _is_person(token: Token, state: DocState) -> bool:
    cl = state.entity_of(token)
    if cl is not None and cl.type is not None:
        return cl.type in ("Person", "Group")
    return token.lemma_.lower() in _PEOPLE or token.lower_ in _PEOPLE or token.ent_type_ in ("PERSON", "NORP")


def _condition(t: Token, c: Condition, state: DocState) -> bool:
    name = c.name
    if name == "report":
        return _reports(t)
    if name == "obj":
        obj = _object(t)
        if obj is None:
            return False
        if not c.words:
            return True
        if c.words == {"person"}:
            return _is_person(obj, state)
        if c.words == {"thing"}:
            return not _is_person(obj, state)
        if c.words == {"event"}:
            return obj.pos_ == "NOUN" and _names_event(obj, state)
        return (
            obj.lemma_.lower() in c.words
            or obj.lower_ in c.words
            or ("person" in c.words and _is_person(obj, state))
        )
    if name == "prep":
        return any(
            ch.dep_ in ("prep", "agent", "mark", "prt") and ch.lower_ in c.words for ch in t.children
        ) or ("that" in c.words and any(ch.dep_ == "ccomp" for ch in t.children))
    if name == "goal":
        for ch in t.children:
            if ch.dep_ in ("prep", "dative") and ch.lower_ in _GOAL_PREPS:
                return True
            if ch.dep_ in ("advmod", "prt", "npadvmod") and ch.lower_ in _GOAL_ADVS:
                return True
            if ch.dep_ == "dobj":
                cl = state.entity_of(ch)
                if cl is not None and cl.type == "Location":
                    return True
        return False
    if name == "xcomp":
        return any(ch.dep_ == "xcomp" for ch in t.children)
    if name == "mod":
        return any(
            ch.dep_ in ("amod", "compound", "nmod", "npadvmod")
            and ch.i < t.i
            and ch.lemma_.lower() in c.words
            for ch in t.children
        )
    if name == "plural":
        return t.tag_ in ("NNS", "NNPS")
    if name == "pred":
        return t.dep_ in ("acomp", "oprd", "ROOT", "conj", "xcomp", "ccomp") or (
            t.dep_ == "amod" and t.head.i < t.i
        )
    if name == "acl":
        return t.dep_ == "acl"
    if name == "passive":
        return any(ch.dep_ in ("nsubjpass", "auxpass") for ch in t.children)
    if name == "quantity":
        return _changes_quantity(t)
    if name == "after":
        return t.i > 0 and t.doc[t.i - 1].lower_ in c.words
    if name == "name":
        return t.pos_ == "PROPN"
    if name == "compound":
        return t.dep_ == "compound" or (t.dep_ in ("amod", "nmod") and t.head.pos_ in ("NOUN", "PROPN"))
    raise ValueError(f"unknown lexicon condition {name!r}")


_QUANTITY_NOUNS = frozenset({
    "price", "cost", "rate", "share", "stock", "sale", "revenue", "profit", "earnings", "income", "loss", "output",
    "production", "number", "figure", "level", "amount", "volume", "value", "index", "job", "efficiency", "demand",
    "supply", "tax", "fare", "fee", "spending", "budget", "deficit", "debt", "inflation", "unemployment", "growth",
    "percent", "percentage", "point", "dollar", "euro", "pound", "yen", "yuan", "barrel", "capacity", "margin",
    "estimate", "forecast", "turnover", "export", "import", "investment", "wage", "salary", "pay", "toll",
    "population", "yield", "premium", "target", "expectation", "dividend", "market", "consumption", "capital",
})  # fmt: skip


def _changes_quantity(t: Token) -> bool:
    """ "sales rose 5%", "cut prices", "a 3% increase", "reduced its forecast": something countable changes."""
    near = []
    for c in t.children:
        if c.dep_ in (
            "nsubj",
            "nsubjpass",
            "dobj",
            "npadvmod",
            "attr",
            "nummod",
            "amod",
            "compound",
            "advmod",
        ):
            near.append(c)
        elif c.dep_ == "prep" and c.lower_ in ("by", "to", "from", "in", "of"):
            near.extend(g for g in c.children if g.dep_ == "pobj")
    if t.pos_ in ("NOUN", "PROPN") and t.dep_ in ("dobj", "nsubj", "pobj"):
        near.append(t.head)  # "saw an increase"
    for n in near:
        if (
            n.lemma_.lower() in _QUANTITY_NOUNS
            or n.ent_type_ in ("MONEY", "PERCENT", "QUANTITY")
            or n.like_num
        ):
            return True
        if any(g.ent_type_ in ("MONEY", "PERCENT", "QUANTITY") for g in n.children):
            return True
    return False


def _has_subject_to_left(t: Token) -> bool:
    """A verb the parser attached as a modifier but with a noun phrase right before it:
    "the Taliban still “massacred” soldiers"."""
    doc = t.doc
    i = t.i - 1
    while i >= 0 and (doc[i].is_punct or doc[i].pos_ == "ADV"):
        i -= 1
    return i >= 0 and doc[i].pos_ in ("PROPN", "NOUN") and doc[i].dep_ not in ("compound",) and i < t.i - 1


def _reports(t: Token) -> bool:
    """A verb used to report speech: it has a clause, or stands next to a quotation mark."""
    if any(c.dep_ in ("ccomp", "parataxis") for c in t.children):
        return True
    doc = t.doc
    window = doc[max(0, t.i - 4) : min(len(doc), t.i + 3)]
    return any(w.text in ("“", "”", '"', "’", "‘") for w in window)


# --------------------------------------------------------------------------- arguments


def _arg(state: DocState, token: Token, role: str, confidence: float = 0.7) -> Argument | None:
    """An argument for the noun phrase headed by ``token`` (entity when one is known)."""
    if token.pos_ in ("PRON",) and token.lower_ in ("who", "which", "that") and token.head.dep_ == "relcl":
        token = token.head.head  # "soldiers, who guard ..." -> soldiers
    if _is_time_phrase(token) and role != "time":
        return None  # "Saturday's attack", "an attack on 13 September", "30 minutes' warning": a time
    # quantity heads: "Hundreds of Afghan soldiers" -> the soldiers
    if (
        token.lemma_.lower()
        in ("hundred", "thousand", "dozen", "number", "group", "some", "many", "most", "all", "several")
        or token.like_num
    ):
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                inner = next((g for g in child.children if g.dep_ == "pobj"), None)
                if inner is not None:
                    token = inner
                    break
    cluster = state.entity_of(token)
    if cluster is not None and cluster.mentions:
        m = next((m for m in cluster.mentions if m.start <= token.i < m.end), None)
        if m is None:
            m = min(cluster.mentions, key=lambda m: abs(m.start - token.i))
            start, end = token.i, token.i + 1
            # the phrase around the token (compounds and flat names)
            start = min(
                [start] + [c.i for c in token.children if c.dep_ in ("compound", "flat") and c.i < token.i]
            )
        else:
            start, end = m.start, m.end
        s, e, text = state.span_text(start, end)
        return Argument(role, Span(s, e, text), entity=str(cluster.id), confidence=confidence)  # type: ignore[arg-type]
    if token.pos_ == "PRON" and token.lower_ in _PERSONAL_PRONOUNS:
        # "they attacked": a participant the text names only by a pronoun coreference did not resolve
        s, e, text = state.span_text(token.i, token.i + 1)
        return Argument(role, Span(s, e, text), entity=None, confidence=round(confidence * 0.5, 3))  # type: ignore[arg-type]
    if token.pos_ in ("PRON", "DET", "NUM", "ADV", "ADJ", "SCONJ", "AUX", "PART", "PUNCT"):
        return None
    if token.pos_ == "VERB" or _names_event(token, state):
        return None  # "signed the agreement", "delayed the delivery": an event, not a participant
    start = min(
        [token.i]
        + [
            c.i
            for c in token.children
            if c.dep_ in ("compound", "amod", "nmod", "poss", "nummod") and c.i < token.i
        ]
    )
    s, e, text = state.span_text(start, token.i + 1)
    return Argument(role, Span(s, e, text), entity=None, confidence=confidence * 0.8)  # type: ignore[arg-type]


_TIME_NOUNS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "weekend",
                         "morning", "afternoon", "evening", "night", "day", "week", "month", "year", "hour",
                         "minute", "decade", "century", "today", "yesterday", "tomorrow"})  # fmt: skip


def _is_time_phrase(token: Token) -> bool:
    """A noun phrase that says when, not who or where: a DATE/TIME entity or a time noun heading it."""
    if token.ent_type_ in ("DATE", "TIME"):
        return True
    return token.pos_ in ("NOUN", "PROPN") and token.lemma_.lower() in _TIME_NOUNS


_PERSONAL_PRONOUNS = frozenset({"he", "she", "they", "we", "i", "you", "him", "her", "them", "us", "me",
                                "his", "their", "our", "my", "its", "it"})  # fmt: skip


def _names_event(token: Token, state: DocState) -> bool:
    """A common noun the lexicon makes an event trigger ("the agreement", "job cuts")."""
    if token.pos_ != "NOUN":
        return False
    single, multi = lexicon()
    found = _match(token, single, multi, state)
    return found is not None


def _subject(t: Token) -> tuple[Token | None, bool]:
    """(subject token, passive?) of a verb, following control and conjunction."""
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in t.children)
    # "airliners are selected and purchased by the government": a bare participle conjoined
    # to a passive verb is passive too
    if not passive and t.dep_ == "conj" and t.tag_ == "VBN" and not any(c.dep_ == "aux" for c in t.children):
        passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in t.head.children)
    # "will see Dreamliners delivered to six airlines": a bare participle with its own subject
    if (
        not passive
        and t.tag_ == "VBN"
        and t.dep_ in ("ccomp", "xcomp", "oprd")
        and not any(c.dep_ in ("aux", "auxpass") for c in t.children)
    ):
        passive = True
    for c in t.children:
        if c.dep_ in ("nsubj", "nsubjpass", "csubj"):
            return c, passive
    # a predicated adjective: "nine people were dead", "a man was shot dead" -> its verb's subject
    if t.pos_ == "ADJ" and t.dep_ in ("acomp", "oprd") and t.head.pos_ in ("VERB", "AUX"):
        subj, head_passive = _subject(t.head)
        return subj, head_passive
    # relative clause: "soldiers who guard" -> soldiers (the relative pronoun is the subject)
    if t.dep_ == "relcl":
        return t.head, passive
    # object control: "persuade troops to surrender" -> troops surrender
    if t.dep_ in ("xcomp",):
        head = t.head
        obj = next((c for c in head.children if c.dep_ == "dobj"), None)
        if obj is not None and head.lemma_.lower() in (
            "persuade",
            "force",
            "urge",
            "ask",
            "encourage",
            "order",
            "allow",
            "tell",
            "challenge",
            "require",
            "convince",
            "pressure",
        ):
            return obj, passive
        subj, _ = _subject(head)
        return subj, passive
    if t.dep_ == "conj" and t.head.pos_ in ("VERB", "AUX"):
        subj, _ = _subject(t.head)
        return subj, passive
    if _passive_participle(t):  # "soldiers killed by ..." -> soldiers are the patients
        return t.head, True
    # a participle adjunct shares its clause's subject: "Boeing said, citing flaws" -> Boeing cites
    if t.dep_ == "advcl" and t.tag_ in ("VBG", "VB") and t.head.pos_ in ("VERB", "AUX"):
        subj, head_passive = _subject(t.head)
        if subj is not None and not (head_passive and t.tag_ == "VBG"):
            return subj, passive
    # a purpose infinitive on a noun: "won a contract to supply the RAF" -> the winner supplies;
    # "its options to purchase five jets" -> its owner purchases
    if t.dep_ == "acl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children):
        noun = t.head
        owner = next((c for c in noun.children if c.dep_ == "poss"), None)
        if owner is not None:
            return owner, passive
        if noun.dep_ in ("dobj", "attr") and noun.head.pos_ in ("VERB", "AUX"):
            subj, head_passive = _subject(noun.head)
            if subj is not None and not head_passive:
                return subj, passive
    return None, passive


# "his arrest", "their killing": for these the possessor undergoes the event; otherwise it acts
# ("the Taliban's attacks", "his surrender", "the coalition's invasion").
_POSS_IS_PATIENT = {"arrest", "killing", "massacre", "death", "injury", "abduction", "release", "appointment",
                    "trial", "conviction", "sentence", "charge", "evacuation", "election", "medical",
                    "lawsuit", "investigation", "search", "sanction", "restriction", "delivery", "accident",
                    "disaster", "malfunction", "delay"}  # fmt: skip
_RECIPIENT_TYPES = {
    "pledge",
    "relations_cut",
    "defection",
    "surrender",
    "joining",
    "aid",
    "sale",
    "contract",
    "release",
    "statement",
    "request",
    "demand",
    "warning",
    "travel",
    "return",
    "flight",
    "visit",
    "yield",
}


def _verbal_args(t: Token, entry: LexEntry, state: DocState) -> list[Argument]:
    args: list[Argument] = []
    subj, passive = _subject(t)
    if passive and _lemma(t) in _STANCE_PARTICIPLES and not any(c.dep_ == "agent" for c in t.children):
        passive = False  # "Israel is opposed to the plan": a stance its subject holds
    # "soldiers died", "the boy was hurt": the subject undergoes it
    intransitive_patient = entry.type == "death" or (
        entry.type == "injury" and not any(c.dep_ == "dobj" for c in t.children)
    )
    if subj is not None:
        role = "patient" if (passive or intransitive_patient) else "agent"
        if role == "agent" and _is_weapon(subj):
            role = "instrument"  # "a roadside IED killed a general": the bomb is not the killer
        elif (
            role == "agent"
            and _lemma(t) in _DETONATION_VERBS
            and not any(c.dep_ in ("dobj", "prt") for c in t.children)
            and not _is_person_or_actor(subj, state)
        ):
            role = "instrument"  # "the device exploded", "it went off": what explodes is the weapon
        elif (
            role == "agent"
            and entry.type in ("travel", "return", "accident", "malfunction")
            and (
                _is_vehicle(subj, state)
                or subj.lower_ == "it"
                or (entry.type != "travel" and not _is_person(subj, state))
            )
        ):
            role = "patient"  # "the A380 landed in Singapore": the plane is moved, not a mover
        a = _arg(state, subj, role)
        if a:
            args.append(a)
            for conj in [*subj.conjuncts, *_included(subj, state)]:
                a2 = _arg(state, conj, role)
                if a2:
                    args.append(a2)
    addressed = _lemma(t) in _ADDRESSEE_VERBS
    for c in t.children:
        if c.dep_ in ("dobj",) and not passive:
            # "told reporters", "urged the government": the one spoken to receives the message
            role = "recipient" if addressed and _is_person_or_actor(c, state) else "patient"
            if (
                role == "patient"
                and _lemma(t) in _DETONATION_VERBS
                and (_is_weapon(c) or c.lower_ in ("them", "it"))
            ):
                role = "instrument"  # "detonated two bombs": the bombs are the means, not the target
            a = _arg(state, c, role)
            if a:
                args.append(a)
                args.extend(
                    x for x in (_arg(state, cj, role) for cj in [*c.conjuncts, *_included(c, state)]) if x
                )
        elif c.dep_ == "dative":
            target = next((g for g in c.children if g.dep_ == "pobj"), None) if c.pos_ == "ADP" else c
            cl = state.entity_of(target) if target is not None else None
            role = (
                "place"
                if cl is not None and cl.type == "Location" and entry.type not in _ACTOR_RECIPIENT_TYPES
                else "recipient"
            )  # "sent to Syria" (a place), "sent arms to Pakistan" (aid: Pakistan receives it)
            a = _arg(state, target, role) if target is not None else None
            if a:
                args.append(a)
        elif c.dep_ in ("agent",) or (c.dep_ == "prep" and c.lower_ == "by" and passive):
            for g in c.children:
                if g.dep_ == "pobj":
                    a = _arg(state, g, "instrument" if _is_weapon(g) else "agent")
                    if a:
                        args.append(a)
        elif c.dep_ == "prep" and c.lower_ == "for" and entry.type in _FOR_TYPES:
            # "bid for contracts", "called for talks", "paid for the jets", "searched for the boxes"
            for g in c.children:
                if g.dep_ == "pobj" and not _is_place_noun(g):
                    a = _arg(state, g, "patient")
                    if a:
                        args.append(a)
        elif c.dep_ == "prt" and c.lower_ == "on" and entry.type in ("request", "demand"):
            # "called on Muslims to take up arms" (the parser makes "on" a particle): the ones asked
            for g in c.children:
                a = (
                    _arg(state, g, "recipient")
                    if g.dep_ == "pobj" and _is_person_or_actor(g, state)
                    else None
                )
                if a:
                    args.append(a)
        elif c.dep_ == "prep" and c.lower_ == "including" and (passive or intransitive_patient):
            # "Leftists were arrested, including Eva Forest": members of those who underwent it
            for g in _included(t, state):
                a = _arg(state, g, "patient")
                if a:
                    args.append(a)
        elif c.dep_ == "prep" and not (c.lower_ == "by" and not passive):
            args.extend(_prep_args(c, entry, state))  # (an active verb's "by June" is a time)
        elif c.dep_ == "npadvmod" and state.entity_of(c) and state.entity_of(c).type == "Location":  # type: ignore[union-attr]
            a = _arg(state, c, "place")
            if a:
                args.append(a)
    if entry.type in _CASUALTY_TYPES and not any(a.role == "patient" for a in args):
        # "killed 13 people and wounded 71", "injured another 15": a bare number counts the victims
        victim = subj if (passive or intransitive_patient) else next(
            (c for c in t.children if c.dep_ == "dobj"), None)  # fmt: skip
        if victim is not None and _is_count(victim):
            s_, e_, text = state.span_text(victim.left_edge.i, victim.i + 1)
            args.append(Argument("patient", Span(s_, e_, text), entity=None, confidence=0.5))
    if entry.type in _STANCE_TYPES and not any(a.role in ("patient", "recipient") and a.entity for a in args):
        args.extend(_stance_targets(t, state, entry.type))
    # "The Taliban still “massacred” soldiers": a verb the parser left as a modifier
    if not args and t.dep_ in ("amod", "compound"):
        args.extend(_surface_args(t, state))
    if not any(a.role == "place" for a in args):
        args.extend(_clause_place(t, state))
    return _dedupe(args)


# Political acts whose "to"-country receives something rather than being a destination.
_ACTOR_RECIPIENT_TYPES = frozenset({
    "aid", "pledge", "statement", "request", "demand", "warning", "threat", "support", "relations_cut",
    "yield", "accusation", "criticism", "rejection", "agreement", "signing", "extradition",
})  # fmt: skip
# Stances towards another actor or its act: threats, refusals, offers, demands, concessions, protests.
_STANCE_TYPES = frozenset({
    "threat", "warning", "rejection", "pledge", "agreement", "demand", "request", "yield", "support",
    "criticism", "accusation", "denial", "protest",
})  # fmt: skip
# "Israel is opposed to the plan", "is committed to talks": a stance its subject holds, not a passive.
_STANCE_PARTICIPLES = frozenset({"oppose", "commit", "determine", "dedicate", "prepare", "resolve"})
_TARGET_PREPS = frozenset({"to", "with", "on", "against", "from", "toward", "towards"})
_POSSESSIVE_PRONOUNS = frozenset({"its", "their", "his", "her", "our", "my", "your"})
# "demanded the withdrawal of Serbian forces": whose withdrawal, presence or departure is at stake
_WITHDRAWN = frozenset({"withdrawal", "pullout", "pull-out", "departure", "presence", "expulsion", "removal",
                        "disarmament", "surrender", "resignation"})  # fmt: skip
STANCE_TARGET_CONFIDENCE = 0.5


def _stance_targets(t: Token, state: DocState, etype: str) -> list[Argument]:
    """Whom a stance is aimed at when the verb itself names no one (PLOVER's target), at 0.5:

    * whom its complement acts on: "threatened to shell Iraqi towns", "refused to meet King Abdullah",
      "threatened to cut off electricity to Nakhichevan", "refused to allow United Nations planes to land";
    * the subject of a demand's clause: "demanded that the United States match ...";
    * whom it is addressed to or asked of: "demanding autonomy from the authorities", "conceded to
      demands from UNITA", "opposed to French mediation";
    * the author of the act it answers: "rejected North Korea's demand", "rejected calls by Kofi Annan",
      "vetoed a Security Council resolution", "prevented the demonstration staged by students".
    """
    out: list[Argument] = []

    def actor(tok: Token) -> bool:
        return _is_person_or_actor(tok, state) or state.entity_of(tok) is not None

    def add(tok: Token | None, role: str) -> None:
        if tok is None or not actor(tok):
            return
        for x in (tok, *tok.conjuncts):
            a = _arg(state, x, role, STANCE_TARGET_CONFIDENCE)
            if a:
                out.append(a)

    def pobj(prep: Token) -> Token | None:
        return next((x for x in prep.children if x.dep_ == "pobj"), None)

    def named_in(noun: Token, role: str) -> None:
        """The owner, author or addressee a noun names: "North Korea's demand", "a Security Council
        resolution", "Iraqi towns", "relations with Congo", "the curfew on Palestinians"."""
        for g in noun.children:
            named = g.dep_ in ("compound", "amod") and (
                state.entity_of(g) is not None or g.ent_type_ in ("NORP", "GPE")
            )
            if (g.dep_ == "poss" and g.lower_ not in _POSSESSIVE_PRONOUNS) or named:
                add(g, role)
            elif g.dep_ == "prep" and (
                g.lower_ in (*_TARGET_PREPS, "by") or (g.lower_ == "of" and _lemma(noun) in _WITHDRAWN)
            ):
                add(pobj(g), "recipient" if g.lower_ == "to" else role)
            elif g.dep_ == "acl":  # "the demonstration staged by students"
                for h in g.children:
                    if h.dep_ == "agent":
                        add(pobj(h), role)

    def aimed(tok: Token, role: str) -> None:
        if actor(tok):
            add(tok, role)
        else:
            named_in(tok, role)

    def objects_of(v: Token, depth: int = 0) -> None:
        for c in v.children:
            if c.dep_ == "dobj":
                aimed(c, "patient")
            elif c.dep_ in ("prep", "dative") and c.lower_ in _TARGET_PREPS:
                add(pobj(c), "recipient")
            elif c.dep_ in ("xcomp", "conj", "ccomp", "advcl") and c.pos_ == "VERB" and depth < 2:
                if c.dep_ == "advcl" and not any(x.dep_ == "aux" and x.lower_ == "to" for x in c.children):
                    continue  # a purpose ("to help defend X"), not a condition ("if it is attacked")
                inner = next((x for x in c.children if x.dep_ == "nsubj"), None)
                if inner is not None and c.dep_ in ("xcomp", "ccomp"):
                    aimed(inner, "patient")  # "refused to allow United Nations planes to land"
                objects_of(c, depth + 1)

    for c in t.children:
        if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX"):
            objects_of(c)
        elif c.dep_ == "ccomp" and etype in ("demand", "request") and c.i > t.i:
            add(next((g for g in c.children if g.dep_ in ("nsubj", "nsubjpass")), None), "recipient")
        elif c.dep_ == "prep" and c.lower_ in ("from", "to", "with", "on", "against", "at"):
            target = pobj(c)
            if target is not None:
                aimed(target, "recipient")
        elif c.dep_ == "dobj" and not actor(c):
            named_in(c, "patient")
    return out


# Nominal events whose participants are their doers: "converging for a rally", "troops on alert".
_PARTICIPATORY = frozenset({"protest", "deployment"})


def _joined_by(t: Token, state: DocState) -> list[Argument]:
    """The actor whose clause a participatory nominal event sits in, as its agent (0.5): "Nigerians
    converged for a rally", "youths resorted to throwing stones during demonstrations", "troops remained
    on alert"; not when that subject undergoes the clause ("people were killed during the protest")."""
    if t.dep_ != "pobj" or t.head.lower_ not in ("for", "during", "in", "at", "on", "into", "to"):
        return []
    gov = t.head.head
    for _ in range(2):
        subj, passive = _subject(gov)
        if subj is not None:
            if passive or not _is_person_or_actor(subj, state):
                return []
            a = _arg(state, subj, "agent", 0.5)
            return [a] if a else []
        if gov.dep_ not in ("xcomp", "advcl", "pcomp") or gov.head.i == gov.i:
            return []
        gov = gov.head
    return []


def _included(token: Token, state: DocState) -> list[Token]:
    """The people an "including" phrase lists: "five people, including two women and a child"."""
    out: list[Token] = []
    for prep in token.children:
        if prep.dep_ == "prep" and prep.lower_ == "including":
            for pobj in prep.children:
                if pobj.dep_ == "pobj":
                    out += [g for g in (pobj, *pobj.conjuncts) if _is_person_or_actor(g, state)]
    return out


_CASUALTY_TYPES = frozenset({"killing", "massacre", "death", "injury", "abduction", "arrest"})
_COUNT_WORDS = frozenset({"more", "others", "another", "dozens", "scores", "hundreds", "thousands"})


def _is_count(token: Token) -> bool:
    """A number standing for people: "71", "another 15", "more than 260", "the three", "dozens"."""
    if token.lower_ in _COUNT_WORDS or (token.pos_ == "NUM" and token.like_num):
        return not any(c.dep_ == "prep" and c.lower_ == "of" for c in token.children) and token.ent_type_ not in (
            "DATE", "TIME", "MONEY", "PERCENT", "QUANTITY")  # fmt: skip
    return False


def _prep_args(prep: Token, entry: LexEntry, state: DocState) -> list[Argument]:
    word = prep.lower_
    out: list[Argument] = []
    for pobj in (g for g in prep.children if g.dep_ == "pobj"):
        targets = [pobj, *pobj.conjuncts]
        for target in targets:
            # "in some places like Dawlat Abad" -> Dawlat Abad
            for g in target.children:
                if g.dep_ == "prep" and g.lower_ in ("like", "including", "as"):
                    inner = next((x for x in g.children if x.dep_ == "pobj"), None)
                    if inner is not None:
                        target = inner
            cluster = state.entity_of(target)
            ctype = cluster.type if cluster else None
            if word in _LOC_PREPS and (ctype == "Location" or (ctype is None and _is_place_noun(target))):
                role = "place"
            elif word == "with" and _is_weapon(target):
                role = "instrument"
            elif word == "to" and (entry.type in _RECIPIENT_TYPES or entry.type in _MESSAGE_TYPES):
                # a destination is where it goes; a country that is given, told or promised something is
                # an actor receiving it ("sent arms to Pakistan", "offered troops to Lebanon")
                role = (
                    "place"
                    if ctype == "Location" and entry.type not in _ACTOR_RECIPIENT_TYPES
                    else "recipient"
                )
            elif word == "on" and entry.type in ("request", "demand") and _is_person_or_actor(target, state):
                role = "recipient"  # "called on Muslims to join": the ones asked
            elif word in ("against",):
                role = "patient"
            elif word in ("between", "with") and entry.type in (
                "agreement",
                "talks",
                "meeting",
                "armed_clash",
                "ceasefire",
                "cooperation",
                "mediation",
                "prisoner_exchange",
            ):
                role = "agent"
            elif word == "from" and ctype == "Location":
                role = "place"
            elif word == "by" and target.ent_type_ not in ("DATE", "TIME") and target.pos_ != "VERB":
                role = "agent"
            else:
                continue
            a = _arg(state, target, role)
            if a:
                out.append(a)
    return out


# Weapons and blasts: the instrument of an attack, not its agent ("the IED killed ...").
_WEAPONS = frozenset({
    "ied", "bomb", "device", "explosive", "explosives", "blast", "explosion", "missile", "rocket", "mortar",
    "shell", "grenade", "mine", "landmine", "drone", "gun", "rifle", "pistol", "knife", "bullet", "shot",
    "artillery", "weapon", "gunfire", "fire", "airstrike", "strike", "car bomb", "vest", "shrapnel",
    "projectile", "munition", "munitions", "bombing", "attack",
})  # fmt: skip
# Common nouns for where things happen ("in the market", "near a checkpoint", "at his home").
_PLACE_NOUNS = frozenset({
    "province", "district", "city", "town", "village", "county", "region", "state", "area", "street", "road",
    "highway", "market", "marketplace", "square", "house", "home", "building", "compound", "mosque", "church",
    "temple", "school", "university", "hospital", "clinic", "base", "checkpoint", "airport", "station",
    "embassy", "consulate", "hotel", "restaurant", "cafe", "shop", "store", "bakery", "bank", "office",
    "headquarters", "prison", "jail", "camp", "border", "port", "harbour", "harbor", "bridge", "neighbourhood",
    "neighborhood", "suburb", "capital", "country", "territory", "valley", "mountain", "desert", "coast",
    "island", "stadium", "court", "courthouse", "parliament", "palace", "factory", "plant", "mine", "field",
    "park", "venue", "centre", "center", "hall", "theater", "theatre", "arena", "parking", "lot", "airfield",
})  # fmt: skip


# Nominal events whose "for"-phrase is what they are about ("an order for 60 jets").
_FOR_TYPES = ("order", "search", "competition", "contract", "request", "demand", "payment", "acquisition",
              "sale", "investigation", "charge", "trial", "conviction", "sentence", "arrest", "support")  # fmt: skip
_NOMINAL_PREP_PATIENT: dict[str, tuple[str, ...]] = {t: ("for",) for t in _FOR_TYPES}
_NOMINAL_PREP_PATIENT.update({"delivery": ("of",), "delay": ("in", "to")})
# ... and whose "on"-phrase is their target ("an attack on the embassy", "a ban on imports").
_ON_TARGET_TYPES = frozenset({"attack", "bombing", "air_strike", "shelling", "shooting", "raid", "restriction",
                              "sanction", "malfunction", "accident", "threat", "criticism", "investigation",
                              "demand", "warning", "decision", "crackdown"})  # fmt: skip
# Movement and visits: an "of"-phrase naming a place is where ("a tour of Asia").
_PLACE_OF_TYPES = frozenset({"travel", "visit", "tour", "bombing", "air_strike", "shelling", "invasion",
                             "seizure", "occupation", "attack", "evacuation", "withdrawal", "flight"})  # fmt: skip
# Things that move: the subject of "fly", "land", "arrive" undergoes the movement when it is a vehicle.
_VEHICLES = frozenset({
    "aircraft", "airliner", "plane", "jet", "airplane", "helicopter", "drone", "ship", "vessel", "boat", "tanker",
    "train", "bus", "truck", "car", "vehicle", "convoy", "flight", "superjumbo", "jumbo", "satellite", "jetliner",
    "aeroplane", "craft", "spacecraft", "shuttle", "airship", "glider", "tank", "yacht", "liner", "tram", "rocket", "missile", "shipment", "cargo", "freighter", "ferry", "submarine", "warship",
})  # fmt: skip


# Nouns between a support verb and its event: "a series of attacks", "responsibility for the bombing".
_CARRIER_NOUNS = frozenset({"series", "wave", "spate", "string", "round", "campaign", "responsibility"})
_SYMMETRIC = frozenset({"talks", "agreement", "meeting", "ceasefire", "cooperation", "mediation",
                        "prisoner_exchange", "armed_clash"})  # fmt: skip
_RECEIVED = frozenset({"delivery", "aid", "payment", "order", "contract", "award", "release", "statement"})
# Verbs that only carry a nominal event: their subject does it ("Aeroflot negotiated the purchase",
# "the Taliban launched an offensive", "Ryanair placed an order").
_SUPPORT_VERBS = frozenset({
    "sign", "reach", "launch", "carry", "conduct", "stage", "hold", "make", "begin", "announce", "wage", "mount",
    "claim", "complete", "finalize", "finalise", "negotiate", "place", "start", "continue", "resume", "undertake",
    "perform", "seal", "clinch", "exercise", "give", "deliver", "take", "pursue", "organise", "organize", "host",
    "issue", "admit", "bear", "order", "impose", "declare", "renew", "open", "reimpose",
    "receive", "accept", "get", "suffer", "face", "undergo", "sustain", "endure",
})  # fmt: skip
# ... except these, whose subject is on the receiving end ("Apple received criticism", "suffered an attack")
_RECEIVING_VERBS = {"receive": "recipient", "accept": "recipient", "get": "recipient", "suffer": "patient",
                    "face": "patient", "undergo": "patient", "sustain": "patient", "endure": "patient"}  # fmt: skip


def _is_vehicle(token: Token, state: DocState) -> bool:
    if token.lemma_.lower() in _VEHICLES or token.lower_ in _VEHICLES:
        return True
    cl = state.entity_of(token)
    return (
        token.pos_ in ("PROPN", "NOUN", "NUM")
        and (cl is None or cl.type not in ("Person", "Group", "Location"))
        and any(ch.isdigit() for ch in token.text)
        and any(ch.isalpha() for ch in token.text)
    )  # a model designation: "the A380", "the 777-200LR"


_ADDRESSEE_VERBS = frozenset({"tell", "inform", "notify", "brief", "warn", "assure", "remind", "advise", "urge",
                              "ask", "reassure", "caution", "address", "interview", "call", "invite",
                              # requests, orders and pressure are addressed to someone too
                              "beg", "implore", "instruct", "order", "command", "direct", "petition", "press",
                              "pressure", "oblige", "compel", "force", "coerce", "threaten"})  # fmt: skip
# Verbs of explosion: their intransitive subject, and their object, is the device.
_DETONATION_VERBS = frozenset({"explode", "detonate", "blow", "go"})


def _is_person_or_actor(token: Token, state: DocState) -> bool:
    cl = state.entity_of(token)
    if cl is not None and cl.type is not None:
        return cl.type in ("Person", "Group", "Organisation")
    lemma = token.lemma_.lower()
    # "told reporters", "warned newspapers", "asked the agency": people, or a kind of organisation
    return (
        _is_person(token, state)
        or lemma in ("reporter", "journalist", "press", "medium")
        or (lemma in ORG_NOUNS and token.pos_ == "NOUN")
    )


def _is_weapon(token: Token) -> bool:
    return token.lemma_.lower() in _WEAPONS or token.lower_ in _WEAPONS


def _is_place_noun(token: Token) -> bool:
    return token.pos_ in ("NOUN", "PROPN") and (
        token.lemma_.lower() in _PLACE_NOUNS or token.ent_type_ in ("GPE", "LOC", "FAC")
    )


def _nominal_args(t: Token, entry: LexEntry, state: DocState) -> list[Argument]:
    args: list[Argument] = []
    children = list(t.children)
    if (
        t.dep_ == "conj"
        and t.head.pos_ == "NOUN"
        and not any(c.dep_ == "prep" and c.lower_ == "of" for c in children)
    ):
        # "the slaughter and maiming of men, women and children": conjoined events share the of-phrase
        children += [c for c in t.head.children if c.dep_ == "prep" and c.lower_ == "of"]
    for c in children:
        if c.dep_ == "poss":
            moved = entry.type in ("travel", "accident") and (_is_vehicle(c, state) or c.lower_ == "its")
            a = _arg(state, c, "patient" if entry.type in _POSS_IS_PATIENT or moved else "agent")
            if a:
                args.append(a)
        elif c.dep_ in ("compound", "nmod", "amod") and c.i < t.i:
            cluster = state.entity_of(c)
            if cluster is not None and cluster.type in ("Organisation", "Location", "Person", "Group"):
                # "US withdrawal", "U.S.-Taliban peace deal", "Qatar Airways order": an actor written
                # with the noun does it, unless the event happens to it ("the Bhutto assassination");
                # a town or province is where it happened ("the Kabul bombing")
                if cluster.type == "Location" and (cluster.subtype or "") not in ("country", ""):
                    role = "place"
                elif entry.type in _POSS_IS_PATIENT:
                    role = "patient"
                else:
                    role = "agent"
                a = _arg(state, c, role)
                if a:
                    args.append(a)
            elif cluster is None and c.dep_ == "compound" and c.pos_ == "PROPN" and c.ent_type_ not in (
                "DATE", "TIME", "CARDINAL", "ORDINAL", "NORP"):  # fmt: skip
                a = _arg(state, c, "patient")  # "the A380 delays", "the iPhone launch": the product
                if a:
                    args.append(a)
        elif c.dep_ == "prep":
            if c.lower_ == "of":
                pobjs = [g for g in c.children if g.dep_ == "pobj"]
                for g in [*pobjs, *(cj for p in pobjs for cj in p.conjuncts)]:  # "of men, women and children"
                    if g.dep_ in ("pobj", "conj"):
                        cl = state.entity_of(g)
                        # "a tour of Asia", "the bombing of Kabul": a place, not a party
                        place = (
                            cl is not None and cl.type == "Location" and entry.type in _PLACE_OF_TYPES
                        ) or (cl is None and _is_place_noun(g) and entry.type in _PLACE_OF_TYPES)
                        a = _arg(state, g, "place" if place else entry.of_role)
                        if a:
                            args.append(a)
            elif c.lower_ in _NOMINAL_PREP_PATIENT.get(entry.type, ()) or (
                c.lower_ == "on" and entry.type in _ON_TARGET_TYPES
            ):
                # "an order for 60 jets", "the search for the black boxes", "a ban on imports",
                # "a glitch on the A400M", "the attack on the embassy"
                # an attack "on the Christmas market" targets it, whatever kind of thing it is
                targets = c.lower_ == "on" and entry.type in _ATTACK_TYPES
                for g in c.children:
                    if g.dep_ == "pobj" and (targets or not _is_place_noun(g)):
                        a = _arg(state, g, "patient")
                        if a:
                            args.append(a)
                if not any(g.dep_ == "pobj" and (targets or not _is_place_noun(g)) for g in c.children):
                    args.extend(_prep_args(c, entry, state))
            elif c.lower_ == "from" and entry.type in ("order", "request", "demand", "statement", "aid"):
                for g in c.children:  # "an order from Qatar Airways": the customer
                    cl = state.entity_of(g) if g.dep_ == "pobj" else None
                    if cl is not None and cl.type in ("Person", "Organisation", "Group"):
                        a = _arg(state, g, "agent")
                        if a:
                            args.append(a)
                    elif g.dep_ == "pobj":
                        args.extend(_prep_args(c, entry, state))
            else:
                args.extend(_prep_args(c, entry, state))
    # "Washington's decision-making process", "the company's job-cut plan": an event noun written into
    # a modifier of an undertaking takes the undertaking's possessor (not "Indonesia's transport minister")
    if not any(c.dep_ == "poss" for c in t.children):
        node, hops = t, 0
        while node.dep_ in ("compound", "npadvmod", "amod", "nmod") and hops < 2 and node.head.i != node.i:
            node, hops = node.head, hops + 1
            owner = next((c for c in node.children if c.dep_ == "poss"), None)
            if node.lemma_.lower() in _UNDERTAKINGS and owner is not None:
                a = _arg(state, owner, "patient" if entry.type in _POSS_IS_PATIENT else "agent", 0.6)
                if a:
                    args.append(a)
                break
    # a nominal event as the object of a verb whose subject performs it: "the Taliban's campaign"
    # is handled by poss; "X signed a deal" gives the deal X as agent
    # "launched a series of attacks", "accepted responsibility for the bombings": look through a
    # quantity noun, or the responsibility claimed, to the verb that carries the event
    obj = t
    if (
        obj.dep_ == "pobj"
        and obj.head.lower_ in ("of", "for")
        and obj.head.head.lemma_.lower() in _CARRIER_NOUNS
        and (obj.head.lower_ == "for") == (obj.head.head.lemma_.lower() == "responsibility")
    ):
        obj = obj.head.head
    # the support verb's subject fills the role it plays when the noun does not name that party itself
    # ("the Taliban launched an attack on the base": the base is the target, the Taliban the attacker);
    # the doer of a symmetric event is one more party ("the US began negotiations with the Taliban")
    filled = {a.role for a in args if a.entity} if entry.type not in _SYMMETRIC else set()
    if obj.dep_ in ("dobj",):
        gov = obj.head
        if gov.lemma_.lower() in _SUPPORT_VERBS:
            subj, passive = _subject(gov)
            if subj is not None and not passive:
                # "the A380 made its maiden flight": a vehicle is moved; any other subject acts
                role = (
                    "patient"
                    if entry.type in ("travel", "accident") and _is_vehicle(subj, state)
                    else "agent"
                )
                if obj.lemma_.lower() == "responsibility":
                    role = "agent"  # "accepted responsibility for the bombings": the bomber
                elif gov.lemma_.lower() in _RECEIVING_VERBS:
                    role = _RECEIVING_VERBS[gov.lemma_.lower()]
                elif gov.lemma_.lower() == "take" and entry.type in _RECEIVED:
                    role = "recipient"  # "ANA will take delivery"
                a = _arg(state, subj, role, 0.6) if role not in filled else None
                if a:
                    args.append(a)
                    # "Israel and Lebanon renewed negotiations": every conjunct takes part
                    args.extend(x for x in (_arg(state, c, role, 0.6) for c in subj.conjuncts) if x)
    if entry.type in _ATTACK_TYPES | {"destruction"} and not any(a.role == "patient" for a in args):
        args.extend(_targets_of_nominal_attack(t, state))
    if entry.type in _PARTICIPATORY and not any(a.role == "agent" for a in args):
        args.extend(_joined_by(t, state))
    if not any(a.role == "agent" for a in args):
        args.extend(_perpetrators(t, state))
    if entry.type in _MESSAGE_TYPES and not any(a.role == "recipient" for a in args):
        args.extend(_given_to(t, state))
    if not any(a.role == "place" for a in args):
        args.extend(_clause_place(t, state))
    return _dedupe(args)


_MESSAGE_TYPES = frozenset(
    {
        "statement",
        "warning",
        "threat",
        "request",
        "demand",
        "order",
        "aid",
        "payment",
        "delivery",
        "criticism",
        "accusation",
        "denial",
        "rejection",
        "communication",
        "meeting",
    }
)  # fmt: skip  ("gave an interview to the BBC")
_GIVING_VERBS = frozenset({"give", "send", "issue", "deliver", "hand", "pass", "relay", "address", "direct",
                           "telephone", "phone", "offer", "present", "grant"})  # fmt: skip


def _given_to(t: Token, state: DocState) -> list[Argument]:
    """Whom a message went to, said by the verb that carries it: "warnings were given to the Samaritans,
    the police and newspapers", "their bosses gave employees an ultimatum"."""
    verb = t.head
    if t.dep_ not in ("dobj", "nsubjpass") or verb.lemma_.lower() not in _GIVING_VERBS:
        return []
    out = []
    if t.dep_ == "dobj":
        # "he and other employees were given an ultimatum": the passive subject received it
        for g in (c for c in verb.children if c.dep_ == "nsubjpass"):
            for x in [g, *g.conjuncts]:
                a = _arg(state, x, "recipient", 0.6) if _is_person_or_actor(x, state) else None
                if a:
                    out.append(a)
    for c in verb.children:
        if c.dep_ not in ("dative", "prep") or (c.dep_ == "prep" and c.lower_ != "to"):
            continue
        targets = [g for g in c.children if g.dep_ == "pobj"] if c.pos_ == "ADP" else [c]
        for g in targets:
            # "to the Samaritans, the police, newspapers and ...": the parser often hangs the list on the verb
            for x in [
                g,
                *g.conjuncts,
                *[y for y in verb.children if y.dep_ == "conj" and y.pos_ in ("NOUN", "PROPN")],
            ]:
                if _is_person_or_actor(x, state) or state.entity_of(x) is not None:
                    a = _arg(state, x, "recipient", 0.6)
                    if a:
                        out.append(a)
    return out


_CHARGE_VERBS = frozenset({"charge", "accuse", "convict", "indict", "suspect", "sentence", "jail", "try",
                           "prosecute", "acquit", "arrest", "detain", "investigate", "fine", "punish"})  # fmt: skip
_CRIME_NOUNS = frozenset({"crime", "charge", "count", "offence", "offense", "allegation"})


def _perpetrators(t: Token, state: DocState) -> list[Argument]:
    """Who did a nominal event, said by the phrase it sits in: "was charged with (crimes of) treason",
    "34 people are involved in the assassination attempt", "civilians who took part in demonstrations",
    "a man believed to be responsible for the blast", "blamed the Taliban for the attack", "the group
    behind the bombing"."""
    node = t
    for _ in range(6):
        if node.dep_ in ("conj", "appos") or (node.dep_ == "compound" and node.head.pos_ == "NOUN"):
            node = node.head  # "the assassination attempt": the phrase the event noun heads or modifies
            continue
        if node.dep_ != "pobj":
            return []
        prep, gov = node.head, node.head.head
        word, lemma = prep.lower_, gov.lemma_.lower()
        who: Token | None = None
        if gov.pos_ in ("NOUN", "PROPN") and word == "of" and lemma in _CRIME_NOUNS:
            node = gov  # "crimes of treason, terrorism and homicide"
            continue
        if gov.pos_ in ("NOUN", "PROPN", "PRON") and word == "behind":
            who = gov
        elif (lemma in _CHARGE_VERBS and word in ("with", "of", "for")) or (
            lemma == "blame" and word == "for"
        ):
            subj, passive = _subject(gov)
            who = subj if passive else next((c for c in gov.children if c.dep_ == "dobj"), None)
        elif word == "in" and (
            lemma in ("involve", "implicate", "engage", "participate")
            or (lemma == "take" and any(c.lower_ == "part" for c in gov.children))
        ):
            who = _subject(gov)[0]
        elif word == "for" and lemma == "responsible" and gov.head.pos_ in ("VERB", "AUX"):
            who = _subject(gov.head)[0]
        if who is None:
            return []
        a = _arg(state, who, "agent", 0.6)
        return [a] if a else []
    return []


_DAMAGE_VERBS = frozenset({"target", "hit", "strike", "destroy", "damage", "shatter", "tear", "rip", "wreck",
                           "demolish", "level", "devastate", "gut", "flatten", "rock", "aim", "direct"})  # fmt: skip


def _targets_of_nominal_attack(t: Token, state: DocState) -> list[Argument]:
    """What a nominal attack hit, read off the verb it goes with: "the explosion targeted a bakery",
    "the building was shattered by an explosion", "bombings targeted at the Russian military"."""
    found: list[Token] = []
    head = t.head
    if t.dep_ == "nsubj" and head.lemma_.lower() in _DAMAGE_VERBS:
        found += [c for c in head.children if c.dep_ == "dobj"]
    elif t.dep_ == "pobj" and head.dep_ == "agent" and head.head.lemma_.lower() in _DAMAGE_VERBS:
        found += [c for c in head.head.children if c.dep_ == "nsubjpass"]
    for verb in [c for c in t.children if c.dep_ in ("acl", "relcl")]:
        # "bombings targeted at ...", "bombings, which seemed to be aimed at civilians"
        for v in [verb, *[x for x in verb.children if x.dep_ == "xcomp"]]:
            if v.lemma_.lower() in _DAMAGE_VERBS:
                for prep in v.children:
                    if prep.dep_ == "prep" and prep.lower_ in ("at", "against"):
                        found += [g for g in prep.children if g.dep_ == "pobj"]
    out = []
    for g in found:
        a = _arg(state, g, "patient", 0.6)
        if a:
            out.append(a)
    return out


# Events a city can be the scene of but not the doer: a capital as their agent is not a government.
_NOT_POLITICAL = frozenset({"disaster", "accident", "malfunction", "disease_outbreak", "death", "injury",
                            "medical", "flight", "travel", "return"})  # fmt: skip
METONYMY_FACTOR = 0.8  # a capital read as its government is an inference: the argument's confidence x 0.8


def _capital_metonymy(args: list[Argument], etype: str, state: DocState) -> list[Argument]:
    """ "invaded by Washington", "Washington's withdrawal", "talks with Moscow": a capital city as the
    agent (or recipient) of a political or military act stands for its country's government, so the
    participant is the country (as "the US" would be), with a lower confidence. The span stays the
    city's name; when the article never mentions the country, the city is left as it is."""
    if etype in _NOT_POLITICAL:
        return args
    out = []
    for a in args:
        if a.role in ("agent", "recipient") and a.entity is not None:
            cluster = state.clusters[int(a.entity)]
            country = _capital_country(cluster, state)
            if country is not None:
                a = replace(a, entity=str(country.id), confidence=round(a.confidence * METONYMY_FACTOR, 3))
        out.append(a)
    return out


def _capital_country(cluster, state: DocState):
    if cluster.type != "Location" or cluster.entry is None:
        return None
    from graphkit.extraction.link import gazetteer

    country = gazetteer().capital_of(cluster.entry)
    if country is None:
        return None
    return next((c for c in state.live_clusters() if c.entry == country and c.type == "Location"), None)


# Nouns of an undertaking whose possessor does the event written into them ("Washington's decision-making
# process", "the company's job-cut plan", "the Taliban's peace-talks strategy").
_UNDERTAKINGS = frozenset({"process", "plan", "programme", "program", "effort", "strategy", "policy", "campaign",
                           "operation", "drive", "initiative", "project", "scheme", "push", "bid"})  # fmt: skip


def _surface_args(t: Token, state: DocState) -> list[Argument]:
    """Fallback when the parse is broken: nearest entity left = agent, right = patient (same sentence)."""
    sent = state.sent_of(t)
    left = [
        x
        for x in sent
        if x.i < t.i and state.entity_of(x) and state.entity_of(x).type in ("Organisation", "Person", "Group")
    ]  # type: ignore[union-attr]
    right = [x for x in sent if x.i > t.i and x.pos_ in ("NOUN", "PROPN") and x.dep_ not in ("compound",)]
    out = []
    if left:
        a = _arg(state, left[-1], "agent", 0.5)
        if a:
            out.append(a)
    if right:
        a = _arg(state, right[0], "patient", 0.5)
        if a:
            out.append(a)
    for x in sent:  # a place named in the sentence with a locative preposition
        cl = state.entity_of(x)
        if (
            cl is not None
            and cl.type == "Location"
            and x.dep_ == "pobj"
            and x.head.lower_ in _LOC_PREPS | {"like", "as"}
        ):
            a = _arg(state, x, "place", 0.5)
            if a:
                out.append(a)
                break
    return out


def _clause_place(t: Token, state: DocState) -> list[Argument]:
    """A place given for the whole clause: "In Farah, ... X defected"; search up to the clause head."""
    head = t
    hops = 0
    while head.dep_ not in ("ROOT",) and head.dep_ not in _CLAUSE_DEPS and hops < 3:
        head = head.head
        hops += 1
    # "the bus station, where six people were killed": the place the relative clause describes
    if head.dep_ == "relcl" and any(c.lower_ == "where" and c.dep_ == "advmod" for c in head.children):
        noun = head.head
        cl = state.entity_of(noun)
        if (cl is not None and cl.type == "Location") or (cl is None and _is_place_noun(noun)):
            a = _arg(state, noun, "place", 0.6)
            if a:
                return [a]
    for c in head.children:
        if c.dep_ == "prep" and c.lower_ in _LOC_PREPS and c.i != t.i:
            for a in _prep_args(c, LexEntry((), "", "", ""), state):
                if a.role == "place":
                    return [a]
    # "killed a Russian general in Syria": the parser hangs the place on the object; "an attack on the
    # Christmas market in Strasbourg", "killed 13 protesters during Bloody Sunday in Derry": on the
    # target, or on the time phrase
    deeper = [c for c in t.children if c.dep_ in ("dobj", "nsubjpass")]
    deeper += [g for c in t.children if c.dep_ == "prep" and c.lower_ in ("on", "against", "during")
               for g in c.children if g.dep_ == "pobj"]  # fmt: skip
    for obj in deeper:
        for c in obj.children:
            if c.dep_ == "prep" and c.lower_ in ("in", "near", "inside", "outside"):
                for g in c.children:
                    cl = state.entity_of(g) if g.dep_ == "pobj" else None
                    if cl is not None and cl.type == "Location" and (cl.subtype or "") not in ("facility",):
                        a = _arg(state, g, "place", 0.5)
                        if a:
                            return [a]
    return []


def _dedupe(args: list[Argument]) -> list[Argument]:
    seen: set[tuple[str, int, int]] = set()
    out = []
    for a in args:
        key = (a.role, a.span.start, a.span.end)
        if key not in seen:
            seen.add(key)
            out.append(a)
    return out


# --------------------------------------------------------------------------- time


def _dates(state: DocState, anchor) -> dict[int, TimeValue]:
    """First token of each DATE expression -> its normalised value (one pass over the entities)."""
    out: dict[int, TimeValue] = {}
    for ent in state.doc.ents:
        if ent.label_ == "DATE":
            out[ent.start] = normalise(date_text(ent)[2], anchor, direction_of(ent.root))
    return out


_CLAUSE_BOUNDARY = ("ccomp", "advcl", "relcl", "xcomp", "csubj", "parataxis")


def _event_time(
    t: Token, state: DocState, anchor, dates: dict[int, TimeValue], fact: Factuality
) -> TimeValue | None:
    """When the event happened.

    1. A date written in the event's own clause ("in a statement Sunday", "in December
       2019", "the 1996 takeover"), not one inside a clause below it.
    2. Otherwise, for an asserted verb in the present, present perfect or simple past
       ("Boeing delivers", "has announced", "unveiled"), or one only a claim vouches for
       ("the company claims it sells devices": uncertain, but its time is still the
       report's; not a modal's "may sell"), the article's publication date,
       flagged ``inferred`` (GDELT's convention; news reports what just happened). Past
       perfect ("had defected"), future, modal, infinitival and negated events, and nominal
       events, get no default: their time is not the article's.
    """
    best = _clause_date(t, state, dates)
    if best is None and t.pos_ in ("NOUN", "PROPN") and t.dep_ in ("nsubj", "nsubjpass"):
        # "the trial is set to begin on Wednesday", "talks are scheduled to start Monday"
        if t.head.lemma_.lower() in _SCHEDULING:
            for xc in (c for c in t.head.children if c.dep_ == "xcomp"):
                best = best or _clause_date(xc, state, dates)
    if best is not None and best.precision != "unresolved":
        return best
    if anchor is not None and (
        (fact == "asserted" and _reported_as_now_or_past(t))
        or (fact == "uncertain" and (_can_now(t) or _reported_as_now_or_past(t)))
    ):
        date, precision = anchor
        value = (
            date.isoformat() if precision == "day" else date.isoformat()[: 7 if precision == "month" else 4]
        )
        return TimeValue(value, precision, anchored_to_article_date=True, inferred=True)  # type: ignore[arg-type]
    return best


_SCHEDULING = frozenset({"set", "schedule", "due", "expect", "plan", "slate", "poise"})


def _clause_date(
    t: Token, state: DocState, dates: dict[int, TimeValue], strict: bool = False
) -> TimeValue | None:
    """The date written in the event's own clause (resolved when it can be), else None. ``strict``: only
    a date that is itself an adjunct of the verb ("on April 15, 1995", "in 2010", "Tuesday"), never one
    written into a noun ("a pocket version of Chávez's 1999 constitution")."""
    verbal = t.pos_ in ("VERB", "AUX") or _pos(t) == "VERB"
    clause = t if verbal else t.head if t.head.pos_ in ("VERB", "AUX") else t
    best: TimeValue | None = None
    if dates:
        lo, hi = clause.left_edge.i, clause.right_edge.i
        found: list[tuple[int, int, TimeValue]] = []  # (unresolved?, tree distance, value)
        for i, value in dates.items():
            if not lo <= i <= hi:
                continue
            node, ok, hops = state.doc[i], True, 0
            while node.i != clause.i:
                if node.dep_ in _CLAUSE_BOUNDARY or node.head.i == node.i:
                    ok = False
                    break
                if (
                    strict
                    and node.dep_ in ("compound", "amod", "nummod", "nmod", "poss")
                    and (node.head.ent_type_ != "DATE")
                ):
                    ok = False
                    break
                # "replaces the 1991 agreement": a date written into a participant dates that
                # participant; in an adjunct it dates the event ("in a December 2019 report, ... warned")
                if (
                    node.dep_ in ("compound", "amod", "nummod", "nmod", "poss")
                    and node.head.i != t.i
                    and (
                        node.head.pos_ in ("NOUN", "PROPN")
                        and node.head.ent_type_ != "DATE"
                        and node.head.dep_
                        in ("dobj", "nsubj", "nsubjpass", "attr", "dative", "appos", "conj")
                    )
                ):
                    ok = False
                    break
                node = node.head
                hops += 1
            if ok:
                found.append((value.precision == "unresolved", hops, value))
        if found:
            best = min(found, key=lambda f: (f[0], f[1]))[2]
    return best


def _can_now(t: Token) -> bool:
    """ "The 777-200LR can fly 9,420 nautical miles", "the Pro can be purchased with a 17-inch display":
    what something can do, stated in the present, holds when the article says it (not "could", not
    "cannot", not in a subordinate clause of condition)."""
    if t.pos_ != "VERB" or t.dep_ not in ("ROOT", "conj", "ccomp", "advcl", "relcl"):
        return False
    aux = [c for c in t.children if c.dep_ in ("aux", "auxpass")]
    return any(a.lower_ == "can" for a in aux) and not any(c.dep_ == "neg" for c in t.children)


def _reported_as_now_or_past(t: Token) -> bool:
    """Present, present perfect, present progressive or simple past, finite, of a verb trigger."""
    if t.pos_ not in ("VERB", "AUX") or t.dep_ in ("amod", "acl", "xcomp", "pcomp", "csubj", "compound"):
        return False
    if t.tag_ not in ("VBD", "VBZ", "VBP", "VBN", "VBG"):
        return False
    auxes = [c for c in t.children if c.dep_ in ("aux", "auxpass")]
    if t.tag_ in ("VBN", "VBG") and not auxes:
        return False  # a bare participle: "the plane, built in 2005"
    for a in auxes:
        low = a.lower_
        if a.tag_ == "MD" or low in ("to", "'ll", "wo"):
            return False
        if a.lemma_.lower() == "have" and a.tag_ == "VBD":
            return False  # past perfect: before the story's own time
        if low == "going":
            return False
    return True


# --------------------------------------------------------------------------- factuality


def factuality(t: Token) -> Factuality:
    """Is the event said to happen, not to happen, perhaps, later, or only if?

    Walks from the trigger up to the verb that carries its tense and negation (a
    nominal trigger's governing verb, a control verb); past a clause boundary only the
    governing verb's meaning counts ("denied that ...", "rumoured to ..."), not its
    own negation or modality.
    """
    node = t
    across_clause = False
    for _ in range(6):
        children = list(node.children)
        if not across_clause:
            if any(c.dep_ == "neg" for c in children) and (node.i == t.i or node.lemma_.lower() != "be"):
                return "denied"
            if any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in children):
                return "hypothetical"
            aux = {c.lower_ for c in children if c.dep_ in ("aux", "auxpass")}
            if aux & _MODAL_UNCERTAIN:
                return "uncertain"
            if aux & _MODAL_FUTURE:
                return "future"
            if (
                "to" in aux
                and node.dep_ in ("xcomp", "advcl", "acl", "relcl")
                and node.head.lemma_.lower() in _FUTURE_GOVERNORS
            ):
                return "future"
        if node is not t:
            lemma = node.lemma_.lower()
            if lemma in DENIAL_VERBS:
                return "denied"
            if lemma in DOUBT_VERBS or lemma in ("rumour", "rumor"):
                return "uncertain"
            if lemma in BELIEF_VERBS and across_clause:
                return "uncertain"
        if node.head.i == node.i:
            break
        if node.dep_ in ("advcl", "parataxis") and node is t:
            break
        if node.dep_ in ("ccomp", "advcl", "parataxis", "relcl", "acl", "csubj"):
            across_clause = True
        if node.dep_ in (
            "dobj",
            "pobj",
            "nsubj",
            "nsubjpass",
            "xcomp",
            "prep",
            "poss",
            "attr",
            "conj",
            "ccomp",
            "acl",
            "relcl",
            "compound",
            "amod",
            "appos",
        ):
            node = node.head
        else:
            break
    return "asserted"
