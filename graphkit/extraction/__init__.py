"""The extract stage: :class:`~graphkit.types.Article` in, :class:`~graphkit.types.Extraction` out.

``extract`` streams articles through ``nlp.pipe`` (constant memory, optional worker
processes) and runs graphkit's rules on each parsed document::

    entities -> coreference -> relations -> events -> claims -> times

Long articles (over ``Settings.chunk_chars``) are parsed *and* extracted in
paragraph-aligned sections, whose results are merged with every offset shifted back
into the original text: time and memory then grow linearly with the article, not with
its square (graphkit's document-level rules look across the whole document). The
price: coreference and name consolidation do not reach across a section boundary
(entities with the same key still merge).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import fields, is_dataclass, replace
from itertools import groupby
from typing import TYPE_CHECKING, Any

from graphkit import __version__
from graphkit.config import Settings
from graphkit.extraction.document import Cluster, DocState
from graphkit.extraction.labels import is_scoped, number_duplicates, scoped_label
from graphkit.ids import entity_key
from graphkit.types import Article, Claim, Entity, Extraction, Link, Mention, Sentence

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["extract", "extract_doc", "merge_sections", "split_for_parsing"]

log = logging.getLogger(__name__)


def extract(articles: Iterable[Article], settings: Settings | None = None) -> Iterator[Extraction]:
    """Yield one :class:`Extraction` per article, in input order.

    An article whose rules fail is logged and skipped (the batch goes on); the error
    names the article.
    """
    from graphkit.extraction.nlp import load_pipeline, model_description

    settings = settings or Settings()
    nlp = load_pipeline(settings.model)
    extractor = f"graphkit {__version__} / {model_description(nlp)}"

    def rules(doc: Doc | str, article: Article) -> Extraction | None:
        try:
            if isinstance(doc, str):  # parse here, so that an error in the parse costs only this article
                doc = nlp(doc)
            return extract_doc(doc, article, extractor=extractor)
        except Exception:  # a rule bug must not kill a 10,000-article batch
            log.exception(
                "extraction failed for article %r (%r); skipped", article.id, str(article.path or "")
            )  # %r: a file name with a newline or an escape cannot forge a log line
            return None

    # Runs of ordinary articles stream through nlp.pipe in batches; a long one is parsed and extracted
    # section by section on its own, one section in memory at a time (a batch of 16 sections of a long
    # article would hold 1.6 million characters of parses at once). Input order is kept.
    limit = min(settings.chunk_chars, nlp.max_length)  # spaCy refuses texts over max_length
    for is_long, run in groupby(articles, key=lambda a: len(a.text) > limit):
        if not is_long:
            stream = nlp.pipe(
                ((a.text, a) for a in run),
                as_tuples=True,
                batch_size=settings.batch_size,
                n_process=max(1, settings.workers),
            )
            for doc, article in stream:
                if (x := rules(doc, article)) is not None:
                    yield x
            continue
        for article in run:
            sections: list[tuple[int, Extraction]] = []
            offset = 0
            for chunk in split_for_parsing(article.text, limit):
                # each section is an article of its own text; offsets are shifted back when merged
                part = rules(chunk, replace(article, text=chunk))
                if part is None:
                    break
                sections.append((offset, part))
                offset += len(chunk)
            else:
                yield merge_sections(article, sections)


def split_for_parsing(text: str, max_chars: int) -> list[str]:
    """Pieces of at most ~``max_chars`` that join back to ``text`` exactly, cut after blank lines
    (else after a line, a sentence end, a space, or hard at the limit)."""
    if len(text) <= max_chars:
        return [text]
    out: list[str] = []
    start = 0
    while len(text) - start > max_chars:
        window = text[start : start + max_chars]
        cut = -1
        for sep in ("\n\n", "\n", ". ", " "):
            pos = window.rfind(sep)
            if pos > max_chars // 4:
                cut = pos + len(sep)
                break
        if cut <= 0:
            cut = max_chars
        out.append(text[start : start + cut])
        start += cut
    out.append(text[start:])
    return out


def merge_sections(article: Article, sections: list[tuple[int, Extraction]]) -> Extraction:
    """One Extraction for ``article`` from the Extractions of its sections, each given with the offset
    of its text in the article: spans and sentence numbers shifted, entities with one key merged."""
    sentences: list[Sentence] = []
    merged: dict[str, Entity] = {}
    relations, events, claims, times = [], [], [], []
    for offset, x in sections:
        base = len(sentences)
        x = _shift(x, offset, base)
        sentences += x.sentences
        relations += x.relations
        events += x.events
        claims += x.claims
        times += x.times
        for e in x.entities:
            old = merged.get(e.key)
            merged[e.key] = (
                e
                if old is None
                else replace(
                    old,
                    mentions=old.mentions + e.mentions,
                    aliases=tuple(dict.fromkeys(old.aliases + e.aliases)),
                    confidence=max(old.confidence, e.confidence),
                )
            )
    return Extraction(
        article=article,
        sentences=tuple(sentences),
        entities=tuple(sorted(merged.values(), key=lambda e: e.key)),
        relations=tuple(relations),
        events=tuple(events),
        claims=tuple(claims),
        times=tuple(times),
        extractor=sections[0][1].extractor if sections else "",
    )


def _shift(value: Any, offset: int, base: int) -> Any:
    """``value`` with every character offset (``start``/``end`` of any record) moved by ``offset`` and
    every sentence number (``sentence``, ``Sentence.index``) by ``base``; records are walked whole, so
    a span field added to the types later is shifted too."""
    if isinstance(value, tuple):
        return tuple(_shift(v, offset, base) for v in value)
    if not is_dataclass(value) or isinstance(value, type | Article):
        return value
    changes: dict[str, Any] = {}
    for f in fields(value):
        v = getattr(value, f.name)
        if isinstance(v, bool):
            continue
        if isinstance(v, int) and f.name in ("start", "end"):
            changes[f.name] = v + offset
        elif isinstance(v, int) and (
            f.name == "sentence" or (f.name == "index" and isinstance(value, Sentence))
        ):
            changes[f.name] = v + base
        elif isinstance(value, Claim) and f.name == "events":  # Event.local_id is "start-end" of the trigger
            changes[f.name] = tuple("-".join(str(int(p) + offset) for p in e.split("-")) for e in v)
        elif isinstance(v, tuple) or is_dataclass(v):
            changes[f.name] = _shift(v, offset, base)
    return replace(value, **changes)


def extract_doc(doc: Doc, article: Article, *, extractor: str = "") -> Extraction:
    """Run graphkit's rules over one parsed document."""
    from graphkit.extraction import claims, coref, entities, events, relations, time

    state = DocState(doc, article)
    entities.find_entities(state)
    coref.resolve(state)
    state.settle_types()
    rels = relations.find_relations(state)
    evs = events.find_events(state)
    cls = claims.find_claims(state, evs)
    times = time.find_times(state)
    return _finalise(state, rels, evs, cls, times, extractor)


def _finalise(state: DocState, rels, evs, cls, times, extractor: str) -> Extraction:
    keys: dict[str, str] = {}
    ents: list[Entity] = []
    for c in state.live_clusters():
        entity = _entity(state, c)
        if entity is None:
            continue
        keys[str(c.id)] = entity.key
        ents.append(entity)
    # two clusters can end on one key (e.g. a group and its bare form): merge their records
    merged: dict[str, Entity] = {}
    for e in ents:
        if e.key in merged:
            old = merged[e.key]
            merged[e.key] = replace(
                old,
                mentions=tuple(sorted({*old.mentions, *e.mentions}, key=lambda m: (m.start, m.end))),
                aliases=tuple(dict.fromkeys(old.aliases + e.aliases)),
            )
        else:
            merged[e.key] = e
    relations = tuple(
        replace(r, subject=keys[r.subject], object=keys.get(r.object) if r.object else None)
        for r in rels
        if r.subject in keys
        and (r.object is None or r.object in keys)
        and not (r.object is not None and keys[r.subject] == keys[r.object])
    )
    events = tuple(
        replace(
            e,
            arguments=tuple(replace(a, entity=keys.get(a.entity) if a.entity else None) for a in e.arguments),
        )
        for e in evs
    )
    claims = tuple(
        replace(
            c,
            speaker=keys.get(c.speaker) if c.speaker else None,
            addressee=keys.get(c.addressee) if c.addressee else None,
        )
        for c in cls
    )
    text = state.text  # Doc.text joins every token: read once per article, not once per sentence
    sentences = tuple(_sentence(i, s.start_char, s.end_char, text) for i, s in enumerate(state.doc.sents))
    return Extraction(
        article=state.article,
        sentences=sentences,
        entities=tuple(
            sorted(number_duplicates(list(merged.values()), state.article.id), key=lambda e: e.key)
        ),
        relations=relations,
        events=events,
        claims=claims,
        times=tuple(times),
        extractor=extractor,
    )


def _sentence(index: int, start: int, end: int, text: str) -> Sentence:
    """A sentence without the whitespace spaCy attaches to its last token."""
    raw = text[start:end]
    stripped = raw.rstrip()
    lead = len(stripped) - len(stripped.lstrip())
    return Sentence(index, start + lead, start + len(stripped), stripped.lstrip())


def _entity(state: DocState, c: Cluster) -> Entity | None:
    etype = c.type
    if etype is None:
        return None
    doc = state.doc
    name = c.name().strip()
    if not name:
        return None
    mentions = []
    for m in sorted(c.mentions, key=lambda m: m.start):
        span = doc[m.start : m.end]
        mentions.append(
            Mention(span.start_char, span.end_char, span.text, state.sentence_of(m.start), m.kind, m.source)
        )
    if c.key_rule.startswith("unnamed"):
        key = entity_key(etype, f"{name}-{mentions[0].start}", scope=state.article.id)
    elif c.entry is not None and c.entry.type == etype:
        key = entity_key(etype, c.entry.name)
    elif c.scope_local:
        key = entity_key(etype, name, scope=state.article.id)
    else:
        key = entity_key(etype, name)
    aliases = tuple(dict.fromkeys(m.name for m in c.named() if m.name != name))
    if is_scoped(key, state.article.id):
        # a node of this article only: a label that says whose/where it is and which article's (the key
        # above keeps its own rules; the bare description stays an alias)
        aliases = tuple(dict.fromkeys((*aliases, name)))
        name = scoped_label(state, c, name)
    entry = c.entry if c.entry is not None and c.entry.type == etype else None
    links: tuple[Link, ...] = entry.links if entry else ()
    part_of = part_of_name = None
    if entry is not None and entry.parent and entry.subtype != "country":
        part_of_name = entry.parent
        part_of = entity_key("Location", entry.parent)
    scores = c.scores()
    total = sum(v for v in scores.values() if v > 0) or 1.0
    return Entity(
        key=key,
        type=etype,
        name=name,
        mentions=tuple(mentions),
        aliases=aliases,
        subtype=c.subtype if etype != "Person" else (entry.subtype if entry else None),
        links=links,
        latitude=entry.latitude if entry else None,
        longitude=entry.longitude if entry else None,
        key_rule=c.key_rule if (entry or c.key_rule != "name" or not c.scope_local) else "article",
        confidence=round(min(1.0, max(0.0, scores[etype]) / total), 3),
        part_of=part_of,
        part_of_name=part_of_name,
    )
