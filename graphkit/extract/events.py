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

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from graphkit.extract.document import DocState
from graphkit.extract.lexicon import BELIEF_VERBS, DENIAL_VERBS, DOUBT_VERBS
from graphkit.extract.time import UNRESOLVED, normalise, parse_anchor
from graphkit.resources import ontology_file, read_tsv
from graphkit.types import Argument, Event, Factuality, Span, TimeValue

if TYPE_CHECKING:
    from spacy.tokens import Token


@dataclass(frozen=True, slots=True)
class LexEntry:
    words: tuple[str, ...]
    pos: str
    type: str
    of_role: str


@cache
def lexicon() -> tuple[dict[tuple[str, str], LexEntry], dict[str, list[LexEntry]]]:
    """(single-word entries by (lemma, pos), multi-word entries by first word)."""
    single: dict[tuple[str, str], LexEntry] = {}
    multi: dict[str, list[LexEntry]] = {}
    for row in read_tsv(ontology_file("event-lexicon.tsv")):
        words = tuple(row["lemma"].lower().split())
        entry = LexEntry(words, row["pos"].upper(), row["type"], row.get("of_role") or "patient")
        if len(words) == 1:
            for pos in ("VERB", "NOUN") if entry.pos == "ANY" else (entry.pos,):
                single.setdefault((words[0], pos), LexEntry(words, pos, entry.type, entry.of_role))
        else:
            multi.setdefault(words[0], []).append(entry)
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
    doc = state.doc
    single, multi = lexicon()
    anchor = parse_anchor(state.article.date)
    events: list[Event] = []
    taken: set[int] = set()
    for t in doc:
        if t.i in taken:
            continue
        found = _match(t, single, multi)
        if found is None:
            continue
        entry, tokens = found
        # the syntactic head carries the arguments: "deal" in "peace deal", "pull" in "pull out"
        t = max(
            (doc[i] for i in tokens),
            key=lambda x: (x.pos_ in ("NOUN", "VERB") and x.head.i not in tokens, x.pos_ == "VERB"),
        )
        if not _keep(t, entry, state):
            continue
        taken.update(tokens)
        first, last = min(tokens), max(tokens)
        span = doc[first : last + 1] if last - first < 3 else doc[t.i : t.i + 1]
        etype = _refine_type(t, entry, state)
        nominal = t.pos_ in ("NOUN", "PROPN")
        args = _nominal_args(t, entry, state) if nominal else _verbal_args(t, entry, state)
        time = _event_time(t, state, anchor)
        events.append(
            Event(
                trigger=Span(span.start_char, span.end_char, span.text),
                type=etype,
                lemma=" ".join(entry.words),
                sentence=state.sentence_of(t),
                arguments=tuple(args),
                time=time,
                factuality=factuality(t),
                nominal=nominal,
                confidence=0.8 if args else 0.6,
            )
        )
    return events


# --------------------------------------------------------------------------- triggers


def _lemma(t: Token) -> str:
    return t.lemma_.lower()


def _match(t: Token, single, multi) -> tuple[LexEntry, list[int]] | None:
    doc = t.doc
    lemma = _lemma(t)
    pos = (
        "VERB"
        if t.pos_ == "VERB" or (t.tag_.startswith("VB") and t.pos_ != "AUX")
        else "NOUN"
        if t.pos_ in ("NOUN", "PROPN")
        else None
    )
    if pos is None:
        return None
    for entry in multi.get(lemma, ()):
        rest = entry.words[1:]
        # contiguous phrase: "peace deal", "air strike"
        if all(t.i + k + 1 < len(doc) and _lemma(doc[t.i + k + 1]) == w for k, w in enumerate(rest)):
            return entry, list(range(t.i, t.i + len(entry.words)))
        # phrasal verb: "pull ... out", "run away", "switch sides"
        if pos == "VERB" and len(rest) == 1:
            for child in t.children:
                if child.dep_ in ("prt", "advmod", "dobj") and _lemma(child) == rest[0]:
                    return entry, [t.i, child.i]
        # head-final compound noun: "peace deal" where the trigger token is "deal"
    if pos == "NOUN":
        for child in t.children:
            if child.dep_ == "compound" and child.i == t.i - 1:
                for entry in multi.get(_lemma(child), ()):
                    if entry.words[1:] == (lemma,):
                        return entry, [child.i, t.i]
    entry = single.get((lemma, pos))
    if entry is None and pos == "NOUN" and t.pos_ == "PROPN":
        return None
    return (entry, [t.i]) if entry else None


def _keep(t: Token, entry: LexEntry, state: DocState) -> bool:
    """Context filters for words that are events only in some uses."""
    lemma = entry.words[0] if len(entry.words) == 1 else ""
    if t.dep_ == "amod" and t.pos_ == "ADJ":
        return False
    if lemma == "talk" and t.pos_ == "NOUN" and t.lower_ != "talks":
        return False
    if lemma == "call" and not any(c.lower_ in ("for", "on") for c in t.children):
        return False
    if lemma in ("add", "note", "explain") and not _reports(t):
        return False
    if (
        lemma == "strike"
        and t.pos_ == "NOUN"
        and any(c.lower_ in ("labour", "labor", "general", "hunger", "workers") for c in t.children)
    ):
        return False
    if lemma == "back" and not any(c.dep_ == "dobj" for c in t.children):
        return False
    if lemma == "free" and t.pos_ != "VERB":
        return False
    if lemma in ("campaign", "war", "violence") and t.dep_ == "compound":
        return False
    if lemma == "force" and t.pos_ == "VERB" and not any(c.dep_ in ("dobj", "nsubjpass") for c in t.children):
        return False
    if t.pos_ == "VERB" and t.dep_ == "amod" and t.tag_ == "VBN" and not _has_subject_to_left(t):
        return False  # "the wounded soldiers", "a rushed operation": participles describing a noun
    if lemma in ("execute", "execution") and not _object_is_people(t, state):
        return False  # "a plan that was not executed"
    return True


def _has_subject_to_left(t: Token) -> bool:
    """A verb the parser attached as a modifier but with a noun phrase right before it:
    "the Taliban still “massacred” soldiers"."""
    doc = t.doc
    i = t.i - 1
    while i >= 0 and (doc[i].is_punct or doc[i].pos_ == "ADV"):
        i -= 1
    return i >= 0 and doc[i].pos_ in ("PROPN", "NOUN") and doc[i].dep_ not in ("compound",) and i < t.i - 1


def _object_is_people(t: Token, state: DocState) -> bool:
    for c in t.children:
        if c.dep_ in ("dobj", "nsubjpass") or (c.dep_ == "prep" and c.lower_ == "of"):
            target = next((g for g in c.children if g.dep_ == "pobj"), c) if c.dep_ == "prep" else c
            cl = state.entity_of(target)
            if (cl is not None and cl.type in ("Person", "Group")) or target.lemma_.lower() in (
                "prisoner",
                "soldier",
                "man",
                "woman",
                "people",
                "civilian",
                "hostage",
            ):
                return True
    return False


def _reports(t: Token) -> bool:
    """A verb used to report speech: it has a clause, or stands next to a quotation mark."""
    if any(c.dep_ in ("ccomp", "parataxis") for c in t.children):
        return True
    doc = t.doc
    window = doc[max(0, t.i - 4) : min(len(doc), t.i + 3)]
    return any(w.text in ("“", "”", '"', "’", "‘") for w in window)


def _refine_type(t: Token, entry: LexEntry, state: DocState) -> str:
    """Object-dependent types: "captured the city" (seizure) vs "captured fighters" (arrest);
    "released a statement/product" (launch) vs "released prisoners" (release)."""
    if entry.type in ("seizure", "release") and t.pos_ == "VERB":
        obj = next((c for c in t.children if c.dep_ in ("dobj", "nsubjpass")), None)
        if obj is not None:
            c = state.entity_of(obj)
            ctype = c.type if c else None
            if entry.type == "seizure" and ctype in ("Person", "Group"):
                return "arrest"
            if entry.type == "release" and ctype not in ("Person", "Group") and obj.lemma_.lower() not in (
                "prisoner", "hostage", "detainee", "captive", "soldier", "fighter"):  # fmt: skip
                return "launch"
    return entry.type


# --------------------------------------------------------------------------- arguments


def _arg(state: DocState, token: Token, role: str, confidence: float = 0.7) -> Argument | None:
    """An argument for the noun phrase headed by ``token`` (entity when one is known)."""
    if token.pos_ in ("PRON",) and token.lower_ in ("who", "which", "that") and token.head.dep_ == "relcl":
        token = token.head.head  # "soldiers, who guard ..." -> soldiers
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
    if token.pos_ in ("PRON", "DET", "NUM", "ADV", "ADJ", "SCONJ", "AUX", "PART", "PUNCT"):
        return None
    if token.pos_ == "VERB":
        return None
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


def _subject(t: Token) -> tuple[Token | None, bool]:
    """(subject token, passive?) of a verb, following control and conjunction."""
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in t.children)
    for c in t.children:
        if c.dep_ in ("nsubj", "nsubjpass", "csubj"):
            return c, passive
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
    if t.dep_ == "acl" and t.tag_ == "VBN":  # "soldiers killed by ..." -> soldiers are the patients
        return t.head, True
    return None, passive


# "his arrest", "their killing": for these the possessor undergoes the event; otherwise it acts
# ("the Taliban's attacks", "his surrender", "the coalition's invasion").
_POSS_IS_PATIENT = {"arrest", "killing", "massacre", "death", "injury", "abduction", "release", "appointment",
                    "trial", "conviction", "sentence", "charge", "evacuation", "election"}  # fmt: skip
_RECIPIENT_TYPES = {
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
    intransitive_patient = entry.type in ("death", "injury") and not passive
    if subj is not None:
        role = "patient" if (passive or intransitive_patient) else "agent"
        a = _arg(state, subj, role)
        if a:
            args.append(a)
            for conj in subj.conjuncts:
                a2 = _arg(state, conj, role)
                if a2:
                    args.append(a2)
    for c in t.children:
        if c.dep_ in ("dobj",) and not passive:
            a = _arg(state, c, "patient")
            if a:
                args.append(a)
                args.extend(x for x in (_arg(state, cj, "patient") for cj in c.conjuncts) if x)
        elif c.dep_ == "dative":
            a = _arg(state, c, "recipient")
            if a:
                args.append(a)
        elif c.dep_ in ("agent",) or (c.dep_ == "prep" and c.lower_ == "by" and passive):
            for g in c.children:
                if g.dep_ == "pobj":
                    a = _arg(state, g, "agent")
                    if a:
                        args.append(a)
        elif c.dep_ == "prep":
            args.extend(_prep_args(c, entry, state))
        elif c.dep_ == "npadvmod" and state.entity_of(c) and state.entity_of(c).type == "Location":  # type: ignore[union-attr]
            a = _arg(state, c, "place")
            if a:
                args.append(a)
    # "The Taliban still “massacred” soldiers": a verb the parser left as a modifier
    if not args and t.dep_ in ("amod", "compound"):
        args.extend(_surface_args(t, state))
    if not any(a.role == "place" for a in args):
        args.extend(_clause_place(t, state))
    return _dedupe(args)


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
            if word in _LOC_PREPS and ctype == "Location":
                role = "place"
            elif word == "to" and entry.type in _RECIPIENT_TYPES:
                role = "recipient"
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
            elif word == "by":
                role = "agent"
            else:
                continue
            a = _arg(state, target, role)
            if a:
                out.append(a)
    return out


def _nominal_args(t: Token, entry: LexEntry, state: DocState) -> list[Argument]:
    args: list[Argument] = []
    for c in t.children:
        if c.dep_ == "poss":
            a = _arg(state, c, "patient" if entry.type in _POSS_IS_PATIENT else "agent")
            if a:
                args.append(a)
        elif c.dep_ in ("compound", "nmod", "amod") and c.i < t.i:
            cluster = state.entity_of(c)
            if cluster is not None and cluster.type in ("Organisation", "Location", "Person", "Group"):
                # "US withdrawal", "U.S.-Taliban peace deal": the modifiers are the parties
                role = (
                    "agent"
                    if entry.of_role == "agent" or entry.type in ("attack", "agreement", "talks")
                    else entry.of_role
                )
                a = _arg(state, c, role)
                if a:
                    args.append(a)
            elif c.lower_.endswith("-led") or c.dep_ == "amod" and c.head is t and c.lower_.endswith("led"):
                pass
        elif c.dep_ == "prep":
            if c.lower_ == "of":
                for g in c.children:
                    if g.dep_ == "pobj":
                        a = _arg(state, g, entry.of_role)
                        if a:
                            args.append(a)
            else:
                args.extend(_prep_args(c, entry, state))
    # a nominal event as the object of a verb whose subject performs it: "the Taliban's campaign"
    # is handled by poss; "X signed a deal" gives the deal X as agent
    if t.dep_ in ("dobj",) and not any(a.role == "agent" for a in args):
        gov = t.head
        if gov.lemma_.lower() in (
            "sign",
            "reach",
            "launch",
            "carry",
            "conduct",
            "stage",
            "hold",
            "make",
            "begin",
            "announce",
            "wage",
            "mount",
            "claim",
        ):
            subj, passive = _subject(gov)
            if subj is not None and not passive:
                a = _arg(state, subj, "agent", 0.6)
                if a:
                    args.append(a)
    if not any(a.role == "place" for a in args):
        args.extend(_clause_place(t, state))
    return _dedupe(args)


def _surface_args(t: Token, state: DocState) -> list[Argument]:
    """Fallback when the parse is broken: nearest entity left = agent, right = patient (same sentence)."""
    sent = t.sent
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
    for c in head.children:
        if c.dep_ == "prep" and c.lower_ in _LOC_PREPS and c.i != t.i:
            for a in _prep_args(c, LexEntry((), "", "", ""), state):
                if a.role == "place":
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


def _event_time(t: Token, state: DocState, anchor) -> TimeValue | None:
    """A DATE phrase attached to the event's clause ("in a statement Sunday", "in December 2019")."""
    clause = t if t.pos_ == "VERB" else t.head if t.head.pos_ == "VERB" else t
    best = None
    for tok in clause.subtree:
        if tok.ent_type_ != "DATE" or tok.ent_iob_ != "B":
            continue
        # not inside another clause below the event
        node, ok = tok, True
        while node.i != clause.i:
            if node.dep_ in ("ccomp", "advcl", "relcl", "xcomp", "csubj") and node.i != clause.i:
                ok = False
                break
            node = node.head
            if node.head.i == node.i and node.i != clause.i:
                ok = False
                break
        if not ok:
            continue
        ent = next(e for e in tok.doc.ents if e.start == tok.i)
        value = normalise(ent.text, anchor)
        if best is None or (best.precision == "unresolved" and value.precision != "unresolved"):
            best = value
    if best is not None and best is not UNRESOLVED:
        return best
    return best


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
