"""Claims: who said what, and whether they asserted, denied or doubted it.

Three shapes of attribution are read:

* reporting verbs with a clause: "A foreign diplomat in Kabul said the number of
  defections ... have increased", "Massoud insisted Monday that his father had not
  joined the Taliban", and nominal objects of denial verbs: "Bakhtawar's son ...
  disputes his father's defection";
* direct quotations attributed before or after the quote: "“...,” Qani said",
  "“...,” says Kamal Alam", "Bakhtawar is seen saying, “...”";
* "according to X".

The claim's factuality is the speaker's stance: ``denied`` for deny/dispute/reject,
``uncertain`` for claim/allege/think/fear, ``asserted`` otherwise. Events whose
trigger lies inside the content are linked to the claim; their own factuality (a
negated "has not surrendered" inside the quote) is set by the event extractor.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from graphkit.extract.document import DocState
from graphkit.extract.lexicon import BELIEF_VERBS, DENIAL_VERBS, DOUBT_VERBS
from graphkit.extract.quotes import attributing_verb, find_quotes, is_speech, subject_of
from graphkit.types import Claim, Event, Factuality, Span

if TYPE_CHECKING:
    from spacy.tokens import Token


def find_claims(state: DocState, events: list[Event]) -> list[Claim]:
    claims: list[Claim] = []
    used_cues: set[int] = set()
    _quotes(state, claims, used_cues)
    _indirect(state, claims, used_cues)
    _according_to(state, claims)
    return [_with_events(c, events) for c in claims]


def _stance(verb: Token) -> Factuality:
    lemma = verb.lemma_.lower()
    if lemma in DENIAL_VERBS:
        return "denied"
    if lemma in DOUBT_VERBS or lemma in BELIEF_VERBS:
        return "uncertain"
    if any(c.dep_ == "neg" for c in verb.children):
        return "denied"
    return "asserted"


def _speaker(state: DocState, verb: Token) -> tuple[str | None, Span | None]:
    subj = subject_of(verb)
    if subj is None:
        return None, None
    cluster = state.entity_of(subj)
    phrase = (
        state.doc[subj.left_edge.i : subj.i + 1] if subj.pos_ != "PRON" else state.doc[subj.i : subj.i + 1]
    )
    span = Span(phrase.start_char, phrase.end_char, phrase.text)
    if cluster is not None and cluster.mentions:
        return str(cluster.id), span
    return None, span


def _quotes(state: DocState, claims: list[Claim], used: set[int]) -> None:
    doc = state.doc
    for q in find_quotes(doc):
        content = doc.text[q.start : q.end]
        if len(content.split()) < 3:
            continue  # scare quotes ("massacred"), titles: not statements
        verb = attributing_verb(doc, q)
        if verb is None:
            continue
        used.add(verb.i)
        speaker, sspan = _speaker(state, verb)
        claims.append(
            Claim(
                cue=Span(verb.idx, verb.idx + len(verb.text), verb.text),
                content=Span(q.start, q.end, content),
                sentence=state.sentence_of(verb),
                factuality=_stance(verb),
                speaker=speaker,
                speaker_span=sspan,
                direct_quote=True,
                confidence=0.8 if speaker else 0.5,
            )
        )


def _indirect(state: DocState, claims: list[Claim], used: set[int]) -> None:
    doc = state.doc
    quoted = [(c.content.start, c.content.end) for c in claims]
    for t in doc:
        if t.i in used or not is_speech(t):
            continue
        content = next((c for c in t.children if c.dep_ in ("ccomp",)), None)
        if content is None and t.lemma_.lower() in DENIAL_VERBS | {"confirm", "acknowledge", "report"}:
            content = next((c for c in t.children if c.dep_ in ("dobj",)), None)
        if content is None:
            continue
        sub = list(content.subtree)
        start, end = sub[0].idx, sub[-1].idx + len(sub[-1].text)
        if any(qs <= start and end <= qe for qs, qe in quoted):
            continue
        speaker, sspan = _speaker(state, t)
        claims.append(
            Claim(
                cue=Span(t.idx, t.idx + len(t.text), t.text),
                content=Span(start, end, doc.text[start:end]),
                sentence=state.sentence_of(t),
                factuality=_stance(t),
                speaker=speaker,
                speaker_span=sspan,
                confidence=0.75 if speaker else 0.5,
            )
        )


def _according_to(state: DocState, claims: list[Claim]) -> None:
    doc = state.doc
    for t in doc:
        if t.lower_ != "according" or t.i + 1 >= len(doc) or doc[t.i + 1].lower_ != "to":
            continue
        to = doc[t.i + 1]
        pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
        if pobj is None:
            # the parser may hang the object elsewhere: take the first noun after "to"
            for w in doc[t.i + 2 : min(len(doc), t.i + 8)]:
                if w.pos_ in ("NOUN", "PROPN"):
                    pobj = w
                    break
        if pobj is None:
            continue
        sent = t.sent
        phrase_end = max(x.i for x in pobj.subtree) + 1 if pobj.head.i == to.i else pobj.i + 1
        # the content is the rest of the sentence outside "according to X"
        if t.i - sent.start > 2:
            c_start, c_end = sent.start_char, doc[t.i - 1].idx
        else:
            c_start, c_end = doc[min(phrase_end, sent.end - 1)].idx, sent.end_char
        content = doc.text[c_start:c_end].strip(" ,.;–—-")
        if len(content.split()) < 3:
            continue
        offset = doc.text.index(content, c_start)
        cluster = state.entity_of(pobj)
        phrase = doc[pobj.left_edge.i : pobj.i + 1]
        claims.append(
            Claim(
                cue=Span(t.idx, to.idx + len(to.text), doc.text[t.idx : to.idx + len(to.text)]),
                content=Span(offset, offset + len(content), content),
                sentence=state.sentence_of(t),
                factuality="asserted",
                speaker=str(cluster.id) if cluster is not None and cluster.mentions else None,
                speaker_span=Span(phrase.start_char, phrase.end_char, phrase.text),
                confidence=0.75,
            )
        )


def _with_events(claim: Claim, events: list[Event]) -> Claim:
    inside = tuple(
        e.local_id
        for e in events
        if claim.content.start <= e.trigger.start and e.trigger.end <= claim.content.end
    )
    if not inside:
        return claim
    from dataclasses import replace

    return replace(claim, events=inside)
