"""Claims: who said what, to whom, and whether they asserted, denied or doubted it.

Shapes of attribution read:

* reporting verbs with a clause: "A foreign diplomat in Kabul said the number of
  defections ... have increased", "Massoud insisted Monday that his father had not
  joined the Taliban", "The spokesman told reporters that ..." (the reporters are the
  addressee, never the speaker), and nominal objects of denial and confirmation verbs:
  "Bakhtawar's son ... disputes his father's defection", "The Pentagon denied reports";
* direct quotations attributed before or after the quote: "“...,” Qani said",
  "“...,” says Kamal Alam", "Bakhtawar is seen saying, “...”", and a quote that
  follows an attributed one in the same paragraph with no verb of its own ("“...,” he
  said. “...”"), which continues the same speaker;
* "according to X" before or after the content.

An indirect question ("did not say whether the plan would go ahead") is not a claim.

The claim's factuality is the speaker's stance: ``denied`` for deny/dispute/reject or a
negated reporting verb, ``uncertain`` for claim/allege/think/fear or a modal on the
reporting verb, ``hypothetical`` when the reporting itself is conditional, ``asserted``
otherwise. Events whose trigger lies inside the content are linked to the claim; their
own factuality (a negated "has not surrendered" inside the quote) is set by the event
extractor.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from graphkit.extraction.document import DocState
from graphkit.extraction.lexicon import BELIEF_VERBS, DENIAL_VERBS, DOUBT_VERBS
from graphkit.extraction.quotes import Quote, attributing_verb, is_speech, subject_of
from graphkit.types import Claim, Event, Factuality, Span

if TYPE_CHECKING:
    from spacy.tokens import Token

# verbs whose object, not a clause, is what is asserted or denied ("denied the reports")
_OBJECT_CLAIM_VERBS = DENIAL_VERBS | {"confirm", "acknowledge", "report", "admit", "announce", "reveal"}
# verbs whose first object is the one spoken to ("told reporters", "warned the government")
_ADDRESSEE_VERBS = frozenset({"tell", "inform", "notify", "brief", "warn", "assure", "remind", "advise", "urge",
                              "ask", "promise", "reassure", "caution", "convince"})  # fmt: skip
_MODALS_UNCERTAIN = frozenset({"may", "might", "could", "can"})


def find_claims(state: DocState, events: list[Event]) -> list[Claim]:
    text = state.text  # Doc.text joins every token: read once per article (DocState keeps it)
    claims: list[Claim] = []
    used_cues: set[int] = set()
    _quotes(state, text, claims, used_cues)
    _indirect(state, text, claims, used_cues)
    _according_to(state, text, claims)
    return [_with_events(c, events) for c in claims]


def _stance(verb: Token) -> Factuality:
    lemma = verb.lemma_.lower()
    children = list(verb.children)
    negated = any(c.dep_ == "neg" for c in children)
    if lemma in DENIAL_VERBS:
        return "asserted" if negated else "denied"  # "did not deny" asserts, weakly
    if negated:
        return "denied"
    if any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in children):
        return "hypothetical"
    if lemma in DOUBT_VERBS or lemma in BELIEF_VERBS:
        return "uncertain"
    if any(c.dep_ == "aux" and c.lower_ in _MODALS_UNCERTAIN for c in children):
        return "uncertain"
    return "asserted"


def _phrase(state: DocState, tok: Token) -> Span:
    doc = state.doc
    phrase = doc[tok.left_edge.i : tok.i + 1] if tok.pos_ != "PRON" else doc[tok.i : tok.i + 1]
    return Span(phrase.start_char, phrase.end_char, phrase.text)


def _speaker(state: DocState, verb: Token) -> tuple[str | None, Span | None]:
    subj = subject_of(verb)
    if subj is None:
        return None, None
    cluster = state.entity_of(subj)
    span = _phrase(state, subj)
    if cluster is not None and cluster.mentions:
        return str(cluster.id), span
    return None, span


def _addressee(state: DocState, verb: Token) -> tuple[str | None, Span | None]:
    """ "told reporters", "told TRT World", "said to the BBC"."""
    target = None
    if verb.lemma_.lower() in _ADDRESSEE_VERBS:
        target = next((c for c in verb.children if c.dep_ in ("dobj", "dative")), None)
        if target is not None and target.pos_ == "ADP":  # spaCy may hang "to" as the dative
            target = next((g for g in target.children if g.dep_ == "pobj"), None)
    if target is None:
        prep = next((c for c in verb.children if c.dep_ in ("prep", "dative") and c.lower_ == "to"), None)
        if prep is not None:
            target = next((g for g in prep.children if g.dep_ == "pobj"), None)
    if target is None:
        return None, None
    cluster = state.entity_of(target)
    return (str(cluster.id) if cluster is not None and cluster.mentions else None), _phrase(state, target)


def _quotes(state: DocState, text: str, claims: list[Claim], used: set[int]) -> None:
    doc = state.doc
    previous: tuple[Quote, Claim] | None = None
    for q in state.quotes:
        content = text[q.start : q.end]
        if len(content.split()) < 3:
            continue  # scare quotes ("massacred"), titles: not statements
        verb = attributing_verb(doc, q)
        if verb is None:
            # "“It was a mistake,” he said. “We will fix it.”": the same speaker goes on
            if previous is not None and _continues(text, previous[0], q):
                prev = previous[1]
                claim = replace(
                    prev,
                    content=Span(q.start, q.end, content),
                    sentence=state.sentence_of(
                        doc.char_span(q.start, q.start + 1, alignment_mode="expand").start
                    ),
                    events=(),
                    confidence=round(prev.confidence * 0.85, 2),
                )
                claims.append(claim)
                previous = (q, claim)
            continue
        used.add(verb.i)
        speaker, sspan = _speaker(state, verb)
        addressee, aspan = _addressee(state, verb)
        claim = Claim(
            cue=Span(verb.idx, verb.idx + len(verb.text), verb.text),
            content=Span(q.start, q.end, content),
            sentence=state.sentence_of(verb),
            factuality=_stance(verb),
            speaker=speaker,
            speaker_span=sspan,
            direct_quote=True,
            confidence=0.8 if speaker else 0.5,
            addressee=addressee,
            addressee_span=aspan,
        )
        claims.append(claim)
        previous = (q, claim)


def _continues(text: str, before: Quote, after: Quote) -> bool:
    """The quote comes right after the previous one's sentence, in the same paragraph."""
    gap = text[before.end : after.start]
    return "\n" not in gap and len(gap) < 40 and gap.count(".") <= 1


def _indirect(state: DocState, text: str, claims: list[Claim], used: set[int]) -> None:
    quoted = [(c.content.start, c.content.end) for c in claims]
    for t in state.tokens:
        if t.i in used or not is_speech(t):
            continue
        content = next((c for c in t.children if c.dep_ in ("ccomp",)), None)
        if content is None and t.lemma_.lower() in _OBJECT_CLAIM_VERBS:
            content = next((c for c in t.children if c.dep_ in ("dobj",)), None)
        if content is None:
            continue
        # "did not say whether the plan would go ahead": a question, not a claim
        if any(c.dep_ == "mark" and c.lower_ in ("whether", "if") for c in content.children):
            continue
        sub = list(content.subtree)
        start, end = sub[0].idx, sub[-1].idx + len(sub[-1].text)
        if any(qs <= start and end <= qe for qs, qe in quoted):
            continue
        speaker, sspan = _speaker(state, t)
        addressee, aspan = _addressee(state, t)
        claims.append(
            Claim(
                cue=Span(t.idx, t.idx + len(t.text), t.text),
                content=Span(start, end, text[start:end]),
                sentence=state.sentence_of(t),
                factuality=_stance(t),
                speaker=speaker,
                speaker_span=sspan,
                confidence=0.75 if speaker else 0.5,
                addressee=addressee,
                addressee_span=aspan,
            )
        )


def _according_to(state: DocState, text: str, claims: list[Claim]) -> None:
    doc = state.doc
    for t in state.tokens:
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
        sent = state.sent_of(t)
        phrase_end = max(x.i for x in pobj.subtree) + 1 if pobj.head.i == to.i else pobj.i + 1
        # the content is the rest of the sentence outside "according to X"
        if t.i - sent.start > 2:
            c_start, c_end = sent.start_char, doc[t.i - 1].idx
        else:
            c_start, c_end = doc[min(phrase_end, sent.end - 1)].idx, sent.end_char
        content = text[c_start:c_end].strip(" ,.;–—-\n")
        if len(content.split()) < 3:
            continue
        offset = text.index(content, c_start)
        cluster = state.entity_of(pobj)
        phrase = doc[pobj.left_edge.i : pobj.i + 1]
        claims.append(
            Claim(
                cue=Span(t.idx, to.idx + len(to.text), text[t.idx : to.idx + len(to.text)]),
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
    return replace(claim, events=inside)
