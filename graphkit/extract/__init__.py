"""The extract stage: :class:`~graphkit.types.Article` in, :class:`~graphkit.types.Extraction` out.

``extract`` streams articles through ``nlp.pipe`` (constant memory, optional worker
processes) and runs graphkit's rules on each parsed document::

    entities -> coreference -> relations -> events -> claims -> times

Long articles are parsed in paragraph-aligned pieces and joined back into one
``Doc`` whose text is exactly the article's, so every offset still points into the
original text.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from graphkit import __version__
from graphkit.config import Settings
from graphkit.extract.document import Cluster, DocState
from graphkit.ids import entity_key
from graphkit.types import Article, Entity, Extraction, Link, Mention, Sentence

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["extract", "extract_doc", "split_for_parsing"]

log = logging.getLogger(__name__)


def extract(articles: Iterable[Article], settings: Settings | None = None) -> Iterator[Extraction]:
    """Yield one :class:`Extraction` per article, in input order.

    An article whose rules fail is logged and skipped (the batch goes on); the error
    names the article.
    """
    from spacy.tokens import Doc

    from graphkit.extract.nlp import load_pipeline, model_description

    settings = settings or Settings()
    nlp = load_pipeline(settings.model)
    extractor = f"graphkit {__version__} / {model_description(nlp)}"

    def pieces() -> Iterator[tuple[str, tuple[Article, int, int]]]:
        for article in articles:
            chunks = split_for_parsing(article.text, settings.chunk_chars)
            for n, chunk in enumerate(chunks):
                yield chunk, (article, n, len(chunks))

    pending: list[Doc] = []
    stream = nlp.pipe(
        pieces(), as_tuples=True, batch_size=settings.batch_size, n_process=max(1, settings.workers)
    )
    for doc, (article, n, total) in stream:
        pending.append(doc)
        if n + 1 < total:
            continue
        full = pending[0] if total == 1 else Doc.from_docs(pending, ensure_whitespace=False)
        pending = []
        try:
            yield extract_doc(full, article, extractor=extractor)
        except Exception:  # a rule bug must not kill a 10,000-article batch
            log.exception("extraction failed for article %r (%s); skipped", article.id, article.path)


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


def extract_doc(doc: Doc, article: Article, *, extractor: str = "") -> Extraction:
    """Run graphkit's rules over one parsed document."""
    from graphkit.extract import claims, coref, entities, events, relations, time

    state = DocState(doc, article)
    entities.find_entities(state)
    coref.resolve(state)
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
    text = state.doc.text  # Doc.text joins every token: compute it once, not once per sentence
    sentences = tuple(_sentence(i, s.start_char, s.end_char, text) for i, s in enumerate(state.doc.sents))
    return Extraction(
        article=state.article,
        sentences=sentences,
        entities=tuple(sorted(merged.values(), key=lambda e: e.key)),
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
