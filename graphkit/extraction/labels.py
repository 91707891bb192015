"""Labels for the nodes an article describes but does not name.

An unnamed person ("a spokesman"), a crowd ("local elders") or a described organisation ("the U.S.
military command") is keyed within its article, so two articles' "spokesman" are two nodes. Their
labels must tell them apart in a map, so the convention is:

    <description as written> [<what the text says it is for/of/at/in>] (<article id>)

* the description keeps the words the text gives it: "Taliban spokesman", "local elders",
  "U.S. military command" (determiners and vague quantifiers such as "many" are left out);
* a prepositional phrase naming an entity says whose or where it is: "spokesman for Afghanistan's
  Interior Ministry", "foreign diplomat in Kabul";
* the article id in parentheses says which article's node it is, so the same label never stands
  for two nodes of different articles; two nodes of one article that would still read the same
  are numbered in text order ("elders #2 (article)").

Only the label changes: keys keep their own rules (``graphkit.ids.entity_key`` with the article
as scope), and the bare description stays an alias (``skos:altLabel``) for search.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from graphkit.ids import slug

if TYPE_CHECKING:
    from graphkit.extraction.document import Cluster, DocState
    from graphkit.types import Entity

_QUALIFYING_PREPS = ("for", "of", "at", "in", "from", "with")
_VAGUE = frozenset({"the", "a", "an", "these", "those", "this", "that", "many", "some", "several", "most", "all",
                    "other", "such", "both", "more", "few", "various", "numerous", "any"})  # fmt: skip


def is_scoped(key: str, article_id: str) -> bool:
    """Is this entity key local to the article (``prefix/<article slug>/<name>``)?"""
    parts = key.split("/")
    return len(parts) >= 3 and parts[1] == slug(article_id, 60)


def scoped_label(state: DocState, c: Cluster, name: str) -> str:
    """The label of an article-scoped node (see the module docstring)."""
    base = _description(state, c, name)
    qualifier = _qualifier(state, c, base)
    label = f"{base} {qualifier}" if qualifier else base
    return f"{label} ({state.article.id})"


def number_duplicates(entities: Sequence[Entity], article_id: str) -> list[Entity]:
    """Two scoped nodes of one article with one label: the later ones get "#2", "#3" (text order)."""
    suffix = f" ({article_id})"
    groups: dict[str, list[Entity]] = {}
    for e in entities:
        if e.name.endswith(suffix) and is_scoped(e.key, article_id):
            groups.setdefault(e.name, []).append(e)
    renamed: dict[str, str] = {}
    for label, same in groups.items():
        if len(same) < 2:
            continue
        same.sort(key=lambda e: min((m.start for m in e.mentions), default=0))
        for n, e in enumerate(same[1:], start=2):
            renamed[e.key] = f"{label[: -len(suffix)]} #{n}{suffix}"
    return [replace(e, name=renamed[e.key]) if e.key in renamed else e for e in entities]


def _description(state: DocState, c: Cluster, name: str) -> str:
    """The description as the text writes it: a crowd's head with the words written before it
    ("community elders", "three people"), else the name."""
    if c.key_rule != "unnamed:group":
        return name
    m = min((m for m in c.mentions if m.kind == "NOM"), key=lambda m: m.start, default=None)
    if m is None:
        return name
    head = state.doc[m.end - 1]
    words = [w for w in state.written_modifiers(head) if w.dep_ in ("amod", "compound", "nmod")]
    words += [w for w in head.lefts if w.dep_ == "nummod"]  # "three people"
    words = [w for w in words if w.lower_ not in _VAGUE and state.cluster_at(w) in (None, c)]
    text = " ".join(
        w.text if w.pos_ == "PROPN" else w.lower_ for w in [*sorted(words, key=lambda w: w.i), head]
    )
    return text


def _qualifier(state: DocState, c: Cluster, base: str) -> str | None:
    """ "for Afghanistan's Interior Ministry", "in Kabul": a prepositional phrase of the description
    whose object is an entity of the article (the first one found, in text order)."""
    doc = state.doc
    for m in sorted((m for m in c.mentions if m.kind == "NOM"), key=lambda m: m.start):
        head = doc[m.end - 1]
        for prep in head.children:
            if prep.dep_ != "prep" or prep.lower_ not in _QUALIFYING_PREPS:
                continue
            for pobj in prep.children:
                if pobj.dep_ != "pobj" or pobj.pos_ not in ("NOUN", "PROPN"):
                    continue
                other = state.entity_of(pobj)
                if other is None or other is c or other.type is None:
                    continue
                words = doc[pobj.left_edge.i : pobj.i + 1].text
                if words.lower() in base.lower():
                    continue  # "Taliban spokesman for the Taliban" says nothing new
                return f"{prep.lower_} {words}"
    return None
