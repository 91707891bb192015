"""Direct quotations and the reporting verb that attributes each one.

Shared by coreference ("I", "my father" inside a quote are the speaker and the
speaker's father) and claims (the quote is what the speaker said).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from graphkit.extraction.lexicon import SPEECH_VERBS

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_QUOTE_RE = re.compile(r"“([^”]{2,}?)”|\"([^\"\n]{2,}?)\"")


@dataclass(frozen=True, slots=True)
class Quote:
    start: int  # content characters, without the quotation marks
    end: int
    first_token: int  # token of the opening mark
    last_token: int  # token of the closing mark

    def contains_char(self, i: int) -> bool:
        return self.start <= i < self.end


def find_quotes(doc: Doc, text: str | None = None) -> list[Quote]:
    """The direct quotations of ``doc`` (``text`` is ``doc.text`` when the caller has it already).

    The rules read them through :attr:`DocState.quotes <graphkit.extraction.document.DocState.quotes>`,
    which finds them once per article.
    """
    out: list[Quote] = []
    for m in _QUOTE_RE.finditer(doc.text if text is None else text):
        g = 1 if m.group(1) is not None else 2
        open_tok = doc.char_span(m.start(), m.start() + 1, alignment_mode="expand")
        close_tok = doc.char_span(m.end() - 1, m.end(), alignment_mode="expand")
        if open_tok is None or close_tok is None:
            continue
        out.append(Quote(m.start(g), m.end(g), open_tok.start, close_tok.end - 1))
    return out


def is_speech(t: Token) -> bool:
    return t.pos_ == "VERB" and t.lemma_.lower() in SPEECH_VERBS


def attributing_verb(doc: Doc, q: Quote) -> Token | None:
    """The reporting verb for a quote: just after it (',” Qani said') or just before it
    ('Bakhtawar is seen saying, “...')."""
    for t in doc[q.last_token + 1 : min(len(doc), q.last_token + 9)]:
        if t.text in ("“", '"') or (t.is_sent_start and t.i > q.last_token + 2):
            break
        if is_speech(t):
            return t
    for t in reversed(doc[max(0, q.first_token - 6) : q.first_token]):
        if t.text in ("”", '"', "."):
            break
        if is_speech(t):
            return t
    return None


def subject_of(verb: Token) -> Token | None:
    """Who speaks: the subject, the governing verb's subject, or an inverted subject ('says Kamal Alam')."""
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None and verb.dep_ in ("conj", "xcomp", "advcl"):
        subj = next((c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None:
        subj = next(
            (
                c
                for c in verb.rights
                if c.dep_ in ("dobj", "attr", "nsubj", "npadvmod", "appos", "dep")
                and c.pos_ in ("NOUN", "PROPN")
            ),
            None,
        )
    return subj
