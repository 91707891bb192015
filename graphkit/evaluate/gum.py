"""GUM (CoNLL-U with the CorefUD ``Entity`` column) scored on its dev (tuned) and test (frozen) documents.

Entry point: :func:`evaluate_gum`. Which documents form a split comes from GUM's own ``splits.md``
(``dev`` = tuned, ``test`` = frozen, see :mod:`graphkit.evaluate.protocol`); only the documents
present in the folder are scored (the shared copy keeps the openly licensed genres). All documents
of a split are built into one graph with the real pipeline and read back from the RDF.

Text (documented choice): rebuilt from the word tokens, a space after each word unless its MISC
says ``SpaceAfter=No`` (for a multi-word token, the range line's MISC decides the space after its
last word, and its words are written without spaces between them); a newline between sentences, so
each sentence is one line and equals its ``# text`` comment. The article's title is
``# meta::title``, its date ``# meta::dateCreated`` when that is a calendar date.

Gold (documented choice): every CorefUD mention whose entity type is ``person``, ``organization``
or ``place`` -> PER / ORG / LOC: names, nominals and pronouns alike, nested mentions included. A
mention is **named** when one of its head tokens is a proper noun (UPOS ``PROPN``): the head tokens
are the mention's ``MinSpan`` (the entity field after the centering one: 1-based positions of the
minimal span inside the mention, "2" or "1,2"), or, when a mention has none, its syntactic head
(the token whose head lies outside the mention). CorefUD has no name flag of its own, and its
Wikipedia ``identity`` belongs to the entity, so nominals and pronouns of a linked entity carry it
too; the head's part of speech is the mark of a name.

Measures, per split: all mentions per type and overall against graphkit's mentions of every kind
(``gk:Group`` counts as PER), and named mentions per type and overall against graphkit's ``NAM``
mentions; the bar for both is raw spaCy NER (``spacy.load`` of the model; PERSON -> PER, ORG,
GPE/LOC/FAC -> LOC) on the same text in the same run. Scored with
:func:`graphkit.evaluate.score.score_mentions` (overlap and type, one-to-one).
``limit`` caps the documents per split (the first ones in ``splits.md`` order).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from graphkit.config import Settings
from graphkit.errors import GraphkitError
from graphkit.evaluate.protocol import GUM_SPLIT_NAMES, Figure, Split
from graphkit.evaluate.score import PRF, Mention, score_mentions
from graphkit.evaluate.system import NOUN_PHRASE_KINDS

SET = "gum"
GUM_TYPES = {"person": "PER", "organization": "ORG", "place": "LOC"}
SYSTEM_TYPES = {"Person": "PER", "Organisation": "ORG", "Location": "LOC", "Group": "PER"}
_CALENDAR = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


@dataclass(frozen=True, slots=True)
class GumMention:
    start: int
    end: int
    type: str  # PER / ORG / LOC
    etype: str  # as annotated: person / organization / place
    entity: str  # the CorefUD entity id within the document
    named: bool


@dataclass(frozen=True, slots=True)
class GumDoc:
    id: str
    text: str
    title: str | None
    date: str | None
    mentions: tuple[GumMention, ...]  # person / organization / place mentions only
    sentences: int = 0


@dataclass
class _Word:
    form: str
    upos: str
    head: int  # absolute word index of the head in the document, -1 for the root
    misc: dict[str, str]
    start: int = 0
    end: int = 0


def _misc(field: str) -> dict[str, str]:
    if field in ("", "_"):
        return {}
    out = {}
    for part in field.split("|"):
        k, _, v = part.partition("=")
        out[k] = v
    return out


def read_splits(path: Path) -> dict[str, list[str]]:
    """GUM's ``splits.md``: {"dev": [doc ids], "test": [...], "train": [...], ...}."""
    if not path.is_file():
        raise GraphkitError(f"{path}: GUM splits.md not found (expected it in the GUM folder)")
    out: dict[str, list[str]] = {}
    current = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            current = line[3:].strip()
            out[current] = []
        elif current and line.strip().startswith("* "):
            out[current].append(line.strip()[2:].strip())
    return out


def read_gum_file(path: Path) -> GumDoc:
    """One GUM document (the first ``# newdoc`` of the file; GUM has one document a file)."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    doc_id = Path(path).stem
    title = date = None
    words: list[_Word] = []
    sentence_texts: list[str] = []
    sentence_start: list[int] = []  # first word index of each sentence
    pending_space: dict[int, bool] = {}  # last word index of a multi-word token -> space after it
    mwt_inner: set[int] = set()  # words followed by another word of the same multi-word token
    base = 0  # word index of the current sentence's word 1
    in_sentence = False
    for n, line in enumerate(lines, 1):
        if line.startswith("#"):
            key, _, value = line[1:].strip().partition("=")
            key, value = key.strip(), value.strip()
            if key == "newdoc id":
                doc_id = value
            elif key == "meta::title":
                title = value
            elif key == "meta::dateCreated" and _CALENDAR.fullmatch(value):
                date = value
            elif key == "text":
                sentence_texts.append(value)
            continue
        if not line.strip():
            in_sentence = False
            continue
        cols = line.split("\t")
        if len(cols) != 10:
            raise GraphkitError(f"{path}:{n}: not a CoNLL-U line (expected 10 tab-separated columns)")
        if not in_sentence:
            in_sentence = True
            base = len(words)
            sentence_start.append(base)
        ident = cols[0]
        if "." in ident:
            continue  # an empty node (not in the text)
        if "-" in ident:
            first, last = (int(x) for x in ident.split("-"))
            for w in range(first, last):
                mwt_inner.add(base + w - 1)
            pending_space[base + last - 1] = _misc(cols[9]).get("SpaceAfter") != "No"
            continue
        head = int(cols[6]) if cols[6].isdigit() else 0
        words.append(_Word(cols[1], cols[3], base + head - 1 if head else -1, _misc(cols[9])))

    # -- text: words with their spaces, a newline between sentences
    starts = set(sentence_start)
    parts: list[str] = []
    pos = 0
    for i, w in enumerate(words):
        if i and i in starts:
            if parts and parts[-1] == " ":
                parts.pop()
                pos -= 1
            parts.append("\n")
            pos += 1
        w.start, w.end = pos, pos + len(w.form)
        parts.append(w.form)
        pos += len(w.form)
        if i in mwt_inner:
            continue
        space = pending_space.get(i, w.misc.get("SpaceAfter") != "No")
        if space and i + 1 < len(words):
            parts.append(" ")
            pos += 1
    if parts and parts[-1] == " ":
        parts.pop()
    text = "".join(parts)

    # -- mentions from the Entity column
    mentions: list[GumMention] = []
    open_: dict[str, list[tuple[int, str, str]]] = {}  # eid -> stack of (first word, etype, minspan)

    def close(eid: str, last: int) -> None:
        stack = open_.get(eid)
        if not stack:
            raise GraphkitError(f"{path}: entity {eid} closes without opening (word {last + 1})")
        first, etype, minspan = stack.pop()
        coarse = GUM_TYPES.get(etype)
        if coarse is None:
            return
        mentions.append(
            GumMention(
                words[first].start,
                words[last].end,
                coarse,
                etype,
                eid,
                _named(words, first, last, minspan),
            )
        )

    for i, w in enumerate(words):
        value = w.misc.get("Entity")
        if not value:
            continue
        for opener, body, closer in _brackets(value):
            if opener:
                fields = body.split("-")
                eid = re.sub(r"\[.*\]$", "", fields[0])
                etype = fields[1] if len(fields) > 1 else ""
                minspan = fields[5] if len(fields) > 5 else ""
                open_.setdefault(eid, []).append((i, etype, minspan))
                if closer:
                    close(eid, i)
            else:
                close(re.sub(r"\[.*\]$", "", body), i)
    return GumDoc(
        id=doc_id,
        text=text,
        title=title,
        date=date,
        mentions=tuple(sorted(mentions, key=lambda m: (m.start, m.end, m.type))),
        sentences=len(sentence_start),
    )


def _brackets(value: str) -> list[tuple[str, str, str]]:
    """The Entity value's brackets in order: ("(", body, ")" or "") for an opening (closed on the
    same word when ")" follows), ("", eid, ")") for a closing.

    >>> _brackets("(1-person-new-x-cf1-2-coref(3-place-new-x-cf2-1-sgl)")
    [('(', '1-person-new-x-cf1-2-coref', ''), ('(', '3-place-new-x-cf2-1-sgl', ')')]
    >>> _brackets("7)6)")
    [('', '7', ')'), ('', '6', ')')]
    """
    out = []
    i = 0
    while i < len(value):
        if value[i] == "(":
            j = i + 1
            while j < len(value) and value[j] not in "()":
                j += 1
            closed = j < len(value) and value[j] == ")"
            out.append(("(", value[i + 1 : j], ")" if closed else ""))
            i = j + 1 if closed else j
        else:
            j = value.find(")", i)
            if j < 0:
                break
            out.append(("", value[i:j], ")"))
            i = j + 1
    return out


def _named(words: list[_Word], first: int, last: int, minspan: str) -> bool:
    """Whether a head token of the mention is a proper noun (see the module docstring)."""
    heads = [first + int(p) - 1 for p in minspan.split(",") if p.isdigit()]
    heads = [h for h in heads if first <= h <= last]
    if not heads:
        heads = [i for i in range(first, last + 1) if not first <= words[i].head <= last]
    return any(words[h].upos == "PROPN" for h in heads)


def read_gum(folder: Path, split: Split) -> list[GumDoc]:
    """The documents of a protocol split that are present in ``folder``, in ``splits.md`` order."""
    folder = Path(folder)
    names = {v: k for k, v in GUM_SPLIT_NAMES.items()}
    if split not in names:
        raise GraphkitError(f"unknown split {split!r}: use tuned or frozen")
    ids = read_splits(folder / "splits.md").get(names[split], [])
    return [read_gum_file(folder / f"{i}.conllu") for i in ids if (folder / f"{i}.conllu").is_file()]


# --------------------------------------------------------------------------- scoring


def _add(acc: dict[str, PRF], scores: dict[str, PRF]) -> None:
    for k, v in scores.items():
        acc[k] = acc.get(k, PRF()) + v


def evaluate_gum(
    folder: Path,
    settings: Settings,
    splits: Sequence[Split] = ("tuned", "frozen"),
    limit: int | None = None,
    *,
    progress: Callable[[str], None] | None = None,
) -> list[Figure]:
    """Score graphkit's mentions on the GUM documents of each split (see the module docstring)."""
    from graphkit.evaluate.ecbplus import plain_nlp, spacy_entities
    from graphkit.evaluate.run import build_graph
    from graphkit.evaluate.system import SysDoc, read_system
    from graphkit.types import Article

    folder = Path(folder)
    if not folder.is_dir():
        raise GraphkitError(f"{folder}: GUM folder not found (expected ../shared/train/gum)")
    nlp = plain_nlp(settings.model)
    out: list[Figure] = []
    for split in splits:
        docs = read_gum(folder, split)
        if limit is not None:
            docs = docs[:limit]
        if not docs:
            continue
        if progress:
            progress(f"gum {split}: {len(docs)} documents")
        ds = build_graph((Article(id=d.id, text=d.text, title=d.title, date=d.date) for d in docs), settings)
        system = read_system(ds)
        acc: dict[str, dict[str, PRF]] = {k: {} for k in ("all", "all ner", "named", "named ner")}
        parsed = nlp.pipe((d.text for d in docs), batch_size=settings.batch_size)
        for d, p in zip(docs, parsed, strict=True):
            gold = [Mention(m.start, m.end, m.type) for m in d.mentions]
            named = [Mention(m.start, m.end, m.type) for m in d.mentions if m.named]
            sys_m = system.get(d.id, SysDoc()).mentions
            every = [
                Mention(m.start, m.end, SYSTEM_TYPES[m.type])
                for m in sys_m
                if m.type in SYSTEM_TYPES and m.kind in NOUN_PHRASE_KINDS
            ]
            nam = [
                Mention(m.start, m.end, SYSTEM_TYPES[m.type])
                for m in sys_m
                if m.type in SYSTEM_TYPES and m.kind == "NAM"
            ]
            ner = spacy_entities(p)
            _add(acc["all"], score_mentions(gold, every))
            _add(acc["all ner"], score_mentions(gold, ner))
            _add(acc["named"], score_mentions(named, nam))
            _add(acc["named ner"], score_mentions(named, ner))
        for kind, label in (("all", "mentions (every kind)"), ("named", "named mentions")):
            for t in ("PER", "ORG", "LOC", "overall"):
                x, bar = acc[kind][t], acc[f"{kind} ner"][t]
                out.append(
                    Figure(
                        SET, split, f"{label} {t}", x.f1, x.precision, x.recall, x.gold, bar.f1, "spaCy NER"
                    )
                )
            x = acc[f"{kind} ner"]["overall"]
            out.append(
                Figure(SET, split, f"peer spaCy NER: {label} overall", x.f1, x.precision, x.recall, x.gold)
            )
    return out
